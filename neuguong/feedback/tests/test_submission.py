"""submit_item: the one intake of every channel."""

import pytest

from neuguong.core.audit.models import AuditEvent
from neuguong.core.outbox.models import OutboxMessage
from neuguong.core.validation import InvalidInput
from neuguong.feedback.constants import Channel, ItemState
from neuguong.feedback.models import FeedbackItem, ItemTransition
from neuguong.feedback.services import submit_item
from neuguong.feedback.tests.conftest import MONDAY_9, submit

pytestmark = pytest.mark.django_db


def test_it_creates_a_submitted_item_routed_to_the_commune(world):
    item = submit(world)
    assert item.state == ItemState.SUBMITTED
    assert item.agency == world.agency_a
    assert item.code.startswith("PA-251006-")
    assert item.due_at > MONDAY_9
    assert ItemTransition.objects.filter(item=item, action="submit").count() == 1
    assert AuditEvent.objects.filter(action="feedback.item.submitted").count() == 1
    assert OutboxMessage.objects.filter(
        topic="feedback.item.received", recipient="0912345678"
    ).exists()


@pytest.mark.parametrize("channel", ["web", "api", "open311", "reception", "dialogue", "visit"])
def test_it_takes_every_channel(world, channel):
    assert submit(world, channel=channel).channel == channel


def test_the_signed_in_citizen_becomes_the_submitter(world):
    item = submit(world, actor=world.citizen, submitter_name="")
    assert item.submitter_user == world.citizen


def test_staff_recording_for_someone_is_not_the_submitter(world):
    item = submit(world, actor=world.reception, channel=Channel.RECEPTION)
    assert item.submitter_user is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("body", "\x00"),
        ("category_code", "nope"),
        ("commune_code", "99999"),
        ("channel", "fax"),
        ("submitter_phone", "12"),
        ("latitude", "91"),
        ("kind", "petition"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(world, field, value):
    with pytest.raises(InvalidInput):
        submit(world, **{field: value, **({"longitude": "1"} if field == "latitude" else {})})
    assert not FeedbackItem.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="feedback.").exists()


def test_the_source_object_is_recorded(world):
    item = submit_item(
        category_code="other",
        title="Ý kiến tại buổi tiếp dân",
        body="Đề nghị sửa đường.",
        commune_code=None,
        channel="reception",
        actor=world.reception,
        source_object=world.agency_a,
        at=MONDAY_9,
    )
    assert item.source_ref == f"org.agency:{world.agency_a.pk}"


def test_a_procedures_item_links_its_dossier_by_code(world):
    from neuguong.onestop.constants import ActorKind
    from neuguong.onestop.services import ApplicantData, dossier_receive
    from neuguong.onestop.tests.factories import procedure_with_steps

    procedure = procedure_with_steps([(ActorKind.RECEIVE, 4, None, "Tiếp nhận")], code="1.000001")
    dossier = dossier_receive(
        actor=world.reception,
        receiving_agency=world.desk_a,
        procedure=procedure,
        applicant=ApplicantData(name="Lò Văn A", id_number="011090001234"),
        at=MONDAY_9,
    )
    item = submit(world, category_code="procedures", dossier_code=dossier.code.lower())
    assert item.dossier == dossier
    with pytest.raises(InvalidInput):
        submit(world, category_code="procedures", dossier_code="NOPE-1")
    assert submit(world, category_code="land", dossier_code=dossier.code).dossier is None
