"""The public transparency pages and the open data (issue 10 §5): anonymous, and no personal data anywhere."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.dashboards.tests.helpers import ended
from neuguong.feedback.constants import ItemKind
from neuguong.feedback.tests.conftest import submit
from neuguong.onestop.constants import Channel, RatingValue
from neuguong.onestop.models import Rating
from neuguong.onestop.tests.factories import local
from neuguong.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Trần Thị Bích Ngọc", "001199012345", "0987654321", "Số 12 ngõ 34 phố Hàng Bông"),
    ("Lê Quang Khải", "002088011122", "0911222333", "Thôn Đông, xã Yên Thành"),
    ("Phạm Minh Tuấn", "030077065432", "0345678901", "Tổ 9 phường Tân Thịnh"),
]
DENOUNCER = ("Hoàng Văn Dũng", "040066054321", "0356789012", "Bản Mường Phăng")


@pytest.fixture
def records(world):
    """Dossiers and feedback items of people whose names, IDs, phones and addresses are known."""
    dossiers = []
    for i, (name, id_number, phone, address) in enumerate(PEOPLE):
        dossier = ended(
            world.agency_a if i % 2 == 0 else world.agency_b,
            late=i == 1,
            channel=Channel.ONLINE if i == 2 else Channel.IN_PERSON,
            applicant_name=name,
            applicant_id_number=id_number,
            applicant_phone=phone,
            applicant_address=address,
        )
        dossiers.append(dossier)
        submit(
            world,
            submitter_name=name,
            submitter_phone=phone,
            submitter_id_number=id_number,
            address=address,
            at=local(2026, 3, 3 + i, 9),
        )
    # A denunciation: never in the open data, not even as a row of codes.
    name, id_number, phone, address = DENOUNCER
    submit(
        world,
        kind=ItemKind.DENUNCIATION,
        submitter_name=name,
        submitter_phone=phone,
        submitter_id_number=id_number,
        address=address,
        at=local(2026, 3, 6, 9),
    )
    Rating.objects.create(
        dossier=dossiers[0], value=RatingValue.choices[0][0], comment=PEOPLE[0][0]
    )
    return world


def _urls(world=None):
    cards = []
    if world is not None:
        cards = [
            reverse("public-agency", args=[world.agency_a.pk]) + "?period=2026-03",
            reverse("public-agency", args=[world.agency_b.pk]),
            reverse("public-unit", args=[world.commune_a.pk]) + "?period=2026-03",
        ]
    return [
        *cards,
        reverse("public-indicators") + "?period=2026-03",
        reverse("public-indicators"),
        reverse("public-opendata"),
        reverse("public-opendata") + "?format=csv",
        reverse("public-opendata-dossiers"),
        reverse("public-opendata-dossiers") + "?period=2026-03",
        reverse("public-opendata-feedback"),
        reverse("public-opendata-feedback") + "?period=2026",
    ]


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def _csv(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    text = _body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_every_public_page_and_file_is_anonymous_and_free_of_personal_data(records, client):
    secrets = set()
    for name, id_number, phone, address in [*PEOPLE, DENOUNCER]:
        secrets |= {name, id_number, phone, address, name.upper()}
    secrets |= {"Lấn chiếm đất công", "Hộ gia đình xây tường rào"}  # the feedback's free text
    for url in _urls(records):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        for secret in secrets:
            assert secret not in body, (url, secret)
        # Not even as digits inside other text (an ID or phone split by nothing).
        for _, id_number, phone, _ in [*PEOPLE, DENOUNCER]:
            assert id_number not in body.replace(" ", "")
            assert phone not in body.replace(" ", "")


def test_the_province_score_cards_and_league_tables_are_public(records, client):
    response = client.get(reverse("public-indicators"), {"period": "2026-03"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "/ 100" in body
    assert str(records.agency_a) in body
    assert str(records.agency_b) in body
    assert 'class="cards"' in body
    assert "n = 2" in body  # agency A's two ended dossiers
    assert reverse("audit-digests") in body
    assert reverse("public-opendata") in body
    # Small samples are listed, not ranked.
    assert response.context["agencies"][0].league.rank is None


def test_a_bad_period_is_a_clear_400(client, db):
    response = client.get(reverse("public-indicators"), {"period": "2026-13"})
    assert response.status_code == 400
    assert client.get(reverse("public-opendata-dossiers"), {"period": "x"}).status_code == 400
    assert client.get(reverse("public-opendata-feedback"), {"period": "1999"}).status_code == 400


def test_the_dossier_csv_holds_the_facts_and_only_them(records, client):
    rows = _csv(client, reverse("public-opendata-dossiers"))
    assert len(rows) == 3
    assert list(rows[0]) == [
        "procedure_code",
        "handling_agency_code",
        "commune_code",
        "channel",
        "received_date",
        "ended_date",
        "on_time",
        "rating",
    ]
    first, late, online = rows
    assert first["handling_agency_code"] == records.agency_a.identifier_code
    assert first["commune_code"] == records.agency_a.unit.code
    assert first["received_date"] == "2026-03-02"
    assert first["ended_date"] == "2026-03-09"
    assert (first["on_time"], late["on_time"], online["on_time"]) == ("1", "0", "1")
    assert (first["channel"], online["channel"]) == ("in_person", "online")
    assert first["rating"] == RatingValue.choices[0][0]
    assert late["rating"] == ""
    assert _csv(client, reverse("public-opendata-dossiers") + "?period=2025") == []


def test_the_feedback_csv_holds_the_facts_and_only_them(records, client):
    from neuguong.feedback.models import FeedbackItem
    from neuguong.feedback.services import item_accept, item_answer, item_start

    item = FeedbackItem.objects.exclude(kind=ItemKind.DENUNCIATION).order_by("pk").last()
    at = local(2026, 3, 6, 10)
    item_accept(item, actor=records.head, at=at)
    item_start(item, actor=records.head, at=at)
    item_answer(item, actor=records.head, answer="Đã kiểm tra, xử lý lấn chiếm.", at=at)
    rows = _csv(client, reverse("public-opendata-feedback"))
    assert rows[2]["answered_date"] == "2026-03-06"
    assert rows[2]["on_time"] == "1"
    assert "Đã kiểm tra" not in str(rows)
    assert len(rows) == 3  # the denunciation is left out
    assert {r["kind"] for r in rows} == {"feedback"}
    assert rows[0]["category"] == "land"
    assert rows[0]["commune_code"] == records.commune_a.code
    assert rows[0]["submitted_date"] == "2026-03-03"
    assert rows[0]["answered_date"] == ""
    assert rows[0]["on_time"] == ""
    assert rows[0]["channel"] == "web"


def test_the_data_dictionary_describes_every_column(records, client):
    from neuguong.dashboards.opendata import DATASETS

    described = {
        (r["dataset"], r["column"])
        for r in _csv(client, reverse("public-opendata") + "?format=csv")
    }
    for dataset, url in (
        ("dossiers", "public-opendata-dossiers"),
        ("feedback", "public-opendata-feedback"),
    ):
        header = _csv(client, reverse(url))[0].keys()
        assert {(dataset, c) for c in header} <= described
        assert len(DATASETS[dataset]) == len(header)
    page = client.get(reverse("public-opendata")).content.decode()
    for columns in DATASETS.values():
        for column in columns:
            assert f"<code>{column.name}</code>" in page


def test_the_public_page_query_count_does_not_grow_with_the_agencies(world, client):
    url = reverse("public-indicators")
    ended(world.agency_a)
    client.get(url, {"period": "2026-03"})  # warm the per-process memos (rules, calendar)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"period": "2026-03"}).status_code == 200
    for i in range(12):
        ended(AgencyFactory(unit=world.commune_b, identifier_code=f"000.07.{i:02d}.H18"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"period": "2026-03"}).status_code == 200
    assert len(many) == len(few)


def test_each_agency_and_commune_has_its_own_card(records, client):
    response = client.get(
        reverse("public-agency", args=[records.agency_a.pk]), {"period": "2026-03"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert str(records.agency_a) in body
    assert "n = 2" in body
    assert "/ 100" in body
    unit = client.get(reverse("public-unit", args=[records.commune_a.pk]), {"period": "2026-03"})
    assert unit.status_code == 200
    assert str(records.commune_a) in unit.content.decode()
    index = client.get(reverse("public-indicators"), {"period": "2026-03"}).content.decode()
    assert reverse("public-agency", args=[records.agency_a.pk]) in index
    assert client.get(reverse("public-agency", args=[999999])).status_code == 404
    bad = client.get(reverse("public-agency", args=[records.agency_a.pk]), {"period": "x"})
    assert bad.status_code == 400


def test_the_card_query_count_does_not_grow_with_the_agencies(world, client):
    url = reverse("public-agency", args=[world.agency_a.pk])
    ended(world.agency_a)
    client.get(url, {"period": "2026-03"})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"period": "2026-03"}).status_code == 200
    for i in range(12):
        ended(AgencyFactory(unit=world.commune_b, identifier_code=f"000.06.{i:02d}.H18"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"period": "2026-03"}).status_code == 200
    assert len(many) == len(few)
