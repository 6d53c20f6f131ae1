from django.urls import path

from neuguong.core.audit import views

urlpatterns = [
    path("digests/", views.digests, name="audit-digests"),
    path("events/", views.event_index, name="audit-event-list"),
    path("<str:app_label>/<str:model_name>/<str:pk>/", views.timeline, name="audit-timeline"),
]
