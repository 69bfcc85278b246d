"""The fail-closed DRF base for viewsets of matter data.

Each HTTP method maps to an access action before the handler runs
(``method_actions``); the queryset is the viewset's ``scoped_queryset()``
narrowed by ``restrict(user, "view")`` (so an invisible object is a 404, as a
missing one), and an object fetched for a write is checked for the method's
action (403 when it may be seen but not changed). A viewset that declares no
``scoped_queryset`` cannot start (access.checks), and one whose queryset is not
matter data is refused at the first request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from rest_framework import exceptions, viewsets
from rest_framework.request import Request

from access.kernel import can
from access.querysets import is_matter_scoped, matter_of

METHOD_ACTIONS: Mapping[str, str] = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "change",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class MatterScopedViewSetMixin:
    """Put before the DRF viewset class: ``class X(MatterScopedViewSetMixin, GenericViewSet)``."""

    method_actions: Mapping[str, str] = METHOD_ACTIONS
    access_action = "view"  # the action of the request being served (set in initial)

    def scoped_queryset(self) -> QuerySet[Any]:
        """The rows this endpoint serves before the door narrows them (e.g.
        ``Task.objects.select_related("matter")``). Required."""
        raise ImproperlyConfigured(f"{type(self).__name__} declares no scoped_queryset().")

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        action = self.method_actions.get(request.method or "")
        if action is None:
            raise exceptions.MethodNotAllowed(request.method or "")
        self.access_action = action

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.scoped_queryset()
        if not is_matter_scoped(queryset.model):
            raise ImproperlyConfigured(
                f"{type(self).__name__}.scoped_queryset() is not matter data: "
                "use the plain DRF viewset for firm-wide records."
            )
        if queryset.restricted_for(self.request.user, "view"):  # type: ignore[attr-defined]
            return queryset  # a selector that already came through the door
        return queryset.restrict(self.request.user, "view")  # type: ignore[attr-defined]

    def get_object(self) -> Model:
        obj = super().get_object()  # type: ignore[misc]
        if self.access_action != "view" and not can(
            self.request.user, self.access_action, matter_of(obj)
        ):
            raise exceptions.PermissionDenied("You may view this matter but not change it.")
        return obj


class MatterScopedReadOnlyViewSet(MatterScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve of matter data, through the door."""
