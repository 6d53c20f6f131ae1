"""The staff page for entering a delegation (issue 8 §8): admin only, through the service, audited;
bad input is a 400 with its message and changes nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.org.models import Delegation
from neuguong.org.tests import factories as f

URL = reverse("org-delegation-create")


@pytest.fixture
def world(module_world):
    return module_world


@pytest.fixture
def people(world):
    return f.PersonFactory(full_name="Lò Văn Ủy Quyền"), f.PersonFactory(full_name="Quàng Thị Nhận")


def _post(world, people, **overrides):
    delegator, delegate = people
    data = {
        "kind": "authorisation",
        "delegator": delegator.pk,
        "delegate": delegate.pk,
        "agency": world.agency_a.pk,
        "procedure_codes": "1.001193, 2.000986\n1.001193",
        "decision_kinds": [],
        "legal_basis_number": "12/QĐ-UBND",
        "legal_basis_date": "2025-07-01",
        "valid_from": "2025-07-01",
        "valid_to": "",
        "note": "Ủy quyền ký giấy khai sinh.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _events():
    ct = ContentType.objects.get_for_model(Delegation)
    return AuditEvent.objects.filter(content_type=ct).count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("head", 403), ("specialist", 403), ("inspector", 403), ("citizen", 403)],
)
def test_only_an_administrator_may_open_it(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == status


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_a_head_cannot_post_one_either(client, world, people):
    client.force_login(world.head)
    before = Delegation.objects.count()
    assert client.post(URL, _post(world, people)).status_code == 403
    assert Delegation.objects.count() == before


@pytest.mark.django_db
def test_the_administrator_enters_a_delegation_audited(client, world, people):
    client.force_login(world.admin)
    events = _events()
    response = client.post(URL, _post(world, people))
    assert response.status_code == 302
    assert response["Location"] == reverse("org-delegation-list")
    delegation = Delegation.objects.get(legal_basis_number="12/QĐ-UBND")
    assert delegation.procedure_codes == ["1.001193", "2.000986"]  # split, stripped, deduplicated
    assert delegation.delegate == people[1]
    assert _events() == events + 1
    event = AuditEvent.objects.filter(action="org.delegation.created").latest("pk")
    assert event.actor == world.admin
    # The register now lists it, with the success message.
    page = client.get(response["Location"]).content.decode()
    assert "Quàng Thị Nhận" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"delegate": "SELF"},  # to oneself: the model's rule
        {"procedure_codes": "", "decision_kinds": []},  # nothing delegated
        {"valid_from": "2025-08-01", "valid_to": "2025-07-01"},
        {"legal_basis_date": "not a date"},
        {"legal_basis_number": ""},
        {"kind": "coup"},
        {"decision_kinds": ["rule_everything"]},
        {"agency": "999999999"},
        {"delegator": "-1"},
        {"note": "NUL\x00here"},
        {"legal_basis_number": "x" * 101},
    ],
)
def test_bad_input_is_a_400_with_a_message_and_changes_nothing(client, world, people, overrides):
    client.force_login(world.admin)
    if overrides.get("delegate") == "SELF":
        overrides = {"delegate": people[0].pk}
    before, events = Delegation.objects.count(), _events()
    response = client.post(URL, _post(world, people, **overrides))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="errorlist' in body
    assert Delegation.objects.count() == before
    assert _events() == events


@pytest.mark.django_db
def test_the_message_is_vietnamese(client, world, people):
    client.force_login(world.admin)
    response = client.post(URL, _post(world, people, delegate=people[0].pk))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Không thể ủy quyền cho chính mình." in body
    assert "Thêm phân cấp, ủy quyền" in body  # the page's own title
