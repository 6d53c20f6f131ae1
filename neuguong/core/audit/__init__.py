"""The tamper-evident audit log. Write events with `log_action` only."""


def log_action(obj, action: str, *, actor=None, data: dict | None = None):
    """Record an audit event for `obj` (e.g. "onestop.dossier.accepted"), chained to its previous event.

    Call it inside the transaction that makes the change. Implemented in `services.py`.
    """
    from neuguong.core.audit.services import log_action as _log_action

    return _log_action(obj, action, actor=actor, data=data)
