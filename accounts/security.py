"""Sign-in security: lockout after repeated failures (django-axes) and the
second factor (django-otp TOTP) — who needs one, and the audit lines for both."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from casemgr import audit

if TYPE_CHECKING:
    from accounts.models import User


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email as axes counts it: sign-in ignores case, so the lockout must too
    (otherwise ALICE@ and alice@ would each get five tries)."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "").strip().lower()


def on_locked_out(
    sender: Any, request: HttpRequest, username: str, ip_address: str, **kwargs: Any
) -> None:
    audit.record(
        actor=None,
        actor_email=username or "",
        action=audit.Action.DENIED,
        object_type="accounts.user",
        object_repr=username or "",
        summary="sign-in locked out after repeated failures",
    )


def two_factor_required(user: User) -> bool:
    """Firm admins always need a second factor; everyone does when the firm says so."""
    from casemgr.models import FirmSettings

    return user.is_firm_admin or FirmSettings.load().require_two_factor


def has_two_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def totp_code_reused(user: User, token: str) -> bool:
    """Whether ``token``, refused by the devices, is a right code of the user's
    authenticator app that was already used (django-otp accepts each time step
    once): then the person should wait for the next code, not doubt the app."""
    try:
        value = int(token)
    except (TypeError, ValueError):
        return False
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        if totp.verify(value, device.tolerance) and totp.t() <= device.last_t:
            return True
    return False
