"""Django admin for the cases app.

Matter data (matters, tasks, notes, offers) is changed only through the services
and the matter pages, which own the permission checks, the audit trail and the
version checks; the admin holds configuration, such as the task templates each
practice area applies when a matter opens, and a read-only list of matters for
staff, narrowed by the one door like every other read.
"""

from django.contrib import admin

from access.admin import MatterScopedAdmin
from cases.models import Matter, PracticeArea, TaskTemplate


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "practice_area", "due_after_days", "priority", "assignee_role",
                    "recur_every_days", "is_active", "position"]  # fmt: skip
    list_filter = ["practice_area", "is_active", "priority"]
    list_editable = ["position", "is_active"]
    search_fields = ["title"]
    ordering = ["practice_area", "position", "id"]


class StageFilter(admin.SimpleListFilter):
    """Stages as the practice areas define them: read from the few practice-area
    rows rather than with a DISTINCT over every matter (the default filter)."""

    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        stages: list[str] = []
        for area_stages in PracticeArea.objects.values_list("stages", flat=True):
            stages.extend(s for s in area_stages if s not in stages)
        return [(s, s.replace("_", " ").capitalize()) for s in stages]

    def queryset(self, request, queryset):
        return queryset.filter(stage=self.value()) if self.value() else queryset


@admin.register(Matter)
class MatterAdmin(MatterScopedAdmin):
    """Read-only and narrowed by the one door (access.admin.MatterScopedAdmin):
    staff look matters up here; every change goes through the services."""

    list_display = ["number", "title", "client", "stage", "responsible_attorney", "opened_on"]
    list_select_related = ["client", "responsible_attorney"]
    list_filter = [StageFilter, "practice_area"]
    search_fields = ["=number", "title", "docket_number", "client__display_name"]
    ordering = ["-opened_on", "-id"]  # the matter_opened index
