"""One-stop fixtures on top of the `world` personas.

- `simple`: a commune procedure: receive at the desk (4h), process at the handling agency (16h),
  sign (4h), return (0h) = 24 working hours, cut-off 15:00;
- `linked`: an interconnected procedure across two levels: receive at desk A, process at agency A
  (commune, 8h), hand over to the provincial department (16h), sign at agency A (4h), return = 32h.
"""

import pytest

from neuguong.onestop.constants import ActorKind
from neuguong.onestop.services import dossier_receive
from neuguong.onestop.tests.factories import applicant, local, procedure_with_steps

MONDAY_9 = local(2025, 10, 6, 9)


@pytest.fixture
def simple(world):
    import datetime as dt

    return procedure_with_steps(
        [
            (ActorKind.RECEIVE, 4, None, "Tiếp nhận hồ sơ"),
            (ActorKind.PROCESS, 16, None, "Thẩm định"),
            (ActorKind.SIGN, 4, None, "Ký kết quả"),
            (ActorKind.RETURN, 0, None, "Trả kết quả"),
        ],
        code="1.001193",
        name="Đăng ký khai sinh",
        cutoff_time=dt.time(15, 0),
    )


@pytest.fixture
def linked(world):
    return procedure_with_steps(
        [
            (ActorKind.RECEIVE, 4, None, "Tiếp nhận hồ sơ"),
            (ActorKind.PROCESS, 8, None, "Thẩm định tại UBND phường"),
            (ActorKind.HANDOVER, 16, world.department, "Xử lý tại Sở"),
            (ActorKind.SIGN, 4, None, "Ký kết quả"),
            (ActorKind.RETURN, 0, None, "Trả kết quả"),
        ],
        code="2.000815",
        name="Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        level="province",
    )


@pytest.fixture
def receive(world, simple):
    """receive(procedure=simple, at=Monday 09:00, **applicant fields) → a dossier accepted at desk A."""

    def _receive(procedure=None, at=MONDAY_9, actor=None, **kwargs):
        return dossier_receive(
            actor=actor or world.reception,
            receiving_agency=world.desk_a,
            procedure=procedure or simple,
            applicant=applicant(**kwargs),
            handling_agency=world.agency_a,
            at=at,
        )

    return _receive
