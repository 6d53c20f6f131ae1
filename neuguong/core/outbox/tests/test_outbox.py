import datetime as dt
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from neuguong.core.errors import DomainError
from neuguong.core.outbox import enqueue
from neuguong.core.outbox.constants import MAX_ATTEMPTS, Status
from neuguong.core.outbox.models import OutboxMessage
from neuguong.core.outbox.services import (
    CHANNEL_UNKNOWN,
    backoff,
    outbox_release_stale,
    outbox_retry,
    outbox_work,
)
from neuguong.core.outbox.transports import register_transport


class Recorder:
    """Records every delivery; optionally slow, to make workers overlap."""

    def __init__(self, delay=0.0):
        self.delivered: list[int] = []
        self.lock = threading.Lock()
        self.delay = delay

    def send(self, message):
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.delivered.append(message.pk)


class Broken:
    def send(self, message):
        raise ConnectionError("gateway down")


@pytest.fixture
def sms():
    recorder = Recorder()
    register_transport("sms", recorder)
    yield recorder
    register_transport("sms", None)


def _sms(n=1, **kw):
    return [
        enqueue(channel="sms", to=f"09000000{i:02d}", subject="", body=f"msg {i}", **kw)
        for i in range(n)
    ]


@pytest.mark.django_db
def test_it_delivers_email_through_the_django_backend():
    msg = enqueue(
        channel="email", to="a@example.org", subject="Hồ sơ", body="Đã tiếp nhận", topic="t"
    )
    assert msg.status == Status.PENDING
    assert outbox_work(once=True) == 1
    msg.refresh_from_db()
    assert msg.status == Status.SENT
    assert msg.sent_at is not None
    assert mail.outbox[0].subject == "Hồ sơ"
    assert mail.outbox[0].to == ["a@example.org"]


@pytest.mark.django_db
def test_it_logs_sms_with_the_default_transport(caplog):
    enqueue(channel="sms", to="0912345678", subject="", body="Mã hồ sơ 123")
    assert outbox_work(once=True) == 1
    assert "******5678: Mã hồ sơ 123" in caplog.text
    assert "0912345678" not in caplog.text  # a citizen's phone number stays out of the logs


@pytest.mark.django_db
def test_it_links_the_related_record(world):
    msg = enqueue(channel="sms", to="0912", subject="", body="x", obj=world.agency_a)
    assert msg.object_id == str(world.agency_a.pk)
    assert msg.content_type.model == "agency"


@pytest.mark.django_db
def test_it_refuses_an_unknown_channel():
    with pytest.raises(DomainError) as exc:
        enqueue(channel="pigeon", to="x", subject="", body="x")
    assert exc.value.message == CHANNEL_UNKNOWN


@pytest.mark.django_db(transaction=True)
def test_it_enqueues_nothing_when_the_business_transaction_rolls_back(sms):
    def business():
        with transaction.atomic():
            _sms(2)
            raise RuntimeError("business rule failed")

    with pytest.raises(RuntimeError):
        business()
    assert OutboxMessage.objects.count() == 0
    assert outbox_work(once=True) == 0
    assert sms.delivered == []


@pytest.mark.django_db
def test_it_retries_with_backoff_then_dead_letters():
    register_transport("sms", Broken())
    try:
        (msg,) = _sms(1)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            before = timezone.now()
            outbox_work(once=True)
            msg.refresh_from_db()
            assert msg.attempts == attempt
            assert "gateway down" in msg.last_error
            if attempt < MAX_ATTEMPTS:
                assert msg.status == Status.PENDING
                assert msg.next_attempt_at >= before + backoff(attempt)
                # Not due yet: a second pass does not touch it.
                assert outbox_work(once=True) == 0
                OutboxMessage.objects.filter(pk=msg.pk).update(next_attempt_at=timezone.now())
        assert msg.status == Status.DEAD
    finally:
        register_transport("sms", None)
    assert backoff(1) == dt.timedelta(minutes=1)
    assert backoff(3) == dt.timedelta(minutes=4)
    assert backoff(50) == dt.timedelta(hours=1)


@pytest.mark.django_db
def test_it_requeues_dead_messages_and_delivers_them(sms):
    (msg,) = _sms(1)
    OutboxMessage.objects.filter(pk=msg.pk).update(status=Status.DEAD, attempts=MAX_ATTEMPTS)
    sent = enqueue(channel="sms", to="1", subject="", body="y")
    OutboxMessage.objects.filter(pk=sent.pk).update(status=Status.SENT)
    assert outbox_retry(OutboxMessage.objects.all()) == 1  # the sent one is left alone
    assert outbox_work(once=True) == 1
    assert sms.delivered == [msg.pk]


@pytest.mark.django_db
def test_it_releases_claims_of_dead_workers(sms):
    (msg,) = _sms(1)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    OutboxMessage.objects.filter(pk=msg.pk).update(
        status=Status.SENDING, claimed_by="gone", claimed_at=long_ago
    )
    assert outbox_release_stale() == 1
    assert outbox_work(once=True) == 1


@pytest.mark.django_db
def test_it_offers_the_retry_action_to_superusers_only(admin_client, client, world, sms):
    (msg,) = _sms(1)
    OutboxMessage.objects.filter(pk=msg.pk).update(status=Status.DEAD)
    url = reverse("admin:outbox_outboxmessage_changelist")
    res = admin_client.post(url, {"action": "retry", "_selected_action": [msg.pk]})
    assert res.status_code == 302
    msg.refresh_from_db()
    assert msg.status == Status.PENDING
    client.force_login(world.outsider)
    assert client.get(url).status_code == 302  # not admin staff: sent to the admin login


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_never_lets_two_workers_deliver_the_same_row(sms):
    assert connection.vendor == "postgresql"
    sms.delay = 0.002
    ids = {m.pk for m in _sms(200)}
    errors = []

    def worker():
        try:
            outbox_work(batch=7, once=True)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(sms.delivered) == sorted(ids)  # every row, exactly once
    assert len(set(sms.delivered)) == len(sms.delivered) == 200
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 200
    claimers = set(OutboxMessage.objects.values_list("claimed_by", flat=True))
    assert len({c.rsplit("-", 1)[0] for c in claimers}) >= 1
    assert len(claimers) > 2  # several batches were claimed


def _row(pk) -> dict:
    row = OutboxMessage.objects.filter(pk=pk).values().get()
    row.pop("id")
    return row


@pytest.mark.django_db
def test_it_stores_the_message_for_its_record(world):
    """enqueue stores the row a plain OutboxMessage.objects.create() stores for the same message,
    linked to its record, the subject cut to its column."""
    kw = {"channel": "email", "subject": "Hồ sơ " + "x" * 300, "body": "Đã tiếp nhận", "topic": "t"}
    fast = enqueue(to="a@example.org", obj=world.agency_a, **kw)
    orm = OutboxMessage.objects.create(
        recipient="a@example.org",
        content_type=ContentType.objects.get_for_model(world.agency_a),
        object_id=str(world.agency_a.pk),
        next_attempt_at=fast.next_attempt_at,
        created_at=fast.created_at,
        **{**kw, "subject": kw["subject"][:255]},
    )
    assert fast.pk is not None
    assert fast.pk != orm.pk
    assert not fast._state.adding
    assert _row(fast.pk) == _row(orm.pk)
    # The returned instance is the stored row, field for field.
    stored = OutboxMessage.objects.get(pk=fast.pk)
    for field in OutboxMessage._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(stored, field.attname), field.name
    assert stored.status == Status.PENDING
    assert stored.attempts == 0
    assert stored.subject == kw["subject"][:255]
    plain = enqueue(channel="sms", to="0912", subject="", body="x")
    assert plain.content_type_id is None
    assert _row(plain.pk)["object_id"] == ""


@pytest.mark.django_db
def test_it_is_rolled_back_with_the_callers_savepoint(sms):
    kept = enqueue(channel="sms", to="1", subject="", body="kept")

    def business():
        with transaction.atomic():  # a savepoint inside the test's transaction
            _sms(2)
            raise RuntimeError("business rule failed")

    with pytest.raises(RuntimeError):
        business()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [kept.pk]
    assert outbox_work(once=True) == 1
    assert sms.delivered == [kept.pk]


@pytest.mark.django_db
def test_it_goes_through_save_so_save_signals_see_each_message():
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.pk, created))

    post_save.connect(receiver, sender=OutboxMessage)
    try:
        msg = enqueue(channel="sms", to="0912", subject="", body="x")
    finally:
        post_save.disconnect(receiver, sender=OutboxMessage)
    assert seen == [(msg.pk, True)]
    assert OutboxMessage.objects.filter(pk=msg.pk).exists()
