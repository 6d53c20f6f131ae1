"""Dialogue conferences (Law on the Organisation of Local Government 72/2025/QH15, Art. 43).

Plan → announce (late when fewer than `dialogue.notice_days` days ahead) → hold → record the
participants and the issues (each a tracked item and a feedback item) → publish the results (late
after `dialogue.publish_days` days). Voters' requests are recorded on their own and may trigger one.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.errors import NotAllowed
from neuguong.core.outbox import enqueue
from neuguong.core.workflow import Change
from neuguong.feedback.reception import rules
from neuguong.feedback.reception import validation as v
from neuguong.feedback.reception.constants import KEEPERS, DialogueState, DialogueTrigger
from neuguong.feedback.reception.models import (
    Dialogue,
    DialogueIssue,
    DialogueParticipant,
    VoterRequest,
)
from neuguong.feedback.reception.services.feedback_link import submit_feedback_item
from neuguong.feedback.reception.services.workflow import DIALOGUES, actor_roles, now, unit_in_scope
from neuguong.org.constants import UnitLevel

PLAN_REFUSED = _("Your role does not allow planning dialogues.")
NOT_A_COMMUNE = _("A dialogue conference is held by a commune or ward.")
REQUEST_OTHER_COMMUNE = _("A voters' request of another commune cannot trigger this dialogue.")
OWNER_OUT_OF_SCOPE = _("The owner of an issue must be an agency you can see.")
#: the chair is reminded this many days before the results fall due
REMINDER_DAYS_BEFORE = 2


def _check_keeper(actor, unit, refused) -> None:
    if not (actor_roles(actor) & KEEPERS):
        raise NotAllowed(refused, code="role_not_allowed")
    if not unit_in_scope(actor, unit.pk):
        raise NotAllowed(refused, code="out_of_scope")


def voter_request_record(*, actor, unit, received_on, signatures, voters, subject, at=None):
    """Record voters asking for a dialogue; whether they reach the rulebook's share is computed."""
    if unit.level != UnitLevel.COMMUNE:
        raise v.InvalidInput(NOT_A_COMMUNE, code="not_a_commune", field="unit")
    received_on = v.clean_date(received_on, field="received_on")
    signatures, voters = v.clean_voter_counts(signatures, voters)
    subject = v.clean_short(subject, field="subject")
    _check_keeper(actor, unit, PLAN_REFUSED)
    with transaction.atomic():
        request = VoterRequest.objects.create(
            province_code=unit.province_code,
            unit=unit,
            received_on=received_on,
            signatures=signatures,
            voters=voters,
            subject=subject,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        log_action(
            request,
            "reception.voterrequest.recorded",
            actor=actor,
            data={"at": now(at), "obliging": request.share >= rules.voter_share(received_on)},
        )
    return request


def dialogue_plan(
    *,
    actor,
    unit,
    chair,
    topic,
    starts_at,
    location,
    format="",
    trigger="",
    units_taking_part="",
    voter_requests=(),
    at=None,
) -> Dialogue:
    if unit.level != UnitLevel.COMMUNE:
        raise v.InvalidInput(NOT_A_COMMUNE, code="not_a_commune", field="unit")
    topic = v.clean_short(topic, field="topic")
    starts_at = v.clean_datetime(starts_at, field="starts_at")
    location = v.clean_short(location, field="location", max_length=255)
    fmt = v.clean_format(format)
    trigger = v.clean_trigger(trigger or (DialogueTrigger.VOTER_REQUEST if voter_requests else ""))
    units_taking_part = v.clean_long(units_taking_part, field="units_taking_part")
    _check_keeper(actor, unit, PLAN_REFUSED)
    for request in voter_requests:
        if request.unit_id != unit.pk:
            raise v.InvalidInput(
                REQUEST_OTHER_COMMUNE, code="request_other_commune", field="voter_requests"
            )
    with transaction.atomic():
        dialogue = Dialogue.objects.create(
            province_code=unit.province_code,
            unit=unit,
            chair=chair,
            topic=topic,
            starts_at=starts_at,
            location=location,
            format=fmt,
            trigger=trigger,
            units_taking_part=units_taking_part,
        )
        ids = [r.pk for r in voter_requests]
        if ids:
            VoterRequest.objects.filter(pk__in=ids).update(dialogue=dialogue)
        log_action(
            dialogue,
            "reception.dialogue.planned",
            actor=actor,
            data={"at": now(at), "voter_requests": ids},
        )
    return dialogue


def dialogue_announce(dialogue, *, actor, at=None, version=None):
    """Announce the time, place, topic and way of taking part; flagged late under the notice period."""
    moment = now(at)

    def change(locked: Dialogue) -> Change:
        locked.announced_at = moment
        locked.announcement_late = rules.announcement_is_late(moment, locked.starts_at)
        return Change(
            fields=("announced_at", "announcement_late"),
            data={
                "late": locked.announcement_late,
                "notice_days": rules.notice_days(locked.starts_at),
            },
        )

    return DIALOGUES.apply(
        dialogue, "announce", actor=actor, at=moment, change=change, version=version
    )


def _remind_chair(dialogue: Dialogue, *, reminder: bool = False) -> None:
    email = dialogue.chair.email
    if not email or dialogue.publish_due_at is None:
        return
    enqueue(
        channel="email",
        to=email,
        subject=_g("Dialogue: publish the results"),
        body=_g("Publish the results of the dialogue “%(topic)s” by %(due)s.")
        % {
            "topic": dialogue.topic,
            "due": timezone.localtime(dialogue.publish_due_at).strftime("%d/%m/%Y"),
        },
        topic="reception.dialogue.publish_reminder"
        if reminder
        else "reception.dialogue.publish_due",
        obj=dialogue,
    )


def dialogue_hold(dialogue, *, actor, held_at=None, note: str = "", at=None, version=None):
    note = v.clean_long(note, field="note")
    moment = now(held_at or at)

    def change(locked: Dialogue) -> Change:
        locked.held_at = moment
        locked.publish_due_at = rules.publish_due(moment)
        return Change(
            fields=("held_at", "publish_due_at"),
            note=note,
            data={"due": locked.publish_due_at},
            notify=[_remind_chair],
        )

    return DIALOGUES.apply(dialogue, "hold", actor=actor, at=moment, change=change, version=version)


def dialogue_record_participant(dialogue, *, actor, name, organisation="", at=None, version=None):
    name = v.clean_short(name, field="name", max_length=200)
    organisation = v.clean_short(organisation, field="organisation", required=False, max_length=200)

    def change(locked: Dialogue) -> Change:
        p = DialogueParticipant.objects.create(
            dialogue=locked,
            province_code=locked.province_code,
            name=name,
            organisation=organisation,
        )
        return Change(data={"participant": p.pk}, result=p)

    return DIALOGUES.apply(
        dialogue, "record_participant", actor=actor, at=now(at), change=change, version=version
    )


def dialogue_record_issue(
    dialogue, *, actor, summary, category_code, owner, commitment, deadline, at=None, version=None
) -> DialogueIssue:
    """An issue raised: owner agency, commitment and deadline, and a feedback item (channel "dialogue")."""
    summary = v.clean_short(summary, field="summary")
    category_code = v.clean_short(category_code, field="category_code", max_length=40)
    commitment = v.clean_long(commitment, field="commitment", required=True)
    deadline = v.clean_date(deadline, field="deadline")
    if not unit_in_scope(actor, owner.unit_id) and owner.unit_id != dialogue.unit_id:
        raise v.InvalidInput(OWNER_OUT_OF_SCOPE, code="owner_out_of_scope", field="owner")
    moment = now(at)

    def change(locked: Dialogue) -> Change:
        issue = DialogueIssue.objects.create(
            dialogue=locked,
            province_code=locked.province_code,
            category_code=category_code,
            summary=summary,
            owner=owner,
            commitment=commitment,
            deadline=deadline,
            recorded_at=moment,
        )
        issue.feedback_item = submit_feedback_item(
            category_code=category_code,
            title=summary,
            body=commitment,
            commune_code=locked.unit.code,
            channel="dialogue",
            actor=actor,
            source_object=issue,
            at=moment,
        )
        if issue.feedback_item is not None:
            issue.save(update_fields=["feedback_item"])
        return Change(
            data={
                "issue": issue.pk,
                "owner": owner.pk,
                "deadline": deadline,
                "item": issue.feedback_item_id,
            },
            result=issue,
        )

    return DIALOGUES.apply(
        dialogue, "record_issue", actor=actor, at=moment, change=change, version=version
    )


def dialogue_publish(dialogue, *, actor, results, at=None, version=None):
    """Publish the results (public page); late after the rulebook's period from the day it was held."""
    results = v.clean_long(results, field="results", required=True)
    moment = now(at)

    def change(locked: Dialogue) -> Change:
        locked.published_at = moment
        locked.results = results
        locked.publication_late = bool(locked.publish_due_at and moment > locked.publish_due_at)
        return Change(
            fields=("published_at", "results", "publication_late"),
            data={"late": locked.publication_late},
        )

    return DIALOGUES.apply(
        dialogue, "publish", actor=actor, at=moment, change=change, version=version
    )


def dialogue_cancel(dialogue, *, actor, reason, at=None, version=None):
    reason = v.clean_short(reason, field="reason", max_length=500)
    return DIALOGUES.apply(
        dialogue,
        "cancel",
        actor=actor,
        at=now(at),
        change=lambda locked: Change(note=reason),
        version=version,
    )


def dialogue_send_reminders(*, at: dt.datetime | None = None) -> int:
    """Remind each chair whose results fall due within REMINDER_DAYS_BEFORE days (once per dialogue).
    Run by `neuguong manage reception_reminders` (e.g. daily from cron). Returns how many were sent."""
    moment = now(at)
    due = Dialogue.objects.filter(
        state=DialogueState.HELD,
        reminder_sent_at__isnull=True,
        publish_due_at__lte=moment + dt.timedelta(days=REMINDER_DAYS_BEFORE),
    ).select_related("chair")
    sent = 0
    for dialogue in due:
        with transaction.atomic():
            locked = (
                Dialogue.objects.select_for_update().select_related("chair").get(pk=dialogue.pk)
            )
            if locked.reminder_sent_at is not None or locked.state != DialogueState.HELD:
                continue
            locked.reminder_sent_at = moment
            locked.save(update_fields=["reminder_sent_at"])
            _remind_chair(locked, reminder=True)
            log_action(
                locked,
                "reception.dialogue.reminder_sent",
                actor="system:reminders",
                data={"at": moment},
            )
            sent += 1
    return sent
