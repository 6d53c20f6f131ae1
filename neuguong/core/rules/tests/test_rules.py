import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from neuguong.core.errors import DomainError
from neuguong.core.rules import RuleNotFound, errors, keys, rule
from neuguong.core.rules.errors import RULE_NOT_FOUND
from neuguong.core.rules.models import Rule

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _version(key, start, end=None, value=1, **extra):
    return Rule.objects.create(
        key=key, value=value, effective_from=start, effective_to=end, source="Test source", **extra
    )


def test_it_answers_differently_before_and_after_a_change():
    _version("test.deadline_days", dt.date(2018, 1, 1), dt.date(2025, 6, 30), value=10)
    _version("test.deadline_days", dt.date(2025, 7, 1), value=7)

    assert rule("test.deadline_days", at=dt.date(2025, 6, 30)) == 10
    assert rule("test.deadline_days", at=dt.date(2025, 7, 1)) == 7
    # A moment is taken in Vietnam's time zone: 17:30 UTC on 30 June is already 1 July in Hanoi.
    assert rule("test.deadline_days", at=dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC)) == 7
    assert rule("test.deadline_days", at=dt.datetime(2025, 6, 30, 16, 59, tzinfo=dt.UTC)) == 10


def test_it_answers_the_current_version_by_default():
    _version("test.now", dt.date(2000, 1, 1), value="current")
    assert rule("test.now") == "current"


def test_it_raises_rule_not_found_naming_key_and_date():
    _version("test.late", dt.date(2025, 1, 1))
    with pytest.raises(RuleNotFound) as caught:
        rule("test.late", at=dt.date(2024, 12, 31))
    assert isinstance(caught.value, DomainError)
    assert caught.value.key == "test.late"
    assert str(caught.value) == str(RULE_NOT_FOUND) % {"key": "test.late", "date": "2024-12-31"}
    assert "test.late" in str(caught.value)
    assert "2024-12-31" in str(caught.value)

    with pytest.raises(RuleNotFound):
        rule("test.no_such_key", at=dt.date(2025, 1, 1))


def test_it_returns_the_default_instead_of_raising_when_asked():
    assert rule("test.no_such_key", at=dt.date(2025, 1, 1), default=None) is None


def test_it_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match=re.escape(str(errors.NAIVE_MOMENT))):
        rule(keys.DIALOGUE_NOTICE_DAYS, at=dt.datetime(2025, 1, 1, 8, 0))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2020, 6, 1), None),  # open-ended inside
        (dt.date(2019, 1, 1), dt.date(2020, 1, 1)),  # touches the first day
        (dt.date(2020, 12, 31), dt.date(2021, 3, 1)),  # touches the last day
        (dt.date(2019, 1, 1), None),  # covers everything
    ],
)
def test_it_refuses_overlapping_versions_of_one_key(start, end):
    _version("test.overlap", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    candidate = Rule(
        key="test.overlap", value=2, effective_from=start, effective_to=end, source="x"
    )
    with pytest.raises(ValidationError):
        candidate.full_clean()
    with pytest.raises(ValidationError):
        candidate.save()


def test_it_accepts_adjacent_versions_and_other_keys():
    _version("test.adjacent", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    _version("test.adjacent", dt.date(2021, 1, 1))
    _version("test.other", dt.date(2020, 1, 1))
    assert Rule.objects.filter(key="test.adjacent").count() == 2


def test_it_refuses_a_version_ending_before_it_starts():
    candidate = Rule(
        key="test.order",
        value=1,
        effective_from=dt.date(2021, 1, 1),
        effective_to=dt.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError):
        candidate.save()


def test_it_sees_edits_and_deletions_at_once():
    version = _version("test.cache", dt.date(2020, 1, 1), value=1)
    assert rule("test.cache", at=dt.date(2024, 1, 1)) == 1
    version.value = 2
    version.save()
    assert rule("test.cache", at=dt.date(2024, 1, 1)) == 2
    version.delete()
    with pytest.raises(RuleNotFound):
        rule("test.cache", at=dt.date(2024, 1, 1))


def test_it_forgets_rules_of_a_rolled_back_test_part_1():
    _version("test.rolled_back", dt.date(2020, 1, 1), value="leaked")
    assert rule("test.rolled_back", at=dt.date(2024, 1, 1)) == "leaked"


def test_it_forgets_rules_of_a_rolled_back_test_part_2():
    # Runs after part 1, whose transaction was rolled back: the in-memory copy must not outlive it.
    assert rule("test.rolled_back", at=dt.date(2024, 1, 1), default="gone") == "gone"


class _Undo(Exception):
    pass


def test_it_forgets_a_rule_of_a_rolled_back_savepoint_inside_a_longer_transaction():
    # The test's own transaction stays open (as a module-wide one would): only the savepoint is undone.
    def add_then_undo():
        with transaction.atomic():
            _version("test.savepoint", dt.date(2020, 1, 1), value="undone")
            assert rule("test.savepoint", at=dt.date(2024, 1, 1)) == "undone"
            raise _Undo

    with pytest.raises(_Undo):
        add_then_undo()
    assert rule("test.savepoint", at=dt.date(2024, 1, 1), default="gone") == "gone"


def test_it_keeps_a_rule_of_a_released_savepoint():
    with transaction.atomic():
        _version("test.released", dt.date(2020, 1, 1), value="kept")
        assert rule("test.released", at=dt.date(2024, 1, 1)) == "kept"
    assert rule("test.released", at=dt.date(2024, 1, 1)) == "kept"


def test_it_rereads_the_rulebook_after_a_migration_or_a_flush():
    # Both change the table through historical models or SQL, without post_save; both send post_migrate.
    from django.apps import apps
    from django.db.models.signals import post_migrate

    version = _version("test.migrated", dt.date(2020, 1, 1), value="before")
    assert rule("test.migrated", at=dt.date(2024, 1, 1)) == "before"
    Rule.objects.filter(pk=version.pk).update(value="after")  # no signal
    assert rule("test.migrated", at=dt.date(2024, 1, 1)) == "before"
    config = apps.get_app_config("workcalendar")  # an app without seed rows of its own
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default", apps=apps
    )
    assert rule("test.migrated", at=dt.date(2024, 1, 1)) == "after"


def test_it_seeds_every_listed_key_with_a_source():
    today = dt.date(2026, 1, 15)
    for key in keys.ALL_KEYS:
        assert Rule.objects.filter(key=key).exists(), key
    for version in Rule.objects.filter(key__in=keys.ALL_KEYS):
        assert version.source.strip(), version.key
    in_force = [key for key in keys.ALL_KEYS if "district" not in key]
    for key in in_force:
        rule(key, at=today)


def test_it_seeds_the_values_the_issue_lists():
    at = dt.date(2026, 1, 15)
    assert rule(keys.FEEDBACK_REJECT_DAYS, at=at) == 2
    assert rule(keys.FEEDBACK_REQUEST_INFO_DAYS, at=at) == 5
    assert rule(keys.FEEDBACK_HANDLE_DAYS, at=at) == 15
    assert rule(keys.FEEDBACK_PUBLISH_DAYS, at=at) == 2
    assert [band["min"] for band in rule(keys.REVIEWS_BANDS, at=at)] == [90, 70, 50, 0]
    assert rule(keys.REVIEWS_EXCELLENT_CAP, at=at) == {"max_share_of_good": 0.2}
    assert rule(keys.RECEPTION_GOV_CHAIR_COMMUNE, at=at) == {"days": 1, "per": "week"}
    assert rule(keys.RECEPTION_GOV_CHAIR_PROVINCE, at=at) == {"days": 1, "per": "month"}
    assert rule(keys.RECEPTION_PARTY_HEAD_COMMUNE, at=at) == {"days": 2, "per": "month"}
    assert rule(keys.RECEPTION_PARTY_HEAD_PROVINCE, at=at) == {"days": 1, "per": "month"}
    assert rule(keys.DIALOGUE_NOTICE_DAYS, at=at) == 7
    assert rule(keys.DIALOGUE_PUBLISH_DAYS, at=at) == 10
    assert sum(rule(keys.INDICATORS_766_WEIGHTS, at=at).values()) == 100
    assert rule(keys.INDICATORS_766_THRESHOLDS, at=at)["online_share"] == 0.5
    assert rule(keys.CALENDAR_OFFICE_HOURS, at=at)["sessions"] == [
        ["07:30", "11:30"],
        ["13:30", "17:30"],
    ]


def test_it_ends_district_minimums_with_the_district_level():
    assert rule(keys.RECEPTION_GOV_CHAIR_DISTRICT, at=dt.date(2025, 6, 30)) == {
        "days": 2,
        "per": "month",
    }
    with pytest.raises(RuleNotFound):
        rule(keys.RECEPTION_GOV_CHAIR_DISTRICT, at=dt.date(2025, 7, 1))


def test_it_marks_uncertain_sources_in_the_note():
    for version in Rule.objects.filter(source__contains="215-KL/TW"):
        assert "UNCERTAIN" in version.note
    for version in Rule.objects.filter(source__startswith="Not verified"):
        assert "not verified" in version.note.lower()


@pytest.mark.urls("neuguong.core.rules.tests.admin_urls")
def test_it_shows_a_keys_history_in_the_admin(admin_client):
    client = admin_client
    newest = Rule.objects.filter(key=keys.RECEPTION_PARTY_HEAD_COMMUNE).order_by("-effective_from")[
        0
    ]
    page = client.get(f"/admin/rules/rule/{newest.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "2019-02-18" in body or "18/02/2019" in body or "Feb. 18, 2019" in body
    assert "215-KL/TW" in body
    assert "11-QĐi/TW" in body

    listing = client.get("/admin/rules/rule/", {"key": keys.RECEPTION_PARTY_HEAD_COMMUNE})
    assert listing.status_code == 200
    assert listing.content.decode().count("reception.minimum.party_head.commune") >= 2


@pytest.mark.urls("neuguong.core.rules.tests.admin_urls")
def test_it_keeps_the_rulebook_admin_from_non_admins(world, login):
    client = login(world.specialist)
    page = client.get("/admin/rules/rule/")
    assert page.status_code in (302, 403)
