"""The dashboards' rulebook rows: every item seeded, dated, sourced, honest about what was not verified."""

import datetime as dt
from decimal import Decimal as D

import pytest

from neuguong.core.rules import keys as core_keys
from neuguong.core.rules import rule
from neuguong.core.rules.models import Rule
from neuguong.dashboards.indicators import formulas as f
from neuguong.dashboards.indicators import keys
from neuguong.dashboards.indicators.scoring import item_rule, min_sample, wilson_z

pytestmark = pytest.mark.django_db

DECISION_DAY = dt.date(2022, 6, 23)


def test_every_key_is_seeded_from_the_decisions_date_with_a_source_and_a_note():
    for key in keys.ALL_KEYS:
        version = Rule.objects.get(key=key)
        assert version.effective_from == DECISION_DAY, key
        assert version.effective_to is None, key
        assert version.source.strip(), key
        assert version.note.strip(), key
    for item in keys.ITEMS:
        version = Rule.objects.get(key=item.key)
        assert "766/QĐ-TTg" in version.source
        assert (
            "NOT verified" in version.note
        )  # the points come from the portal's method, not the annex
        assert version.value["group"] == item.group
        assert version.value["item"] == item.code
        if not item.measurable:
            assert "not yet record" in version.note


def test_items_add_up_to_the_group_weights_of_the_rulebook():
    weights = rule(core_keys.INDICATORS_766_WEIGHTS, at=DECISION_DAY)
    for group in keys.GROUPS:
        total = sum(item_rule(i.key, DECISION_DAY).points for i in keys.ITEMS if i.group == group)
        assert total == weights[group], group
    assert sum(weights.values()) == 100


def test_the_thresholds_the_design_names():
    assert item_rule(keys.ONLINE_SUBMISSION, DECISION_DAY).full_at == D("0.5")
    assert item_rule(keys.DIGITISED, DECISION_DAY).full_at == D("0.8")
    assert item_rule(keys.PROCEDURES_ONLINE, DECISION_DAY).full_at == D("0.8")
    assert item_rule(keys.PROCEDURE_SATISFACTION, DECISION_DAY).full_at == D("0.9")


def test_league_rules():
    assert min_sample(DECISION_DAY) == 30
    assert wilson_z(DECISION_DAY) == 1.96
    assert "project choice" in Rule.objects.get(key=keys.MIN_SAMPLE).source


def test_a_new_version_scores_later_periods_only():
    old = Rule.objects.get(key=keys.ONLINE_SUBMISSION)
    old.effective_to = dt.date(2026, 12, 31)
    old.save()
    Rule.objects.create(
        key=keys.ONLINE_SUBMISSION,
        value={**old.value, "full_at": 0.8},
        effective_from=dt.date(2027, 1, 1),
        source="test: a later method",
    )
    assert f.online_submission_share(60, 100, dt.date(2026, 12, 31)).points == D("6.00")
    assert f.online_submission_share(60, 100, dt.date(2027, 1, 31)).points == D("4.50")
