"""Every state change of deadlines: one function each, transactional and audited.

Trigger events are entered in two steps: ``trigger_event_preview`` computes the
chain the event would create (nothing written) and ``trigger_event_create``
writes it once the user confirmed. Changing a trigger date works the same way
(``trigger_event_change_preview`` / ``trigger_event_change_apply``): deadlines
that are done or were overridden by hand are left alone, the others move.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from access.kernel import require
from accounts.webhooks import emit
from casemgr import audit
from casemgr.versioning import edit_lock, save_version
from cases.models import Matter
from deadlines import calculator, rulesets
from deadlines.courts import CourtCalendar
from deadlines.models import (
    JURISDICTION_CHOICES,
    MAX_REMINDER_OFFSET,
    CalendarFeed,
    CourtClosure,
    Deadline,
    Notification,
    ReminderPreference,
    TriggerEvent,
)

if TYPE_CHECKING:
    from accounts.models import User

# Court deadlines end at midnight in the court's zone for electronic filing
# (FRCP 6(a)(4)(A); CCP § 1010.6(b)(3)) unless the court system's policy or the
# rule says otherwise (deadlines/policies/*.yaml, e.g. TRCP 99(b)'s 10:00 a.m.).
E_FILING_CUTOFF = datetime.time(23, 59)


# The rule_key of the hearing a trigger event sets: not a rule key of the data
# (those are lower_snake_case), so it never meets a computed deadline.
HEARING_RULE_KEY = "@hearing"


def court_time_zone(jurisdiction: str) -> str:
    """The court's zone from its calendar data (``time_zone``). A federal court's
    zone depends on its district, which the matter does not record: the firm's
    zone stands in."""
    try:
        zone = CourtCalendar(jurisdiction).time_zone
    except ValueError:
        zone = None
    return zone or settings.FIRM_TIME_ZONE


def ruleset_for(jurisdiction: str) -> tuple[rulesets.RuleSet, str]:
    """The rule set a matter's jurisdiction uses, and the calendar to apply it in.

    A federal court sitting in a state (US-FED-CA) uses the federal rules with
    that state's calendar (FRCP 6(a)(6)(C))."""
    name = "US-FED" if jurisdiction.startswith("US-FED") else jurisdiction
    return rulesets.get(name), jurisdiction


def closures_for(jurisdiction: str) -> dict[datetime.date, str]:
    """Firm-entered closures, passed to the calculator as extra_closures."""
    return dict(
        CourtClosure.objects.filter(jurisdiction=jurisdiction).values_list("date", "reason")
    )


def steps_as_json(computation: calculator.Computation) -> list[dict[str, str]]:
    return [
        {"date": s.date.isoformat(), "text": s.text, "citation": s.citation}
        for s in computation.steps
    ]


# --- Entering a trigger event -----------------------------------------------------


@dataclass(frozen=True)
class HearingPreview:
    """The hearing an event sets (rule data ``hearing:``): a calendar entry on the
    trigger date at the time the user gave, in the court's zone."""

    title: str
    date: datetime.date
    time: datetime.time
    time_zone: str

    @property
    def at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.time, tzinfo=ZoneInfo(self.time_zone))

    @property
    def zone_abbreviation(self) -> str:
        return self.at.tzname() or self.time_zone


@dataclass(frozen=True)
class ChainPreview:
    matter: Matter
    ruleset: rulesets.RuleSet
    jurisdiction: str
    event_key: str
    event_name: str
    trigger_date: datetime.date
    service: str
    version_effective_from: datetime.date
    deadlines: list[rulesets.ComputedDeadline]
    time_zone: str
    hearing: HearingPreview | None = None


def _compute(
    *,
    jurisdiction: str,
    event_key: str,
    trigger_date: datetime.date,
    service: str,
    fixed_dates: dict[str, datetime.date] | None = None,
) -> tuple[rulesets.RuleSet, list[rulesets.ComputedDeadline]]:
    ruleset, calendar = ruleset_for(jurisdiction)
    try:
        chain = ruleset.compute_chain(
            event_key,
            trigger_date,
            service=service,
            jurisdiction=calendar,
            extra_closures=closures_for(calendar),
            fixed_dates=fixed_dates,
        )
    except ValueError as exc:
        raise ValidationError({"trigger_date": str(exc)}) from None
    return ruleset, chain


def _hearing(
    rule_event: rulesets.TriggerEvent,
    trigger_date: datetime.date,
    hearing_time: datetime.time | None,
    time_zone: str,
) -> HearingPreview | None:
    """The hearing the event sets, or None; the time is asked for exactly when
    the event sets one."""
    if not rule_event.hearing:
        if hearing_time is not None:
            raise ValidationError(
                {"hearing_time": f"“{rule_event.name}” sets no hearing: leave the time empty."}
            )
        return None
    if hearing_time is None:
        raise ValidationError(
            {
                "hearing_time": f"“{rule_event.name}” sets a hearing "
                f"({rule_event.hearing}): give its time in the court's time zone."
            }
        )
    return HearingPreview(
        title=rule_event.hearing,
        date=trigger_date,
        time=hearing_time.replace(second=0, microsecond=0, tzinfo=None),
        time_zone=time_zone,
    )


def trigger_event_preview(
    *,
    actor: User,
    matter: Matter,
    event_key: str,
    trigger_date: datetime.date,
    service: str,
    hearing_time: datetime.time | None = None,
) -> ChainPreview:
    """The deadlines the event would create, with explanations, and the hearing
    it sets (if its rule says it sets one). Writes nothing."""
    require(actor, "change", matter)
    if service not in calculator.SERVICES:
        raise ValidationError({"service": f"Unknown service method {service!r}."})
    ruleset, chain = _compute(
        jurisdiction=matter.jurisdiction,
        event_key=event_key,
        trigger_date=trigger_date,
        service=service,
    )
    version = ruleset.version_for(trigger_date)
    zone = court_time_zone(matter.jurisdiction)
    hearing = _hearing(version.event(event_key), trigger_date, hearing_time, zone)
    return ChainPreview(
        matter=matter,
        ruleset=ruleset,
        jurisdiction=matter.jurisdiction,
        event_key=event_key,
        event_name=version.event(event_key).name,
        trigger_date=trigger_date,
        service=service,
        version_effective_from=version.effective_from,
        deadlines=chain,
        time_zone=zone,
        hearing=hearing,
    )


def _default_responsible(matter: Matter, actor: User) -> list[User]:
    people = [matter.responsible_attorney]
    if actor.pk != matter.responsible_attorney_id and matter.team.filter(user=actor).exists():
        people.append(actor)
    return people


@transaction.atomic
def trigger_event_create(
    *,
    actor: User,
    matter: Matter,
    event_key: str,
    trigger_date: datetime.date,
    service: str,
    hearing_time: datetime.time | None = None,
    responsible: Sequence[User] | None = None,
) -> TriggerEvent:
    """Write the event, the hearing it sets (a calendar entry with its time) and
    its chain of deadlines (the user confirmed the preview)."""
    preview = trigger_event_preview(
        actor=actor, matter=matter, event_key=event_key, trigger_date=trigger_date,
        service=service, hearing_time=hearing_time,
    )  # fmt: skip
    event = TriggerEvent.objects.create(
        matter=matter,
        ruleset=preview.ruleset.jurisdiction,
        jurisdiction=preview.jurisdiction,
        event_key=event_key,
        event_name=preview.event_name,
        trigger_date=trigger_date,
        service=service,
        ruleset_version=preview.version_effective_from,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=event,
        changes={"trigger_date": trigger_date, "service": service, "ruleset": event.ruleset},
        summary=f"entered the trigger event “{event.event_name}” on {trigger_date.isoformat()}",
    )
    people = list(responsible) if responsible else _default_responsible(matter, actor)
    if preview.hearing is not None:
        _hearing_create(actor=actor, event=event, hearing=preview.hearing, people=people)
    created: dict[str, Deadline] = {}
    for item in preview.deadlines:
        is_court = item.kind == "court"
        deadline = Deadline.objects.create(
            matter=matter,
            trigger_event=event,
            depends_on=created.get(item.depends_on) if item.depends_on else None,
            rule_key=item.key,
            title=item.title,
            kind=Deadline.Kind.COURT if is_court else Deadline.Kind.INTERNAL,
            due_date=item.due_date,
            due_time=item.due_time if is_court else None,
            time_zone=preview.time_zone,
            citation=item.citation,
            note=" ".join(filter(None, [item.note, *item.notes])),
            ruleset_version=item.version_effective_from,
            computed_due_date=item.due_date,
            steps=steps_as_json(item.computation),
            warnings=list(item.computation.warnings),
            created_by=actor,
        )
        deadline.responsible.set(people)
        created[item.key] = deadline
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=deadline,
            changes={"due_date": item.due_date, "citation": item.citation},
            summary=f"added the deadline “{deadline.title}” due {item.due_date.isoformat()}",
        )
        emit("deadline.created", matter_id=matter.pk, object_id=deadline.pk, build=deadline_webhook_data)  # fmt: skip
    return event


def _hearing_create(
    *, actor: User, event: TriggerEvent, hearing: HearingPreview, people: Sequence[User]
) -> Deadline:
    deadline = Deadline.objects.create(
        matter=event.matter,
        trigger_event=event,
        rule_key=HEARING_RULE_KEY,
        title=hearing.title,
        kind=Deadline.Kind.HEARING,
        due_date=hearing.date,
        due_time=hearing.time,
        time_zone=hearing.time_zone,
        note=f"Set by the trigger event “{event.event_name}”: changing the event's date "
        "moves the hearing and the deadlines counted from it.",
        ruleset_version=event.ruleset_version,
        computed_due_date=hearing.date,
        steps=[
            {
                "date": hearing.date.isoformat(),
                "text": f"Hearing set for {hearing.date.isoformat()} at "
                f"{hearing.time:%H:%M} ({hearing.zone_abbreviation}), the date of “{event.event_name}”",
                "citation": "",
            }
        ],
        created_by=actor,
    )
    deadline.responsible.set(people)
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=deadline,
        changes={"due_date": hearing.date, "due_time": hearing.time, "kind": "hearing"},
        summary=f"set the hearing “{deadline.title}” on {hearing.date.isoformat()} at "
        f"{hearing.time:%H:%M}",
    )
    emit("deadline.created", matter_id=event.matter_id, object_id=deadline.pk, build=deadline_webhook_data)  # fmt: skip
    return deadline


# --- Changing a trigger date -------------------------------------------------------


@dataclass(frozen=True)
class DeadlineMove:
    deadline: Deadline
    old_date: datetime.date
    new_date: datetime.date
    left_alone: str = ""  # why it stays where it is ("done", "overridden", "waived")
    computed: rulesets.ComputedDeadline | None = None

    @property
    def days(self) -> int:
        return (self.new_date - self.old_date).days

    @property
    def moves(self) -> bool:
        return not self.left_alone and self.days != 0


@dataclass(frozen=True)
class ChangePreview:
    event: TriggerEvent
    old_date: datetime.date
    new_date: datetime.date
    moves: list[DeadlineMove] = field(default_factory=list)

    @property
    def moving(self) -> list[DeadlineMove]:
        return [m for m in self.moves if not m.left_alone]

    @property
    def left_alone(self) -> list[DeadlineMove]:
        return [m for m in self.moves if m.left_alone]


def _left_alone_reason(deadline: Deadline) -> str:
    if deadline.status == Deadline.Status.DONE:
        return "done"
    if deadline.status == Deadline.Status.WAIVED:
        return "waived"
    if deadline.is_overridden:
        return "overridden by hand"
    return ""


def trigger_event_change_preview(
    *, actor: User, event: TriggerEvent, new_date: datetime.date
) -> ChangePreview:
    """Which deadlines would move, and by how many days. Writes nothing."""
    require(actor, "change", event.matter)
    deadlines = list(event.deadlines.order_by("id"))
    by_key = {d.rule_key: d for d in deadlines}
    # A deadline left alone keeps its date, and the deadlines computed from it
    # run from that date (not from what the rule would now give).
    fixed = {d.rule_key: d.due_date for d in deadlines if _left_alone_reason(d)}
    _, chain = _compute(
        jurisdiction=event.jurisdiction,
        event_key=event.event_key,
        trigger_date=new_date,
        service=event.service,
        fixed_dates=fixed,
    )
    moves = []
    hearing = by_key.get(HEARING_RULE_KEY)
    if hearing is not None:  # the hearing the event set is on the event's date
        reason = _left_alone_reason(hearing)
        moves.append(
            DeadlineMove(
                deadline=hearing,
                old_date=hearing.due_date,
                new_date=hearing.due_date if reason else new_date,
                left_alone=reason,
            )
        )
    for item in chain:
        deadline = by_key.get(item.key)
        if deadline is None:  # a rule added to the rule set after the event was entered
            continue
        reason = _left_alone_reason(deadline)
        moves.append(
            DeadlineMove(
                deadline=deadline,
                old_date=deadline.due_date,
                new_date=deadline.due_date if reason else item.due_date,
                left_alone=reason,
                computed=item,
            )
        )
    return ChangePreview(event=event, old_date=event.trigger_date, new_date=new_date, moves=moves)


@transaction.atomic
def trigger_event_change_apply(
    *, actor: User, event: TriggerEvent, new_date: datetime.date, expected_version: int
) -> ChangePreview:
    """Move the trigger date and recompute every dependent deadline not done or overridden."""
    current = edit_lock(
        TriggerEvent.objects.select_related("matter"), pk=event.pk,
        expected_version=expected_version, label=lambda e: f"“{e.event_name}”",
    )  # fmt: skip
    # Lock the chain so a concurrent complete/override cannot slip in between.
    list(current.deadlines.select_for_update())
    preview = trigger_event_change_preview(actor=actor, event=current, new_date=new_date)
    old_date = current.trigger_date
    current.trigger_date = new_date
    save_version(current, ["trigger_date"])
    audit.record(
        actor=actor,
        action=audit.Action.CHANGE,
        obj=current,
        changes={"trigger_date": [old_date, new_date]},
        summary=f"moved “{current.event_name}” from {old_date.isoformat()} to {new_date.isoformat()}",
    )
    for move in preview.moving:
        deadline, item = move.deadline, move.computed
        if item is None:  # the hearing the event set: it moves with the event
            if not move.days:
                continue
            deadline.due_date = deadline.computed_due_date = move.new_date
            deadline.steps = [
                {**step, "date": move.new_date.isoformat(),
                 "text": step["text"].replace(move.old_date.isoformat(),
                                              move.new_date.isoformat())}
                for step in deadline.steps
            ]  # fmt: skip
            deadline.version = F("version") + 1
            deadline.save(
                update_fields=["due_date", "computed_due_date", "steps", "version", "updated_at"]
            )
            audit.record(
                actor=actor,
                action=audit.Action.CHANGE,
                obj=deadline,
                changes={"due_date": [move.old_date, move.new_date]},
                summary=f"moved the hearing “{deadline.title}” from {move.old_date.isoformat()} "
                f"to {move.new_date.isoformat()} (trigger date changed)",
            )
            emit("deadline.changed", matter_id=current.matter_id, object_id=deadline.pk, build=deadline_webhook_data)  # fmt: skip
            continue
        steps = steps_as_json(item.computation)
        if not move.days and steps == deadline.steps:
            continue  # nothing about it changed
        deadline.due_date = item.due_date
        deadline.computed_due_date = item.due_date
        deadline.steps = steps
        deadline.warnings = list(item.computation.warnings)
        deadline.ruleset_version = item.version_effective_from
        deadline.version = F("version") + 1
        deadline.save(
            update_fields=[
                "due_date", "computed_due_date", "steps", "warnings", "ruleset_version",
                "version", "updated_at",
            ]
        )  # fmt: skip
        audit.record(
            actor=actor,
            action=audit.Action.CHANGE,
            obj=deadline,
            changes={"due_date": [move.old_date, move.new_date]},
            summary=(
                f"moved “{deadline.title}” from {move.old_date.isoformat()} to "
                f"{move.new_date.isoformat()} (trigger date changed)"
                if move.days
                else f"recomputed “{deadline.title}”, still due {move.new_date.isoformat()} "
                "(trigger date changed)"
            ),
        )
        emit("deadline.changed", matter_id=current.matter_id, object_id=deadline.pk, build=deadline_webhook_data)  # fmt: skip
    return preview


# --- Single deadlines ------------------------------------------------------------


def _locked(deadline: Deadline, expected_version: int) -> Deadline:
    return edit_lock(Deadline.objects.all(), pk=deadline.pk, expected_version=expected_version)


def _bump(deadline: Deadline, fields: Iterable[str]) -> Deadline:
    save_version(deadline, fields)
    return deadline


@transaction.atomic
def deadline_create(
    *,
    actor: User,
    matter: Matter,
    title: str,
    due_date: datetime.date,
    kind: str = Deadline.Kind.INTERNAL,
    due_time: datetime.time | None = None,
    citation: str = "",
    note: str = "",
    responsible: Sequence[User] | None = None,
    reminder_offsets: list[int] | None = None,
) -> Deadline:
    """A deadline entered by hand: internal, a hearing, or a statute of limitations."""
    require(actor, "change", matter)
    if kind not in Deadline.Kind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}."})
    if kind == Deadline.Kind.STATUTE and not citation.strip():
        raise ValidationError({"citation": "Cite the statute that sets the limitations period."})
    if not title.strip():
        raise ValidationError({"title": "Give the deadline a title."})
    _check_offsets(reminder_offsets)
    deadline = Deadline(
        matter=matter,
        title=title.strip(),
        kind=kind,
        due_date=due_date,
        due_time=due_time,
        time_zone=court_time_zone(matter.jurisdiction),
        citation=citation.strip(),
        note=note.strip(),
        reminder_offsets=reminder_offsets,
        created_by=actor,
    )
    deadline.full_clean(exclude=["responsible"])
    deadline.save()
    deadline.responsible.set(
        list(responsible) if responsible else _default_responsible(matter, actor)
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=deadline,
        changes={"due_date": due_date, "kind": kind, "citation": citation},
        summary=f"added the deadline “{deadline.title}” due {due_date.isoformat()}",
    )
    emit(
        "deadline.created", matter_id=matter.pk, object_id=deadline.pk, build=deadline_webhook_data
    )
    return deadline


@transaction.atomic
def deadline_complete(*, actor: User, deadline: Deadline, expected_version: int) -> Deadline:
    require(actor, "change", deadline.matter)
    current = _locked(deadline, expected_version)
    if current.status != Deadline.Status.OPEN:
        raise ValidationError(
            f"“{current.title}” is already {current.get_status_display().lower()}."
        )
    current.status = Deadline.Status.DONE
    current.completed_by = actor
    current.completed_at = timezone.now()
    _bump(current, ["status", "completed_by", "completed_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"status": ["open", "done"]}, summary=f"completed “{current.title}”")  # fmt: skip
    emit("deadline.changed", matter_id=current.matter_id, object_id=current.pk, build=deadline_webhook_data)  # fmt: skip
    return current


@transaction.atomic
def deadline_waive(
    *, actor: User, deadline: Deadline, reason: str, expected_version: int
) -> Deadline:
    require(actor, "change", deadline.matter)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the deadline is waived."})
    current = _locked(deadline, expected_version)
    if current.status != Deadline.Status.OPEN:
        raise ValidationError(
            f"“{current.title}” is already {current.get_status_display().lower()}."
        )
    current.status = Deadline.Status.WAIVED
    current.waived_by = actor
    current.waived_at = timezone.now()
    current.waived_reason = reason.strip()
    _bump(current, ["status", "waived_by", "waived_at", "waived_reason"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"status": ["open", "waived"], "reason": current.waived_reason},
                 summary=f"waived “{current.title}”: {current.waived_reason}")  # fmt: skip
    emit("deadline.changed", matter_id=current.matter_id, object_id=current.pk, build=deadline_webhook_data)  # fmt: skip
    return current


@transaction.atomic
def deadline_reopen(*, actor: User, deadline: Deadline, expected_version: int) -> Deadline:
    require(actor, "change", deadline.matter)
    current = _locked(deadline, expected_version)
    if current.status == Deadline.Status.OPEN:
        raise ValidationError(f"“{current.title}” is already open.")
    old = current.status
    current.status = Deadline.Status.OPEN
    current.completed_by = current.waived_by = None
    current.completed_at = current.waived_at = None
    current.waived_reason = ""
    _bump(current, ["status", "completed_by", "completed_at", "waived_by", "waived_at",
                    "waived_reason"])  # fmt: skip
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"status": [old, "open"]}, summary=f"reopened “{current.title}”")  # fmt: skip
    emit("deadline.changed", matter_id=current.matter_id, object_id=current.pk, build=deadline_webhook_data)  # fmt: skip
    return current


@transaction.atomic
def deadline_override(
    *,
    actor: User,
    deadline: Deadline,
    due_date: datetime.date,
    reason: str,
    expected_version: int,
) -> Deadline:
    """Set the date by hand (a court order, a stipulation); a trigger change leaves it alone."""
    require(actor, "change", deadline.matter)
    if not reason.strip():
        raise ValidationError(
            {"reason": "Say why the date differs from the rule (e.g. the order)."}
        )
    current = _locked(deadline, expected_version)
    old = current.due_date
    current.due_date = due_date
    current.overridden_at = timezone.now()
    current.overridden_by = actor
    current.override_reason = reason.strip()
    _bump(current, ["due_date", "overridden_at", "overridden_by", "override_reason"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"due_date": [old, due_date], "reason": current.override_reason},
                 summary=f"set “{current.title}” to {due_date.isoformat()} by hand: "
                         f"{current.override_reason}")  # fmt: skip
    emit("deadline.changed", matter_id=current.matter_id, object_id=current.pk, build=deadline_webhook_data)  # fmt: skip
    return current


def _check_offsets(offsets: list[int] | None) -> None:
    if offsets is None:
        return
    if any(not isinstance(o, int) or o < 0 or o > MAX_REMINDER_OFFSET for o in offsets):
        raise ValidationError(
            {"reminder_offsets": f"Reminder days must be whole numbers 0–{MAX_REMINDER_OFFSET}."}
        )


@transaction.atomic
def deadline_set_reminders(
    *, actor: User, deadline: Deadline, offsets: list[int] | None, expected_version: int
) -> Deadline:
    """Per-deadline reminder days (None: each responsible person's defaults)."""
    require(actor, "change", deadline.matter)
    _check_offsets(offsets)
    current = _locked(deadline, expected_version)
    old = current.reminder_offsets
    current.reminder_offsets = sorted(set(offsets), reverse=True) if offsets is not None else None
    _bump(current, ["reminder_offsets"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"reminder_offsets": [old, current.reminder_offsets]},
                 summary=f"changed the reminders of “{current.title}”")  # fmt: skip
    return current


# --- Court closures (firm-wide: no matter data) --------------------------------------

# How far ahead a closure may be entered: courts announce closures months, not
# years, ahead, and a date decades away is a typo (or hostile input).
CLOSURE_MAX_DAYS_AHEAD = 2 * 366


def _require_firm_admin(actor: User) -> None:
    if not getattr(actor, "is_firm_admin", False):
        raise PermissionDenied("Only firm admins enter court closures.")


@transaction.atomic
def court_closure_create(
    *, actor: User, jurisdiction: str, date: datetime.date, reason: str
) -> CourtClosure:
    """A day a court (or its clerk's office) was or will be closed beyond the
    holiday data: the calculator treats it as a closed day from now on, under
    the court system's policy (``firm_closures`` in deadlines/policies)."""
    _require_firm_admin(actor)
    reason = " ".join(str(reason or "").split())
    errors: dict[str, str] = {}
    if jurisdiction not in dict(JURISDICTION_CHOICES):
        errors["jurisdiction"] = "Choose one of the courts casemgr computes deadlines for."
    if not reason:
        errors["reason"] = "Say why the court is closed (e.g. the clerk's notice)."
    elif "\x00" in reason or len(reason) > 300:
        errors["reason"] = "Give the reason in at most 300 characters of plain text."
    if errors:
        raise ValidationError(errors)
    calendar = CourtCalendar(jurisdiction)
    latest = timezone.localdate() + datetime.timedelta(days=CLOSURE_MAX_DAYS_AHEAD)
    if date < calendar.supported_from:
        raise ValidationError(
            {"date": f"casemgr computes {jurisdiction} deadlines from "
                     f"{calendar.supported_from.isoformat()}; a closure before that changes nothing."}
        )  # fmt: skip
    if date > latest:
        raise ValidationError(
            {"date": f"Enter closures up to two years ahead (until {latest.isoformat()})."}
        )
    if date.weekday() >= 5:
        raise ValidationError(
            {"date": f"{date:%A} {date.isoformat()} is a weekend day: courts count it as "
                     "closed already."}
        )  # fmt: skip
    known = calendar.closure(date, extra=False)
    if known is not None:
        raise ValidationError(
            {"date": f"{date.isoformat()} is already a closed day in the {jurisdiction} court "
                     f"calendar: {known.reason}."}
        )  # fmt: skip
    if CourtClosure.objects.filter(jurisdiction=jurisdiction, date=date).exists():
        raise ValidationError(
            {
                "date": f"A closure of {jurisdiction} courts on {date.isoformat()} is already entered."
            }
        )
    try:
        with transaction.atomic():
            closure = CourtClosure.objects.create(
                jurisdiction=jurisdiction, date=date, reason=reason, created_by=actor
            )
    except IntegrityError:  # entered by someone else a moment ago
        raise ValidationError(
            {
                "date": f"A closure of {jurisdiction} courts on {date.isoformat()} is already entered."
            }
        ) from None
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=closure,
        changes={"jurisdiction": jurisdiction, "date": date, "reason": reason},
        summary=f"entered a court closure: {jurisdiction} on {date.isoformat()} ({reason})",
    )
    return closure


@transaction.atomic
def court_closure_delete(*, actor: User, closure: CourtClosure) -> None:
    """Remove a closure: deadlines computed from now on no longer skip the day
    (deadlines already computed keep their dates until recomputed)."""
    _require_firm_admin(actor)
    current = CourtClosure.objects.select_for_update().filter(pk=closure.pk).first()
    if current is None:
        return  # removed by someone else already
    audit.record(
        actor=actor,
        action=audit.Action.DELETE,
        obj=current,
        changes={"jurisdiction": current.jurisdiction, "date": current.date,
                 "reason": current.reason},
        summary=f"removed the court closure of {current.jurisdiction} on "
        f"{current.date.isoformat()} ({current.reason})",
    )  # fmt: skip
    current.delete()


# --- Per-user settings --------------------------------------------------------------


@transaction.atomic
def reminder_preference_update(
    *, actor: User, offsets: list[int], email: bool, daily_digest: bool
) -> ReminderPreference:
    _check_offsets(offsets)
    pref, _ = ReminderPreference.objects.get_or_create(user=actor)
    pref.offsets = sorted(set(offsets), reverse=True)
    pref.email = email
    pref.daily_digest = daily_digest
    pref.save()
    return pref


def _hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_regenerate(*, actor: User) -> str:
    """A new secret feed token (the old URL stops working); returned once, stored hashed."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=actor, defaults={"token_hash": _hash(token)})
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=actor,
                 summary="created a new calendar feed address")  # fmt: skip
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        audit.record(actor=actor, action=audit.Action.REVOKE, obj=actor,
                     summary="revoked the calendar feed address")  # fmt: skip
    return bool(deleted)


def calendar_feed_user(token: str) -> Any:
    """The active user a feed token belongs to, or None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


def notifications_mark_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# --- Webhook payloads (accounts.webhooks calls these at delivery time) ---------


def deadline_webhook_data(*, owner: User, matter: Any, object_id: int | None) -> dict | None:
    """The deadline as the endpoint owner may see it now (None: gone or hidden)."""
    row = (
        Deadline.objects.restrict(owner, "view")
        .filter(pk=object_id, matter=matter)
        .values("id", "title", "due_date", "citation", "status")
        .first()
    )
    return None if row is None else {"deadline": row}
