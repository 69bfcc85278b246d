"""Sessions that end after inactivity, written at most once a minute.

SESSION_SAVE_EVERY_REQUEST would keep a session alive by rewriting its row on
every request: an UPDATE and a synchronous commit (a WAL flush) per page view,
the single largest cost of a fast page. This middleware refreshes the session's
expiry only when the last refresh is more than ``REFRESH_SECONDS`` old, so a
session still ends after SESSION_COOKIE_AGE seconds without a request (give or
take that minute) and a busy user costs one write a minute.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse

REFRESH_SECONDS = 60
TOUCHED_KEY = "_casemgr_touched"


def on_login(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Signing in writes the session anyway: count that as its first refresh."""
    session = getattr(request, "session", None)
    if session is not None:
        session[TOUCHED_KEY] = int(time.time())


class IdleExpirySessionMiddleware(SessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> Any:
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(TOUCHED_KEY, 0)) >= REFRESH_SECONDS:
                session[TOUCHED_KEY] = now  # marks it modified: saved with a new expiry
        return super().process_response(request, response)
