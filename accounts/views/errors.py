"""The 403, 404 and 500 pages (handler403/404/500 in casemgr/urls.py) and the
CSRF failure page: casemgr pages with the navigation, JSON under /api/."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string

from accounts.context_processors import nav_items

API_PREFIX = "/api/"


# --- Error pages (handler404 / handler403 / handler500 in casemgr/urls.py) -----------
# Under /api/ they answer JSON in DRF's shape ({"detail": ...}); elsewhere a page
# with the navigation. A 404 never says whether the thing exists: "not found or
# not available to you" is the one answer for both (DESIGN.md, the one door).


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {
                "detail": "You do not have permission to perform this action.",
                "code": "permission_denied",
            },
            status=403,
        )
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the styled 403 that says what to do about it."""
    if _is_api(request):
        return JsonResponse(
            {"detail": "CSRF check failed: reload the page and try again.", "code": "csrf_failed"},
            status=403,
        )
    return render(request, "403.html", {"csrf_failed": True}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without a single query: the database may be what
    failed. No context processors run; the user is shown only if the request had
    already loaded them, and the navigation leaves out the role-dependent items."""
    if _is_api(request):
        return JsonResponse(
            {"detail": "Server error: the request could not be completed.", "code": "server_error"},
            status=500,
        )
    user = getattr(request, "_cached_user", None)  # set once request.user was read
    context = {
        "user": user,
        "nav_items": nav_items(user, request.path, with_roles=False),
        "csrf_token": get_token(request),
    }
    return HttpResponse(render_to_string("500.html", context), status=500)
