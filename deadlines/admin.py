from django.contrib import admin

from deadlines.models import CourtClosure, Deadline, ReminderDelivery, TriggerEvent


@admin.register(CourtClosure)
class CourtClosureAdmin(admin.ModelAdmin):
    """Firm-entered closures: the calculator treats them as closed days."""

    list_display = ["date", "jurisdiction", "reason", "created_by"]
    list_filter = ["jurisdiction"]
    date_hierarchy = "date"
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(TriggerEvent)
class TriggerEventAdmin(admin.ModelAdmin):
    list_display = ["event_name", "matter", "trigger_date", "ruleset", "jurisdiction"]
    raw_id_fields = ["matter", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False  # changes go through the trigger-date preview, which recomputes


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["title", "matter", "due_date", "kind", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["matter", "trigger_event", "depends_on", "responsible"]

    def has_change_permission(self, request, obj=None):
        return False  # writes go through the audited services (the matter's Deadlines tab)


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["deadline", "user", "kind", "offset_days", "due_date", "sent_at", "skipped"]
    list_filter = ["kind", "skipped"]
    raw_id_fields = ["deadline", "user"]

    def has_change_permission(self, request, obj=None):
        return False
