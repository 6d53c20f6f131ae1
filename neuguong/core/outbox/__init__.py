"""The notification outbox. Queue with `enqueue(...)` inside the business transaction; `neuguong worker`
delivers."""


def enqueue(*, channel: str, to: str, subject: str, body: str, topic: str = "", obj=None):
    """Queue a message (email|sms) in the caller's transaction. See `services.enqueue`."""
    from neuguong.core.outbox.services import enqueue as _enqueue

    return _enqueue(channel=channel, to=to, subject=subject, body=body, topic=topic, obj=obj)
