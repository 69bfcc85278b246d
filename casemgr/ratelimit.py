"""Per-user rate limits on the expensive endpoints (conflict check, searches, CSV
exports), counted in Redis (the Django cache) by django-ratelimit.

``@rate_limited("search")`` on a view (function, or ``dispatch`` of a class) counts
each request of the signed-in user (the address for anonymous ones) against
``settings.RATE_LIMITS["search"]`` (e.g. "60/m"). Over the limit the view is not
run: ``RateLimited`` is raised, which the page middleware
(casemgr.params.ParameterGuardMiddleware) turns into a 429 page and the API's
exception handler (casemgr.api) into a 429 JSON body, both with Retry-After.

A Redis outage does not take the pages down with it: the limit fails open.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    def __init__(self, name: str, retry_after: int) -> None:
        self.name = name
        self.retry_after = max(1, retry_after)
        super().__init__(f"Too many {name} requests; retry after {self.retry_after} s.")


def _key(group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def check(request: HttpRequest, name: str) -> None:
    """Count this request against the named limit; raise RateLimited past it."""
    rate = settings.RATE_LIMITS.get(name)
    if not rate:
        return
    group = f"casemgr.{name}{settings.RATE_LIMIT_SALT}"
    try:
        usage = get_usage(request, group=group, key=_key, rate=rate, increment=True)
    except RedisError:
        logger.warning("rate limit %s not counted: Redis is unavailable", name)
        return
    if usage is not None and usage["should_limit"] and usage["limit"] > 0:
        raise RateLimited(name, usage["time_left"])


def rate_limited(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a view (or a view method whose first argument is the request)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            request = next(a for a in args if hasattr(a, "META"))
            check(request, name)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def too_many_requests(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    message = (
        f"Too many requests of this kind in a short time. Try again in {exc.retry_after} seconds."
    )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "casemgr/too_many_requests.html",
            {"message": message, "retry_after": exc.retry_after},
            status=429,
        )
    response["Retry-After"] = str(exc.retry_after)
    return response
