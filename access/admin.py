"""The Django admin for matter data.

``MatterScopedAdmin`` is the base of every ModelAdmin of matter data (the
system check in access.checks refuses any other): its changelist, change,
history and delete pages read through ``restrict`` (walls hold, even for
superusers), and it is read-only — matter data is written by the services,
which check permissions, keep versions and write the audit trail, through the
pages and the API. Staff look things up here; they change nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


class MatterScopedAdmin(admin.ModelAdmin):
    """Read-only, narrowed by the one door."""

    show_full_result_count = False  # one count per page, not two
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset.restrict(request.user, "view")  # type: ignore[attr-defined]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
