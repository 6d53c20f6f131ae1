"""The public side of the one-stop shop: tracking a dossier by code and second factor, and rating it.

Nothing here reveals personal data. An unknown code and a wrong second factor are indistinguishable
(both return None), so a lookup cannot confirm that a code exists.
"""

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import Field, signals
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.errors import DomainError
from neuguong.onestop.constants import DossierState, RatingValue
from neuguong.onestop.models import Dossier, Rating

RATING_NOT_RETURNED = _("A dossier can be rated once its result has been returned.")
RATING_ALREADY = _("This dossier has already been rated.")
RATING_BAD_VALUE = _("Choose satisfied, acceptable or dissatisfied.")
RATING_BAD_REASON = _("Unknown reason: %(reason)s.")

# Reasons a citizen may tick (Decision 766's satisfaction survey asks why).
RATING_REASONS = {
    "on_time": _("The result came on time"),
    "helpful_staff": _("The staff were helpful and courteous"),
    "clear_guidance": _("The guidance was clear"),
    "late": _("The result came late"),
    "extra_documents": _("I was asked for documents not in the published list"),
    "extra_costs": _("I paid more than the published fee"),
    "attitude": _("The staff were discourteous"),
    "repeat_visits": _("I had to come back several times"),
    "other": _("Other"),
}


class AlreadyRated(DomainError):
    code = "already_rated"
    status = 409


def public_dossier(code: str, verify: str) -> Dossier | None:
    """The dossier `code` if `verify` is the last 4 digits of its applicant's phone or citizen ID, else None.

    Loads what the public view shows (procedure, steps with their agencies, rating) in 3 queries.
    """
    code = (code or "").strip().upper()
    if not code or len(code) > 60:
        return None
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency", "handling_agency")
        .filter(code=code)
        .first()
    )
    if dossier is None or not dossier.verify_matches(verify):
        return None
    dossier.public_steps = list(dossier.steps.select_related("agency").order_by("order"))
    dossier.public_rating = Rating.objects.filter(dossier=dossier).first()
    return dossier


def can_rate(dossier: Dossier) -> bool:
    return (
        dossier.state == DossierState.RETURNED and getattr(dossier, "public_rating", None) is None
    )


def dossier_rate(dossier: Dossier, *, value: str, reasons=(), comment: str = "", at=None) -> Rating:
    """Record the applicant's one rating of a returned dossier. Audited as onestop.dossier.rated.

    Raises DomainError: not returned yet (400), already rated (409), an unknown value or reason (400).
    No savepoint of its own: a refusal leaves the caller's transaction usable (nothing was written,
    and a second rating is turned away by the INSERT itself, not by a failed statement). `dossier`
    is brought up to date with its row when it was stale.
    """
    # services' transaction helpers: one row-lock protocol for every write on a dossier.
    from neuguong.onestop.services import _atomic, _lock

    if value not in _RATING_VALUES:
        raise DomainError(RATING_BAD_VALUE, code="rating_invalid")
    reasons = list(dict.fromkeys(reasons or ()))
    for reason in reasons:
        if reason not in RATING_REASONS:
            raise DomainError(RATING_BAD_REASON, code="rating_invalid", reason=reason)
    at = at or timezone.now()
    rating = Rating(
        dossier_id=dossier.pk,
        value=value,
        reasons=reasons,
        comment=(comment or "")[:2000],
        created_at=at,
    )
    with _atomic(dossier):
        # The row lock (SELECT ... FOR UPDATE; SQLite's transactions are IMMEDIATE) serialises two
        # simultaneous ratings of the same dossier, and makes `dossier` the current version, which
        # the audit event snapshots.
        _lock(dossier)
        if dossier.state != DossierState.RETURNED:
            raise DomainError(RATING_NOT_RETURNED, code="rating_not_returned")
        if not _insert_rating(rating):
            raise AlreadyRated(RATING_ALREADY)
        log_action(
            dossier,
            "onestop.dossier.rated",
            actor="citizen:public",
            data={"value": value, "reasons": reasons},
        )
    rating.dossier = dossier
    return rating


_RATING_VALUES = frozenset(RatingValue.values)  # .values builds a new list on every access
_RATING_SQL: dict[str, tuple] = {}


def _rating_statement(conn):
    """INSERT ... ON CONFLICT (dossier_id) DO NOTHING RETURNING id, built once per database; None
    where the ORM must write (another database, or a save signal listening on Rating)."""
    if conn.vendor not in ("postgresql", "sqlite") or not (
        conn.features.can_return_columns_from_insert
    ):
        return None
    if signals.pre_save.has_listeners(Rating) or signals.post_save.has_listeners(Rating):
        return None
    plan = _RATING_SQL.get(conn.vendor)
    if plan is None:
        meta = Rating._meta
        qn = conn.ops.quote_name
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        sql = (
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT ({qn(meta.get_field('dossier').column)}) DO NOTHING "
            f"RETURNING {qn(meta.pk.column)}"
        )
        hooks = {f.attname for f in fields if type(f).pre_save is not Field.pre_save}
        plan = _RATING_SQL[conn.vendor] = (sql, fields, hooks)
    return plan


def _insert_rating(rating: Rating) -> bool:
    """Save a new rating unless its dossier has one (the one-to-one's unique constraint decides):
    True when written. The statement cannot fail on a duplicate, so no savepoint is needed to keep
    the transaction usable on PostgreSQL."""
    conn = connections[DEFAULT_DB_ALIAS]
    plan = _rating_statement(conn)
    if plan is None:
        try:
            with transaction.atomic():
                rating.save(force_insert=True)
        except IntegrityError:
            return False
        return True
    sql, fields, hooks = plan
    params = [
        f.get_db_prep_save(
            f.pre_save(rating, True) if f.attname in hooks else getattr(rating, f.attname), conn
        )
        for f in fields
    ]
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    rating.pk = row[0]
    rating._state.adding = False
    rating._state.db = conn.alias
    return True


def public_payload(dossier: Dossier) -> dict:
    """What the public may know of a dossier found by `public_dossier`: no name, ID, phone or staff."""
    from neuguong.onestop.constants import PORTAL_CODES, StepResult

    rating = getattr(dossier, "public_rating", None)
    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "state": dossier.state,
        "state_label": str(dossier.get_state_display()),
        "portal_code": PORTAL_CODES[dossier.state],
        "receiving_agency": dossier.receiving_agency.name,
        "handling_agency": dossier.handling_agency.name,
        "received_at": dossier.received_at,
        "appointment_at": dossier.appointment_at,
        "processing_ended_at": dossier.processing_ended_at,
        "returned_at": dossier.returned_at,
        "is_late": dossier.is_late,
        "steps": [
            {
                "order": s.order,
                "name": s.name,
                "agency": s.agency.name,
                "started_at": s.started_at,
                "due_at": s.due_at,
                "completed_at": s.completed_at,
                "result": s.result,
                "result_label": str(StepResult(s.result).label) if s.result else "",
            }
            for s in getattr(dossier, "public_steps", ())
        ],
        "can_rate": can_rate(dossier),
        "rating": rating.value if rating else None,
    }
