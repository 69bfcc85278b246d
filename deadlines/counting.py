"""Counting policies: how each court system counts time, read from data files.

Pure Python (no Django). One file per court system in
``deadlines/policies/<JURISDICTION>.yaml`` says, in data, what
:mod:`deadlines.calculator` does with a period:

* ``count``: the citation of the basic count (trigger day excluded, every day
  counted, last day included) for each direction and unit;
* ``short_period`` (optional): periods of at most ``max_days`` calendar days
  skip Saturdays, Sundays and legal holidays (they are counted as court days);
* ``roll``: how a last day on a closed day moves -- forward to the next open
  day, or backward to the previous one for periods counted backward -- with
  the words and citation of the step;
* ``service``: per direction, the ``order`` in which a service extension and
  the roll apply (``add_then_roll``: the days lengthen the period and the roll
  applies once, at the end; ``roll_then_add``: the period is rolled, the days
  are added after it, and the result rolled again; ``complete_then_count``:
  service is deemed complete some days after it was made, and the period runs
  from then) and, per service method, how many days of which unit it adds;
* ``filing_time``: the time of day the last day ends (a rule can fix another,
  e.g. Texas's 10:00 a.m. answer day);
* ``firm_closures``: what a day entered as closed by the firm counts as.

A calendar without a policy of its own (``US-FED-CA``) uses its parent's.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .courts import CALENDARS_DIR, CalendarDataError, validate_jurisdiction

__all__ = ["ORDERS", "Policy", "PolicyError", "Roll", "ServiceRule", "available", "policy_for"]

POLICIES_DIR = Path(__file__).resolve().with_name("policies")
ORDERS = ("add_then_roll", "roll_then_add", "complete_then_count")
METHODS = ("mail", "electronic")


class PolicyError(CalendarDataError):
    """A policy data file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Roll:
    text: str
    citation: str
    firm_closure_citation: str = ""
    firm_closure_text: str = ""
    before_service_text: str = ""


@dataclass(frozen=True)
class ServiceRule:
    days: int
    unit: str
    text: str
    citation: str
    warning: str = ""


@dataclass(frozen=True)
class ShortPeriod:
    max_days: int
    text: str
    citation: str


@dataclass(frozen=True)
class Policy:
    jurisdiction: str
    name: str
    summary: tuple[str, ...]
    filing_time: datetime.time | None
    filing_time_citation: str
    firm_closure_citation: str
    firm_closure_warning: str
    count: Mapping[str, Mapping[str, str]]  # direction -> unit -> citation
    roll: Mapping[str, Roll]  # direction -> roll
    order: Mapping[str, str]  # direction -> order
    service: Mapping[str, Mapping[str, ServiceRule]]  # direction -> method -> rule
    short_period: ShortPeriod | None = None
    state_holidays_warning: str = ""
    source_file: str = ""


def _fail(where: str, message: str) -> PolicyError:
    return PolicyError(f"{where}: {message}")


def _mapping(data: Any, where: str, required: set[str], optional: set[str] = frozenset()) -> dict:
    if not isinstance(data, Mapping):
        raise _fail(where, f"expected a mapping, got {type(data).__name__}")
    unknown = set(map(str, data)) - required - set(optional)
    if unknown:
        raise _fail(
            where,
            f"unknown key(s) {', '.join(sorted(unknown))} "
            f"(allowed: {', '.join(sorted(required | set(optional)))})",
        )
    missing = required - set(data)
    if missing:
        raise _fail(where, f"missing key(s) {', '.join(sorted(missing))}")
    return dict(data)


def _text(data: Mapping, key: str, where: str, *, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None or not isinstance(value, str) or (default is None and not value.strip()):
        raise _fail(f"{where}.{key}", "expected a non-empty text")
    return " ".join(value.split())


def parse_time(value: Any, where: str) -> datetime.time:
    if isinstance(value, str):
        try:
            parsed = datetime.time.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            return parsed
    raise _fail(where, f"expected a time of day HH:MM, got {value!r}")


def _service_rule(data: Any, where: str) -> ServiceRule:
    data = _mapping(data, where, {"days", "text", "citation"}, {"unit", "warning"})
    days = data["days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 60:
        raise _fail(f"{where}.days", f"expected a whole number 0-60, got {days!r}")
    unit = data.get("unit", "calendar")
    if unit not in ("calendar", "court"):
        raise _fail(f"{where}.unit", f"expected calendar or court, got {unit!r}")
    return ServiceRule(
        days=days,
        unit=unit,
        text=_text(data, "text", where),
        citation=_text(data, "citation", where),
        warning=_text(data, "warning", where, default=""),
    )


def parse(data: Any, *, source: str) -> Policy:
    """Validate a loaded policy document and build the :class:`Policy`."""
    w = source
    data = _mapping(
        data,
        w,
        {"jurisdiction", "name", "summary", "count", "roll", "service", "firm_closures"},
        {"filing_time", "short_period", "state_holidays_warning"},
    )
    summary = data["summary"]
    if (
        not isinstance(summary, list)
        or not summary
        or not all(isinstance(s, str) and s.strip() for s in summary)
    ):
        raise _fail(f"{w}.summary", "expected a non-empty list of sentences")
    filing_time, filing_cite = None, ""
    if data.get("filing_time") is not None:
        ft = _mapping(data["filing_time"], f"{w}.filing_time", {"time", "citation"})
        filing_time = parse_time(ft["time"], f"{w}.filing_time.time")
        filing_cite = _text(ft, "citation", f"{w}.filing_time")
    fc = _mapping(data["firm_closures"], f"{w}.firm_closures", {"citation", "warning"})
    count = _mapping(data["count"], f"{w}.count", {"after", "before"})
    counts = {}
    for direction in ("after", "before"):
        c = _mapping(count[direction], f"{w}.count.{direction}", {"calendar", "court"})
        counts[direction] = {u: _text(c, u, f"{w}.count.{direction}") for u in c}
    roll = _mapping(data["roll"], f"{w}.roll", {"after", "before"})
    rolls = {}
    for direction in ("after", "before"):
        where = f"{w}.roll.{direction}"
        r = _mapping(
            roll[direction],
            where,
            {"text", "citation"},
            {"firm_closure_citation", "firm_closure_text", "before_service_text"},
        )
        rolls[direction] = Roll(
            text=_text(r, "text", where),
            citation=_text(r, "citation", where),
            firm_closure_citation=_text(r, "firm_closure_citation", where, default=""),
            firm_closure_text=_text(r, "firm_closure_text", where, default=""),
            before_service_text=_text(r, "before_service_text", where, default=""),
        )
    service = _mapping(data["service"], f"{w}.service", {"after", "before"})
    orders, services = {}, {}
    for direction in ("after", "before"):
        where = f"{w}.service.{direction}"
        s = _mapping(service[direction], where, {"order", *METHODS})
        if s["order"] not in ORDERS:
            raise _fail(
                f"{where}.order", f"expected one of {', '.join(ORDERS)}, got {s['order']!r}"
            )
        orders[direction] = s["order"]
        services[direction] = {m: _service_rule(s[m], f"{where}.{m}") for m in METHODS}
    short = None
    if data.get("short_period") is not None:
        sp = _mapping(data["short_period"], f"{w}.short_period", {"max_days", "text", "citation"})
        if isinstance(sp["max_days"], bool) or not isinstance(sp["max_days"], int):
            raise _fail(f"{w}.short_period.max_days", "expected a whole number")
        short = ShortPeriod(
            sp["max_days"],
            _text(sp, "text", f"{w}.short_period"),
            _text(sp, "citation", f"{w}.short_period"),
        )
    return Policy(
        jurisdiction=str(data["jurisdiction"]),
        name=_text(data, "name", w),
        summary=tuple(" ".join(s.split()) for s in summary),
        filing_time=filing_time,
        filing_time_citation=filing_cite,
        firm_closure_citation=_text(fc, "citation", f"{w}.firm_closures"),
        firm_closure_warning=_text(fc, "warning", f"{w}.firm_closures"),
        count=counts,
        roll=rolls,
        order=orders,
        service=services,
        short_period=short,
        state_holidays_warning=_text(data, "state_holidays_warning", w, default=""),
        source_file=source,
    )


def available() -> tuple[str, ...]:
    """Jurisdiction codes that have a policy file of their own."""
    return tuple(sorted(p.stem for p in POLICIES_DIR.glob("*.yaml")))


@functools.cache
def _load(code: str) -> Policy:
    path = POLICIES_DIR / f"{code}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PolicyError(f"policies/{code}.yaml: invalid YAML: {exc}") from exc
    policy = parse(data, source=f"{code}.yaml")
    if policy.jurisdiction != code:
        raise PolicyError(f"policies/{code}.yaml: jurisdiction {policy.jurisdiction!r} != {code!r}")
    return policy


@functools.cache
def policy_for(jurisdiction: str) -> Policy:
    """The counting policy of a calendar: its own file, else its parent calendar's."""
    validate_jurisdiction(jurisdiction)
    if (POLICIES_DIR / f"{jurisdiction}.yaml").is_file():
        return _load(jurisdiction)
    spec = yaml.safe_load((CALENDARS_DIR / f"{jurisdiction}.yaml").read_text(encoding="utf-8"))
    parent = spec.get("parent") if isinstance(spec, Mapping) else None
    if not parent:
        raise PolicyError(
            f"no counting policy for {jurisdiction!r}: add deadlines/policies/{jurisdiction}.yaml"
        )
    return policy_for(parent)
