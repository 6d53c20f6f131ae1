"""Django admin for the one-stop shop.

Procedures are edited here (with their process template). Dossiers are shown read-only: their state changes
only through the services (STYLE.md §1), so no admin form may write a state, a timestamp or a transition.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from neuguong.onestop.catalogue import working_hours
from neuguong.onestop.models import (
    Apology,
    DailySequence,
    Dossier,
    DossierDocument,
    DossierPause,
    DossierStep,
    DossierTransition,
    Procedure,
    ProcedureStep,
    Rating,
)

# %(steps)s and %(deadline)s are catalogue.working_hours phrases ("24 working hours", "1 working hour").
DEADLINE_MISMATCH = _(
    "The steps of %(procedure)s add up to %(steps)s, but the legal deadline is %(deadline)s. "
    "Adjust the steps or the deadline."
)


class ReadOnlyAdminMixin:
    """Rows written only by services: viewable, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProcedureStepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 1
    fields = ("order", "name", "actor_kind", "agency", "agency_level", "hours")
    autocomplete_fields = ("agency",)
    ordering = ("order",)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "field",
        "deadline_hours",
        "steps_match_deadline",
        "online_level",
        "is_active",
    )
    list_filter = ("level", "online_level", "online_payment", "is_active", "field")
    search_fields = ("code", "name", "search_text")
    inlines = (ProcedureStepInline,)
    # Every part 766 item 1.3 checks is on this form (applicants among them), with the dates of 1.1
    # side by side and the fee's online payment (3.5) beside the fee.
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "field",
                    "level",
                    "applicants",
                    "province_code",
                    "is_active",
                )
            },
        ),
        (
            _("Deadline and fee"),
            {"fields": ("deadline_hours", "cutoff_time", "fee", "fee_note", "online_payment")},
        ),
        (
            _("Publication and channels"),
            {
                "fields": (
                    "published_on",
                    "legal_basis_effective_on",
                    "online_level",
                    "channels",
                )
            },
        ),
        (_("Legal basis and documents"), {"fields": ("legal_basis", "required_documents")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps")

    @admin.display(boolean=True, description=_("steps = deadline"))
    def steps_match_deadline(self, obj):
        return not obj.deadline_mismatch

    def _warn_mismatch(self, request, obj):
        if obj.deadline_mismatch:
            self.message_user(
                request,
                DEADLINE_MISMATCH
                % {
                    "procedure": obj.code,
                    "steps": working_hours(obj.steps_total_hours),
                    "deadline": working_hours(obj.deadline_hours),
                },
                level=messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The steps are saved now (inlines), so the sum is the one the admin just entered.
        obj = Procedure.objects.prefetch_related("steps").get(pk=form.instance.pk)
        self._warn_mismatch(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = Procedure.objects.prefetch_related("steps").filter(pk=object_id).first()
            if obj is not None:
                self._warn_mismatch(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)


class DossierStepInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DossierStep
    extra = 0
    fields = (
        "order",
        "name",
        "agency",
        "hours",
        "started_at",
        "due_at",
        "completed_at",
        "handed_over_by",
        "received_by",
        "result",
    )
    readonly_fields = fields


class DossierTransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DossierTransition
    extra = 0
    fields = ("at", "action", "from_state", "to_state", "actor", "note")
    readonly_fields = fields


class DossierDocumentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DossierDocument
    extra = 0
    fields = ("name", "size", "content_type", "digitised", "uploaded_at")
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "procedure_name",
        "applicant_name",
        "masked_id",
        "state",
        "channel",
        "received_at",
        "appointment_at",
    )
    list_filter = ("state", "channel", "late_by_rule", "rescheduled")
    search_fields = ("code", "search_text")
    date_hierarchy = "received_at"
    list_select_related = ("procedure",)
    inlines = (DossierStepInline, DossierTransitionInline, DossierDocumentInline)
    # The admin list must not show full citizen IDs: only the masked one (and no phone).
    exclude = ("applicant_id_number", "applicant_phone")
    show_full_result_count = False

    @admin.display(description=_("citizen ID"))
    def masked_id(self, obj):
        return obj.masked_id


@admin.register(DossierTransition)
class DossierTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("dossier", "action", "from_state", "to_state", "actor", "at")
    list_filter = ("action", "to_state")
    search_fields = ("dossier__code",)
    list_select_related = ("dossier", "actor")
    show_full_result_count = False


@admin.register(DossierPause)
class DossierPauseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("dossier", "started_at", "ended_at")
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)


@admin.register(DailySequence)
class DailySequenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("agency", "day", "last_number")
    list_select_related = ("agency",)


@admin.register(Apology)
class ApologyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("dossier", "agency", "old_appointment_at", "new_appointment_at", "signed_at")
    list_select_related = ("dossier", "agency")
    search_fields = ("dossier__code",)


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("dossier", "value", "created_at")
    list_filter = ("value",)
    list_select_related = ("dossier",)
    search_fields = ("dossier__code",)
