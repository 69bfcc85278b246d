"""Shared REST framework pieces: the fail-closed base viewset and the error handler."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import exceptions, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casemgr.params import InvalidParameters
from casemgr.ratelimit import RateLimited


class VisibleViewSetMixin:
    """Narrows every queryset by the requesting user; refuses to run without one.

    Subclasses define ``visible_queryset(user)`` returning the one-door queryset
    (e.g. ``Matter.objects.visible_to(user)``). There is no default: a viewset
    that forgets it fails closed with an error instead of serving everything.
    """

    def visible_queryset(self, user: Any) -> QuerySet:
        raise exceptions.APIException("This endpoint declares no visible_queryset.")

    def get_queryset(self) -> QuerySet:
        return self.visible_queryset(self.request.user)


class VisibleReadOnlyViewSet(VisibleViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django's ValidationError/PermissionDenied from services become DRF errors with
    one body shape: {"detail": ..., "errors": {field: [messages]}}. Bad query
    parameters (casemgr.params) are a 400 of the same shape; a rate limit is a 429
    with Retry-After."""
    if isinstance(exc, InvalidParameters):
        exc = exceptions.ValidationError(exc.errors)
    elif isinstance(exc, RateLimited):
        exc = exceptions.Throttled(wait=exc.retry_after)
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {
                field: [str(m) for e in errs for m in e.messages]
                for field, errs in exc.error_dict.items()
            }
        else:
            errors = {"non_field_errors": list(exc.messages)}
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "The request has invalid fields.", "errors": response.data}
    return response
