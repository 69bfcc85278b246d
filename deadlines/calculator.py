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

Federal courts (``US-FED``, ``US-FED-<ST>``) -- FRCP 6 as amended through Dec. 1, 2024
    * 6(a)(1): exclude the trigger day, count every day, and if the last day is a
      Saturday, Sunday or legal holiday continue to the next day that is none of those.
    * 6(a)(5): for a period counted backward, continue backward instead.
    * 6(a)(6): legal holidays (see :mod:`deadlines.courts`); a state's holidays count
      only for periods counted forward (6(a)(6)(C)).
    * 6(d): after service by mail (Rule 5(b)(2)(C); the same applies to (D) leaving
      with the clerk and (F) other consented means) 3 days are added *after the
      period would otherwise expire under Rule 6(a)* -- i.e. after the weekend and
      holiday roll -- and the roll is applied again to the new last day. Electronic
      service adds nothing (2016 amendment).
    * Backward periods and 6(d): Rule 6(d) only lengthens the time of a party who
      "may or must act within a specified time *after being served*". A period
      counted backward from a future event (e.g. "at least 14 days before the
      hearing") is not such a period, so service by mail adds nothing; the step
      says so and the computation warns that local rules may require more.
    * Firm-entered closures (``extra_closures``) are treated as an inaccessible
      clerk's office (6(a)(3)(A)). Counting forward that extends the deadline to
      the next accessible day; counting backward the calculator moves to the
      *previous* accessible day (earlier than 6(a)(3)(A) strictly requires) and
      says so -- filing earlier is never late.

California state courts (``US-CA``)
    * CCP § 12: exclude the first day, include the last. § 12c(a): a period before a
      hearing is counted backward from the hearing date, which is excluded.
    * Court days skip Saturdays, Sundays, judicial holidays (CCP § 135, observed per
      Cal. Rules of Court, rule 1.11) and days the court is closed (CCP § 12b).
    * Service extensions (periods counted forward): mail within California adds 5
      calendar days (CCP § 1013(a)); electronic service adds 2 court days (CCP
      § 1010.6(a)(3)(B)). They are added to the unextended last day, then the
      holiday rule (§ 12a) is applied once, at the end.
    * Service extensions (periods counted backward, e.g. CCP § 1005(b) notice of
      motion): the extra days lengthen the notice period, i.e. make the deadline
      earlier, counted backward from the day found under § 12c(a) (§ 12c(b)).
    * § 12a: a last day that is a holiday (Saturdays, Sundays and § 135 holidays
      included) is extended to the next day that is not. For a period counted
      backward, "extended" means the period is made longer: the deadline moves to
      the previous court day, never closer to the hearing.

Where the texts leave an order of operations open, the calculator takes the
reading that yields the earlier deadline and says so in the step text; days of
doubtful status are resolved the same way and produce a warning when the other
reading would have changed the date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .courts import EXTRA, Closure, CourtCalendar, validate_jurisdiction

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
    counter: _Counter, trigger: date, days: int, unit: str, citation: str
) -> tuple[date, Step]:
    word = "after" if counter.direction == "after" else "before"
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


# ------------------------------------------------------------------- federal


def _federal(
    counter: _Counter, trigger: date, days: int, unit: str, service: str
) -> tuple[date, list[Step], list[str]]:
    steps: list[Step] = []
    notes: list[str] = []
    forward = counter.direction == "after"
    citation = "FRCP 6(a)(1)(A)–(B)" if unit == "calendar" else "FRCP 6(a)(1)(A), 6(a)(6)"
    if not forward:
        citation += ", 6(a)(5)"
    day, step = _count_step(counter, trigger, days, unit, citation)
    steps.append(step)

    def roll(day: date) -> date:
        new, skipped = counter.roll(day)
        if not skipped:
            return new
        if forward:
            text = (
                f"{_describe(skipped)} → next day that is not a Saturday, Sunday or legal "
                f"holiday: {new.isoformat()}"
            )
            cite = "FRCP 6(a)(1)(C)"
        else:
            text = (
                f"{_describe(skipped)} → previous day that is not a Saturday, Sunday or "
                f"legal holiday (counting backward): {new.isoformat()}"
            )
            cite = "FRCP 6(a)(5)"
            if any(c.kind == EXTRA for c in skipped):
                text += (
                    "; Rule 6(a)(3)(A) would allow the next accessible day after the closure, "
                    "but the earlier day is used because filing early is never late"
                )
        steps.append(Step(new, text, cite, "roll"))
        return new

    day = roll(day)
    if service == "mail":
        if forward:
            added = day + timedelta(days=3)
            steps.append(
                Step(
                    added,
                    f"service by mail: 3 days added after the period would otherwise expire "
                    f"under Rule 6(a) ({day.isoformat()}) → {added.isoformat()}",
                    "FRCP 6(d); FRCP 5(b)(2)(C)",
                    "service",
                )
            )
            day = roll(added)
        else:
            steps.append(
                Step(
                    day,
                    "service by mail adds no days to a period counted backward: Rule 6(d) adds 3 "
                    "days only when a party must act within a specified time after being served",
                    "FRCP 6(d)",
                )
            )
            notes.append(
                "Service by mail does not lengthen this backward-counted period under FRCP 6(d); "
                "check the local rules, which sometimes require mailed papers to go out earlier."
            )
    elif service == "electronic":
        steps.append(
            Step(
                day,
                "electronic service adds no days (Rule 6(d) no longer lists Rule 5(b)(2)(E) "
                "since the Dec. 1, 2016 amendment)",
                "FRCP 6(d)",
            )
        )
    return day, steps, notes


# ---------------------------------------------------------------- California


def _california(
    counter: _Counter, trigger: date, days: int, unit: str, service: str
) -> tuple[date, list[Step], list[str]]:
    steps: list[Step] = []
    notes: list[str] = []
    forward = counter.direction == "after"
    if forward:
        citation = "CCP § 12" if unit == "calendar" else "CCP §§ 12, 135"
    else:
        citation = "CCP §§ 12, 12c(a)" if unit == "calendar" else "CCP §§ 12, 12c(a), 135"
    day, step = _count_step(counter, trigger, days, unit, citation)
    steps.append(step)

    def roll(day: date, *, before_service: bool = False) -> date:
        new, skipped = counter.roll(day)
        if not skipped:
            return new
        cite = "CCP § 12a" if forward else "CCP §§ 12a, 12c"
        if any(c.kind == EXTRA for c in skipped):
            cite += "; CCP § 12b"
        if forward:
            text = f"{_describe(skipped)} → next day that is not a holiday: {new.isoformat()}"
        else:
            text = (
                f"{_describe(skipped)} → previous court day: {new.isoformat()} (a period "
                "before a hearing is lengthened, never shortened)"
            )
            if before_service:
                text += (
                    "; the service extension is counted from this day, the reading that "
                    "gives the earlier date"
                )
        steps.append(Step(new, text, cite, "roll"))
        return new

    if not forward and service != "personal":
        # § 12c(b) counts the service days from "the day determined" under § 12c(a);
        # if that day is a holiday, take the earlier court day first.
        day = roll(day, before_service=True)

    if service == "mail":
        extended = counter.calendar_days(day, 5)
        if forward:
            text = (
                f"service by mail within California: period extended by 5 calendar days "
                f"→ {extended.isoformat()}"
            )
            cite = "CCP § 1013(a)"
        else:
            text = (
                f"notice served by mail within California: notice period increased by 5 "
                f"calendar days, counted backward from {day.isoformat()} → {extended.isoformat()}"
            )
            cite = "CCP §§ 1013(a), 12c(b); see § 1005(b)"
        steps.append(Step(extended, text, cite, "service"))
        notes.append(
            "The 5-day mail extension assumes the place of mailing and the address are both in "
            "California; it is 10 days if either is elsewhere in the United States and 20 days "
            "if outside it (CCP § 1013(a))."
        )
        day = extended
    elif service == "electronic":
        extended, skipped = counter.court_days(day, 2)
        if forward:
            text = (
                f"electronic service: period extended by 2 court days"
                f"{_holidays_skipped(skipped)} → {extended.isoformat()}"
            )
            cite = "CCP § 1010.6(a)(3)(B)"
        else:
            text = (
                f"notice served electronically: notice period increased by 2 court days, "
                f"counted backward from {day.isoformat()}{_holidays_skipped(skipped)}"
                f" → {extended.isoformat()}"
            )
            cite = "CCP §§ 1010.6(a)(3)(B), 12c(b)"
        steps.append(Step(extended, text, cite, "service"))
        day = extended

    day = roll(day)
    return day, steps, notes


# ------------------------------------------------------------------- public


def _run(
    calendar: CourtCalendar,
    trigger: date,
    days: int,
    direction: str,
    unit: str,
    service: str,
    policy: _Policy,
) -> tuple[date, list[Step], list[str]]:
    counter = _Counter(calendar, direction, policy)
    calendar.check_supported(trigger)
    if calendar.system == "federal":
        return _federal(counter, trigger, days, unit, service)
    return _california(counter, trigger, days, unit, service)


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
) -> Computation:
    """Compute the last day to act.

    ``trigger_date`` is the day of the triggering event (excluded from the count);
    ``days`` the length of the period (0 allowed: the trigger day itself, adjusted by
    the weekend/holiday rule); ``direction`` ``"after"`` or ``"before"`` (counted
    backward from a future event such as a hearing); ``unit`` ``"calendar"`` or
    ``"court"`` days; ``service`` of the triggering paper: ``"personal"``,
    ``"mail"`` or ``"electronic"``; ``extra_closures`` firm-entered closures
    (date -> reason). Raises ``ValueError`` on any invalid argument.
    """
    _validate(trigger_date, days, direction, unit, jurisdiction, service)
    calendar = CourtCalendar(jurisdiction, extra_closures)
    args = (calendar, trigger_date, days, direction, unit, service)
    due, steps, warnings = _run(*args, _Policy())

    # Would the answer change if a day of doubtful status were treated the other way?
    flipped_due, _, _ = _run(*args, _Policy(doubtful_closed=direction == "after"))
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

    if calendar.state and direction == "after":
        plain_due, _, _ = _run(*args, _Policy(state_holidays=False))
        if plain_due != due:
            warnings.append(
                f"This deadline is later ({due.isoformat()} instead of {plain_due.isoformat()}) "
                f"only because of {calendar.state_name} state holidays, which FRCP "
                f"6(a)(6)(C) makes legal holidays for forward-counted periods; filing by "
                f"{plain_due.isoformat()} avoids any dispute."
            )

    if calendar.extra_closures:
        plain_due, _, _ = _run(*args, _Policy(extra=False))
        if plain_due != due:
            basis = (
                "FRCP 6(a)(3) extends time only if the clerk's office was in fact inaccessible"
                if calendar.system == "federal"
                else "CCP § 12b applies only if the court was closed for the whole day"
            )
            warnings.append(
                f"Firm-entered closures moved this deadline from {plain_due.isoformat()} to "
                f"{due.isoformat()}; {basis}: keep the court's closure notice."
            )

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
    )
