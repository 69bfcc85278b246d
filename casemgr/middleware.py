"""Response headers every dynamic answer carries (static files are served by
whitenoise before this middleware and keep their long cache lifetimes)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

from casemgr.views import healthz

# Browser features casemgr never uses, turned off for the page and any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and ``Cache-Control: no-store`` on
    every dynamic one: each page, partial, API answer, export and feed is built
    for one person (or carries a CSRF token), so no browser or proxy may keep
    a copy. It reads nothing from the database, so it also holds when
    PostgreSQL is down."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response


class HealthzMiddleware:
    """Answers ``/healthz`` before the session, authentication and two-factor
    middleware run: they read the database, so with PostgreSQL down a request
    carrying a session cookie would otherwise end in the 500 page instead of
    the health report (JSON, 503, naming the database)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
