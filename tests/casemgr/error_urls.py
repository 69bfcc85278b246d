"""casemgr's URLs plus views that fail on purpose, for the error page tests."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import path

from casemgr.urls import handler403, handler404, handler500
from casemgr.urls import urlpatterns as casemgr_urls

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@login_required  # as every page of casemgr: the user is known when the bug strikes
def boom(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied("not for you")


urlpatterns = [
    path("boom/", boom),
    path("api/boom/", boom),
    path("forbidden/", forbidden),
    path("api/forbidden/", forbidden),
    *casemgr_urls,
]
