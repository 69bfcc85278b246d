"""The unread-notification count in the navigation: one query, made only when a
page shows it, at most once per request (the 500 page runs no context processors)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from deadlines import selectors

CACHE_ATTR = "_casemgr_unread_notifications"


def notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        # A callable: the template calls it when it renders the count, so a
        # page without the navigation makes no query; cached on the request.
        if not hasattr(request, CACHE_ATTR):
            setattr(request, CACHE_ATTR, selectors.unread_notification_count(user))
        return getattr(request, CACHE_ATTR)

    return {"unread_notifications": unread}
