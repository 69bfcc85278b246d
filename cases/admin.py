"""Django admin for the cases app's firm configuration.

Matter data (tasks, notes, offers) is changed only through the services and the
matter pages; the admin holds configuration, such as the task templates each
practice area applies when a matter opens.
"""

from django.contrib import admin

from cases.models import TaskTemplate


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "practice_area", "due_after_days", "priority", "assignee_role",
                    "recur_every_days", "is_active", "position"]  # fmt: skip
    list_filter = ["practice_area", "is_active", "priority"]
    list_editable = ["position", "is_active"]
    search_fields = ["title"]
    ordering = ["practice_area", "position", "id"]
