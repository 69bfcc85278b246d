"""The audit trail: who did what to which object, when and from where.

Services call ``record(...)`` inside their transaction, so an action and its
audit line are written together or not at all. The request's address and
user agent come from ``AuditContextMiddleware`` through a context variable, so
services need not be handed the request.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime
import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from casemgr.models import AuditEvent

Action = AuditEvent.Action


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    user_agent: str
    # How the request was authenticated when not by the browser session, e.g.
    # 'token “Zapier” (AbCd1234)': every audit line of the request names it.
    via: str = ""


_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "casemgr_audit_context", default=None
)


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the peer; behind a proxy, SECURE_PROXY_SSL_HEADER deployments
    # should also set the real address there (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _context.set(
            RequestContext(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


def set_via(via: str) -> None:
    """Mark the current request as made through ``via`` (an API token): the audit
    lines it records say so. Outside a request there is nothing to mark."""
    ctx = _context.get()
    if ctx is not None:
        _context.set(dataclasses.replace(ctx, via=via))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        name: [_jsonable(before.get(name)), _jsonable(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def field_labels(model: type[models.Model] | models.Model, names: Iterable[str]) -> str:
    """The fields' labels (verbose names) in the model's own field order, for a
    summary a person reads: "likelihood of success (%), risks", not
    "likelihood_percent, risks". A name that is no field is kept as it is."""
    fields = {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    order = {name: i for i, name in enumerate(fields)}
    wanted = sorted(set(names), key=lambda n: (order.get(n, len(order)), n))
    return ", ".join(str(fields[n].verbose_name) if n in fields else n for n in wanted)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _matter_id_of(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "cases.matter":
        return obj.pk
    return getattr(obj, "matter_id", None)


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    matter_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    actor_email: str = "",
) -> AuditEvent:
    ctx = _context.get()
    if ctx is not None and ctx.via:
        suffix = f" [via {ctx.via}]"
        summary = summary[: 500 - len(suffix)] + suffix  # the attribution survives truncation
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent.objects.create(
        action=action,
        actor_id=actor.pk if is_user else None,
        actor_email=(actor.email if is_user else actor_email)[:254],
        ip_address=ctx.ip_address if ctx else None,
        user_agent=ctx.user_agent if ctx else "",
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_repr=(str(obj) if obj is not None else object_repr)[:300],
        matter_id=matter_id if matter_id is not None else _matter_id_of(obj),
        summary=summary[:500],
        changes=_jsonable(changes or {}),
    )
    if event.matter_id is not None and event.action not in QUIET_ACTIONS:
        _touch_matter(event.matter_id, event.at)
    return event


# What the matter's activity leaves out: reading is not doing.
QUIET_ACTIONS = frozenset({Action.VIEW, Action.DOWNLOAD})


def _touch_matter(matter_id: int, at: Any) -> None:
    """Move the matter's last activity forward to ``at`` (never back)."""
    # By label: the audit trail sits below the app that defines matters.
    Matter = apps.get_model("cases", "Matter")  # noqa: N806
    Matter.objects.filter(
        Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=at), pk=matter_id
    ).update(last_activity_at=at)
