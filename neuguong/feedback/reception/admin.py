"""Read-only admin pages: reception days, dialogues and voters' requests change only through the
services (their tables, audit and outbox); the admin lists them for checking. Citizens' personal data
is not shown here (the session page's audited button is the one place that unmasks it)."""

from django.contrib import admin

from neuguong.core.audit.admin import ReadOnlyAdmin
from neuguong.feedback.reception.models import Dialogue, ReceptionSession, VoterRequest


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(ReadOnlyAdmin):
    list_display = ("scheduled_on", "head", "position", "level", "unit", "state", "acknowledged_at")
    list_filter = ("state", "position", "level")
    search_fields = ("head__full_name", "unit__name")
    list_select_related = ("head", "unit")
    date_hierarchy = "scheduled_on"
    exclude = ("note",)


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyAdmin):
    list_display = ("starts_at", "unit", "topic", "state", "announcement_late", "publication_late")
    list_filter = ("state", "announcement_late", "publication_late", "format", "trigger")
    search_fields = ("topic", "unit__name")
    list_select_related = ("unit",)
    date_hierarchy = "starts_at"


@admin.register(VoterRequest)
class VoterRequestAdmin(ReadOnlyAdmin):
    list_display = ("received_on", "unit", "subject", "signatures", "voters", "dialogue")
    list_select_related = ("unit", "dialogue")
