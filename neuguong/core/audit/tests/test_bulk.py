"""The bulk ChainWriter writes the very chains log_action would, and verify accepts them."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from neuguong.core.audit import hashing, log_action
from neuguong.core.audit.bulk import ChainWriter
from neuguong.core.audit.models import AuditChainHead, AuditEvent
from neuguong.core.audit.registry import snapshot
from neuguong.core.audit.tests.conftest import run_verify

# Later than the events the fixture writes, so that no time is moved up to the chain's last one.
T0 = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=123456)

# (actor persona or label, action, data, minutes after T0)
STEPS = [
    ("admin", "org.agency.renamed", {"old": "A", "new": 'Bé "Ư" ✓'}, 0),
    ("system:test", "org.agency.viewed", None, 7),
    ("citizen", "org.agency.rated", {"stars": 5, "at": T0, "fee": 1.5}, 60 * 24),
]


def _actor(world, who):
    return who if ":" in who else getattr(world, who)


def _chain(agency):
    return list(
        AuditEvent.objects.filter(object_id=str(agency.pk), content_type__model="agency")
        .order_by("seq")
        .values_list("seq", "prev_hash", "hash", "created_at", "actor_label", "state", "data")
    )


def _with_log_action(world, agency, monkeypatch):
    """The events of STEPS through log_action at the STEPS times, rolled back; their rows."""
    with transaction.atomic():
        for who, action, data, minutes in STEPS:
            moment = T0 + dt.timedelta(minutes=minutes)
            monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
            log_action(agency, action, actor=_actor(world, who), data=data)
        monkeypatch.undo()
        rows = _chain(agency)
        transaction.set_rollback(True)
    return rows


def test_it_writes_the_same_hashes_as_log_action(audited, monkeypatch):
    w = audited
    expected = _with_log_action(w, w.agency_a, monkeypatch)
    assert len(expected) == 1 + len(STEPS)  # the fixture's creation event, then the steps
    with ChainWriter(batch=2) as writer:  # continues the chain the fixture started in the database
        for who, action, data, minutes in STEPS:
            writer.append(
                w.agency_a,
                None,
                action,
                actor=_actor(w, who),
                data=data,
                created_at=T0 + dt.timedelta(minutes=minutes),
            )
    assert _chain(w.agency_a) == expected
    assert expected[-1][4].startswith("citizen:")  # a citizen actor is a pseudonym
    code, out = run_verify()
    assert code == 0, out


def test_it_writes_chains_that_verify_and_that_log_action_continues(audited):
    w = audited
    writer = ChainWriter(batch=3)
    users = [w.head, w.reception, w.citizen, w.inspector]
    for i, user in enumerate(users):
        for n in range(4):
            writer.append(
                "auth.user",
                user.pk,
                "core.user.generated",
                actor=(w.admin.pk, "Quản trị"),
                data={"n": n},
                state={"i": i},
                created_at=T0 + dt.timedelta(hours=n),
            )
        writer.finish("auth.user", user.pk)
    writer.append(w.agency_b, None, "org.agency.renamed", actor=w.admin, created_at=T0)
    writer.close()
    assert writer.written == 17
    assert AuditEvent.objects.filter(content_type__model="user").count() == 16
    code, out = run_verify()
    assert code == 0, out

    event = log_action(w.agency_b, "org.agency.viewed", actor=w.head)
    prev = AuditEvent.objects.get(
        content_type_id=event.content_type_id, object_id=event.object_id, seq=event.seq - 1
    )
    assert (event.seq, event.prev_hash) == (3, prev.hash)
    code, out = run_verify()
    assert code == 0, out


def test_it_snapshots_like_log_action_and_stores_the_hashed_text(audited):
    w = audited
    with ChainWriter() as writer:
        writer.append(w.agency_b, None, "org.agency.viewed", created_at=T0)
    event = AuditEvent.objects.filter(object_id=str(w.agency_b.pk)).order_by("-seq").first()
    assert event.state == snapshot(w.agency_b)
    assert event.hash_version == hashing.HASH_VERSION
    assert event.hash == hashing.event_hash(
        model="org.agency",
        object_id=event.object_id,
        seq=event.seq,
        actor_id=None,
        actor_label="",
        action=event.action,
        data={},
        state=event.state,
        created_at=event.created_at,
        prev_hash=event.prev_hash,
    )


def test_it_moves_a_time_earlier_than_the_chain_up_to_its_last_event(audited):
    w = audited
    later = T0 + dt.timedelta(days=1)
    with ChainWriter() as writer:
        writer.append(w.agency_b, None, "org.agency.viewed", created_at=later)
        writer.append(w.agency_b, None, "org.agency.viewed", created_at=T0)
    head = AuditChainHead.objects.get(object_id=str(w.agency_b.pk), content_type__model="agency")
    assert head.seq == 3
    assert head.updated_at == later
    assert run_verify()[0] == 0


def test_it_writes_nothing_of_a_batch_that_fails(audited):
    w = audited
    writer = ChainWriter(assume_new=True)  # wrongly: agency_b's chain exists, seq 1 collides
    writer.append(w.agency_b, None, "org.agency.viewed", created_at=T0)
    with pytest.raises(IntegrityError), transaction.atomic():
        writer.flush()
    assert AuditEvent.objects.filter(object_id=str(w.agency_b.pk)).count() == 1
    assert run_verify()[0] == 0


def test_it_refuses_bad_input(audited):
    writer = ChainWriter()
    with pytest.raises(ValueError, match="action"):
        writer.append(audited.agency_a, None, "renamed", created_at=T0)
    with pytest.raises(ValueError, match="aware"):
        writer.append(
            audited.agency_a, None, "org.agency.viewed", created_at=dt.datetime(2025, 1, 1)
        )


@pytest.mark.parametrize(
    "text", ["plain", 'quote " and \\ back', "Nguyễn Văn Ánh", "tab\tnl\n\x00\x1f", "\u2028 😀"]
)
def test_it_hashes_the_same_bytes_as_dumping_the_whole_event(text):
    """event_digest writes the canonical JSON from its parts; it must equal dumps() of the dict."""
    import hashlib

    data = {"b": [1, 2.5, None, True], "a": {"z": text, "y": {}}}
    state = {"name": text, "n": 10**20, "x": -0.0}
    payload = {
        "v": 1,
        "model": "org.agency",
        "object_id": text,
        "seq": 12,
        "actor_id": 7,
        "actor_label": text,
        "action": "org.agency.renamed",
        "data": data,
        "state": state,
        "created_at": hashing.timestamp(T0),
        "prev_hash": "ab" * 32,
    }
    whole = hashlib.sha256(hashing.canonical(payload)).hexdigest()
    parts = hashing.event_digest(
        1,
        "org.agency",
        text,
        12,
        7,
        text,
        "org.agency.renamed",
        hashing.dumps(data),
        hashing.dumps(state),
        hashing.timestamp(T0),
        "ab" * 32,
    )
    assert parts == whole
    payload["actor_id"] = None
    whole = hashlib.sha256(hashing.canonical(payload)).hexdigest()
    assert whole == hashing.event_digest(
        1,
        "org.agency",
        text,
        12,
        None,
        text,
        "org.agency.renamed",
        hashing.dumps(data),
        hashing.dumps(state),
        hashing.timestamp(T0),
        "ab" * 32,
    )


def test_it_hands_batches_to_a_sink_that_one_writer_writes(audited):
    """The split a generator may use: build (hash) in one place, write in another."""
    from neuguong.core.audit.bulk import write_batch

    w = audited
    batches = []
    builder = ChainWriter(batch=2, assume_new=True, sink=lambda *batch: batches.append(batch))
    for n in range(5):
        builder.append("auth.user", w.head.pk, "core.user.generated", state={"n": n}, created_at=T0)
    builder.close()
    assert [len(rows) for rows, _heads in batches] == [2, 2, 1]
    assert not AuditEvent.objects.filter(content_type__model="user").exists()
    for rows, heads in batches:
        write_batch(rows, heads)
    assert AuditEvent.objects.filter(content_type__model="user").count() == 5
    assert run_verify()[0] == 0


def test_it_refuses_to_write_into_a_day_already_published(audited):
    from neuguong.core.audit.services import digest_create

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    digest_create(yesterday)
    writer = ChainWriter()
    with pytest.raises(ValueError, match="published"):
        writer.append(
            audited.agency_a, None, "org.agency.viewed", created_at=T0 - dt.timedelta(days=5)
        )
    writer.append(audited.agency_a, None, "org.agency.viewed", created_at=T0)
    writer.close()
    assert run_verify()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_it_verifies_in_two_processes(world, settings):
    """Outside a transaction verify shares its tasks between processes (a file database or
    PostgreSQL: an in-memory SQLite test database cannot be shared, and runs in one)."""
    from neuguong.core.audit.verify import verify

    writer = ChainWriter(batch=50)
    for user in (world.head, world.citizen, world.admin):
        for n in range(30):
            writer.append("auth.user", user.pk, "core.user.generated", data={"n": n}, created_at=T0)
    writer.close()
    report = verify(processes=2)
    # (The world's factory-made records have no events; only the chains written here count.)
    assert not [p for p in report.problems if p.startswith("auth.user")], report.problems
    assert report.events == 90
    shared = connection.vendor != "sqlite" or not connection.is_in_memory_db()
    assert report.processes == (2 if shared else 1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE seq = 7",
            ["core.user.forged"],
        )
    report = verify(processes=2)
    assert len([p for p in report.problems if p.startswith("auth.user")]) == 3
    assert len([p for p in report.problems if "seq=7: event 'core.user.forged'" in p]) == 3
