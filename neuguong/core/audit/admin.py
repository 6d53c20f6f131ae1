"""Read-only admin for the audit log: events and digests are never edited, not even by admins."""

from django.contrib import admin

from neuguong.core.audit.models import AuditDigest, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "content_type", "object_id", "seq", "actor_label")
    list_filter = ("content_type", "action")
    search_fields = ("object_id", "action", "actor_label", "hash")
    list_select_related = ("content_type",)
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(AuditDigest)
class AuditDigestAdmin(ReadOnlyAdmin):
    list_display = ("day", "chains", "events", "hash", "prev_hash")
