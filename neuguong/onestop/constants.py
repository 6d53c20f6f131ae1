"""States, portal codes and the one transition table of the dossier workflow.

The table is the single source of truth and what runs: core.workflow.Workflow checks it and sets
each action's target state from it, the action buttons and the API's `allowed_actions` are computed
from it, the workflow tests are generated from it, and docs/workflows/onestop-dossier.md is generated
from it (`neuguong workflow_diagram`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.roles import Role
from neuguong.core.workflow import Computed, Transition


class DossierState(models.TextChoices):
    NEW = "new", _("New (submitted online)")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused at intake")
    PROCESSING = "processing", _("Processing")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    PAYMENT_REQUESTED = "payment_requested", _("Payment requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Stopped")
    DONE = "done", _("Done")
    RETURNED = "returned", _("Result returned")


# Status codes of the national public-service portal (Cổng Dịch vụ công quốc gia), for exchange.
PORTAL_CODES = {
    DossierState.NEW: 1,  # Mới đăng ký
    DossierState.ACCEPTED: 2,  # Được tiếp nhận
    DossierState.REFUSED: 3,  # Không được tiếp nhận
    DossierState.PROCESSING: 4,  # Đang xử lý
    DossierState.SUPPLEMENT_REQUESTED: 5,  # Yêu cầu bổ sung giấy tờ
    DossierState.PAYMENT_REQUESTED: 6,  # Yêu cầu thực hiện nghĩa vụ tài chính
    DossierState.WITHDRAWN: 7,  # Công dân yêu cầu rút hồ sơ
    DossierState.STOPPED: 8,  # Dừng xử lý
    DossierState.DONE: 9,  # Đã xử lý xong
    DossierState.RETURNED: 10,  # Đã trả kết quả
}

FINAL_STATES = frozenset(
    {DossierState.REFUSED, DossierState.WITHDRAWN, DossierState.STOPPED, DossierState.RETURNED}
)
# States in which the dossier is still "open" for the clock (not finished processing).
OPEN_STATES = frozenset(
    {
        DossierState.NEW,
        DossierState.ACCEPTED,
        DossierState.PROCESSING,
        DossierState.SUPPLEMENT_REQUESTED,
        DossierState.PAYMENT_REQUESTED,
    }
)


class Channel(models.IntegerChoices):
    IN_PERSON = 1, _("In person")
    ONLINE = 2, _("Online")
    POSTAL = 3, _("By post")


class PaymentState(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    REQUESTED = "requested", _("Requested")
    PAID = "paid", _("Paid")


class PaymentMethod(models.TextChoices):
    """How the fee was paid: the indicators count the online payments."""

    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    ONLINE = "online", _("Paid online")
    DESK = "desk", _("Paid at the desk")


# The payment rule (onestop.validation.clean_payment and the database's check constraint):
# no fee ⇔ nothing to pay and no way paid; a fee ⇒ requested or paid; paid ⇔ a way it was paid.
PAYMENT_CONSISTENT = {
    PaymentState.NOT_REQUIRED: frozenset({PaymentMethod.NOT_APPLICABLE}),
    PaymentState.REQUESTED: frozenset({PaymentMethod.NOT_APPLICABLE}),
    PaymentState.PAID: frozenset({PaymentMethod.ONLINE, PaymentMethod.DESK}),
}


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Full online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("Not online")


class ActorKind(models.TextChoices):
    RECEIVE = "receive", _("Receive at the desk")
    PROCESS = "process", _("Process")
    SIGN = "sign", _("Sign")
    HANDOVER = "handover", _("Hand over to another agency")
    RETURN = "return", _("Return the result")


class StepResult(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class RatingValue(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    ACCEPTABLE = "acceptable", _("Acceptable")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


S = DossierState


def _no_work_left(dossier) -> bool:
    """After a hand-over: no step left, or only the desk's return step."""
    step = dossier.current_step
    return step is None or step.actor_kind == ActorKind.RETURN


_DESK = frozenset({Role.RECEPTION, Role.ADMIN})
_WORKERS = frozenset({Role.RECEPTION, Role.SPECIALIST, Role.HEAD, Role.ADMIN})
_OFFICE = frozenset({Role.SPECIALIST, Role.HEAD, Role.ADMIN})
_ACTIVE = frozenset({S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED})

TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(frozenset({S.NEW}), S.ACCEPTED, _DESK, _("Accept")),
    "refuse": Transition(frozenset({S.NEW}), S.REFUSED, _DESK, _("Refuse")),
    "start": Transition(
        frozenset({S.ACCEPTED}), S.PROCESSING, _DESK, _("Hand over for processing")
    ),
    # Completing a step hands the dossier to the next one; the last work step moves it to done.
    "complete_step": Transition(
        frozenset({S.PROCESSING}),
        Computed(
            lambda d: S.DONE if _no_work_left(d) else None,
            possible=(S.PROCESSING, S.DONE),
            description=_("done after the last step"),
        ),
        _WORKERS,
        _("Complete step"),
    ),
    "request_supplement": Transition(
        frozenset({S.PROCESSING}), S.SUPPLEMENT_REQUESTED, _WORKERS, _("Request a supplement")
    ),
    # The citizen may send the supplement online for their own dossier (services.citizen).
    "receive_supplement": Transition(
        frozenset({S.SUPPLEMENT_REQUESTED}),
        S.PROCESSING,
        _WORKERS | {Role.CITIZEN},
        _("Receive the supplement"),
    ),
    "request_payment": Transition(
        frozenset({S.PROCESSING}), S.PAYMENT_REQUESTED, _WORKERS, _("Request payment")
    ),
    "confirm_payment": Transition(
        frozenset({S.PAYMENT_REQUESTED}), S.PROCESSING, _WORKERS, _("Confirm payment")
    ),
    # Signing records the signature on the dossier; the sign step is then completed by complete_step.
    "sign_result": Transition(frozenset({S.PROCESSING}), None, _OFFICE, _("Sign the result")),
    # Finish: processing ends without running the remaining steps (e.g. the result is ready early).
    "finish": Transition(frozenset({S.PROCESSING}), S.DONE, _OFFICE, _("Finish processing")),
    "return": Transition(frozenset({S.DONE}), S.RETURNED, _DESK, _("Return the result")),
    # The citizen may withdraw their own dossier (services check it is theirs).
    "withdraw": Transition(
        frozenset({S.NEW, S.ACCEPTED, *_ACTIVE}),
        S.WITHDRAWN,
        _WORKERS | {Role.CITIZEN},
        _("Withdraw"),
    ),
    "stop": Transition(frozenset({S.ACCEPTED, *_ACTIVE}), S.STOPPED, _OFFICE, _("Stop processing")),
    "draft_apology": Transition(
        frozenset({S.ACCEPTED, *_ACTIVE}), None, _WORKERS, _("Draft an apology letter")
    ),
    "sign_apology": Transition(
        frozenset({S.ACCEPTED, *_ACTIVE}),
        None,
        frozenset({Role.HEAD, Role.ADMIN}),
        _("Sign the apology"),
    ),
}

# Uploads: what a dossier document may be (Decree 45/2020 accepts common office formats).
UPLOAD_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

# 8 working hours make one working day (Decree 61/2018, Art. 31: deadlines in working days).
HOURS_PER_DAY = 8
# A dossier is "at risk" when its appointment is within one working day (Decision 766 monitoring).
AT_RISK_HOURS = 8
