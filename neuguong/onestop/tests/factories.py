import datetime as dt
from decimal import Decimal

import factory

from neuguong.onestop import models
from neuguong.onestop.constants import ActorKind
from neuguong.onestop.services import ApplicantData
from neuguong.org.constants import UnitLevel


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
