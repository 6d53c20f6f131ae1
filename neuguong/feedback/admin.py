"""The admin: categories, routing rules, answer templates and Open311 clients are configured here
(audited); items are read-only here, since they change only through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from neuguong.core.admin import AuditedModelAdmin
from neuguong.core.audit import log_action
from neuguong.feedback.models import (
    AnswerTemplate,
    Category,
    FeedbackItem,
    Open311Client,
    RoutingRule,
)

KEY_ISSUED = _("The API key of %(name)s, shown once (only its hash is kept): %(key)s")


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "links_dossier", "is_active", "order")
    list_editable = ("is_active", "order")


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedModelAdmin):
    list_display = ("category", "commune", "agency", "is_active")
    list_filter = ("is_active", "category")
    autocomplete_fields = ("commune", "agency")


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(AuditedModelAdmin):
    list_display = ("title", "agency", "category")
    list_filter = ("category",)
    autocomplete_fields = ("agency",)


@admin.register(Open311Client)
class Open311ClientAdmin(AuditedModelAdmin):
    """A new client gets its key once, on the page after saving; revoke by setting the date."""

    list_display = ("name", "prefix", "contact", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "contact", "revoked_at")
    readonly_fields = ("prefix",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, raw = Open311Client.issue(obj.name, obj.contact)
        obj.pk, obj.prefix, obj.key_hash = client.pk, client.prefix, client.key_hash
        obj._state.adding = False
        log_action(
            client, "feedback.open311client.issued", actor=request.user, data={"name": obj.name}
        )
        messages.warning(request, KEY_ISSUED % {"name": obj.name, "key": raw})


@admin.register(FeedbackItem)
class FeedbackItemAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "state", "category", "agency", "submitted_at", "due_at")
    list_filter = ("kind", "state", "category", "channel")
    search_fields = ("code", "title")
    # Items change through the services only; personal fields are not shown here.
    exclude = ("submitter_name", "submitter_phone", "submitter_id_number", "submitter_email")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
