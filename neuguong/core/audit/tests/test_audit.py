import datetime as dt
import hashlib
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from neuguong.core.audit import hashing, log_action, registry
from neuguong.core.audit.digests import digest_compute_v1
from neuguong.core.audit.models import EVENT_IMMUTABLE, AuditDigest, AuditEvent
from neuguong.core.audit.selectors import events_for
from neuguong.core.audit.services import (
    DIGEST_DAY_NOT_OVER,
    DIGEST_OUT_OF_ORDER,
    day_end,
    digest_compute,
    digest_create,
    digest_publish_through,
)
from neuguong.core.audit.tests.conftest import run_verify
from neuguong.core.errors import DomainError
from neuguong.org.models import Agency

EVENT_TABLE = AuditEvent._meta.db_table


def _rename(agency, name, actor):
    old = agency.name
    agency.name = name
    agency.save()
    return log_action(agency, "org.agency.renamed", actor=actor, data={"old": old, "new": name})


_verify = run_verify


def _sql(statement, params=()):
    with connection.cursor() as cur:
        cur.execute(statement, params)


def test_it_chains_events_and_verifies_an_intact_log(audited):
    w = audited
    e2 = _rename(w.agency_a, "UBND phường Điện Biên Phủ", w.admin)
    e3 = _rename(w.agency_a, "Ủy ban nhân dân phường Điện Biên Phủ", w.admin)
    assert (e2.seq, e3.seq) == (2, 3)
    assert e3.prev_hash == e2.hash
    assert e3.state["name"] == "Ủy ban nhân dân phường Điện Biên Phủ"
    assert e2.actor == w.admin
    assert [e.seq for e in events_for(w.agency_a)] == [1, 2, 3]
    code, out = _verify()
    assert code == 0, out
    assert out.startswith("OK:")


def test_it_hashes_exactly_the_documented_canonical_json(audited):
    e = _rename(audited.agency_a, "Tên mới", audited.admin)
    e.refresh_from_db()
    payload = {
        "v": 1,
        "model": "org.agency",
        "object_id": str(audited.agency_a.pk),
        "seq": 2,
        "actor_id": audited.admin.pk,
        "actor_label": e.actor_label,
        "action": "org.agency.renamed",
        "data": e.data,
        "state": e.state,
        "created_at": e.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "prev_hash": e.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(text.encode()).hexdigest() == e.hash


def test_it_writes_an_event_in_three_queries(audited, django_assert_num_queries):
    _rename(audited.agency_b, "warm-up", "system:test")
    with django_assert_num_queries(3):
        log_action(audited.agency_b, "org.agency.viewed", actor="system:test")


def test_it_goes_through_the_orm_so_save_signals_see_each_event(audited):
    from django.db.models.signals import post_save

    seen = []

    def listener(sender, instance, created, **kwargs):
        seen.append((instance.action, instance.seq, created))

    post_save.connect(listener, sender=AuditEvent)
    try:
        event = log_action(audited.agency_b, "org.agency.viewed", actor="system:test")
    finally:
        post_save.disconnect(listener, sender=AuditEvent)
    assert seen == [("org.agency.viewed", event.seq, True)]
    assert event.pk is not None
    assert event.hash_version == hashing.HASH_VERSION


def _roll_back_one_event(agency):
    from django.db import transaction

    with transaction.atomic():
        log_action(agency, "org.agency.viewed", actor="system:test")
        transaction.set_rollback(True)


def test_it_continues_from_the_stored_head_after_a_rolled_back_append(audited):
    w = audited
    first = log_action(w.agency_b, "org.agency.viewed", actor="system:test")
    _roll_back_one_event(w.agency_b)
    again = log_action(w.agency_b, "org.agency.viewed", actor="system:test")
    assert (again.seq, again.prev_hash) == (first.seq + 1, first.hash)
    code, out = _verify()
    assert code == 0, out


def test_it_continues_a_chain_another_writer_moved(audited):
    """Interleaved writers (here the bulk ChainWriter) never fork a chain: each append reads the
    head under lock."""
    from neuguong.core.audit.bulk import ChainWriter
    from neuguong.core.audit.models import AuditChainHead

    w = audited
    mine = log_action(w.agency_b, "org.agency.viewed", actor="system:test")
    with ChainWriter() as writer:
        writer.append(
            w.agency_b, None, "org.agency.viewed", actor="system:other", created_at=timezone.now()
        )
    other = AuditEvent.objects.get(
        content_type_id=mine.content_type_id, object_id=mine.object_id, seq=mine.seq + 1
    )
    last = log_action(w.agency_b, "org.agency.viewed", actor="system:test")
    assert other.prev_hash == mine.hash
    assert (last.seq, last.prev_hash) == (other.seq + 1, other.hash)
    head = AuditChainHead.objects.get(
        content_type_id=last.content_type_id, object_id=last.object_id
    )
    assert (head.seq, head.hash) == (last.seq, last.hash)
    code, out = _verify()
    assert code == 0, out


def test_it_keeps_time_moving_forward_when_the_clock_steps_back(audited, monkeypatch):
    w = audited
    first = log_action(w.agency_b, "org.agency.viewed", actor="system:test")
    earlier = first.created_at - dt.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: earlier)
    second = log_action(w.agency_b, "org.agency.viewed", actor="system:test")
    monkeypatch.undo()
    assert second.created_at == first.created_at
    code, out = _verify()
    assert code == 0, out


def test_it_refuses_orm_edits_and_deletes_of_events(audited):
    event = events_for(audited.agency_a).first()
    event.action = "org.agency.hidden"
    with pytest.raises(DomainError) as exc:
        event.save()
    assert exc.value.message == EVENT_IMMUTABLE
    with pytest.raises(DomainError):
        event.delete()
    with pytest.raises(DomainError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.y.z")


def test_it_refuses_a_badly_named_action(audited):
    with pytest.raises(DomainError):
        log_action(audited.agency_a, "renamed")


def test_it_catches_an_event_edited_in_sql(audited):
    w = audited
    e2 = _rename(w.agency_a, "Tên mới", w.admin)
    _sql(f"UPDATE {EVENT_TABLE} SET data = %s WHERE id = %s", ['{"old": "x", "new": "y"}', e2.pk])
    code, out = _verify()
    assert code != 0
    assert f"org.agency pk={w.agency_a.pk} seq=2: event 'org.agency.renamed' was altered" in out


def test_it_catches_a_back_dated_event(audited):
    w = audited
    e2 = _rename(w.agency_a, "Tên mới", w.admin)
    earlier = e2.created_at - dt.timedelta(days=3)
    _sql(f"UPDATE {EVENT_TABLE} SET created_at = %s WHERE id = %s", [earlier, e2.pk])
    code, out = _verify()
    assert code != 0
    assert f"org.agency pk={w.agency_a.pk} seq=2" in out
    assert "back-dated" in out


def test_it_catches_a_deleted_event_in_the_middle_and_at_the_end(audited):
    w = audited
    e2 = _rename(w.agency_a, "Tên hai", w.admin)
    _rename(w.agency_a, "Tên ba", w.admin)
    e_b = _rename(w.agency_b, "Tên B", w.admin)
    _sql(f"DELETE FROM {EVENT_TABLE} WHERE id IN (%s, %s)", [e2.pk, e_b.pk])
    code, out = _verify()
    assert code != 0
    assert f"org.agency pk={w.agency_a.pk} seq=3: events 2..2 are missing" in out
    assert f"org.agency pk={w.agency_b.pk} seq=2: chain ends at seq 1" in out


def test_it_catches_an_audited_record_edited_in_sql(audited):
    w = audited
    _rename(w.agency_a, "Tên đúng", w.admin)
    _sql(
        f"UPDATE {Agency._meta.db_table} SET name = %s WHERE id = %s",
        ["Tên sửa lén", w.agency_a.pk],
    )
    code, out = _verify()
    assert code != 0
    assert f"org.agency pk={w.agency_a.pk} seq=2: field 'name' is 'Tên sửa lén'" in out


def _children(agency):
    return {"children": sorted(agency.children.values_list("name", flat=True))}


def _children_bulk(pks):
    names = {pk: [] for pk in pks}
    rows = Agency.objects.filter(parent_id__in=[int(pk) for pk in pks]).order_by("name")
    for parent_id, name in rows.values_list("parent_id", "name"):
        names[str(parent_id)].append(name)
    return {pk: {"children": value} for pk, value in names.items()}


def test_it_snapshots_and_verifies_a_computed_extra(audited, django_assert_max_num_queries):
    w = audited
    registry.register(Agency, fields=("name",), extra=_children, extra_bulk=_children_bulk)
    event = _rename(w.agency_a, "Tên mới", w.admin)
    assert event.state == {"name": "Tên mới", **_children(w.agency_a)}
    child = w.desk_a if w.desk_a.parent_id == w.agency_a.pk else None
    assert child is not None, "the world's desk A belongs to agency A"
    assert _verify()[0] == 0
    # A child row edited around the services: no event of its own, but the parent's snapshot differs.
    _sql(f"UPDATE {Agency._meta.db_table} SET name = %s WHERE id = %s", ["Sửa lén", child.pk])
    code, out = _verify()
    assert code != 0
    assert f"org.agency pk={w.agency_a.pk} seq=2: 'children' computed from the database" in out
    # One extra_bulk query per chunk of records, not one per record.
    from neuguong.core.audit.verify import verify

    with django_assert_max_num_queries(12):
        verify()


def test_it_refuses_an_extra_without_its_bulk_form():
    with pytest.raises(ValueError, match="extra_bulk"):
        registry.register(Agency, fields=("name",), extra=_children)


def test_it_catches_an_audited_record_written_around_log_action(audited):
    from neuguong.org.tests.factories import AgencyFactory

    sneaky = AgencyFactory(unit=audited.commune_a)
    code, out = _verify()
    assert code != 0
    assert f"org.agency pk={sneaky.pk}: audited record has no audit event" in out


def test_it_limits_verify_to_recent_chains_with_since(audited):
    w = audited
    e2 = _rename(w.agency_a, "Tên mới", w.admin)
    _sql(f"UPDATE {EVENT_TABLE} SET action = %s WHERE id = %s", ["org.agency.x", e2.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert _verify("--since", tomorrow.isoformat())[0] == 0
    assert _verify("--since", timezone.localdate().isoformat())[0] != 0


# ---- digests --------------------------------------------------------------------------------------


def _later():
    return timezone.now() + dt.timedelta(days=2)


def _documented_day_hash(start, end) -> tuple[str, int, int]:
    """The version 2 window as docs/audit-and-outbox.md defines it, recomputed by hand: sha256 over
    "<hash>\\n" of the window's events ordered by (created_at, hash); events; chains started."""
    events = AuditEvent.objects.filter(created_at__lt=end)
    if start is not None:
        events = events.filter(created_at__gte=start)
    rows = sorted(
        (hashing.timestamp(at), h, seq)
        for at, h, seq in events.values_list("created_at", "hash", "seq")
    )
    text = "".join(f"{h}\n" for _at, h, _seq in rows)
    return hashlib.sha256(text.encode()).hexdigest(), len(rows), sum(seq == 1 for *_r, seq in rows)


def test_it_computes_a_stable_chained_incremental_digest(audited):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    first = digest_create(yesterday)
    assert (first.events, first.prev_hash, first.hash_version) == (0, "", 2)
    second = digest_create(today, now=_later())
    assert second.prev_hash == first.hash
    assert second.events == AuditEvent.objects.count()  # all written today, after `first`
    assert second.chains == Agency.objects.count()  # each agency's chain started today
    assert digest_create(today, now=_later()).pk == second.pk  # idempotent
    assert digest_compute(today, first)["hash"] == second.hash
    root, events, chains = _documented_day_hash(day_end(yesterday), day_end(today))
    assert (second.root_hash, second.events, second.chains) == (root, events, chains)
    payload = {
        "v": 2,
        "day": today.isoformat(),
        "root_hash": root,
        "chains": chains,
        "events": events,
        "prev_hash": first.hash,
    }
    assert second.hash == hashlib.sha256(hashing.canonical(payload)).hexdigest()
    assert _verify()[0] == 0


def test_it_publishes_every_missing_day_in_one_pass(audited, django_assert_max_num_queries):
    from neuguong.core.audit.bulk import ChainWriter

    w = audited
    today = timezone.localdate()
    at = day_end(today - dt.timedelta(days=4))  # 00:00 three days ago, Vietnam time
    with ChainWriter() as writer:
        for hours in (1, 2, 25):
            writer.append(
                "auth.user",
                w.head.pk,
                "core.user.generated",
                created_at=at + dt.timedelta(hours=hours),
            )
    yesterday = today - dt.timedelta(days=1)
    with django_assert_max_num_queries(8):  # savepoints included; as many for 3 days as for 300
        assert digest_publish_through(yesterday) == 3
    digests = list(AuditDigest.objects.order_by("day"))
    assert [d.day for d in digests] == [today - dt.timedelta(days=n) for n in (3, 2, 1)]
    assert [(d.events, d.chains) for d in digests] == [(2, 1), (1, 0), (0, 0)]
    assert [d.prev_hash for d in digests] == ["", digests[0].hash, digests[1].hash]
    for d, before in zip(digests, [None, *digests], strict=False):
        start = day_end(before.day) if before else None
        assert d.root_hash == _documented_day_hash(start, day_end(d.day))[0]
    assert digest_publish_through(yesterday) == 0
    with pytest.raises(DomainError) as exc:
        digest_publish_through(today)
    assert exc.value.message == DIGEST_DAY_NOT_OVER
    assert _verify()[0] == 0


def test_it_keeps_version_1_digests_verifiable(audited):
    """A digest of the old format (a root over every chain head) is checked by its own rule, and a
    new digest chains onto it."""
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    old = AuditDigest.objects.create(
        day=yesterday, created_at=timezone.now(), hash_version=1, **digest_compute_v1(yesterday, "")
    )
    new = digest_create(today, now=_later())
    assert (new.hash_version, new.prev_hash) == (2, old.hash)
    assert _verify()[0] == 0
    _sql("UPDATE audit_auditdigest SET chains = chains + 1 WHERE id = %s", [old.pk])
    code, out = _verify()
    assert code == 2
    assert f"audit.auditdigest day={yesterday}: digest row was altered" in out


def test_it_refuses_a_day_not_over_and_digests_out_of_order(audited):
    today = timezone.localdate()
    with pytest.raises(DomainError) as exc:
        digest_create(today)
    assert exc.value.message == DIGEST_DAY_NOT_OVER
    digest_create(today, now=_later())
    with pytest.raises(DomainError) as exc:
        digest_create(today - dt.timedelta(days=1))
    assert exc.value.message == DIGEST_OUT_OF_ORDER


def test_it_catches_a_consistently_rewritten_chain_through_the_digest(audited):
    """An attacker who rewrites an event AND recomputes the rest of its chain is caught by the
    published digest of that day."""
    w = audited
    e2 = _rename(w.agency_a, "Tên thật", w.admin)
    digest_create(timezone.localdate(), now=_later())
    forged = {"old": "x", "new": "Tên giả"}
    forged_hash = hashing.event_hash(
        model="org.agency",
        object_id=e2.object_id,
        seq=2,
        actor_id=e2.actor_id,
        actor_label=e2.actor_label,
        action=e2.action,
        data=forged,
        state=e2.state,
        created_at=e2.created_at,
        prev_hash=e2.prev_hash,
    )
    _sql(
        f"UPDATE {EVENT_TABLE} SET data = %s, hash = %s WHERE id = %s",
        [json.dumps(forged), forged_hash, e2.pk],
    )
    _sql(
        "UPDATE audit_auditchainhead SET hash = %s WHERE object_id = %s AND seq = 2",
        [forged_hash, e2.object_id],
    )
    code, out = _verify()
    assert code != 0
    assert "the chain" not in out  # every link and head holds: only the digest sees it
    assert (
        f"audit.auditdigest day={timezone.localdate()}: the events no longer give the published"
        in out
    )


def test_it_catches_an_event_back_dated_into_a_published_day(audited):
    w = audited
    e2 = _rename(w.agency_a, "Tên mới", w.admin)
    digest_create(timezone.localdate(), now=_later())
    _sql(f"DELETE FROM {EVENT_TABLE} WHERE id = %s", [e2.pk])
    code, out = _verify()
    assert code != 0
    assert "no longer give the published" in out


def test_it_catches_an_altered_digest_row(audited):
    d = digest_create(timezone.localdate(), now=_later())
    _sql("UPDATE audit_auditdigest SET events = events + 1 WHERE id = %s", [d.pk])
    code, out = _verify()
    assert code != 0
    assert "digest row was altered" in out


def test_it_serves_digests_publicly(audited, client, django_assert_max_num_queries):
    d = digest_create(timezone.localdate(), now=_later())
    with django_assert_max_num_queries(3):
        page = client.get(reverse("audit-digests"))
    assert page.status_code == 200
    assert d.hash in page.content.decode()
    res = client.get("/api/v1/public/audit/digests")
    assert res.status_code == 200
    assert res.json()[0]["hash"] == d.hash
    assert res.json()[0]["day"] == d.day.isoformat()
    assert res.json()[0]["hash_version"] == 2


def test_it_runs_the_digest_command(audited):
    call_command("audit", "digest", "--date", "2025-01-01")
    assert AuditDigest.objects.get(day=dt.date(2025, 1, 1)).events == 0
    call_command("audit", "digest", "--through", "2025-01-03")
    assert AuditDigest.objects.count() == 3


# ---- timeline -------------------------------------------------------------------------------------


def _timeline_url(agency):
    return reverse("audit-timeline", args=["org", "agency", agency.pk])


@pytest.mark.parametrize("persona", ["head", "inspector", "admin"])
def test_it_shows_the_timeline_to_staff_who_may_see_the_record(audited, login, persona):
    _rename(audited.agency_a, "Tên mới", audited.admin)
    res = login(getattr(audited, persona)).get(_timeline_url(audited.agency_a))
    assert res.status_code == 200
    html = res.content.decode()
    assert "Đổi tên cơ quan" in html  # the action by its label (issue 8)
    assert "Tên mới" in html
    # The code itself only in the inspectors' technical detail.
    assert ("org.agency.renamed" in html) == (persona != "head")


@pytest.mark.parametrize("persona", ["outsider", "citizen"])
def test_it_forbids_the_timeline_to_others(audited, login, persona):
    res = login(getattr(audited, persona)).get(_timeline_url(audited.agency_a))
    assert res.status_code == 403


def test_it_sends_anonymous_visitors_to_login(audited, client):
    assert client.get(_timeline_url(audited.agency_a)).status_code == 302


def test_it_answers_404_for_unknown_models(audited, login):
    res = login(audited.inspector).get(reverse("audit-timeline", args=["org", "nothing", 1]))
    assert res.status_code == 404
