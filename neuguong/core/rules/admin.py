"""The rulebook in the admin: the list by key, and each key's full history on every version's page."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from neuguong.core.admin import AuditedModelAdmin
from neuguong.core.rules.models import Rule
from neuguong.core.rules.selectors import LEGAL_TZ, rule_history


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return (("yes", _("In force today")), ("no", _("Past or future versions")))

    def queryset(self, request, queryset):
        today = timezone.now().astimezone(LEGAL_TZ).date()
        in_force = Q(effective_from__lte=today) & (
            Q(effective_to__isnull=True) | Q(effective_to__gte=today)
        )
        if self.value() == "yes":
            return queryset.filter(in_force)
        if self.value() == "no":
            return queryset.exclude(in_force)
        return queryset


@admin.register(Rule)
class RuleAdmin(AuditedModelAdmin):
    list_display = (
        "key",
        "effective_from",
        "effective_to",
        "value",
        "short_source",
        "history_link",
    )
    list_filter = (InForceFilter, "key")
    search_fields = ("key", "source", "note")
    ordering = ("key", "-effective_from")
    readonly_fields = ("history", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("key", "value", "effective_from", "effective_to")}),
        (_("Legal basis"), {"fields": ("source", "note")}),
        (_("History of this key"), {"fields": ("history", "created_at", "updated_at")}),
    )

    @admin.display(description=_("legal source"))
    def short_source(self, obj):
        return obj.source if len(obj.source) <= 80 else obj.source[:79] + "…"

    @admin.display(description=_("history"))
    def history_link(self, obj):
        url = reverse("admin:rules_rule_changelist") + f"?key={obj.key}"
        return format_html('<a href="{}">{}</a>', url, _("all versions"))

    @admin.display(description=_("all versions of this key"))
    def history(self, obj):
        if obj is None or not obj.pk:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            (
                (
                    version.effective_from,
                    version.effective_to or "…",
                    version.value,
                    version.source,
                    version.note,
                )
                for version in rule_history(obj.key)
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("effective from"),
            _("effective to"),
            _("value"),
            _("legal source"),
            _("note"),
            rows,
        )
