"""A month of one-stop work through the real services, for the daily facts' tests (test_facts,
test_facts_oracle): October 2025, some dossiers ending in November.

Every write below is a service call, so the facts are whatever the services' own hooks made of them.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.onestop import services as s
from neuguong.onestop.constants import ActorKind, Channel, OnlineLevel, PaymentMethod
from neuguong.onestop.services.citizen import dossier_supplement_online
from neuguong.onestop.services.public import dossier_rate
from neuguong.onestop.tests.factories import applicant, local, procedure_with_steps

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MONDAY = local(2025, 10, 6, 9)
HOUR = dt.timedelta(hours=1)


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def procedures(world) -> SimpleNamespace:
    """simple: desk, process, sign, return (24 h), offered online; linked: the department's hand-over
    (interconnected, another agency); commune_b: a hand-over at agency B (another commune); plain: no
    signature (agency B's own dossiers)."""
    receive, ret = (ActorKind.RECEIVE, 4, None), (ActorKind.RETURN, 0, None)
    return SimpleNamespace(
        simple=procedure_with_steps(
            [receive, (ActorKind.PROCESS, 16, None), (ActorKind.SIGN, 4, None), ret],
            online_level=OnlineLevel.FULL,
        ),
        linked=procedure_with_steps(
            [
                receive,
                (ActorKind.PROCESS, 8, None),
                (ActorKind.HANDOVER, 16, world.department),
                (ActorKind.SIGN, 4, None),
                ret,
            ],
            level="province",
        ),
        commune_b=procedure_with_steps(
            [receive, (ActorKind.PROCESS, 8, None), (ActorKind.HANDOVER, 8, world.agency_b), ret]
        ),
        plain=procedure_with_steps([receive, (ActorKind.PROCESS, 8, None), ret]),
    )


def story(world, after=None) -> SimpleNamespace:
    """Run the month. `after(label)` is called after every service call (test_facts checks the facts
    there). Returns the dossiers by name."""
    p = procedures(world)
    d = SimpleNamespace()
    check = after or (lambda label: None)

    def receive(procedure, at=MONDAY, handling=None, **kwargs):
        dossier = s.dossier_receive(
            actor=world.reception,
            receiving_agency=world.desk_a,
            procedure=procedure,
            applicant=applicant(),
            handling_agency=handling or world.agency_a,
            at=at,
            **kwargs,
        )
        check("receive")
        return dossier

    def run(service, dossier, label, **kwargs):
        service(dossier, **kwargs)
        check(label)

    def through(dossier, at, actor=None, steps=2):
        run(s.dossier_start, dossier, "start", actor=world.reception, at=at)
        for i in range(steps):
            run(
                s.dossier_complete_step,
                dossier,
                "complete_step",
                actor=actor or world.head,
                at=at + (i + 1) * HOUR,
            )

    # On time, a digitised document, returned, rated dissatisfied, and a feedback item about it.
    d.rated = receive(p.simple, documents=[{"name": "Tờ khai", "file": pdf(), "digitised": True}])
    through(d.rated, MONDAY)
    run(s.dossier_return, d.rated, "return", actor=world.reception, at=MONDAY + 4 * HOUR)
    dossier_rate(d.rated, value="dissatisfied", at=MONDAY + 5 * HOUR)
    check("rate")
    from neuguong.feedback.constants import Channel as FeedbackChannel
    from neuguong.feedback.services import submit_item

    submit_item(
        category_code="procedures",
        title="Trả kết quả chậm",
        body="Tôi phải đến nhiều lần mới nhận được kết quả.",
        commune_code=world.commune_a.code,
        channel=FeedbackChannel.WEB,
        actor=None,
        at=MONDAY + 6 * HOUR,
        dossier_code=d.rated.code,
    )
    check("feedback")

    # Interconnected: the department's step overran, the dossier is late for the department.
    d.linked = receive(p.linked)
    steps = {x.order: x for x in d.linked.steps.all()}
    run(s.dossier_start, d.linked, "start", actor=world.reception, at=MONDAY)
    run(s.dossier_complete_step, d.linked, "complete_step", actor=world.head, at=steps[2].due_at)
    late = steps[3].due_at + dt.timedelta(days=1)
    run(s.dossier_complete_step, d.linked, "complete_step", actor=world.specialist, at=late)
    run(s.dossier_complete_step, d.linked, "complete_step", actor=world.head, at=late + HOUR)
    run(s.dossier_return, d.linked, "return", actor=world.reception, at=late + 2 * HOUR)
    dossier_rate(d.linked, value="satisfied", at=late + 3 * HOUR)
    check("rate")

    # Two supplement requests (late by rule), one supplement sent online by the citizen.
    d.twice = receive(p.simple, at=MONDAY + HOUR)
    run(s.dossier_start, d.twice, "start", actor=world.reception, at=MONDAY + HOUR)
    for n in range(2):
        at = MONDAY + (2 + 2 * n) * HOUR
        run(
            s.dossier_request_supplement,
            d.twice,
            "supplement",
            actor=world.head,
            reason="Thiếu",
            at=at,
        )
        run(s.dossier_receive_supplement, d.twice, "supplement_in", actor=world.head, at=at + HOUR)
    run(s.dossier_finish, d.twice, "finish", actor=world.head, at=MONDAY + 7 * HOUR)

    # Fees: paid online, and at the desk (that one with a digitised document, still processing: 4.2
    # counts it, while the returned one above has no electronic result and does not count).
    for name, method in (("paid_online", PaymentMethod.ONLINE), ("paid_desk", PaymentMethod.DESK)):
        documents = (
            [{"name": "Giấy", "file": pdf(), "digitised": True}] if name == "paid_desk" else []
        )
        dossier = receive(p.simple, at=MONDAY + 2 * HOUR, documents=documents)
        setattr(d, name, dossier)
        run(s.dossier_start, dossier, "start", actor=world.reception, at=MONDAY + 2 * HOUR)
        run(
            s.dossier_request_payment,
            dossier,
            "payment",
            actor=world.head,
            amount=50000,
            at=MONDAY + 3 * HOUR,
        )
        run(
            s.dossier_confirm_payment,
            dossier,
            "paid",
            actor=world.head,
            method=method,
            at=MONDAY + 4 * HOUR,
        )
        run(
            s.dossier_complete_step,
            dossier,
            "complete_step",
            actor=world.head,
            at=MONDAY + 5 * HOUR,
        )
    run(
        s.dossier_complete_step,
        d.paid_online,
        "complete_step",
        actor=world.head,
        at=MONDAY + 6 * HOUR,
    )

    # Withdrawn while awaiting a supplement; stopped.
    d.withdrawn = receive(p.simple, at=MONDAY + 3 * HOUR)
    run(s.dossier_start, d.withdrawn, "start", actor=world.reception, at=MONDAY + 3 * HOUR)
    run(
        s.dossier_request_supplement,
        d.withdrawn,
        "supplement",
        actor=world.head,
        reason="Thiếu",
        at=MONDAY + 4 * HOUR,
    )
    run(
        s.dossier_withdraw,
        d.withdrawn,
        "withdraw",
        actor=world.reception,
        reason="Rút",
        at=local(2025, 10, 13, 9),
    )
    d.stopped = receive(p.simple, at=MONDAY + 3 * HOUR)
    run(s.dossier_stop, d.stopped, "stop", actor=world.head, reason="Dừng", at=MONDAY + 5 * HOUR)

    # Submitted online by the citizen, accepted, a supplement sent online, still processing.
    d.online = s.dossier_submit_online(
        procedure=p.simple,
        applicant=applicant(user=world.citizen),
        handling_agency=world.agency_a,
        receiving_agency=world.desk_a,
        at=MONDAY,
    )
    check("submit")
    run(s.dossier_accept, d.online, "accept", actor=world.reception, at=MONDAY + HOUR)
    run(s.dossier_start, d.online, "start", actor=world.reception, at=MONDAY + HOUR)
    run(
        s.dossier_request_supplement,
        d.online,
        "supplement",
        actor=world.head,
        reason="Thiếu",
        at=MONDAY + 2 * HOUR,
    )
    dossier_supplement_online(
        d.online,
        actor=world.citizen,
        documents=[{"name": "Bổ sung", "file": pdf()}],
        at=MONDAY + 3 * HOUR,
    )
    check("supplement_online")

    # Overdue: an apology signed by the head, then ended late (late for the apology's agency).
    d.apology = receive(p.simple, at=MONDAY)
    run(s.dossier_start, d.apology, "start", actor=world.reception, at=MONDAY)
    overdue = d.apology.current_step.due_at + HOUR
    s.apology_draft(d.apology, actor=world.head, reason="Cần xác minh", at=overdue)
    check("draft_apology")
    s.apology_sign(d.apology, actor=world.head, at=overdue)
    check("sign_apology")
    d.apology.refresh_from_db()
    through_at = overdue + HOUR
    run(s.dossier_complete_step, d.apology, "complete_step", actor=world.head, at=through_at)
    run(
        s.dossier_complete_step,
        d.apology,
        "complete_step",
        actor=world.head,
        at=local(2025, 10, 20, 9),
    )

    # Agency B's own dossier, received at desk A (phi địa giới).
    d.agency_b = receive(p.plain, at=MONDAY, handling=world.agency_b)
    run(s.dossier_start, d.agency_b, "start", actor=world.reception, at=MONDAY)
    run(
        s.dossier_complete_step,
        d.agency_b,
        "complete_step",
        actor=world.outsider,
        at=MONDAY + 2 * HOUR,
    )

    # Received on 30 October, a hand-over to agency B (another commune), ended in November.
    d.november = receive(p.commune_b, at=local(2025, 10, 30, 9), channel=Channel.POSTAL)
    run(s.dossier_start, d.november, "start", actor=world.reception, at=local(2025, 10, 30, 9))
    run(
        s.dossier_complete_step,
        d.november,
        "complete_step",
        actor=world.head,
        at=local(2025, 10, 30, 10),
    )
    run(
        s.dossier_complete_step,
        d.november,
        "complete_step",
        actor=world.outsider,
        at=local(2025, 11, 3, 10),
    )
    run(s.dossier_return, d.november, "return", actor=world.reception, at=local(2025, 11, 3, 11))

    # Received and still in processing.
    d.open = receive(p.plain, at=local(2025, 10, 31, 9))
    run(s.dossier_start, d.open, "start", actor=world.reception, at=local(2025, 10, 31, 9))
    d.procedures = p
    return d
