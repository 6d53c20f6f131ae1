import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from neuguong.onestop import models
from neuguong.onestop.constants import ActorKind, DossierState
from neuguong.onestop.services import ApplicantData
from neuguong.org.constants import UnitLevel
from neuguong.org.tests.factories import AgencyFactory


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"1.{n:06d}")
    name = factory.Sequence(lambda n: f"Đăng ký khai sinh thử nghiệm {n}")
    field = "Hộ tịch"
    level = UnitLevel.COMMUNE
    deadline_hours = Decimal(24)
    channels = factory.LazyFunction(lambda: [1, 2, 3])


class ProcedureStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProcedureStep

    procedure = factory.SubFactory(ProcedureFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Xử lý"
    actor_kind = ActorKind.PROCESS
    hours = Decimal(8)


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier put straight into a state, for reads (queues, lists, counts) that need no history.

    Workflow tests go through the services instead; this skips them on purpose."""

    class Meta:
        model = models.Dossier

    code = factory.Sequence(lambda n: f"000.01.02.H18-251006-{n:04d}")
    procedure = factory.SubFactory(ProcedureFactory)
    receiving_agency = factory.SubFactory(AgencyFactory)
    handling_agency = factory.SelfAttribute("receiving_agency")
    applicant_name = "Nguyễn Văn An"
    applicant_id_number = factory.Sequence(lambda n: f"0112{n:08d}")
    applicant_phone = factory.Sequence(lambda n: f"09124{n:05d}")
    state = DossierState.ACCEPTED
    submitted_at = factory.LazyFunction(timezone.now)
    received_at = factory.SelfAttribute("submitted_at")
    # Far enough (Tết included) not to count as due soon unless a test says so.
    appointment_at = factory.LazyAttribute(
        lambda d: (d.received_at or d.submitted_at) + dt.timedelta(days=30)
    )
    original_appointment_at = factory.SelfAttribute("appointment_at")


class DossierStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DossierStep

    dossier = factory.SubFactory(DossierFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Xử lý"
    actor_kind = ActorKind.PROCESS
    agency = factory.SelfAttribute("dossier.handling_agency")
    hours = Decimal(8)
    started_at = factory.SelfAttribute("dossier.received_at")


def dossier_at_step(*, step_agency, actor_kind=ActorKind.PROCESS, **kwargs) -> models.Dossier:
    """A dossier (DossierFactory kwargs) whose current step is at `step_agency`."""
    dossier = DossierFactory(**kwargs)
    step = DossierStepFactory(dossier=dossier, order=1, agency=step_agency, actor_kind=actor_kind)
    dossier.current_step = step
    dossier.save(update_fields=["current_step"])
    return dossier


def procedure_with_steps(steps, **kwargs) -> models.Procedure:
    """steps: [(actor_kind, hours, agency or None, name?)]; the deadline is their sum unless given."""
    total = sum(Decimal(s[1]) for s in steps)
    kwargs.setdefault("deadline_hours", total)
    procedure = ProcedureFactory(**kwargs)
    for i, step in enumerate(steps, start=1):
        kind, hours, agency = step[:3]
        ProcedureStepFactory(
            procedure=procedure,
            order=i,
            name=step[3] if len(step) > 3 else str(kind),
            actor_kind=kind,
            hours=Decimal(hours),
            agency=agency,
            agency_level=agency.level if agency else "",
        )
    return procedure


_ids = iter(range(10**6))


def applicant(**kwargs) -> ApplicantData:
    n = next(_ids)
    data = {
        "name": "Nguyễn Văn An",
        "id_number": f"0111{n:08d}",
        "phone": f"09123{n:05d}",
        "address": "Tổ 1, phường Điện Biên Phủ",
    }
    data.update(kwargs)
    return ApplicantData(**data)


def local(*args) -> dt.datetime:
    """A moment in Vietnam time: local(2025, 10, 6, 9) is Monday 6 October 2025, 09:00."""
    from zoneinfo import ZoneInfo

    return dt.datetime(*args, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
