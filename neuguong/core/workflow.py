"""The workflow core every app shares: an executable transition table and one routine that applies it.

An app declares its table in its `constants.py` — for each action, the states it may run from, the
roles that may take it, and its target state (a state, `None` for "unchanged", or a `Computed` target
such as "the next step's state") — and binds it to its model with a `Workflow`. Each service then
calls `Workflow.apply(obj, action, actor=..., change=...)`, which:

1. opens one `transaction.atomic()` (a savepoint inside a caller's transaction);
2. locks the row with `select_for_update()` and re-reads it;
3. refuses a stale edit (the caller's `version` token is not the row's);
4. checks the table for the state and the role, and the actor's scope through the app's hook;
5. runs the service's own `change(locked)` (its writes, its own DomainErrors);
6. sets the state FROM THE TABLE, saves the row with `update_fields`;
7. writes the transition row and the audit event, and queues the notifications.

Any exception, a DomainError included, rolls all of it back, and the caller's transaction stays
usable. A refusal that must itself be on record (a signature without authority) carries
`on_record=(verb, data)`: it is written after the rollback, in a transaction of its own.

Why not django-fsm-2 or viewflow.fsm (docs/architecture.md says more): both put transitions on model
methods as decorators; roles are per-transition permission callables, the lock is left to the caller,
and neither writes the transition row or the audit event. Here the table is data that the engine,
the buttons, the API's `allowed_actions`, the diagrams and the generated tests all read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError, NotAllowed, TransitionNotAllowed
from neuguong.core.request_cache import request_cache

TRANSITION_REFUSED = _("The action “%(action)s” is not allowed while the record is “%(state)s”.")
UNKNOWN_ACTION = _("Unknown action “%(action)s”.")
ROLE_REFUSED = _("Your role does not allow the action “%(action)s”.")
STALE_VERSION = _(
    "This record was changed by someone else after you opened it. Reload the page and try again."
)


class StaleVersion(DomainError):
    code = "stale_version"
    status = 409


@dataclass(frozen=True)
class Computed:
    """A target decided when the action runs, e.g. "done if that was the last step, else unchanged".

    `decide(locked_obj)` returns a state or None (unchanged); `possible` lists the states it can
    return, for the diagram and the generated tests.
    """

    decide: Callable[[Any], str | None]
    possible: tuple[str, ...]
    description: Any = ""


@dataclass(frozen=True)
class Transition:
    """One row of a table: from which states an action may run, where it leads, who may run it."""

    sources: frozenset
    target: str | Computed | None
    roles: frozenset
    label: Any

    def target_for(self, obj) -> str | None:
        if isinstance(self.target, Computed):
            return self.target.decide(obj)
        return self.target

    @property
    def possible_targets(self) -> tuple[str | None, ...]:
        if isinstance(self.target, Computed):
            return self.target.possible
        return (self.target,)


@dataclass
class Change:
    """What a service's own changes hand back to the core.

    - `fields`: model fields the change set (the state and the version are added by the core);
    - `note`: the free-text reason, on the transition row and in the audit event;
    - `data`: facts of the action (JSON-able), on the transition row and in the audit event;
    - `notify`: callables run with the locked object after the state is set, in the transaction
      (they queue outbox rows, which the worker delivers after commit);
    - `result`: what the service returns instead of the object (e.g. the apology it created).
    """

    fields: Iterable[str] = ()
    note: str = ""
    data: dict | None = None
    notify: Sequence[Callable[[Any], None]] = field(default_factory=list)
    result: Any = None


class Workflow:
    """One app's table bound to its model. Subclass it and supply the app's hooks."""

    #: audit action codes are f"{audit_prefix}.{verb}"
    audit_prefix: str = ""
    state_field: str = "state"
    version_field: str | None = "version"
    #: messages an app may word for its records
    transition_refused: Any = TRANSITION_REFUSED
    role_refused: Any = ROLE_REFUSED
    stale_version: Any = STALE_VERSION
    #: the app's transition rows, and their foreign key to the object (`record`)
    transition_model: type[models.Model] | None = None
    transition_owner: str = ""

    def __init__(self, model: type[models.Model], table: dict[str, Transition], states):
        self.model = model
        self.table = table
        self.states = states

    # ---- hooks an app supplies -----------------------------------------------------------------

    def roles_of(self, actor) -> frozenset:
        raise NotImplementedError

    def authorize(self, obj, action: str, actor, roles: frozenset) -> None:
        """Raise NotAllowed if `actor` (holding `roles` that the table allows) may not act on `obj`."""

    def lock_queryset(self):
        return self.model._default_manager.select_for_update()

    def record(self, obj, action: str, from_state: str, *, actor, at, change: Change) -> None:
        """Write the app's transition row (the audit event is written by the core): by default a row
        of `transition_model` (a `core.models.TransitionRecord`) whose `transition_owner` is `obj`."""
        if self.transition_model is None:
            return
        from neuguong.core.audit.hashing import jsonable

        self.transition_model._default_manager.create(
            **{self.transition_owner: obj},
            province_code=obj.province_code,
            action=action,
            from_state=from_state,
            to_state=getattr(obj, self.state_field),
            actor=actor if getattr(actor, "pk", None) else None,
            at=at or timezone.now(),
            note=change.note,
            data=jsonable(change.data or {}),
        )

    def verb(self, action: str) -> str:
        return action

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    # ---- the table -----------------------------------------------------------------------------

    def transition(self, action: str) -> Transition:
        try:
            return self.table[action]
        except KeyError:
            raise DomainError(UNKNOWN_ACTION, code="unknown_action", action=action) from None

    def check(self, obj, action: str, actor) -> Transition:
        """Raise unless `actor` may take `action` on `obj` now (state, role, scope). Changes nothing."""
        transition = self.transition(action)
        state = getattr(obj, self.state_field)
        if state not in transition.sources:
            raise TransitionNotAllowed(
                self.transition_refused,
                action=str(transition.label),
                state=self.state_label(state),
            )
        roles = self.roles_of(actor) & transition.roles
        if not roles:
            raise NotAllowed(
                self.role_refused, code="role_not_allowed", action=str(transition.label)
            )
        self.authorize(obj, action, actor, roles)
        return transition

    def may(self, obj, action: str, actor) -> bool:
        try:
            self.check(obj, action, actor)
        except DomainError:
            return False
        return True

    # ---- applying an action --------------------------------------------------------------------

    def apply(
        self,
        obj,
        action: str,
        *,
        actor,
        at,
        change: Callable[[Any], Change | None] | None = None,
        version: int | None = None,
    ):
        """Apply `action` to `obj` as described in the module docstring. Returns `obj`, brought up
        to date with the committed row (or `Change.result` when the service set one)."""
        try:
            with request_cache(), transaction.atomic():
                locked = self.lock_queryset().get(pk=obj.pk)
                if (
                    version is not None
                    and self.version_field
                    and getattr(locked, self.version_field) != version
                ):
                    raise StaleVersion(self.stale_version)
                outcome = self.apply_locked(locked, action, actor=actor, at=at, change=change)
        except DomainError as exc:
            on_record = getattr(exc, "on_record", None)
            if on_record is not None:
                self.record_refusal(obj, on_record, actor=actor)
            raise
        copy_row(locked, obj)
        return outcome.result if outcome.result is not None else obj

    def apply_locked(self, locked, action: str, *, actor, at, change=None) -> Change:
        """The body of `apply` on a row already locked in the current transaction. A composite
        action (sign, then hand over) calls it for its first part inside its own `change`."""
        transition = self.check(locked, action, actor)
        from_state = getattr(locked, self.state_field)
        outcome = (change(locked) if change is not None else None) or Change()
        fields = set(outcome.fields)
        target = transition.target_for(locked)
        if target is not None and target != from_state:
            setattr(locked, self.state_field, target)
            fields.add(self.state_field)
        if self.version_field:
            setattr(locked, self.version_field, getattr(locked, self.version_field) + 1)
            fields.add(self.version_field)
        locked.save(update_fields=sorted(fields))
        self.record(locked, action, from_state, actor=actor, at=at, change=outcome)
        self.log(locked, action, from_state, actor=actor, at=at, change=outcome)
        for notify in outcome.notify:
            notify(locked)
        return outcome

    def log(self, obj, action: str, from_state: str, *, actor, at, change: Change) -> None:
        from neuguong.core.audit import log_action

        payload: dict = {"from": from_state, "to": getattr(obj, self.state_field), "at": at}
        if change.note:
            payload["note"] = change.note
        if change.data:
            payload.update(change.data)
        log_action(obj, f"{self.audit_prefix}.{self.verb(action)}", actor=actor, data=payload)

    def record_refusal(self, obj, on_record: tuple[str, dict], *, actor) -> None:
        """Put a refused attempt on record in a transaction of its own (the action rolled back)."""
        from neuguong.core.audit import log_action

        verb, data = on_record
        with transaction.atomic():
            log_action(obj, f"{self.audit_prefix}.{verb}", actor=actor, data=data)

    def allowed(self, obj, actor, ready: dict[str, Callable[[Any], bool]] | None = None):
        """The actions `actor` may take on `obj` now, in table order; `ready` adds per-action
        preconditions beyond the table (e.g. "an apology is drafted")."""
        ready = ready or {}
        with request_cache():
            return [
                action
                for action in self.table
                if self.may(obj, action, actor) and (action not in ready or ready[action](obj))
            ]


def refusal(exc: DomainError, verb: str, data: dict) -> DomainError:
    """Mark `exc` to be put on record (as `verb` with `data`) after the rollback."""
    exc.on_record = (verb, data)  # type: ignore[attr-defined]
    return exc


def copy_row(source: models.Model, target: models.Model) -> None:
    """Make the caller's instance the committed row (it keeps its identity)."""
    if source is target:
        return
    for f in source._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    target._state.fields_cache = dict(source._state.fields_cache)
