"""Personal API tokens: create (shown once), list, revoke, and the DRF
authentication that accepts them.

The key material is djangorestframework-api-key's: ``<prefix>.<secret>``, the
prefix finds the row, the whole key is compared with its SHA-512 hash; the key
itself is never stored. A token acts as its user, through the same door and the
same services as the browser; a read-only token is refused every non-safe
method (403) before any view runs, whatever the view's own permission classes.
Token requests never ask for a second factor: creating a token does (the page
is behind the two-factor gate, accounts.middleware).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from accounts.models import ApiToken, User
from casemgr import audit

KEYWORD = "Bearer"
# last_used_at/ip are written at most this often per token (not a write per request).
LAST_USED_EVERY = datetime.timedelta(seconds=60)
MAX_LIFETIME_DAYS = 3650


# --- Services ------------------------------------------------------------------------


@transaction.atomic
def token_create(
    *, user: User, name: str, scope: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key, which is shown once and never again."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the token a name (what uses it)."
    elif len(name) > 50:
        errors["name"] = "At most 50 characters."
    if scope not in ApiToken.Scope.values:
        errors["scope"] = "Choose read only or read and write."
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        errors["expires_at"] = "The expiry must be in the future."
    elif expires_at is not None and expires_at > now + datetime.timedelta(days=MAX_LIFETIME_DAYS):
        errors["expires_at"] = "At most ten years ahead; leave it empty for no expiry."
    if errors:
        raise ValidationError(errors)
    if not user.is_active:
        raise PermissionDenied("Inactive users cannot create tokens.")
    token, key = ApiToken.objects.create_key(
        user=user, name=name, scope=scope, expiry_date=expires_at
    )
    audit.record(
        actor=user,
        action=audit.Action.CREATE,
        object_type="accounts.apitoken",
        object_id=token.prefix,
        object_repr=token.label,
        summary=f"created API token {token.label}, {token.get_scope_display().lower()}",
        changes={"scope": scope, "expires": expires_at},
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token_id: str) -> ApiToken:
    """Revoke a token: its owner may, and so may a firm admin (any user's)."""
    token = ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
    if token is None or not (token.user_id == actor.pk or actor.is_firm_admin):
        raise PermissionDenied("No such token.")
    if token.revoked:
        return token
    token.revoked = True
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked", "revoked_at", "revoked_by"])
    owner = "" if token.user_id == actor.pk else f" of {token.user.email}"
    audit.record(
        actor=actor,
        action=audit.Action.DELETE,
        object_type="accounts.apitoken",
        object_id=token.prefix,
        object_repr=token.label,
        summary=f"revoked API token {token.label}{owner}",
    )
    return token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked", "-created")


def tokens_for_admin(actor: User) -> QuerySet[ApiToken]:
    if not actor.is_firm_admin:
        raise PermissionDenied("Only firm admins list everyone's tokens.")
    return ApiToken.objects.select_related("user", "revoked_by").order_by("revoked", "-created")


def token_is_live(token: ApiToken) -> bool:
    return not token.revoked and not token.has_expired


def live_tokens_q() -> Q:
    return Q(revoked=False) & (Q(expiry_date__isnull=True) | Q(expiry_date__gt=timezone.now()))


# --- DRF authentication --------------------------------------------------------------


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <key>``. Unknown, revoked and expired tokens are
    401; a read-only token sending POST/PUT/PATCH/DELETE is 403."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header: Bearer <token>.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = self._token(key)
        _note_use(token, audit.client_ip(request._request))
        audit.set_via(f"token {token.label}")
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied("This token is read-only: it cannot change anything.")
        return token.user, token

    def _token(self, key: str) -> ApiToken:
        prefix, dot, _ = key.partition(".")
        if not dot or "\x00" in key or len(key) > 200:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None or not ApiToken.objects.key_generator.verify(key, token.hashed_key):
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.revoked:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        if token.has_expired:
            raise exceptions.AuthenticationFailed("This token has expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's user is deactivated.")
        return token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


def _note_use(token: ApiToken, ip: str | None) -> None:
    now = timezone.now()
    if (
        token.last_used_at is not None
        and now - token.last_used_at < LAST_USED_EVERY
        and token.last_used_ip == ip
    ):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at, token.last_used_ip = now, ip


# --- Rate limiting -------------------------------------------------------------------


class ApiRateThrottle(throttling.SimpleRateThrottle):
    """Per token (or per signed-in user, or per address for anonymous requests),
    counted in the Redis cache. The rate is ``API_RATE_LIMIT`` (e.g. "1200/minute"),
    read at each request so a settings override applies."""

    scope = "api"

    def get_rate(self) -> str | None:
        return getattr(settings, "API_RATE_LIMIT", None) or None

    def allow_request(self, request: Any, view: Any) -> bool:
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token:{request.auth.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return f"throttle:{self.scope}:{ident}"


# --- OpenAPI (drf-spectacular) -------------------------------------------------------


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes token auth: an HTTP bearer scheme."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "casemgr personal API token (<prefix>.<secret>)",
            "description": "A personal API token created on your settings page "
            "(/accounts/api-tokens/): `Authorization: Bearer <token>`. Read-only tokens "
            "get 403 on every write; revoked and expired tokens get 401.",
        }
