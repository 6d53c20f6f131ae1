from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from neuguong.core.outbox.models import OutboxMessage
from neuguong.core.outbox.services import outbox_retry
from neuguong.core.text import mask_digits


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "channel",
        "masked_recipient",
        "subject",
        "topic",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "channel", "topic")
    # Search by exact recipient only (a phone number is personal data: no partial-match fishing).
    search_fields = ("=recipient", "subject", "topic", "last_error")
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    @admin.display(description=_("recipient"))
    def masked_recipient(self, obj):
        if obj.channel == "sms":
            return mask_digits(obj.recipient)
        return obj.recipient

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry now (dead or pending messages)"))
    def retry(self, request, queryset):
        n = outbox_retry(queryset)
        self.message_user(
            request,
            ngettext("%(n)d message re-queued.", "%(n)d messages re-queued.", n) % {"n": n},
            messages.SUCCESS,
        )
