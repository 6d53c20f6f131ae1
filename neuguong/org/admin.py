"""The organisation registry in the Django admin: everything configurable, every edit audited."""

from django.contrib import admin

from neuguong.core.admin import AuditedModelAdmin
from neuguong.org.models import (
    AdministrativeUnit,
    Agency,
    Delegation,
    Membership,
    PartyOrganization,
    Person,
    StaffingQuota,
    Term,
)


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    autocomplete_fields = ("person", "agency", "party_org")
    fields = ("person", "title", "agency", "party_org", "started_on", "ended_on", "decision_ref")


class PersonTermInline(TermInline):
    fk_name = "person"


class AgencyTermInline(TermInline):
    fk_name = "agency"


class PartyOrgTermInline(TermInline):
    fk_name = "party_org"


class QuotaInline(admin.TabularInline):
    model = StaffingQuota
    extra = 0
    fields = ("year", "kind", "approved", "filled", "decision_ref")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user", "agency", "unit", "party_org")
    fields = ("user", "role", "agency", "unit", "party_org", "valid_from", "valid_to")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "level", "unit_type", "parent", "valid_from", "valid_to")
    list_filter = ("level", "unit_type", "province_code")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ("name", "identifier_code", "kind", "level", "unit", "valid_from", "valid_to")
    list_filter = ("kind", "level", "province_code")
    search_fields = ("name", "short_name", "identifier_code")
    autocomplete_fields = ("unit", "parent")
    list_select_related = ("unit",)
    inlines = (AgencyTermInline, QuotaInline, MembershipInline)


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "parent", "unit", "agency")
    list_filter = ("kind", "province_code")
    search_fields = ("name",)
    autocomplete_fields = ("parent", "unit", "agency")
    list_select_related = ("parent", "unit", "agency")
    inlines = (PartyOrgTermInline,)


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("full_name", "user", "email", "phone")
    search_fields = ("full_name", "email", "user__username")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)
    inlines = (PersonTermInline,)


@admin.register(Term)
class TermAdmin(AuditedModelAdmin):
    list_display = ("person", "title", "agency", "party_org", "started_on", "ended_on")
    list_filter = ("title", "agency__kind")
    search_fields = ("person__full_name", "person__search_text", "agency__name", "party_org__name")
    autocomplete_fields = ("person", "agency", "party_org")
    list_select_related = ("person", "agency", "party_org")
    date_hierarchy = "started_on"


@admin.register(StaffingQuota)
class StaffingQuotaAdmin(AuditedModelAdmin):
    list_display = ("agency", "year", "kind", "approved", "filled", "difference")
    list_filter = ("year", "kind")
    search_fields = ("agency__name", "agency__search_text", "decision_ref")
    autocomplete_fields = ("agency",)
    list_select_related = ("agency",)


@admin.register(Delegation)
class DelegationAdmin(AuditedModelAdmin):
    list_display = (
        "delegator",
        "delegate",
        "agency",
        "kind",
        "legal_basis_number",
        "valid_from",
        "valid_to",
        "revoked_on",
    )
    list_filter = ("kind", "valid_from", "revoked_on")
    search_fields = ("legal_basis_number", "delegator__full_name", "delegate__full_name")
    autocomplete_fields = ("delegator", "delegate", "agency")
    list_select_related = ("delegator", "delegate", "agency")
    readonly_fields = ("revoked_by",)
    date_hierarchy = "valid_from"


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ("user", "role", "agency", "unit", "party_org", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__username", "agency__name", "unit__name", "party_org__name")
    autocomplete_fields = ("user", "agency", "unit", "party_org")
    list_select_related = ("user", "agency", "unit", "party_org")
