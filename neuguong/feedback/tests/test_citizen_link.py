"""A citizen who signs in with the national identity gets the feedback filed under their ID number:
linked at sign-in (core.identity.signals.citizen_signed_in), audited per item, listed on /feedback/mine/."""

import pytest
from django.urls import reverse

from neuguong.core.audit.models import AuditEvent
from neuguong.core.identity.claims import IdentityClaims
from neuguong.core.identity.services import citizen_sign_in
from neuguong.feedback.models import FeedbackItem
from neuguong.feedback.tests.conftest import submit

pytestmark = pytest.mark.django_db

ID_NUMBER = "011090001234"


def _sign_in():
    return citizen_sign_in(
        provider="vneid-demo",
        claims=IdentityClaims(subject="sub-1", id_number=ID_NUMBER, full_name="Nguyễn Văn An"),
    )


def test_items_under_the_citizens_number_are_linked_at_sign_in_and_audited(world, client):
    mine = submit(world, submitter_id_number=ID_NUMBER, title="Đèn đường hỏng")
    complaint = submit(world, kind="complaint", submitter_id_number=ID_NUMBER)
    other = submit(world, submitter_id_number="011090009999", title="Của người khác")
    user = _sign_in()
    assert set(FeedbackItem.objects.filter(submitter_user=user)) == {mine, complaint}
    assert FeedbackItem.objects.get(pk=other.pk).submitter_user is None
    events = AuditEvent.objects.filter(action="feedback.item.linked")
    assert events.count() == 2
    assert {e.object_id for e in events} == {str(mine.pk), str(complaint.pk)}
    client.force_login(user)
    page = client.get(reverse("feedback-my-list")).content.decode()
    assert mine.code in page
    assert complaint.code in page
    assert other.code not in page


def test_a_second_sign_in_links_nothing_twice(world):
    submit(world, submitter_id_number=ID_NUMBER)
    _sign_in()
    _sign_in()
    assert AuditEvent.objects.filter(action="feedback.item.linked").count() == 1


def test_a_denunciation_is_not_linked(world):
    item = submit(world, kind="denunciation", submitter_id_number=ID_NUMBER)
    _sign_in()
    item.refresh_from_db()
    assert item.submitter_user is None
    assert not AuditEvent.objects.filter(action="feedback.item.linked").exists()
