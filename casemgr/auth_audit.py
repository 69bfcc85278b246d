"""Audit lines for sign-in, sign-out and failed sign-in attempts."""

from typing import Any

from casemgr import audit


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action=audit.Action.LOGIN, obj=user, summary="signed in")


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action=audit.Action.LOGOUT, obj=user, summary="signed out")


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "")
    audit.record(
        actor=None,
        actor_email=email,
        action=audit.Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=email,
        summary="failed sign-in attempt",
    )
