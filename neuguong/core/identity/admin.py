"""Citizen identities in the admin: read-only, the ID number and phone masked (personal data)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from neuguong.core.identity.models import CitizenIdentity


@admin.register(CitizenIdentity)
class CitizenIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "full_name", "masked_id", "provider", "last_login_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    # The ID number, phone, e-mail and birth date come from the identity provider: never typed here,
    # never shown in full.
    fields = ("user", "provider", "full_name", "masked_id", "last_login_at", "created_at")
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("citizen ID number"))
    def masked_id(self, obj):
        return obj.masked_id_number

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
