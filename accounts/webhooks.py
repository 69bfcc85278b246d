"""Webhooks: endpoints a firm admin registers, events the services emit, and
signed deliveries (Standard Webhooks, the ``standardwebhooks`` package).

- ``emit(event, matter_id=..., build=...)`` is the one line a service adds. After
  its transaction commits, one ``WebhookDelivery`` row is written per subscribed
  active endpoint and a Celery task is queued for it. ``build`` is a module-level
  function of the emitting app, called at delivery time as
  ``build(owner=..., matter=..., object_id=...)`` to produce the event's data
  (None when the object is gone or hidden): accounts imports nothing above it.
- At delivery the payload is built for the endpoint's owner through the door
  (``access.kernel.matter_for``): a matter the owner may no longer see (a wall
  raised since, access removed) is not sent; the row says so.
- The row is the idempotency key: an attempt claims it with a conditional
  UPDATE, so a redelivered task or a second worker does nothing twice. A failed
  attempt schedules the next one on the row (``next_attempt_at``, exponential
  backoff over about 27 hours); the beat sweep re-queues what is due, so a lost
  broker loses nothing (DESIGN.md: the database is the schedule). Rows never
  expire; an admin can replay any of them.
- SSRF: the URL's host is resolved when the endpoint is saved and again at each
  delivery, and the request goes to the address that was checked (no second
  lookup for DNS rebinding). Private, loopback, link-local, multicast, reserved
  and unspecified addresses are refused unless the endpoint allows private ones.
"""

from __future__ import annotations

import base64
import datetime
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from standardwebhooks.webhooks import Webhook

from access.kernel import matter_for
from accounts.models import User, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from casemgr import audit

EVENTS = (
    "matter.opened",
    "matter.closed",
    "matter.stage_changed",
    "deadline.created",
    "deadline.changed",
    "task.assigned",
    "note.added",
    "document.uploaded",
    "summary.ready",
)
# Seconds after each failed attempt (the Standard Webhooks schedule): 8 attempts
# over 27.6 hours, then the delivery is failed (and can still be replayed).
RETRY_DELAYS = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
# How long an attempt holds its row before a sweep may take it over.
CLAIM_SECONDS = 120
TIMEOUT_SECONDS = 10
USER_AGENT = "casemgr-webhooks/1"
DELIVER_TASK = "accounts.tasks.webhook_deliver"


# --- Emitting ------------------------------------------------------------------------


def emit(
    event: str,
    *,
    matter_id: int,
    build: Callable[..., dict[str, Any] | None] | None = None,
    object_id: int | None = None,
) -> None:
    """Queue ``event`` about a matter for every subscribed endpoint, once the
    caller's transaction commits (nothing is sent for a rolled-back write)."""
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    builder = f"{build.__module__}.{build.__qualname__}" if build is not None else ""
    transaction.on_commit(lambda: fan_out(event, matter_id, object_id, builder))


def fan_out(event: str, matter_id: int, object_id: int | None, builder: str) -> list[int]:
    """One delivery row per active endpoint subscribed to ``event``, each queued."""
    endpoints = WebhookEndpoint.objects.filter(active=True, events__contains=[event])
    ids = []
    for endpoint_id in endpoints.values_list("pk", flat=True):
        delivery = WebhookDelivery.objects.create(
            endpoint_id=endpoint_id,
            message_id=f"msg_{secrets.token_urlsafe(18)}",
            event=event,
            matter_id=matter_id,
            object_id=object_id,
            builder=builder,
            next_attempt_at=timezone.now(),
        )
        ids.append(delivery.pk)
    for pk in ids:
        _enqueue(pk)
    return ids


def _enqueue(delivery_id: int) -> None:
    # By name: accounts.tasks imports this module.
    current_app.send_task(DELIVER_TASK, args=[delivery_id])


# --- Endpoints (firm admins) ---------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _require_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_firm_admin):
        raise PermissionDenied("Only firm admins manage webhooks.")


def _check_events(events: list[str]) -> None:
    if not events or any(e not in EVENTS for e in events):
        raise ValidationError({"events": "Choose at least one of the listed events."})


@transaction.atomic
def endpoint_create(
    *,
    actor: User,
    url: str,
    events: list[str],
    description: str = "",
    active: bool = True,
    allow_private: bool = False,
) -> WebhookEndpoint:
    _require_admin(actor)
    _check_events(events)
    try:
        check_url(url, allow_private=allow_private)
    except UnsafeUrl as exc:
        raise ValidationError({"url": str(exc)}) from None
    endpoint = WebhookEndpoint.objects.create(
        owner=actor,
        url=url,
        events=sorted(set(events)),
        description=description.strip(),
        active=active,
        allow_private=allow_private,
        secret=new_secret(),
    )
    audit.record(actor=actor, action=audit.Action.CREATE, obj=endpoint,
                 summary=f"registered webhook endpoint {url}",
                 changes={"events": endpoint.events, "allow_private": allow_private})  # fmt: skip
    return endpoint


@transaction.atomic
def endpoint_update(
    *, actor: User, endpoint: WebhookEndpoint, events: list[str], active: bool, description: str
) -> WebhookEndpoint:
    _require_admin(actor)
    _check_events(events)
    before = audit.snapshot(endpoint, ["events", "active", "description"])
    endpoint.events, endpoint.active = sorted(set(events)), active
    endpoint.description = description.strip()
    endpoint.save(update_fields=["events", "active", "description"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=endpoint,
                 changes=audit.diff(before, audit.snapshot(endpoint, before)),
                 summary=f"changed webhook endpoint {endpoint.url}")  # fmt: skip
    return endpoint


@transaction.atomic
def delivery_replay(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (same webhook-id, so a receiver can tell), now."""
    _require_admin(actor)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_until=None,
    )
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=delivery.endpoint,
                 summary=f"replayed webhook delivery {delivery.message_id} ({delivery.event})")  # fmt: skip
    pk = delivery.pk
    transaction.on_commit(lambda: _enqueue(pk))
    delivery.refresh_from_db()
    return delivery


# --- SSRF guard ----------------------------------------------------------------------


class UnsafeUrl(Exception):
    pass


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast: not private, loopback, link-local, shared,
    reserved, unspecified or multicast (an IPv4-mapped IPv6 address as its IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(url: str, *, allow_private: bool) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for a URL whose host resolves
    only to addresses it may reach; UnsafeUrl otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise UnsafeUrl("The URL must start with https:// (or http://).")
    if parts.scheme == "http" and not (allow_private or settings.WEBHOOKS_ALLOW_HTTP):
        raise UnsafeUrl("Use https:// (plain http is only allowed for a private address).")
    if parts.username or parts.password:
        raise UnsafeUrl("Put no user name or password in the URL.")
    host = parts.hostname
    if not host:
        raise UnsafeUrl("The URL has no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl("The URL's port is not a number between 1 and 65535.") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeUrl(f"The host {host} does not resolve.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise UnsafeUrl(f"The host {host} does not resolve.")
    if not allow_private:
        refused = [str(a) for a in addresses if not _is_public(a)]
        if refused:
            raise UnsafeUrl(
                f"The host {host} resolves to a private, loopback or link-local address "
                f"({', '.join(sorted(set(refused)))}); tick “allow private address” if that "
                "is intended."
            )
    return parts.scheme, host, port, str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, *, allow_private: bool, body: bytes, headers: dict[str, str]) -> int:
    scheme, host, port, address = check_url(url, allow_private=allow_private)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = cls(host, port, address, TIMEOUT_SECONDS)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # a little of the body, then let go
        return response.status
    finally:
        connection.close()


# --- Delivering ----------------------------------------------------------------------


@dataclass
class Outcome:
    status: str
    status_code: int | None = None
    error: str = ""


def _claim(delivery_id: int) -> bool:
    now = timezone.now()
    return bool(
        WebhookDelivery.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            pk=delivery_id,
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
            next_attempt_at__lte=now,
        ).update(claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS))
    )


def build_payload(delivery: WebhookDelivery) -> dict[str, Any] | None:
    """The event as the endpoint's owner may see it now; None when they may not."""
    owner = delivery.endpoint.owner
    if not owner.is_active:
        return None
    try:
        matter = matter_for(owner, delivery.matter_id, "view", select_related=())
    except (Http404, PermissionDenied):
        return None
    data: dict[str, Any] | None = {"matter": {"id": matter.pk, "repr": str(matter)}}
    if delivery.builder:
        built = import_string(delivery.builder)(
            owner=owner, matter=matter, object_id=delivery.object_id
        )
        data = None if built is None else {**data, **built}
    if data is None:
        return None
    return {
        "type": delivery.event,
        "timestamp": delivery.created_at.isoformat(),
        "data": data,
    }


def delivery_attempt(*, delivery_id: int) -> Outcome | None:
    """One attempt of a delivery; None when the row is not due or is taken."""
    if not _claim(delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint__owner").get(pk=delivery_id)
    endpoint = delivery.endpoint
    Status = WebhookDelivery.Status  # noqa: N806
    payload = build_payload(delivery) if endpoint.active else None
    if payload is None:
        reason = (
            "the endpoint is inactive"
            if not endpoint.active
            else "the endpoint's owner may not see this matter or object now"
        )
        _finish(delivery, Outcome(Status.SKIPPED, error=reason), payload=None, elapsed=None)
        return Outcome(Status.SKIPPED, error=reason)
    body = json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"))
    now = timezone.now()
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(endpoint.secret).sign(delivery.message_id, now, body),
    }
    started = time.monotonic()
    try:
        code = _post(
            endpoint.url,
            allow_private=endpoint.allow_private,
            body=body.encode(),
            headers=headers,
        )
    except UnsafeUrl as exc:
        outcome = Outcome(Status.RETRYING, error=f"refused: {exc}")
    except (OSError, http.client.HTTPException) as exc:
        outcome = Outcome(Status.RETRYING, error=f"{type(exc).__name__}: {exc}")
    else:
        ok = 200 <= code < 300
        outcome = Outcome(Status.DELIVERED if ok else Status.RETRYING, status_code=code)
    elapsed = int((time.monotonic() - started) * 1000)
    _finish(delivery, outcome, payload=payload, elapsed=elapsed)
    return outcome


def _finish(
    delivery: WebhookDelivery, outcome: Outcome, *, payload: Any, elapsed: int | None
) -> None:
    now = timezone.now()
    attempts = delivery.attempts + (0 if outcome.status == WebhookDelivery.Status.SKIPPED else 1)
    next_at = None
    if outcome.status == WebhookDelivery.Status.RETRYING:
        if attempts <= len(RETRY_DELAYS):
            next_at = now + datetime.timedelta(seconds=RETRY_DELAYS[attempts - 1])
        else:
            outcome.status = WebhookDelivery.Status.FAILED
    with transaction.atomic():
        if outcome.status != WebhookDelivery.Status.SKIPPED:
            WebhookAttempt.objects.create(
                delivery=delivery,
                status_code=outcome.status_code,
                response_ms=elapsed,
                error=outcome.error[:300],
            )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=outcome.status,
            attempts=attempts,
            last_attempt_at=now,
            last_status_code=outcome.status_code,
            last_response_ms=elapsed,
            last_error=outcome.error[:300],
            next_attempt_at=next_at,
            claimed_until=None,
            payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)) if payload else None,
        )


def due_deliveries(limit: int = 500) -> list[int]:
    """Deliveries whose next attempt is due and that no attempt holds."""
    now = timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
