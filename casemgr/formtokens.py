"""One-time form tokens: a double click or a resent POST acts once.

Every POST form a signed-in person gets carries a hidden ``_form_token`` (added
next to the CSRF field as the page leaves the server, so no template or view has
to remember it). The first POST with a token claims it in Redis; the answer to it
is remembered (where it redirected). A second POST with the same token does not
reach the view: it is sent where the first one went, with a message saying the
form had been sent already. A first POST that fails with a server error gives its
token back, so the person can simply send the form again; a form shown again with
errors carries a fresh token. Without Redis the forms still work, unguarded.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect

from casemgr.params import POST_ERROR_ATTR

logger = logging.getLogger(__name__)

FIELD = "_form_token"
TIMEOUT_SECONDS = 24 * 60 * 60
PENDING = "pending"
# How long a repeated POST waits for the first one (a double click) to finish.
WAIT_SECONDS = 10.0
ALREADY_SENT = "This form had been sent already; it was not sent twice."
_CSRF_FIELD = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


def _key(request: HttpRequest, token: str) -> str:
    return f"formtoken:{request.user.pk}:{token}"


def _with_tokens(content: bytes) -> bytes:
    """Each POST form (the ones with a CSRF field) gets a token of its own."""
    return _CSRF_FIELD.sub(
        lambda m: (
            m.group(0)
            + f'<input type="hidden" name="{FIELD}" value="{secrets.token_urlsafe(16)}">'.encode()
        ),
        content,
    )


def _answer_for_repeat(request: HttpRequest, key: str) -> HttpResponseBase:
    deadline = time.monotonic() + WAIT_SECONDS
    outcome = cache.get(key)
    while outcome == PENDING and time.monotonic() < deadline:
        time.sleep(0.1)
        outcome = cache.get(key)
    messages.info(request, ALREADY_SENT)
    if isinstance(outcome, str) and outcome.startswith("/"):
        return HttpResponseRedirect(outcome, status=303)
    return HttpResponseRedirect(request.get_full_path(), status=303)


def _posted_token(request: HttpRequest) -> str:
    if request.method != "POST":
        return ""
    try:
        return request.POST.get(FIELD, "")
    except (RequestDataTooBig, TooManyFieldsSent) as error:
        # Oversized: the parameter guard (casemgr.params) refuses it with its
        # own message when the view is about to run; no token to claim here.
        setattr(request, POST_ERROR_ATTR, error)
        return ""


class FormTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _posted_token(request)
        key = None
        if token and request.user.is_authenticated and len(token) <= 64:
            key = _key(request, token)
            try:
                first = cache.add(key, PENDING, TIMEOUT_SECONDS)
            except Exception:  # Redis unreachable: serve the form unguarded
                logger.warning("form token store unreachable", exc_info=True)
                key, first = None, True
            if not first:
                return _answer_for_repeat(request, key)
        response = self.get_response(request)
        if key is not None:
            self._remember(key, response)
        if (
            request.user.is_authenticated
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and b"csrfmiddlewaretoken" in response.content
        ):
            response.content = _with_tokens(response.content)
        return response

    @staticmethod
    def _remember(key: str, response: HttpResponseBase) -> None:
        try:
            if response.status_code >= 500:
                cache.delete(key)  # nothing was done: the same form may be sent again
            elif response.status_code in (301, 302, 303) and response["Location"].startswith("/"):
                cache.set(key, response["Location"], TIMEOUT_SECONDS)
            else:
                cache.set(key, "done", TIMEOUT_SECONDS)
        except Exception:
            logger.warning("form token store unreachable", exc_info=True)
