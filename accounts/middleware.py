"""The two-factor gate: a signed-in user who owes a second factor reaches
nothing but the code page, the enrollment page and sign-out."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from accounts.security import has_two_factor, two_factor_required

# Views a user may reach before passing the gate (URL names in the root namespace).
EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "healthz",
        "two_factor_verify",
        "two_factor_enroll",
        "password_set",
    }
)
# Set once a session is known to owe no second factor (no device, none required),
# so the gate costs no query per request afterwards. It holds the user's id, so a
# different user in the same browser is checked afresh. A firm-wide requirement
# switched on mid-session applies from that user's next sign-in.
SESSION_CLEARED = "casemgr_two_factor_cleared"


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not settings.TWO_FACTOR_ENFORCED:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in EXEMPT_URL_NAMES:
            return None
        if user.is_verified() or request.session.get(SESSION_CLEARED) == user.pk:
            return None
        if has_two_factor(user):
            target = reverse("two_factor_verify")
        elif two_factor_required(user):
            target = reverse("two_factor_enroll")
        else:
            request.session[SESSION_CLEARED] = user.pk
            return None
        return _send_to(request, target)


def _send_to(request: HttpRequest, target: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Two-factor verification is required."}, status=403)
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


class TimeZoneMiddleware:
    """Every page speaks the signed-in user's time zone (their own, or the
    firm's): django.utils.timezone.activate for the request, undone after."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            try:
                timezone.activate(user.zone)
            except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                timezone.deactivate()  # a zone the system no longer knows: the firm's
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
