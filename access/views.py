"""Fail-closed bases for HTML views of matter data.

A view of one matter declares what each HTTP method does to it
(``matter_actions``, e.g. ``VIEW_OR_CHANGE``); the base loads the matter
through ``matter_for`` before the handler runs, so the handler cannot start
without the door having said yes (404 for a matter the user may not see, 403
for an action they may not take, 405 for an undeclared method). Function views
use ``@matter_view(action)``. Views that read lists of matter data declare
``@reads_through_door`` (or ``list_action``) and build their querysets with
``restrict``. The system check in access.checks refuses to start a project in
which a view of an app holding matter data declares none of these.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.functional import cached_property

from access.kernel import can, matter_for
from access.querysets import matter_of
from access.rules import codename_for

VIEW_ONLY: Mapping[str, str] = {"GET": "view", "HEAD": "view"}
VIEW_OR_CHANGE: Mapping[str, str] = {"GET": "view", "HEAD": "view", "POST": "change"}
CHANGE_ONLY: Mapping[str, str] = {"GET": "change", "HEAD": "change", "POST": "change"}
DELETE_ON_POST: Mapping[str, str] = {"GET": "view", "HEAD": "view", "POST": "delete"}

# The attribute every view of a matter-data app carries (checked at start-up).
DECLARED = "access_action"


class MatterViewMixin(LoginRequiredMixin):
    """A page about one matter, whose id is the URL keyword ``matter_kwarg``."""

    matter_kwarg = "pk"
    # Required: HTTP method → access action ("view", "change", "delete").
    matter_actions: Mapping[str, str] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for action in (cls.matter_actions or {}).values():
            codename_for(action)  # an unknown action fails at import, not at request time
        if cls.matter_actions is not None:
            setattr(cls, DECLARED, dict(cls.matter_actions))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        actions = self.matter_actions or {}
        action = actions.get(request.method or "")
        if action is None:
            return HttpResponseNotAllowed(sorted(actions))
        self.access_action_now = action
        # The door is asked before the handler: matter_for raises 404 / 403.
        self.__dict__["matter"] = matter_for(request.user, kwargs[self.matter_kwarg], action)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def matter(self) -> Any:  # set by dispatch; here for type checkers and subclasses
        return matter_for(self.request.user, self.kwargs[self.matter_kwarg], "view")

    @cached_property
    def can_change(self) -> bool:
        return can(self.request.user, "change", self.matter)


def matter_view(
    action: str, *, model: Any = None, kwarg: str = "pk", as_name: str = "matter"
) -> Callable[..., Any]:
    """A function view of one matter (or of one row of matter data: ``model``),
    whose id is the URL keyword ``kwarg``: the matter (or row) is loaded
    through the door for ``action`` and handed to the view as ``as_name`` in
    place of its id: 404 when the user may not see it, 403 when they may see
    it but not do ``action``."""
    codename_for(action)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            pk = kwargs.pop(kwarg)
            if model is None:
                obj = matter_for(request.user, pk, action)
            else:
                obj = row_for(request.user, model, pk, action)
            kwargs[as_name] = obj
            return view(request, *args, **kwargs)

        setattr(wrapped, DECLARED, action)
        return wrapped

    return decorate


def row_for(user: Any, model: Any, pk: Any, action: str = "view") -> Any:
    """One row of matter data through the door: 404 when the user may not see
    its matter (or it does not exist), 403 when they may see but not act."""
    try:
        row_id = int(pk)
    except (TypeError, ValueError):
        raise Http404("Not found") from None
    if not -(2**63) <= row_id < 2**63:
        raise Http404("Not found")
    try:
        row = model.objects.restrict(user, "view").get(pk=row_id)
    except model.DoesNotExist:
        raise Http404("Not found") from None
    if action != "view" and not can(user, action, matter_of(row)):
        raise PermissionDenied("You may view this matter but not change it.")
    return row


def reads_through_door(view: Any) -> Any:
    """Declares a view that reads lists of matter data (a search, a calendar, a
    dashboard): every queryset it builds starts from ``restrict(user, "view")``.
    Works on function views and view classes."""
    setattr(view, DECLARED, "view")
    return view


def no_matter_data(reason: str) -> Callable[[Any], Any]:
    """Declares a view of a matter-data app that reads no matter data at all
    (a form of firm-wide records, a calculator), with the reason."""

    def mark(view: Any) -> Any:
        setattr(view, DECLARED, f"none: {reason}")
        return view

    return mark
