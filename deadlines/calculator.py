"""Court deadline calculator: computes a due date and explains every step.

Pure Python (no Django)::

    >>> from datetime import date
    >>> c = compute(date(2026, 11, 5), 21)
    >>> c.due_date
    datetime.date(2026, 11, 27)
    >>> print(c.explanation)  # doctest: +NORMALIZE_WHITESPACE
    21 days after 2026-11-05 → 2026-11-26 (FRCP 6(a)(1)(A)–(B)) · 2026-11-26 is Thanksgiving
    Day (legal holiday, FRCP 6(a)(6)(A)) → next day that is not a Saturday, Sunday or legal
    holiday: 2026-11-27 (FRCP 6(a)(1)(C))

One engine, every court system as data: how a court system counts time (the
trigger day, the weekend and holiday roll forward or backward, short periods,
service extensions and the order in which they and the roll apply, the time
of day a last day ends, what a firm-entered closure counts as) is read from
``deadlines/policies/<JURISDICTION>.yaml`` through :mod:`deadlines.counting`;
which days are closed from ``deadlines/calendars/<JURISDICTION>.yaml``
through :mod:`deadlines.courts`. Each policy file states its rules in words
and citations; the step texts of a computation come from it.

Where the texts leave an order of operations open, the calculator takes the
reading that yields the earlier deadline and says so in the step text; days of
doubtful status are resolved the same way and produce a warning when the other
reading would have changed the date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from . import counting
from .courts import _WEEKDAY_NAMES, EXTRA, Closure, CourtCalendar, validate_jurisdiction

__all__ = [
    "DIRECTIONS",
    "MAX_DAYS",
    "SERVICES",
    "UNITS",
    "Computation",
    "Step",
    "compute",
]

DIRECTIONS = ("after", "before")
UNITS = ("calendar", "court")
SERVICES = ("personal", "mail", "electronic")
# Ten years of days: anything longer is almost certainly a typo.
MAX_DAYS = 3660
# More consecutive closed days than this means broken data, not a real calendar.
_MAX_CLOSED_RUN = 60


@dataclass(frozen=True)
class Step:
    """One step of a computation: the date it arrives at, what it did, and why."""

    date: date
    text: str
    citation: str
    kind: str = "note"  # "count", "roll", "service" or "note"

    def __str__(self) -> str:
        return f"{self.text} ({self.citation})" if self.citation else self.text


@dataclass(frozen=True)
class Computation:
    """A computed deadline with its explanation."""

    due_date: date
    steps: tuple[Step, ...]
    jurisdiction: str
    trigger_date: date
    days: int
    direction: str
    unit: str
    service: str
    warnings: tuple[str, ...] = field(default=())
    # The time of day the last day ends (the policy's filing time, or a time a
    # rule fixes such as TRCP 99(b)'s 10:00 a.m.), in the court's time zone.
    due_time: time | None = None
    due_time_citation: str = ""

    @property
    def explanation(self) -> str:
        """All steps in one line, each followed by its citation."""
        return " · ".join(str(step) for step in self.steps)


@dataclass(frozen=True)
class _Policy:
    """How the calendar treats the days whose effect the warnings test."""

    doubtful_closed: bool | None = None
    state_holidays: bool = True
    extra: bool = True


# ----------------------------------------------------------------- validation


def _validate(
    trigger_date: object,
    days: object,
    direction: object,
    unit: object,
    jurisdiction: object,
    service: object,
) -> None:
    if isinstance(trigger_date, datetime) or not isinstance(trigger_date, date):
        raise ValueError(f"trigger_date must be a datetime.date, got {trigger_date!r}")
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValueError(f"days must be a whole number of days, got {days!r}")
    if days < 0:
        raise ValueError(
            f"days must not be negative (got {days}); use direction='before' to count backward"
        )
    if days > MAX_DAYS:
        raise ValueError(f"days must be at most {MAX_DAYS}, got {days}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}")
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}; got {unit!r}")
    if service not in SERVICES:
        raise ValueError(f"service must be one of {', '.join(SERVICES)}; got {service!r}")
    validate_jurisdiction(jurisdiction)


# ------------------------------------------------------------------ counting


class _Counter:
    """Counting primitives over one calendar, direction and policy."""

    def __init__(self, calendar: CourtCalendar, direction: str, policy: _Policy):
        self.calendar = calendar
        self.direction = direction
        self.policy = policy
        self.sign = 1 if direction == "after" else -1

    def closure(self, day: date) -> Closure | None:
        return self.calendar.closure(
            day,
            direction=self.direction,
            doubtful_closed=self.policy.doubtful_closed,
            state_holidays=self.policy.state_holidays,
            extra=self.policy.extra,
        )

    def calendar_days(self, start: date, n: int) -> date:
        day = start + timedelta(days=self.sign * n)
        self.calendar.check_supported(min(start, day))
        return day

    def court_days(self, start: date, n: int) -> tuple[date, list[Closure]]:
        """The ``n``-th court day after/before ``start`` (``start`` excluded)."""
        day, counted, skipped = start, 0, []
        while counted < n:
            day += timedelta(days=self.sign)
            found = self.closure(day)
            if found is None:
                counted += 1
            else:
                skipped.append(found)
                if len(skipped) > n * 7 + _MAX_CLOSED_RUN:
                    raise ValueError(f"{self.calendar.jurisdiction}: no court days near {day}")
        return day, skipped

    def roll(self, day: date) -> tuple[date, list[Closure]]:
        """Move past closed days (forward, or backward for a backward period)."""
        skipped = []
        while (found := self.closure(day)) is not None:
            skipped.append(found)
            if len(skipped) > _MAX_CLOSED_RUN:
                raise ValueError(
                    f"{self.calendar.jurisdiction}: the court is closed for more than "
                    f"{_MAX_CLOSED_RUN} consecutive days around {day}; check extra_closures"
                )
            day += timedelta(days=self.sign)
        return day, skipped


def _describe(skipped: list[Closure]) -> str:
    return "; ".join(f"{c.day.isoformat()} is {c.reason}" for c in skipped)


def _holidays_skipped(skipped: list[Closure]) -> str:
    named = [c for c in skipped if c.kind != "weekend"]
    if not named:
        return ""
    return " (not counting " + "; ".join(f"{c.day.isoformat()}, {c.reason}" for c in named) + ")"


def _count_step(
    counter: _Counter, policy: counting.Policy, trigger: date, days: int, unit: str
) -> tuple[date, Step]:
    word = "after" if counter.direction == "after" else "before"
    short = policy.short_period
    if unit == "calendar" and short is not None and 0 < days <= short.max_days:
        day, skipped = counter.court_days(trigger, days)
        text = short.text.format(
            **{"days": days, "word": word, "from": trigger.isoformat(), "date": day.isoformat(),
               "holidays": _holidays_skipped(skipped)}
        )  # fmt: skip
        return day, Step(day, text, short.citation, "count")
    citation = policy.count[counter.direction][unit]
    if unit == "calendar":
        day = counter.calendar_days(trigger, days)
        text = f"{days} days {word} {trigger.isoformat()} → {day.isoformat()}"
    else:
        day, skipped = counter.court_days(trigger, days)
        text = (
            f"{days} court days {word} {trigger.isoformat()}{_holidays_skipped(skipped)}"
            f" → {day.isoformat()}"
        )
    return day, Step(day, text, citation, "count")


# -------------------------------------------------------------------- engine


_WEEKDAY_NUMBERS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip


def _next_weekday(day: date, weekday: str) -> date:
    """The given weekday strictly after ``day`` ("the Monday next after")."""
    return day + timedelta(days=(_WEEKDAY_NUMBERS[weekday] - day.weekday()) % 7 or 7)


def _run(
    calendar: CourtCalendar,
    policy: counting.Policy,
    trigger: date,
    days: int,
    direction: str,
    unit: str,
    service: str,
    flags: _Policy,
    then: _Then | None = None,
    completion: _Then | None = None,
) -> tuple[date, list[Step], list[str]]:
    """The one counting engine: every court system's rules come from ``policy``."""
    counter = _Counter(calendar, direction, flags)
    calendar.check_supported(trigger)
    steps: list[Step] = []
    notes: list[str] = []
    order = policy.order[direction]
    rule = policy.service[direction].get(service)  # None for personal service
    roll_rule = policy.roll[direction]

    def roll(day: date, *, before_service: bool = False) -> date:
        new, skipped = counter.roll(day)
        if not skipped:
            return new
        text = roll_rule.text.format(skipped=_describe(skipped), date=new.isoformat())
        cite = roll_rule.citation
        if any(c.kind == EXTRA for c in skipped):
            cite += roll_rule.firm_closure_citation
            text += roll_rule.firm_closure_text
        if before_service:
            text += roll_rule.before_service_text
        steps.append(Step(new, text, cite, "roll"))
        return new

    def extend(day: date) -> date:
        assert rule is not None
        new, holidays = day, ""
        if rule.days and rule.unit == "calendar":
            new = (
                counter.calendar_days(day, rule.days)
                if order != "complete_then_count"
                else (day + timedelta(days=rule.days))
            )
        elif rule.days:
            new, skipped = counter.court_days(day, rule.days)
            holidays = _holidays_skipped(skipped)
        text = rule.text.format(
            **{"from": day.isoformat(), "date": new.isoformat(), "holidays": holidays}
        )
        steps.append(Step(new, text, rule.citation, "service" if rule.days else "note"))
        if rule.warning:
            notes.append(rule.warning)
        return new

    start = trigger
    if completion is not None:
        start = trigger + timedelta(days=completion.days)
        steps.append(
            Step(
                start,
                f"service is complete {completion.days} days after {trigger.isoformat()} → "
                f"{start.isoformat()} (nothing is due that day, so no weekend or holiday "
                "extension)",
                completion.citation,
                "count",
            )
        )
    if rule is not None and order == "complete_then_count":
        start = extend(trigger)
    day, step = _count_step(counter, policy, start, days, unit)
    steps.append(step)
    if rule is not None and order == "roll_then_add":
        day = roll(day, before_service=rule.days > 0)
        day = extend(day)
    elif rule is not None and order == "add_then_roll":
        day = extend(day)
    if then is not None:
        expired = day
        day = _next_weekday(expired, then.weekday)
        counter.calendar_days(expired, (day - expired).days)  # supported-range check
        steps.append(
            Step(
                day,
                f"the {then.weekday.capitalize()} next after the period expires on "
                f"{_WEEKDAY_NAMES[expired.weekday()]} {expired.isoformat()} → {day.isoformat()}",
                then.citation,
                "count",
            )
        )
    day = roll(day)
    return day, steps, notes


@dataclass(frozen=True)
class _Then:
    """After counting, move to the given weekday next after the period expires;
    or (``days``) start counting a number of days after the trigger."""

    weekday: str = ""
    citation: str = ""
    days: int = 0


def _span(a: date, b: date) -> list[date]:
    lo, hi = min(a, b), max(a, b)
    return [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]


def compute(
    trigger_date: date,
    days: int,
    *,
    direction: str = "after",
    unit: str = "calendar",
    jurisdiction: str = "US-FED",
    service: str = "personal",
    extra_closures: Mapping[date, str] | None = None,
    next_weekday: str | None = None,
    next_weekday_citation: str = "",
    due_time: time | None = None,
    due_time_citation: str = "",
    completion_days: int = 0,
    completion_citation: str = "",
) -> Computation:
    """Compute the last day to act.

    ``trigger_date`` is the day of the triggering event (excluded from the count);
    ``days`` the length of the period (0 allowed: the trigger day itself, adjusted by
    the weekend/holiday rule); ``direction`` ``"after"`` or ``"before"`` (counted
    backward from a future event such as a hearing); ``unit`` ``"calendar"`` or
    ``"court"`` days; ``service`` of the triggering paper: ``"personal"``,
    ``"mail"`` or ``"electronic"``; ``extra_closures`` firm-entered closures
    (date -> reason). ``next_weekday`` (e.g. ``"monday"``) moves the result to that
    weekday next after the period expires (TRCP 99(b)), citing
    ``next_weekday_citation``; ``due_time`` is a time of day a rule fixes
    (default: the policy's filing time). Raises ``ValueError`` on any invalid
    argument.
    """
    _validate(trigger_date, days, direction, unit, jurisdiction, service)
    if next_weekday is not None and next_weekday not in _WEEKDAY_NUMBERS:
        raise ValueError(f"next_weekday must be a weekday name, got {next_weekday!r}")
    if due_time is not None and not isinstance(due_time, time):
        raise ValueError(f"due_time must be a datetime.time, got {due_time!r}")
    policy = counting.policy_for(jurisdiction)
    calendar = CourtCalendar(
        jurisdiction, extra_closures, closure_citation=policy.firm_closure_citation
    )
    if isinstance(completion_days, bool) or not isinstance(completion_days, int):
        raise ValueError(f"completion_days must be a whole number, got {completion_days!r}")
    if not 0 <= completion_days <= 366:
        raise ValueError(f"completion_days must be 0-366, got {completion_days}")
    then = _Then(next_weekday, next_weekday_citation) if next_weekday else None
    completion = (
        _Then(citation=completion_citation, days=completion_days) if completion_days else None
    )
    args = (calendar, policy, trigger_date, days, direction, unit, service)
    due, steps, warnings = _run(*args, _Policy(), then, completion)

    # Would the answer change if a day of doubtful status were treated the other way?
    flipped_due, _, _ = _run(*args, _Policy(doubtful_closed=direction == "after"), then, completion)
    if flipped_due != due:
        doubtful = [
            c
            for d in _span(trigger_date, max(due, flipped_due, key=lambda x: abs(x - trigger_date)))
            for c in calendar.doubtful_days(d, direction=direction)
        ]
        names = ", ".join(f"{c.day.isoformat()} ({c.name})" for c in doubtful) or "a day"
        why = "; ".join(dict.fromkeys(f"{c.note} ({c.citation})" for c in doubtful))
        treated = "an ordinary court day" if direction == "after" else "a closed day"
        warnings.append(
            f"Day of doubtful status: {names}: {why}. Treated as {treated}, which gives the "
            f"earlier deadline {due.isoformat()}; treated the other way the deadline would "
            f"be {flipped_due.isoformat()}."
        )

    if calendar.state and direction == "after" and policy.state_holidays_warning:
        plain_due, _, _ = _run(*args, _Policy(state_holidays=False), then, completion)
        if plain_due != due:
            warnings.append(
                policy.state_holidays_warning.format(
                    due=due.isoformat(), plain=plain_due.isoformat(), state=calendar.state_name
                )
            )

    if calendar.extra_closures:
        plain_due, _, _ = _run(*args, _Policy(extra=False), then, completion)
        if plain_due != due:
            warnings.append(
                f"Firm-entered closures moved this deadline from {plain_due.isoformat()} to "
                f"{due.isoformat()}; {policy.firm_closure_warning}: keep the court's closure "
                "notice."
            )

    if due_time is None:
        due_time, due_time_citation = policy.filing_time, policy.filing_time_citation
    return Computation(
        due_date=due,
        steps=tuple(steps),
        jurisdiction=jurisdiction,
        trigger_date=trigger_date,
        days=days,
        direction=direction,
        unit=unit,
        service=service,
        warnings=tuple(warnings),
        due_time=due_time,
        due_time_citation=due_time_citation,
    )
