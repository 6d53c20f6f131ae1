"""An audited Django admin: every save and delete made in the admin writes an audit event.

Admin edits bypass the services, so this is what keeps them on the record (who changed which field from what
to what). Use `AuditedModelAdmin` (and `AuditedInlineMixin`-free inlines: inline rows are logged by the parent
admin's `save_formset`) for every model an administrator can edit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit import log_action
from neuguong.core.audit.hashing import jsonable
from neuguong.core.models import ApiToken
from neuguong.core.text import fold

# The product's name, not Django's ("Trang quản trị cho Django"), in the header and the title.
admin.site.site_header = _("Nêu gương system administration")
admin.site.site_title = _("Nêu gương administration")
admin.site.index_title = _("Registry, accounts and records")


def _jsonable(value: Any) -> Any:
    """A form value for the audit log: querysets (many-to-many) as lists, then the log's own
    normaliser (core.audit.hashing.jsonable), the one every service uses."""
    if hasattr(value, "model") and not isinstance(value, models.Model):
        value = list(value)
    return jsonable(value)


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}_in_admin"


def _changes(form) -> dict:
    """Old and new values of the fields the form changed."""
    old, new = {}, {}
    for name in form.changed_data:
        old[name] = _jsonable(form.initial.get(name))
        new[name] = _jsonable(form.cleaned_data.get(name))
    return {"old": old, "new": new}


class AuditedModelAdmin(admin.ModelAdmin):
    """ModelAdmin whose saves and deletes (including inline rows and bulk deletes) are audited.

    Actions: `<app>.<model>.created_in_admin`, `<app>.<model>.changed_in_admin` (old/new of changed
    fields) and `<app>.<model>.deleted_in_admin`.
    """

    def get_search_results(self, request, queryset, search_term):
        """Also match the folded `search_text` of searchable models, so "uy quyen" finds "ủy quyền"."""
        qs, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if words and any(f.name == "search_text" for f in self.model._meta.fields):
            folded = queryset
            for word in words:
                folded = folded.filter(search_text__contains=word)
            qs = qs | folded
        return qs, may_have_duplicates

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            data = _changes(form)
            if data["new"]:
                log_action(obj, _action(obj, "changed"), actor=request.user, data=data)
        else:
            data = {"new": {n: _jsonable(form.cleaned_data.get(n)) for n in form.changed_data}}
            log_action(obj, _action(obj, "created"), actor=request.user, data=data)

    def delete_model(self, request, obj):
        log_action(
            obj, _action(obj, "deleted"), actor=request.user, data={"old": {"str": str(obj)}}
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            log_action(
                obj, _action(obj, "deleted"), actor=request.user, data={"old": {"str": str(obj)}}
            )
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if not hasattr(inline_form, "cleaned_data") or not inline_form.cleaned_data:
                continue
            obj = inline_form.instance
            if inline_form in formset.deleted_forms and obj.pk:
                log_action(
                    obj,
                    _action(obj, "deleted"),
                    actor=request.user,
                    data={"old": {"str": str(obj)}},
                )
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            obj = inline_form.instance
            if obj.pk is None:
                continue
            data = _changes(inline_form)
            verb = "changed" if inline_form.initial else "created"
            log_action(obj, _action(obj, verb), actor=request.user, data=data)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "user__username", "name")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request):
        # A token's raw value is shown once, by the staff page /api-tokens/ (api/views.py) or by
        # `neuguong token create`; the admin can only revoke.
        return False
