"""Intake and conflict clearance: every state change, transactional and audited.

An intake moves new → in review → conflict check → accepted (matter opened),
or to declined (with a non-engagement letter) or referred out. A conflict check
stores the report as it stood and, once, a decision; the database refuses any
other change (migration clients 0003). A matter opens only on a cleared check
that is the latest of its intake and still covers the intake's names, or on an
audited override by a firm admin (``cases.services.matter_open`` enforces it).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Value
from django.utils import timezone

from casemgr import audit
from casemgr.versioning import edit_lock, save_version
from clients import conflicts
from clients.conflicts import CheckName
from clients.models import (
    ConflictCheck,
    Contact,
    Intake,
    IntakeFormLink,
    IntakeName,
    NameCapacity,
    NameKey,
)

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Matter, PracticeArea

INTAKE_FIELDS = (
    "prospect_kind", "prospect_first_name", "prospect_last_name", "prospect_organization_name",
    "prospect_email", "prospect_phone", "summary", "incident_date", "limitation_date",
    "limitation_basis", "forum", "jurisdiction", "urgency", "referral_source",
    "interview_notes", "practice_area", "responsible_attorney", "source",
)  # fmt: skip
MAX_WAIVER_BYTES = 10 * 1024 * 1024
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)


# --- Who may do what --------------------------------------------------------------


def can_view_intakes(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("clients.view_intake")
    )


def can_change_intakes(user: Any) -> bool:
    return can_view_intakes(user) and user.has_perm("clients.change_intake")


def can_add_intakes(user: Any) -> bool:
    return can_view_intakes(user) and user.has_perm("clients.add_intake")


def can_decide(user: Any, check: ConflictCheck) -> bool:
    """The intake's responsible attorney or a conflicts reviewer."""
    if conflicts.can_review_conflicts(user):
        return True
    intake = check.intake
    return bool(intake is not None and intake.responsible_attorney_id == user.pk and user.is_active)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDenied(message)


# --- The intake record ------------------------------------------------------------


def _clean(intake: Intake) -> None:
    errors: dict[str, str] = {}
    for name in ("prospect_first_name", "prospect_last_name", "prospect_organization_name",
                 "prospect_email", "prospect_phone", "limitation_basis", "forum",
                 "referral_source"):  # fmt: skip
        setattr(intake, name, " ".join((getattr(intake, name) or "").split()))
    if intake.prospect_kind == Contact.Kind.PERSON:
        intake.prospect_organization_name = ""
        if not intake.prospect_last_name:
            errors["prospect_last_name"] = "Give the prospect's last name."
    else:
        intake.prospect_first_name = intake.prospect_last_name = ""
        if not intake.prospect_organization_name:
            errors["prospect_organization_name"] = "Give the organization's name."
    for name in ("incident_date", "limitation_date"):
        value = getattr(intake, name)
        if value and not (EARLIEST_DATE <= value <= LATEST_DATE):
            errors[name] = f"Give a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}."
    if intake.limitation_date and not intake.limitation_basis:
        errors["limitation_basis"] = "Cite the statute that sets the limitation period."
    if (
        intake.incident_date
        and intake.limitation_date
        and intake.limitation_date < intake.incident_date
        and "limitation_date" not in errors
    ):
        errors["limitation_date"] = "The limitation deadline cannot be before the incident."
    if errors:
        raise ValidationError(errors)
    intake.full_clean(exclude=["decline_letter", "prospect", "matter"])


def _set_names(intake: Intake, names: Iterable[Mapping[str, Any]]) -> list[str]:
    """Replace the intake's other names; returns them as "capacity: name" lines."""
    wanted: list[IntakeName] = []
    seen: set[tuple[str, str]] = set()
    for row in names:
        name = " ".join(str(row.get("name") or "").split())
        if not name:
            continue
        capacity = row.get("capacity") or ""
        if capacity not in NameCapacity.values:
            raise ValidationError({"names": f"“{name}”: choose what the name is to the matter."})
        if (capacity, name.lower()) in seen:
            raise ValidationError({"names": f"“{name}” is listed twice."})
        seen.add((capacity, name.lower()))
        item = IntakeName(
            intake=intake,
            capacity=capacity,
            name=name,
            kind=row.get("kind") or Contact.Kind.PERSON,
            relation=" ".join(str(row.get("relation") or "").split()),
        )
        try:
            item.full_clean(exclude=["intake"])
        except ValidationError as exc:
            raise ValidationError({"names": [f"{name}: {m}" for m in exc.messages]}) from None
        wanted.append(item)
    intake.names.all().delete()
    IntakeName.objects.bulk_create(wanted)
    return [f"{n.capacity}: {n.name}" for n in wanted]


@transaction.atomic
def intake_create(
    *, actor: User | None, names: Iterable[Mapping[str, Any]] = (), **fields: Any
) -> Intake:
    """A new intake in "new". ``actor`` is None for the online form (audited as such)."""
    if actor is not None:
        _require(can_add_intakes(actor), "You may not record intakes.")
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise TypeError(f"intake_create got unknown fields: {', '.join(sorted(unknown))}")
    intake = Intake(created_by=actor, **fields)
    _clean(intake)
    intake.save()
    listed = _set_names(intake, names)
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=intake,
        summary="recorded the intake"
        + (" from the online form" if intake.source == Intake.Source.ONLINE else ""),
        changes={"names": listed},
        actor_email="" if actor else "online intake form",
    )
    return intake


def _locked(intake: Intake, expected_version: int | None) -> Intake:
    return edit_lock(
        Intake.objects.all(), pk=intake.pk, expected_version=expected_version,
        label=lambda _: "This intake",
    )  # fmt: skip


@transaction.atomic
def intake_update(
    *,
    actor: User,
    intake: Intake,
    expected_version: int | None = None,
    names: Iterable[Mapping[str, Any]] | None = None,
    **changes: Any,
) -> Intake:
    """Change the interview; refused once the intake is accepted, declined or referred."""
    _require(can_change_intakes(actor), "You may not change intakes.")
    unknown = set(changes) - set(INTAKE_FIELDS)
    if unknown:
        raise TypeError(f"intake_update got unknown fields: {', '.join(sorted(unknown))}")
    current = _locked(intake, expected_version)
    if current.is_closed:
        raise ValidationError(
            f"The intake is {current.get_status_display().lower()}; it is closed."
        )
    before = audit.snapshot(current, changes)
    for name, value in changes.items():
        setattr(current, name, value)
    _clean(current)
    delta = audit.diff(before, {k: getattr(current, k) for k in changes})
    old_names = [f"{n.capacity}: {n.name}" for n in current.names.all()]
    if names is not None:
        new_names = _set_names(current, names)
        if new_names != old_names:
            delta["names"] = [old_names, new_names]
    if delta:
        save_version(current)
        audit.record(
            actor=actor,
            action=audit.Action.CHANGE,
            obj=current,
            changes=delta,
            summary="changed " + audit.field_labels(current, delta),
        )
    return current


@transaction.atomic
def intake_start_review(*, actor: User, intake: Intake) -> Intake:
    """New → in review (someone has taken the inquiry up)."""
    _require(can_change_intakes(actor), "You may not change intakes.")
    current = _locked(intake, None)
    if current.status != Intake.Status.NEW:
        raise ValidationError("Only a new intake can be taken into review.")
    return _set_status(actor, current, Intake.Status.IN_REVIEW)


def _set_status(actor: User | None, intake: Intake, status: str, **fields: Any) -> Intake:
    old = intake.status
    intake.status = status
    for name, value in fields.items():
        setattr(intake, name, value)
    save_version(intake, ["status", *fields])
    audit.record(
        actor=actor,
        action=audit.Action.CHANGE,
        obj=intake,
        changes={"status": [old, status], **fields},
        summary=f"moved the intake from {Intake.Status(old).label} to {Intake.Status(status).label}",
    )
    return intake


@transaction.atomic
def intake_decline(*, actor: User, intake: Intake, reason: str) -> Intake:
    """Declined, with the reason; the non-engagement letter is rendered by a worker
    (never in the request) and filed on the intake."""
    _require(can_change_intakes(actor), "You may not change intakes.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the firm declines."})
    current = _locked(intake, None)
    if current.is_closed:
        raise ValidationError(f"The intake is already {current.get_status_display().lower()}.")
    current = _set_status(actor, current, Intake.Status.DECLINED, decline_reason=reason)
    from clients.tasks import render_decline_letter  # tasks import this module

    transaction.on_commit(lambda: render_decline_letter.delay(current.pk))
    return current


def intake_letter_render(*, intake_id: int) -> Intake:
    """Render and file the non-engagement letter of a declined intake. Idempotent:
    a letter already filed is kept (a second run is a no-op)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML  # heavy: imported where the worker needs it

    from casemgr.models import FirmSettings

    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=intake_id)
        if intake.status != Intake.Status.DECLINED or intake.decline_letter:
            return intake
        html = render_to_string(
            "clients/pdf/decline_letter.html",
            {"intake": intake, "firm": FirmSettings.load(), "today": timezone.localdate()},
        )
        pdf = HTML(string=html).write_pdf()
        intake.decline_letter.save(f"non-engagement-{intake.pk}.pdf", ContentFile(pdf), save=False)
        intake.save(update_fields=["decline_letter", "updated_at"])
        audit.record(
            actor=None,
            action=audit.Action.CREATE,
            obj=intake,
            summary="filed the non-engagement letter",
            actor_email="worker",
        )
    return intake


@transaction.atomic
def intake_refer_out(*, actor: User, intake: Intake, referred_to: str) -> Intake:
    _require(can_change_intakes(actor), "You may not change intakes.")
    referred_to = " ".join((referred_to or "").split())
    if not referred_to:
        raise ValidationError({"referred_to": "Say to whom the prospect was referred."})
    if len(referred_to) > 300:
        raise ValidationError({"referred_to": "At most 300 characters."})
    current = _locked(intake, None)
    if current.is_closed:
        raise ValidationError(f"The intake is already {current.get_status_display().lower()}.")
    return _set_status(actor, current, Intake.Status.REFERRED, referred_to=referred_to)


# --- Conflict checks ----------------------------------------------------------------


def intake_check_names(intake: Intake) -> list[CheckName]:
    """Every name of the intake, the prospect's first."""
    names = [CheckName(intake.prospect_name, NameCapacity.PROSPECT)]
    names += [CheckName(n.name, n.capacity) for n in intake.names.all()]
    return conflicts.clean_names(names)


def latest_check(intake: Intake) -> ConflictCheck | None:
    return intake.conflict_checks.order_by("-run_at", "-id").first()


@transaction.atomic
def conflict_check_run(
    *, actor: User, intake: Intake | None = None, names: Iterable[CheckName] = ()
) -> ConflictCheck:
    """Check every name of the intake (or the names given, for a matter opened
    without one) and store the full report. When it has hits in matters the
    runner cannot see, it waits for a conflicts reviewer (``needs_review``)."""
    if intake is not None:
        _require(can_change_intakes(actor), "You may not change intakes.")
        intake = _locked(intake, None)
        if intake.is_closed:
            raise ValidationError(f"The intake is {intake.get_status_display().lower()}.")
        wanted = intake_check_names(intake)
    else:
        _require(
            actor.is_active and actor.has_perm("cases.add_matter"),
            "You may not record conflict checks.",
        )
        wanted = conflicts.clean_names(names)
    if not wanted:
        raise ValidationError({"names": "Give at least one name to check."})
    report = conflicts.conflict_search(wanted)
    seen = conflicts.report_for(actor, report)
    check = ConflictCheck.objects.create(
        intake=intake,
        names=[n.as_dict() for n in wanted],
        report=report,
        needs_review=seen["hidden_matters"] > 0,
        run_by=actor,
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=check,
        summary=f"ran a conflict check: {seen['hit_count']} possible matches, "
        f"{seen['direct']} direct and {seen['former_client']} former-client conflicts"
        + (", routed to the conflicts reviewers" if check.needs_review else ""),
        changes={
            "names": check.names,
            "contact_ids": conflicts.report_contact_ids(report),
            "intake": intake.pk if intake else None,
        },
    )
    if intake is not None and intake.status != Intake.Status.CONFLICT_CHECK:
        _set_status(actor, intake, Intake.Status.CONFLICT_CHECK)
    return check


def _check_waiver(waiver: UploadedFile | None) -> None:
    if waiver is None:
        raise ValidationError({"waiver": "Attach the signed waiver (PDF)."})
    if waiver.size is None or waiver.size > MAX_WAIVER_BYTES:
        raise ValidationError({"waiver": "The waiver must be a PDF of at most 10 MB."})
    waiver.seek(0)
    head = waiver.read(5)
    waiver.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"waiver": "The waiver must be a PDF (this file is not one)."})


@transaction.atomic
def conflict_check_decide(
    *,
    actor: User,
    check: ConflictCheck,
    decision: str,
    reason: str = "",
    waiver: UploadedFile | None = None,
) -> ConflictCheck:
    """Record the decision, once. Clearing needs someone who sees the whole
    report: a hit in a matter the decider cannot see leaves it to a reviewer."""
    current = (
        ConflictCheck.objects.select_for_update(of=("self",))
        .select_related("intake")
        .get(pk=check.pk)
    )
    _require(
        can_decide(actor, current),
        "Only the responsible attorney or a conflicts reviewer may decide a conflict check.",
    )
    if current.decision:
        raise ValidationError("This check is already decided; run a new check to decide again.")
    if current.intake is not None:
        latest = latest_check(current.intake)
        if latest is not None and latest.pk != current.pk:
            raise ValidationError("A newer check exists for this intake; decide that one.")
    if decision not in {ConflictCheck.Decision.CLEARED, ConflictCheck.Decision.WAIVED,
                        ConflictCheck.Decision.DECLINED}:  # fmt: skip
        raise ValidationError({"decision": "Choose cleared, cleared with waiver, or declined."})
    reason = (reason or "").replace("\x00", "").strip()
    if decision in {ConflictCheck.Decision.WAIVED, ConflictCheck.Decision.DECLINED} and not reason:
        raise ValidationError({"reason": "Give the reason for this decision."})
    if decision == ConflictCheck.Decision.WAIVED:
        _check_waiver(waiver)
    if (
        decision in ConflictCheck.CLEARING
        and conflicts.report_for(actor, current.report)["hidden_matters"]
    ):
        raise ValidationError(
            "This check has a match in a matter you cannot see; a conflicts reviewer "
            "who can see it must decide."
        )
    current.decision = decision
    current.decision_reason = reason
    current.decided_by = actor
    current.decided_at = timezone.now()
    fields = ["decision", "decision_reason", "decided_by", "decided_at"]
    if waiver is not None and decision == ConflictCheck.Decision.WAIVED:
        current.waiver.save("waiver.pdf", waiver, save=False)
        fields.append("waiver")
    current.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=audit.Action.CHANGE,
        obj=current,
        summary=f"decided the conflict check: {current.get_decision_display()}"
        + (f" ({reason})" if reason else ""),
        changes={"decision": decision, "reason": reason},
    )
    return current


def conflict_check_require_cleared(*, check: ConflictCheck) -> None:
    """Refuse a matter opening on this check unless it is cleared, unused, the
    latest of its intake, and still covers the intake's names."""
    check = ConflictCheck.objects.select_related("intake").get(pk=check.pk)
    if not check.is_cleared:
        raise ValidationError(
            {"conflict_check": f"{check} is not cleared ({check.get_decision_display()})."}
        )
    if check.matter_id is not None:
        raise ValidationError({"conflict_check": f"{check} already opened a matter."})
    intake = check.intake
    if intake is not None:
        latest = latest_check(intake)
        if latest is not None and latest.pk != check.pk:
            raise ValidationError(
                {"conflict_check": "A newer conflict check of this intake is not cleared."}
            )
        if [n.as_dict() for n in intake_check_names(intake)] != check.names:
            raise ValidationError(
                {"conflict_check": "The intake's names changed since the check; run a new check."}
            )


def conflict_clearance_require(
    *, actor: User, check: ConflictCheck | None, override_reason: str
) -> str:
    """What matter_open asks before opening: a cleared check, or a firm admin's
    override with a reason. Returns the override reason ("" with a check)."""
    if check is not None:
        conflict_check_require_cleared(check=check)
        return ""
    reason = (override_reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationError(
            {
                "conflict_check": "Choose a cleared conflict check; a firm admin may instead "
                "override with a reason."
            }
        )
    if not actor.is_firm_admin:
        raise PermissionDenied("Only a firm admin may open a matter without a cleared check.")
    return reason[:1000]


def conflict_check_attach(*, check: ConflictCheck, matter: Matter) -> None:
    """Link a cleared check to the matter it opened (the one change the database
    allows after the decision). Called by matter_open inside its transaction."""
    updated = ConflictCheck.objects.filter(
        pk=check.pk, matter__isnull=True, decision__in=list(ConflictCheck.CLEARING)
    ).update(matter=matter)
    if updated != 1:
        raise ValidationError({"conflict_check": f"{check} cannot open this matter."})
    check.matter = matter


# --- Opening the matter -------------------------------------------------------------


def _contact_for(actor: User, *, name: str, kind: str, capacity_note: str = "") -> Contact:
    """The contact with exactly this (folded) name, else a new one."""
    existing = (
        Contact.objects.filter(kind=kind, name_key=NameKey(Value(name))).order_by("id").first()
    )
    if existing is not None:
        return existing
    from clients import services as contact_services

    # The cleared conflict check has already shown every similar name: no
    # second near-duplicate gate for the names it cleared.
    if kind == Contact.Kind.ORGANIZATION:
        return contact_services.contact_create(
            actor=actor, kind=kind, organization_name=name, notes=capacity_note,
            duplicates_ok=True,
        )  # fmt: skip
    first, _, last = name.rpartition(" ")
    return contact_services.contact_create(
        actor=actor, kind=kind, first_name=first, last_name=last or name, notes=capacity_note,
        duplicates_ok=True,
    )  # fmt: skip


@transaction.atomic
def intake_open_matter(
    *,
    actor: User,
    intake: Intake,
    title: str,
    practice_area: PracticeArea,
    responsible_attorney: User,
    override_reason: str = "",
) -> Matter:
    """Open the matter of an accepted intake in one action: the prospect becomes
    the client (an existing contact of the same name, or a new one with its
    aliases), the adverse parties and their counsel become parties, the summary
    and key dates are carried over (the limitation deadline as a statute-of-
    limitations deadline), task templates are applied, and the conflict check is
    linked to the matter. Refused until the latest check is cleared, unless a
    firm admin overrides with a reason (audited)."""
    # cases sits above clients; opening a matter from an intake is the one action
    # that spans them (and deadlines, for the limitation date).
    from cases import services as case_services
    from deadlines import services as deadline_services

    _require(can_change_intakes(actor), "You may not change intakes.")
    current = _locked(intake, None)
    if current.is_closed:
        raise ValidationError(f"The intake is already {current.get_status_display().lower()}.")
    check = latest_check(current)
    use_check = check if (check is not None and check.is_cleared) else None
    if use_check is None and not override_reason.strip():
        raise ValidationError(
            {"conflict_check": "The latest conflict check is not cleared; the matter cannot open."}
        )
    client = current.prospect or _contact_for(
        actor, name=current.prospect_name, kind=current.prospect_kind
    )
    if current.prospect is None:
        prospect_aliases = [
            n.name for n in current.names.all() if n.capacity == NameCapacity.PROSPECT
        ]
        known = {a.name.lower() for a in client.aliases.all()}
        extra = [a for a in prospect_aliases if a.lower() not in known]
        if extra:
            from clients import services as contact_services

            contact_services.contact_aliases_set(
                actor=actor,
                contact=client,
                aliases=[{"name": a.name, "kind": a.kind} for a in client.aliases.all()]
                + [{"name": a, "kind": "alias"} for a in extra],
            )
    description = current.summary
    if current.incident_date:
        description = f"Incident date: {current.incident_date.isoformat()}\n\n{description}"
    matter = case_services.matter_open(
        actor=actor,
        title=title,
        client=client,
        practice_area=practice_area,
        responsible_attorney=responsible_attorney,
        description=description.strip(),
        court=current.forum[:200],
        **({"jurisdiction": current.jurisdiction} if current.jurisdiction else {}),
        conflict_check=use_check,
        override_reason="" if use_check else override_reason,
    )
    roles = {
        NameCapacity.ADVERSE: "opposing_party",
        NameCapacity.ADVERSE_COUNSEL: "opposing_counsel",
        NameCapacity.RELATED: "other",
        NameCapacity.ADVERSE_RELATED: "other",
        NameCapacity.OTHER: "other",
    }
    for n in current.names.all():
        role = roles.get(n.capacity)
        if role is None:
            continue
        contact = _contact_for(actor, name=n.name, kind=n.kind)
        if contact.pk == client.pk:
            continue
        note = f"{n.get_capacity_display()}" + (f": {n.relation}" if n.relation else "")
        if not matter.parties.filter(contact=contact, role=role).exists():
            case_services.party_add(
                actor=actor, matter=matter, contact=contact, role=role, notes=note
            )
    if current.limitation_date:
        deadline_services.deadline_create(
            actor=actor,
            matter=matter,
            title="Statute of limitations (from intake)",
            due_date=current.limitation_date,
            kind="statute",
            citation=current.limitation_basis,
        )
    _set_status(actor, current, Intake.Status.ACCEPTED, matter=matter, prospect=client)
    return matter


# --- The online intake form --------------------------------------------------------


def _require_firm_admin(actor: User) -> None:
    _require(
        bool(actor.is_active and actor.is_firm_admin), "Only a firm admin may change the form."
    )


@transaction.atomic
def intake_form_link_set(*, actor: User, enabled: bool) -> IntakeFormLink:
    """Turn the firm's online intake form on or off (firm admins; audited)."""
    _require_firm_admin(actor)
    link = IntakeFormLink.objects.select_for_update().get(pk=IntakeFormLink.load().pk)
    if link.enabled != enabled:
        link.enabled = enabled
        link.save(update_fields=["enabled"])
        audit.record(
            actor=actor,
            action=audit.Action.CHANGE,
            obj=link,
            changes={"enabled": [not enabled, enabled]},
            summary="turned the online intake form " + ("on" if enabled else "off"),
        )
    return link


@transaction.atomic
def intake_form_link_rotate(*, actor: User) -> IntakeFormLink:
    """A new unguessable token: every link given out before answers 404 from now on."""
    _require_firm_admin(actor)
    link = IntakeFormLink.objects.select_for_update().get(pk=IntakeFormLink.load().pk)
    link.token = secrets.token_urlsafe(32)
    link.rotated_at = timezone.now()
    link.save(update_fields=["token", "rotated_at"])
    # The token itself is not written to the trail: the trail is readable by auditors.
    audit.record(
        actor=actor,
        action=audit.Action.CHANGE,
        obj=link,
        summary="replaced the online intake form's link (the old link no longer works)",
    )
    return link


def intake_form_link_open(token: str) -> IntakeFormLink | None:
    """The form's link if ``token`` is its current token and the form is on."""
    link = IntakeFormLink.objects.filter(pk=1).first()
    if link is None or not link.enabled or not token:
        return None
    if not secrets.compare_digest(link.token.encode(), token.encode()):
        return None
    return link


ONLINE_FIELDS = (
    "prospect_kind", "prospect_first_name", "prospect_last_name", "prospect_organization_name",
    "prospect_email", "prospect_phone", "summary", "incident_date", "referral_source",
    "interview_notes",
)  # fmt: skip


def intake_submit_online(*, names: Iterable[Mapping[str, Any]] = (), **fields: Any) -> Intake:
    """A prospective client's own first part of the interview, from the online
    form: an intake in "new", audited with no actor. Nothing of the firm's data is
    read or answered (no conflict check, no contact lookup)."""
    unknown = set(fields) - set(ONLINE_FIELDS)
    if unknown:
        raise TypeError(f"intake_submit_online got unknown fields: {', '.join(sorted(unknown))}")
    allowed = {NameCapacity.ADVERSE, NameCapacity.ADVERSE_COUNSEL, NameCapacity.PROSPECT}
    if any(row.get("capacity") not in allowed for row in names):
        raise ValidationError({"names": "The online form records only the other side's names."})
    return intake_create(actor=None, names=names, source=Intake.Source.ONLINE, **fields)
