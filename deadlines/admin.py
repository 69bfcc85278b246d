from django.contrib import admin

from access.admin import MatterScopedAdmin
from deadlines.models import CourtClosure, Deadline, ReminderDelivery, TriggerEvent


@admin.register(CourtClosure)
class CourtClosureAdmin(admin.ModelAdmin):
    """Firm-entered closures, read-only here: they are added and removed on the
    court closures page (/deadlines/closures/), whose services validate and audit."""

    list_display = ["date", "jurisdiction", "reason", "created_by"]
    list_filter = ["jurisdiction"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Matter data: read-only and narrowed by the one door (access.admin.MatterScopedAdmin);
# writes go through the audited services (the matter's Deadlines tab), which
# recompute chains and keep versions.


@admin.register(TriggerEvent)
class TriggerEventAdmin(MatterScopedAdmin):
    list_display = ["event_name", "matter", "trigger_date", "ruleset", "jurisdiction"]
    list_select_related = ["matter"]
    ordering = ["-trigger_date", "-id"]


@admin.register(Deadline)
class DeadlineAdmin(MatterScopedAdmin):
    list_display = ["title", "matter", "due_date", "kind", "status"]
    list_select_related = ["matter"]
    list_filter = ["status", "kind"]
    ordering = ["due_date", "id"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(MatterScopedAdmin):
    list_display = ["deadline", "user", "kind", "offset_days", "due_date", "sent_at", "skipped"]
    list_select_related = ["deadline", "user"]
    list_filter = ["kind", "skipped"]
    ordering = ["-due_date", "-id"]
