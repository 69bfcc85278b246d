"""Every state change of a matter: one function each, transactional and audited.

HTML views, API views, admin actions, Celery tasks and management commands all
call these. Each function checks the actor's permission, writes, grants or
revokes object permissions, and records the audit line in one transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from access.backends import forget
from access.kernel import require
from access.models import (
    EthicalWall,
    MatterGroupObjectPermission,
    MatterUserObjectPermission,
    WallAcknowledgment,
)
from accounts.webhooks import emit
from casemgr import audit
from casemgr.models import FirmSettings
from casemgr.versioning import edit_lock, save_version
from cases.models import Matter, MatterNumberCounter, Party, PracticeArea, TeamMembership
from cases.services.tasks import task_templates_apply
from clients.intake import conflict_check_attach, conflict_clearance_require
from clients.models import ConflictCheck, Contact

if TYPE_CHECKING:
    from accounts.models import User

MATTER_PERMS = ("view_matter", "change_matter")
EDITABLE_FIELDS = (
    "title",
    "practice_area",
    "responsible_attorney",
    "originating_attorney",
    "court",
    "docket_number",
    "judge",
    "jurisdiction",
    "description",
)


# --- Numbers ------------------------------------------------------------------


def _number_scope(pattern: str, *, year: int, practice: str) -> str:
    parts = [pattern]
    if "{year" in pattern:
        parts.append(str(year))
    if "{practice" in pattern:
        parts.append(practice)
    return "|".join(parts)


def validate_number_pattern(pattern: str) -> None:
    if "{seq" not in pattern:
        raise ValidationError({"matter_number_pattern": "The pattern needs {seq}."})
    try:
        pattern.format(year=2026, seq=1, practice="LIT")
    except (KeyError, ValueError, IndexError) as exc:
        raise ValidationError(
            {
                "matter_number_pattern": f"Not a valid pattern ({exc}); use {{year}}, {{seq}}, {{practice}}."
            }
        ) from None


def matter_number_next(*, practice_area: PracticeArea, opened_on: datetime.date) -> str:
    """The next free number. Must run inside the caller's transaction: the counter
    row stays locked until commit, so concurrent openings queue up, and a number
    is never reused (a rolled-back opening gives its number back unseen)."""
    pattern = FirmSettings.load().matter_number_pattern
    scope = _number_scope(pattern, year=opened_on.year, practice=practice_area.code.upper())
    MatterNumberCounter.objects.bulk_create(
        [MatterNumberCounter(scope=scope)], ignore_conflicts=True
    )
    counter = MatterNumberCounter.objects.select_for_update().get(scope=scope)
    while True:
        counter.last_value += 1
        number = pattern.format(
            year=opened_on.year, seq=counter.last_value, practice=practice_area.code.upper()
        )
        if not Matter.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last_value"])
    return number


# --- Opening, editing, closing ----------------------------------------------------


def _require_model_perm(actor: User, perm: str, message: str) -> None:
    if not (actor.is_active and actor.has_perm(perm)):
        raise PermissionDenied(message)


def team_role_for(user: User) -> str:
    """The team role a user takes by default, from their firm role."""
    for role, team_role in (
        ("Attorney", TeamMembership.Role.ATTORNEY),
        ("Paralegal", TeamMembership.Role.PARALEGAL),
        ("Case manager", TeamMembership.Role.CASE_MANAGER),
    ):
        if role in user.group_names:
            return team_role
    return TeamMembership.Role.CASE_MANAGER


@transaction.atomic
def matter_open(
    *,
    actor: User,
    title: str,
    client: Contact,
    practice_area: PracticeArea,
    responsible_attorney: User,
    originating_attorney: User | None = None,
    opened_on: datetime.date | None = None,
    stage: str | None = None,
    team: list[tuple[User, str]] | None = None,
    conflict_check: ConflictCheck | None = None,
    override_reason: str = "",
    **details: Any,
) -> Matter:
    """Open a matter: number it, put the people on its team, grant them access.
    Needs a cleared conflict check (linked to the matter) or a firm admin's
    override with a reason (audited)."""
    _require_model_perm(actor, "cases.add_matter", "You may not open matters.")
    override = conflict_clearance_require(
        actor=actor, check=conflict_check, override_reason=override_reason
    )
    opened_on = opened_on or timezone.localdate()
    stage = stage or practice_area.stages[0]
    if stage not in practice_area.stages:
        raise ValidationError({"stage": f"'{stage}' is not a stage of {practice_area}."})
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"matter_open got unknown fields: {', '.join(sorted(unknown))}")
    matter = Matter(
        number=matter_number_next(practice_area=practice_area, opened_on=opened_on),
        title=title.strip(),
        client=client,
        practice_area=practice_area,
        stage=stage,
        responsible_attorney=responsible_attorney,
        originating_attorney=originating_attorney,
        opened_on=opened_on,
        **details,
    )
    matter.full_clean()
    matter.save()
    if client.client_status in {"", Contact.ClientStatus.FORMER}:
        client.client_status = Contact.ClientStatus.ACTIVE
        client.save(update_fields=["client_status", "updated_at"])
    Party.objects.create(matter=matter, contact=client, role=Party.Role.CLIENT)
    audit.record(actor=actor, action=audit.Action.CREATE, obj=matter, summary="opened the matter")
    if conflict_check is not None:
        conflict_check_attach(check=conflict_check, matter=matter)
    else:
        audit.record(actor=actor, action=audit.Action.CHANGE, obj=matter,
                     changes={"conflict_check_override": override},
                     summary=f"opened the matter without a cleared conflict check: {override}")  # fmt: skip

    members: list[tuple[User, str]] = [(responsible_attorney, TeamMembership.Role.LEAD_ATTORNEY)]
    members += [m for m in (team or []) if m[0].pk != responsible_attorney.pk]
    # Whoever opens a matter joins its team, so they can read what they created
    # (a paralegal opening a matter for an attorney): page and API alike.
    if all(user.pk != actor.pk for user, _ in members):
        members.append((actor, team_role_for(actor)))
    for user, role in members:
        team_member_add(actor=actor, matter=matter, user=user, role=role, _checked=True)
    task_templates_apply(matter=matter, actor=actor, _checked=True)
    emit("matter.opened", matter_id=matter.pk, build=matter_webhook_data)
    return matter


def _locked_current(matter: Matter, expected_version: int) -> Matter:
    return edit_lock(
        Matter.objects.all(), pk=matter.pk, expected_version=expected_version,
        label=lambda current: current.number,
    )  # fmt: skip


@transaction.atomic
def matter_update(*, actor: User, matter: Matter, expected_version: int, **changes: Any) -> Matter:
    """Change a matter's details, refusing a stale save (optimistic locking)."""
    require(actor, "change", matter)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"matter_update got unknown fields: {', '.join(sorted(unknown))}")
    current = _locked_current(matter, expected_version)
    before = audit.snapshot(current, changes)
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    delta = audit.diff(before, changes)
    if not delta:
        return current
    save_version(current, changes)
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current, changes=delta,
                 summary="changed " + audit.field_labels(Matter, delta))  # fmt: skip
    if (
        "responsible_attorney" in changes
        and not current.team.filter(user=current.responsible_attorney).exists()
    ):
        team_member_add(actor=actor, matter=current, user=current.responsible_attorney,
                        role=TeamMembership.Role.LEAD_ATTORNEY, _checked=True)  # fmt: skip
    return current


@transaction.atomic
def matter_change_stage(
    *, actor: User, matter: Matter, stage: str, expected_version: int
) -> Matter:
    require(actor, "change", matter)
    current = _locked_current(matter, expected_version)
    if stage not in current.practice_area.stages:
        raise ValidationError({"stage": f"'{stage}' is not a stage of {current.practice_area}."})
    if current.is_closed:
        raise ValidationError("A closed matter has no stage to change; reopen it first.")
    if stage == current.stage:
        return current
    old = current.stage
    current.stage = stage
    save_version(current, ["stage"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"stage": [old, stage]}, summary=f"moved the matter from {old} to {stage}")  # fmt: skip
    emit("matter.stage_changed", matter_id=current.pk, build=matter_webhook_data)
    return current


@transaction.atomic
def matter_close(
    *,
    actor: User,
    matter: Matter,
    expected_version: int,
    outcome: str,
    closed_on: datetime.date | None = None,
    notes: str = "",
) -> Matter:
    require(actor, "change", matter)
    current = _locked_current(matter, expected_version)
    if current.is_closed:
        raise ValidationError(f"{current.number} is already closed.")
    if outcome not in Matter.Outcome.values or not outcome:
        raise ValidationError({"outcome": "Choose how the matter ended."})
    closed_on = closed_on or timezone.localdate()
    if closed_on < current.opened_on:
        raise ValidationError({"closed_on": "A matter cannot close before it opened."})
    old_stage = current.stage
    current.closed_on = closed_on
    current.outcome = outcome
    current.outcome_notes = notes
    if "closed" in current.practice_area.stages:
        current.stage = "closed"
    save_version(current, ["closed_on", "outcome", "outcome_notes", "stage"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"closed_on": [None, closed_on.isoformat()], "outcome": ["", outcome],
                          "stage": [old_stage, current.stage]},
                 summary=f"closed the matter ({current.get_outcome_display()})")  # fmt: skip
    emit("matter.closed", matter_id=current.pk, build=matter_webhook_data)
    return current


@transaction.atomic
def matter_reopen(
    *, actor: User, matter: Matter, expected_version: int, stage: str | None = None
) -> Matter:
    require(actor, "change", matter)
    current = _locked_current(matter, expected_version)
    if not current.is_closed:
        raise ValidationError(f"{current.number} is not closed.")
    stages = [s for s in current.practice_area.stages if s != "closed"]
    stage = stage or (stages[1] if len(stages) > 1 else stages[0])
    if stage not in stages:
        raise ValidationError(
            {"stage": f"'{stage}' is not an open stage of {current.practice_area}."}
        )
    old = {
        "closed_on": current.closed_on.isoformat(),
        "outcome": current.outcome,
        "stage": current.stage,
    }
    current.closed_on = None
    current.outcome = ""
    current.stage = stage
    save_version(current, ["closed_on", "outcome", "stage"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={k: [v, getattr(current, k) or None] for k, v in old.items()},
                 summary=f"reopened the matter at stage {stage}")  # fmt: skip
    return current


# --- Team and access --------------------------------------------------------------


def _refuse_if_walled(
    matter: Matter, *, user: User | None = None, group: Group | None = None
) -> None:
    walls = list(EthicalWall.objects.screening_from(matter, user=user, group=group))
    if walls:
        who = user or group
        names = "; ".join(f"“{wall.name}”" for wall in walls)
        raise ValidationError(
            f"{who} is screened from {matter.number} by the ethical wall {names}."
        )


@transaction.atomic
def matter_grant(*, actor: User, matter: Matter, user: User | None = None,
                 group: Group | None = None, summary: str = "") -> None:  # fmt: skip
    """Give a user or a group (e.g. a practice group) access to a matter: for
    those who may change the matter (its team, firm admins)."""
    require(actor, "change", matter)
    _grant(actor=actor, matter=matter, user=user, group=group, summary=summary)


@transaction.atomic
def matter_revoke(*, actor: User, matter: Matter, user: User | None = None,
                  group: Group | None = None, summary: str = "") -> bool:  # fmt: skip
    """Take a user's or a group's access to a matter away (team and admins only)."""
    require(actor, "change", matter)
    return _revoke(actor=actor, matter=matter, user=user, group=group, summary=summary)


def _grant(*, actor: User, matter: Matter, user: User | None = None,
           group: Group | None = None, summary: str = "") -> None:  # fmt: skip
    """Grant without a permission check: for services that checked already
    (or, as matter_open, create the matter the grant is on), in their transaction."""
    if (user is None) == (group is None):
        raise TypeError("grant to exactly one of user or group")
    _refuse_if_walled(matter, user=user, group=group)
    for perm in MATTER_PERMS:
        assign_perm(f"cases.{perm}", user or group, matter)
    if user is not None:
        forget(user)
    audit.record(actor=actor, action=audit.Action.GRANT, obj=matter,
                 changes={"user" if user else "group": str(user or group)},
                 summary=summary or f"granted {user or group} access")  # fmt: skip


def _revoke(*, actor: User, matter: Matter, user: User | None = None,
            group: Group | None = None, summary: str = "") -> bool:  # fmt: skip
    if (user is None) == (group is None):
        raise TypeError("revoke from exactly one of user or group")
    if user is not None:
        rows = MatterUserObjectPermission.objects.filter(content_object=matter, user=user)
    else:
        rows = MatterGroupObjectPermission.objects.filter(content_object=matter, group=group)
    deleted, _ = rows.delete()
    if user is not None:
        forget(user)
    if deleted:
        audit.record(actor=actor, action=audit.Action.REVOKE, obj=matter,
                     changes={"user" if user else "group": str(user or group)},
                     summary=summary or f"revoked {user or group}'s access")  # fmt: skip
    return bool(deleted)


@transaction.atomic
def matter_grant_group(*, actor: User, matter: Matter, group: Group) -> None:
    if not actor.is_firm_admin:
        raise PermissionDenied("Only firm admins grant groups access to matters.")
    _grant(actor=actor, matter=matter, group=group)


@transaction.atomic
def matter_revoke_group(*, actor: User, matter: Matter, group: Group) -> bool:
    if not actor.is_firm_admin:
        raise PermissionDenied("Only firm admins revoke group access.")
    return _revoke(actor=actor, matter=matter, group=group)


@dataclass(frozen=True)
class TeamChange:
    """What ``team_member_add`` did, so every caller can say it in words."""

    membership: TeamMembership
    created: bool
    old_role: str | None  # the role before a change; None when added or unchanged

    @property
    def message(self) -> str:
        m = self.membership
        role = m.get_role_display()
        if self.created:
            return f"{m.user} joined the team as {role}."
        if self.old_role is not None:
            old = TeamMembership.Role(self.old_role).label
            return f"{m.user} was already on the team: their role changed from {old} to {role}."
        return f"{m.user} is already on the team as {role}; nothing changed."


@transaction.atomic
def team_member_add(*, actor: User, matter: Matter, user: User, role: str,
                    _checked: bool = False) -> TeamChange:  # fmt: skip
    """Put a user on a matter's team (joining grants access to the matter), or
    change the role of someone already on it. The lead attorney is never
    silently demoted: a change that would leave the matter without a lead
    attorney, or its responsible attorney without the lead role, is refused."""
    if not _checked:
        require(actor, "change", matter)
    if role not in TeamMembership.Role.values:
        raise ValidationError({"role": f"'{role}' is not a team role."})
    if not user.is_active:
        raise ValidationError(f"{user} is deactivated and cannot join a team.")
    _refuse_if_walled(matter, user=user)
    membership, created = TeamMembership.objects.get_or_create(
        matter=matter, user=user, defaults={"role": role}
    )
    if created:
        audit.record(actor=actor, action=audit.Action.CREATE, obj=membership,
                     summary=f"added {user} to the team as {membership.get_role_display()}")  # fmt: skip
        _grant(
            actor=actor,
            matter=matter,
            user=user,
            summary=f"granted {user} access (joined the team)",
        )
        return TeamChange(membership=membership, created=True, old_role=None)
    if membership.role == role:
        return TeamChange(membership=membership, created=False, old_role=None)
    old = membership.role
    if old == TeamMembership.Role.LEAD_ATTORNEY:
        _refuse_lead_demotion(matter=matter, membership=membership, role=role)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=membership,
                 changes={"role": [old, role]},
                 summary=f"changed {user}'s team role from {TeamMembership.Role(old).label} "
                         f"to {membership.get_role_display()}")  # fmt: skip
    return TeamChange(membership=membership, created=False, old_role=old)


def _refuse_lead_demotion(*, matter: Matter, membership: TeamMembership, role: str) -> None:
    user = membership.user
    new = TeamMembership.Role(role).label
    if user.pk == matter.responsible_attorney_id:
        raise ValidationError(
            {"role": f"{user} is the responsible attorney and lead attorney of {matter.number}; "
                     f"nothing changed. To make them {new}, first make someone else the "
                     "responsible attorney (Edit the matter)."}
        )  # fmt: skip
    other_leads = (
        TeamMembership.objects.filter(matter=matter, role=TeamMembership.Role.LEAD_ATTORNEY)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not other_leads:
        raise ValidationError(
            {"role": f"{user} is the only lead attorney of {matter.number}; making them {new} "
                     "would leave the matter without one. Nothing changed: add another lead "
                     "attorney first."}
        )  # fmt: skip


@transaction.atomic
def team_member_remove(*, actor: User, matter: Matter, user: User) -> None:
    """Take a user off the team; leaving revokes their access to the matter."""
    require(actor, "change", matter)
    if user.pk == matter.responsible_attorney_id:
        raise ValidationError(
            f"{user} is the responsible attorney; make someone else responsible first."
        )
    membership = TeamMembership.objects.filter(matter=matter, user=user).first()
    if membership is None:
        raise ValidationError(f"{user} is not on the team of {matter.number}.")
    audit.record(actor=actor, action=audit.Action.DELETE, obj=membership,
                 summary=f"removed {user} from the team")  # fmt: skip
    membership.delete()
    _revoke(
        actor=actor, matter=matter, user=user, summary=f"revoked {user}'s access (left the team)"
    )


# --- Parties ------------------------------------------------------------------------


@transaction.atomic
def party_add(
    *, actor: User, matter: Matter, contact: Contact, role: str, notes: str = ""
) -> Party:
    require(actor, "change", matter)
    if role not in Party.Role.values:
        raise ValidationError({"role": f"'{role}' is not a party role."})
    try:
        with transaction.atomic():
            party = Party.objects.create(matter=matter, contact=contact, role=role, notes=notes)
    except IntegrityError:
        raise ValidationError(
            f"{contact} is already a party to {matter.number} as {Party.Role(role).label}."
        ) from None
    audit.record(actor=actor, action=audit.Action.CREATE, obj=party,
                 summary=f"added {contact} as {party.get_role_display()}")  # fmt: skip
    return party


@transaction.atomic
def party_remove(*, actor: User, party: Party) -> None:
    require(actor, "change", party.matter)
    if party.role == Party.Role.CLIENT and party.contact_id == party.matter.client_id:
        raise ValidationError("The matter's client cannot be removed from its parties.")
    audit.record(actor=actor, action=audit.Action.DELETE, obj=party,
                 summary=f"removed {party.contact} ({party.get_role_display()})")  # fmt: skip
    party.delete()


# --- Ethical walls --------------------------------------------------------------------


@transaction.atomic
def wall_create(
    *,
    actor: User,
    name: str,
    reason: str,
    notice: str,
    kind: str = EthicalWall.Kind.EXCLUSIVE,
    matter: Matter | None = None,
    client: Contact | None = None,
    users: list[User] | None = None,
    groups: list[Group] | None = None,
    effective_from: datetime.date | None = None,
    effective_until: datetime.date | None = None,
) -> EthicalWall:
    """Raise a wall. Existing grants of the screened people are revoked now, and
    future grants are refused while the wall stands."""
    if not actor.is_firm_admin:
        raise PermissionDenied("Only firm admins create ethical walls.")
    # The wall page's rules (moved here from accounts.forms.WallForm so that the
    # page and the API give the same answers).
    if (matter is None) == (client is None):
        raise ValidationError("Choose either a matter (by number) or a client, not both.")
    if kind == EthicalWall.Kind.INCLUSIVE and client is not None:
        raise ValidationError({"client": "A team-only wall covers one matter, not a client."})
    if effective_from and effective_until and effective_until < effective_from:
        raise ValidationError({"effective_until": "The wall cannot end before it starts."})
    users, groups = list(users or []), list(groups or [])
    if kind == EthicalWall.Kind.EXCLUSIVE and not (users or groups):
        raise ValidationError("An exclusive wall must screen at least one person or group.")
    wall = EthicalWall(
        name=name.strip(), kind=kind, matter=matter, client=client, reason=reason.strip(),
        notice=notice.strip(), effective_from=effective_from or timezone.localdate(),
        effective_until=effective_until, created_by=actor,
    )  # fmt: skip
    wall.full_clean()
    wall.save()
    wall.screened_users.set(users)
    wall.screened_groups.set(groups)
    audit.record(actor=actor, action=audit.Action.CREATE, obj=wall,
                 matter_id=matter.pk if matter else None,
                 changes={"kind": kind, "scope": wall.scope_label,
                          "users": [str(u) for u in users], "groups": [str(g) for g in groups]},
                 summary=f"raised the ethical wall “{wall.name}” on {wall.scope_label}")  # fmt: skip
    if wall.effective_from <= timezone.localdate():
        _enforce_wall(actor=actor, wall=wall)
    return wall


def _enforce_wall(*, actor: User, wall: EthicalWall) -> None:
    matters = (
        Matter.objects.filter(pk=wall.matter_id)
        if wall.matter_id
        else Matter.objects.filter(client=wall.client_id)
    )
    reason = f"(ethical wall “{wall.name}”)"
    if wall.kind == EthicalWall.Kind.EXCLUSIVE:
        screened = set(wall.screened_users.all())
        for group in wall.screened_groups.prefetch_related("user_set"):
            screened.update(group.user_set.all())
        for matter in matters:
            for user in screened:
                TeamMembership.objects.filter(matter=matter, user=user).delete()
                _revoke(
                    actor=actor,
                    matter=matter,
                    user=user,
                    summary=f"revoked {user}'s access {reason}",
                )
            for group in wall.screened_groups.all():
                _revoke(
                    actor=actor,
                    matter=matter,
                    group=group,
                    summary=f"revoked {group}'s access {reason}",
                )
    else:
        for matter in matters:
            team = set(matter.team.values_list("user_id", flat=True))
            for perm in (
                MatterUserObjectPermission.objects.filter(content_object=matter)
                .exclude(user_id__in=team)
                .select_related("user")
                .distinct("user")
            ):
                _revoke(
                    actor=actor,
                    matter=matter,
                    user=perm.user,
                    summary=f"revoked {perm.user}'s access {reason}",
                )
            for perm in (
                MatterGroupObjectPermission.objects.filter(content_object=matter)
                .select_related("group")
                .distinct("group")
            ):
                _revoke(
                    actor=actor,
                    matter=matter,
                    group=perm.group,
                    summary=f"revoked {perm.group}'s access {reason}",
                )


@transaction.atomic
def wall_acknowledge(*, actor: User, wall: EthicalWall) -> WallAcknowledgment:
    screened = (
        wall.screened_users.filter(pk=actor.pk).exists()
        or wall.screened_groups.filter(pk__in=actor.groups.values("pk")).exists()
    )
    if not screened:
        raise ValidationError("Only the people a wall screens acknowledge its notice.")
    ack, created = WallAcknowledgment.objects.get_or_create(wall=wall, user=actor)
    if created:
        audit.record(actor=actor, action=audit.Action.CHANGE, obj=wall,
                     matter_id=wall.matter_id, summary=f"acknowledged the wall notice “{wall.name}”")  # fmt: skip
    return ack


# --- Webhook payloads (accounts.webhooks calls these at delivery time) ---------


def matter_webhook_data(*, owner: User, matter: Matter, object_id: int | None) -> dict[str, Any]:
    """The matter as an event's data; ``matter`` came through the door for ``owner``."""
    return {
        "matter": {
            "id": matter.pk,
            "number": matter.number,
            "title": matter.title,
            "stage": matter.stage,
            "opened_on": matter.opened_on,
            "closed_on": matter.closed_on,
            "outcome": matter.outcome,
        }
    }
