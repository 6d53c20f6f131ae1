"""Calendar days in the admin, audited: where the government's annual swap notice is entered (docs/calendar-and-rules.md)."""

from django.contrib import admin

from neuguong.core.admin import AuditedModelAdmin
from neuguong.core.calendar.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind",)
    search_fields = ("name", "source", "note")
    date_hierarchy = "date"
    ordering = ("-date",)
