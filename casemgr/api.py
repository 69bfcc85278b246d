"""Shared REST framework pieces: the fail-closed base viewset and the error handler."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casemgr.params import InvalidParameters
from casemgr.ratelimit import RateLimited
from casemgr.versioning import StaleEdit


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


class StaleWrite(exceptions.APIException):
    status_code = 409
    default_detail = "The record was changed by someone else; reload it and try again."
    default_code = "stale_version"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django's ValidationError/PermissionDenied from services become DRF errors with
    one body shape: {"detail": str, "code": str}, plus "errors" {field: [messages]}
    on a 400 and "retry_after" (seconds) on a 429. Bad query parameters
    (casemgr.params) are a 400 of the same shape, a rate limit a 429 with
    Retry-After, and a stale versioned save a 409."""
    if isinstance(exc, InvalidParameters):
        exc = exceptions.ValidationError(exc.errors)
    elif isinstance(exc, RateLimited):
        exc = exceptions.Throttled(wait=exc.retry_after)
    elif isinstance(exc, StaleEdit):
        exc = StaleWrite(" ".join(exc.messages))
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
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": "The request has invalid fields.",
            "code": "invalid",
            "errors": response.data,
        }
    elif isinstance(exc, exceptions.NotFound | Http404):
        # One 404 for a missing route, a missing object and a hidden one alike.
        response.data = {"detail": "Not found.", "code": "not_found"}
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", None) or "error"}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            response.data["retry_after"] = math.ceil(exc.wait)
    return response
