"""Reception days and dialogues, mounted at /reception/ (public pages under /reception/public/)."""

from django.urls import path

from neuguong.feedback.reception import views, views_dialogues, views_public

urlpatterns = [
    path("", views.session_list, name="reception-sessions"),
    path("sessions/new/", views.session_new, name="reception-session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="reception-session"),
    path(
        "sessions/<int:pk>/personal-data/",
        views.session_personal_data,
        name="reception-session-personal-data",
    ),
    path(
        "sessions/<int:pk>/actions/<slug:action>/",
        views.session_action,
        name="reception-session-action",
    ),
    path("compliance/", views.compliance_view, name="reception-compliance"),
    path("report/", views.report_view, name="reception-report"),
    path("dialogues/", views_dialogues.dialogue_list, name="reception-dialogues"),
    path("dialogues/new/", views_dialogues.dialogue_new, name="reception-dialogue-new"),
    path("dialogues/<int:pk>/", views_dialogues.dialogue_detail, name="reception-dialogue"),
    path(
        "dialogues/<int:pk>/actions/<slug:action>/",
        views_dialogues.dialogue_action,
        name="reception-dialogue-action",
    ),
    path(
        "dialogues/compliance/",
        views_dialogues.dialogue_compliance_view,
        name="reception-dialogue-compliance",
    ),
    path(
        "voter-requests/new/", views_dialogues.voter_request_new, name="reception-voter-request-new"
    ),
    path("public/", views_public.public_calendar, name="reception-public"),
    path("public/sessions.ics", views_public.sessions_feed, name="reception-public-sessions-ics"),
    path(
        "public/dialogues.ics", views_public.dialogues_feed, name="reception-public-dialogues-ics"
    ),
    path(
        "public/dialogues/<int:pk>/", views_public.public_dialogue, name="reception-public-dialogue"
    ),
]
