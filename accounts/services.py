"""The writes of the accounts app: users, roles, two-factor devices, firm
settings and matter access, one function per action, checked and audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.roles import ALL_ROLES, Role
from accounts.models import User
from casemgr import audit

if TYPE_CHECKING:
    from casemgr.models import FirmSettings
    from cases.models import Matter


def _require_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_firm_admin):
        raise PermissionDenied("Only firm admins manage users and access.")


def _refuse_self(actor: User, user: User, what: str) -> None:
    if actor.pk == user.pk:
        raise ValidationError(f"You cannot {what} yourself; ask another firm admin.")


# --- Users ---------------------------------------------------------------------------


def password_set_link(*, user: User, base_url: str) -> str:
    """An absolute set-password link, valid until used or PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


@transaction.atomic
def user_invite(
    *,
    actor: User,
    email: str,
    full_name: str,
    role: Role,
    base_url: str,
    admin_confirmed: bool = False,
) -> User:
    """Create an account without a usable password and mail a link to set one.
    Inviting a firm admin needs ``admin_confirmed`` (the form's checkbox)."""
    _require_admin(actor)
    if Role(role) == Role.FIRM_ADMIN and not admin_confirmed:
        raise ValidationError(
            {"confirm_admin": "Inviting a firm admin needs your confirmation: tick the box, "
                              "or choose another role."}
        )  # fmt: skip
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone with that email already has an account."})
    user = User(email=email, full_name=full_name.strip())
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get(name=Role(role).value))
    audit.record(actor=actor, action=audit.Action.CREATE, obj=user,
                 changes={"role": str(role)}, summary=f"invited {email} as {role}")  # fmt: skip
    _mail_password_link(user=user, actor=actor, base_url=base_url)
    return user


def _mail_password_link(*, user: User, actor: User, base_url: str) -> None:
    link = password_set_link(user=user, base_url=base_url)
    body = render_to_string(
        "accounts/emails/invite.txt", {"user": user, "link": link, "invited_by": actor}
    )
    transaction.on_commit(
        lambda: send_mail(
            "Choose your casemgr password", body, None, [user.email], fail_silently=False
        )
    )


@transaction.atomic
def user_send_password_link(*, actor: User, user: User, base_url: str) -> None:
    """Mail a fresh set-password link (a lost invitation, a forgotten password)."""
    _require_admin(actor)
    if not user.is_active:
        raise ValidationError(f"{user} is deactivated; reactivate them first.")
    _mail_password_link(user=user, actor=actor, base_url=base_url)
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=user,
                 summary=f"sent {user} a link to set their password")  # fmt: skip


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate (sign-in refused, sessions end) or reactivate an account."""
    _require_admin(actor)
    _refuse_self(actor, user, "deactivate")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=user,
                 changes={"is_active": [not active, active]},
                 summary=("reactivated " if active else "deactivated ") + str(user))  # fmt: skip
    return user


@transaction.atomic
def user_change_role(*, actor: User, user: User, role: Role) -> User:
    """Give the user exactly this role; other (non-role) groups are kept."""
    _require_admin(actor)
    _refuse_self(actor, user, "change the role of")
    role = Role(role)
    old = user.role_names
    if old == [role.value]:
        return user
    role_groups = Group.objects.filter(name__in=[r.value for r in ALL_ROLES])
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=role.value))
    user.__dict__.pop("group_names", None)
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=user,
                 changes={"roles": [old, [role.value]]},
                 summary=f"made {user} {role.value}")  # fmt: skip
    return user


@transaction.atomic
def user_reset_two_factor(*, actor: User, user: User) -> int:
    """Delete the user's second-factor devices; they enroll again at next sign-in."""
    _require_admin(actor)
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=user,
                 changes={"two_factor_devices_removed": len(devices)},
                 summary=f"reset two-factor sign-in of {user}")  # fmt: skip
    return len(devices)


@transaction.atomic
def user_update_settings(*, actor: User, time_zone: str) -> User:
    """The signed-in user's own settings (their time zone; blank: the firm's)."""
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied("Sign in to change your settings.")
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = audit.snapshot(user, ["time_zone"])
    user.time_zone = (time_zone or "").strip()
    user.full_clean(exclude=["password"], validate_unique=False)
    delta = audit.diff(before, {"time_zone": user.time_zone})
    if delta:
        user.save(update_fields=["time_zone"])
        audit.record(actor=actor, action=audit.Action.CHANGE, obj=user, changes=delta,
                     summary=f"set their time zone to {user.zone_name}")  # fmt: skip
    actor.time_zone = user.time_zone
    return user


# --- The user's own second factor -------------------------------------------------------


@transaction.atomic
def two_factor_device_start(*, actor: User) -> TOTPDevice:
    """The unconfirmed authenticator-app device enrollment shows (made once)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def two_factor_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm enrollment with a code from the app; refuses a wrong code."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied("That enrollment is not yours to confirm.")
    if not device.verify_token(token.strip()):
        raise ValidationError({"token": "That code does not match. Check the app and try again."})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    audit.record(actor=actor, action=audit.Action.CREATE, obj=actor,
                 summary="enrolled an authenticator app for two-factor sign-in")  # fmt: skip
    return device


BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "Backup codes"


@transaction.atomic
def two_factor_backup_codes_generate(*, actor: User) -> list[str]:
    """New single-use backup codes for signing in without the phone; the old
    ones stop working. The codes are returned to be shown once, never again."""
    if not TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise ValidationError("Turn on two-factor sign-in with an authenticator app first.")
    replaced = StaticDevice.objects.filter(user=actor).delete()[0] > 0
    device = StaticDevice.objects.create(user=actor, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit.record(actor=actor, action=audit.Action.CREATE if not replaced else audit.Action.CHANGE,
                 obj=actor, changes={"backup_codes": len(codes)},
                 summary="generated new two-factor backup codes"
                         + (" (the old ones no longer work)" if replaced else ""))  # fmt: skip
    return codes


def two_factor_backup_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Firm settings -------------------------------------------------------------------------


@transaction.atomic
def firm_settings_update(*, actor: User, **changes: Any) -> FirmSettings:
    from casemgr.models import FirmSettings
    from cases.services import validate_number_pattern

    _require_admin(actor)
    allowed = {"name", "matter_number_pattern", "require_two_factor"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"firm_settings_update got unknown fields: {', '.join(sorted(unknown))}")
    if "matter_number_pattern" in changes:
        validate_number_pattern(changes["matter_number_pattern"])
    current = FirmSettings.objects.select_for_update().get(pk=FirmSettings.load().pk)
    before = audit.snapshot(current, changes)
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    delta = audit.diff(before, changes)
    if delta:
        current.save(update_fields=list(changes))
        audit.record(actor=actor, action=audit.Action.CHANGE, obj=current, changes=delta,
                     summary="changed firm settings: " + ", ".join(sorted(delta)))  # fmt: skip
    return current


# --- Matter access (firm admin pages) ------------------------------------------------------


def _admin_visible(actor: User, matter: Matter) -> Matter:
    from access.kernel import matter_for

    _require_admin(actor)
    return matter_for(actor, matter.pk)


@transaction.atomic
def access_grant(
    *, actor: User, matter: Matter, user: User | None = None, group: Group | None = None
) -> None:
    """A firm admin gives a user or group access (refused if a wall screens them)."""
    from cases import services as cases_services

    matter = _admin_visible(actor, matter)
    if group is not None:
        cases_services.matter_grant_group(actor=actor, matter=matter, group=group)
    else:
        if user is None or not user.is_active:
            raise ValidationError("Choose an active user.")
        cases_services.matter_grant(actor=actor, matter=matter, user=user)


@transaction.atomic
def access_revoke(
    *, actor: User, matter: Matter, user: User | None = None, group: Group | None = None
) -> bool:
    from cases import services as cases_services
    from cases.models import TeamMembership

    matter = _admin_visible(actor, matter)
    if group is not None:
        return cases_services.matter_revoke_group(actor=actor, matter=matter, group=group)
    if TeamMembership.objects.filter(matter=matter, user=user).exists():
        raise ValidationError(
            f"{user} is on the team of {matter.number}; take them off the team instead."
        )
    return cases_services.matter_revoke(actor=actor, matter=matter, user=user)


# --- Walls and the audit trail ---------------------------------------------------------------


def wall_create(*, actor: User, **fields: Any) -> Any:
    """Raise an ethical wall (cases.services.wall_create checks and audits)."""
    from cases import services as cases_services

    _require_admin(actor)
    return cases_services.wall_create(actor=actor, **fields)


def audit_export_record(*, actor: User, filters: dict[str, Any], rows: int) -> None:
    """The export itself is audited: who took which slice of the trail."""
    audit.record(actor=actor, action=audit.Action.EXPORT, object_type="casemgr.auditevent",
                 object_repr="audit log", changes={"filters": filters, "rows": rows},
                 summary=f"exported {rows} audit lines as CSV")  # fmt: skip
