"""Public pages: the calendar of reception days and dialogues, their iCalendar feeds, and a dialogue's
published results. No citizen's data ever appears here."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from neuguong.core.pagination import paginate
from neuguong.feedback.reception import ical, selectors
from neuguong.feedback.reception.constants import DialogueState


def public_calendar(request):
    sessions = paginate(request, selectors.public_sessions(), param="sessions_page")
    dialogues = paginate(request, selectors.public_dialogues(), param="dialogues_page")
    return render(
        request,
        "reception/public/calendar.html",
        {
            "sessions_page": sessions,
            "sessions": sessions.object_list,
            "dialogues_page": dialogues,
            "dialogues": dialogues.object_list,
        },
    )


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def sessions_feed(request):
    content = ical.sessions_ics(
        selectors.public_sessions(), name=_("Reception days"), host=request.get_host()
    )
    return _ics(content, "tiep-cong-dan.ics")


def dialogues_feed(request):
    content = ical.dialogues_ics(
        selectors.public_dialogues(), name=_("Dialogue conferences"), host=request.get_host()
    )
    return _ics(content, "doi-thoai.ics")


def public_dialogue(request, pk):
    dialogue = selectors.public_dialogue(pk)
    published = dialogue.state == DialogueState.PUBLISHED
    return render(
        request,
        "reception/public/dialogue.html",
        {
            "dialogue": dialogue,
            "published": published,
            "issues": list(dialogue.issues.select_related("owner")) if published else [],
        },
    )
