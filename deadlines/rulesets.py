"""Rule sets: versioned, data-driven chains of court deadlines.

Pure Python (no Django). Each ``deadlines/rules/<JURISDICTION>.yaml`` file is one
jurisdiction's rule set::

    name: ...                      # human name
    jurisdiction: US-FED           # a court calendar code (see deadlines.courts)
    description: ...
    versions:                      # one or more, each in force from a date
      - effective_from: 2016-12-01
        source: ...                # what the version was encoded from (required)
        events:                    # trigger events
          - key: complaint_served
            name: ...
            description: ...
            deadlines:             # the chain of deadlines the event produces
              - key: answer
                title: ...
                days: 21
                unit: calendar     # calendar | court
                direction: after   # after | before
                service_extends: false  # can the service method add time?
                kind: court        # court | internal
                citation: FRCP 12(a)(1)(A)(i)
                note: ...          # optional
                from: other_key    # optional: computed from that deadline's due date
                next_weekday: monday  # optional: "the Monday next after" the period (TRCP 99(b))
                time: "10:00"      # optional: the time of day the rule fixes (court's zone)
                completion_days: 10  # optional: service is complete N days after the
                                   # trigger and the period runs from then (CPLR 308(2))
                completion_citation: CPLR 308(2)

An event may name the hearing it sets (``hearing: Motion hearing``): entering
the event puts that hearing on the calendar on the trigger date.

Versions keep old deadlines stable: :meth:`RuleSet.version_for` picks the version
in force on a day, and :meth:`RuleSet.compute_chain` uses the version in force on
the trigger date unless told otherwise (``rules_on=``).

Use :func:`load_all` / :func:`get`; errors in the files raise
:class:`RuleSetError` naming the file and the place of the problem.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from . import calculator, counting
from .courts import validate_jurisdiction

__all__ = [
    "ComputedDeadline",
    "DeadlineRule",
    "RuleSet",
    "RuleSetError",
    "RuleSetVersion",
    "TriggerEvent",
    "get",
    "load_all",
    "load_file",
    "parse",
]

RULES_DIR = Path(__file__).resolve().with_name("rules")

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = ("court", "internal")

_RULESET_KEYS = ({"name", "jurisdiction", "description", "versions"}, set())
_VERSION_KEYS = ({"effective_from", "source", "events"}, set())
_EVENT_KEYS = ({"key", "name", "description", "deadlines"}, {"hearing"})
_DEADLINE_KEYS = (
    {"key", "title", "days", "unit", "direction", "service_extends", "kind", "citation"},
    {"note", "from", "next_weekday", "time", "completion_days", "completion_citation"},
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


class RuleSetError(ValueError):
    """A rule-set file is invalid; the message names the file and the place."""


# ---------------------------------------------------------------- data model


@dataclass(frozen=True)
class DeadlineRule:
    key: str
    title: str
    days: int
    unit: str
    direction: str
    service_extends: bool
    kind: str
    citation: str
    note: str = ""
    from_key: str | None = None
    next_weekday: str | None = None
    time: time | None = None
    completion_days: int = 0
    completion_citation: str = ""


@dataclass(frozen=True)
class TriggerEvent:
    key: str
    name: str
    description: str
    deadlines: tuple[DeadlineRule, ...]  # parents always before the deadlines computed from them
    hearing: str = ""  # the hearing the event sets on its date ("" if none)

    def deadline(self, key: str) -> DeadlineRule:
        for rule in self.deadlines:
            if rule.key == key:
                return rule
        raise KeyError(f"event {self.key!r} has no deadline {key!r}")


@dataclass(frozen=True)
class RuleSetVersion:
    effective_from: date
    source: str
    events: tuple[TriggerEvent, ...]

    def event(self, key: str) -> TriggerEvent:
        for event in self.events:
            if event.key == key:
                return event
        known = ", ".join(e.key for e in self.events)
        raise KeyError(
            f"no trigger event {key!r} in the version effective {self.effective_from} "
            f"(known: {known})"
        )


@dataclass(frozen=True)
class ComputedDeadline:
    """One deadline of a computed chain, with its rule and the version used."""

    key: str
    title: str
    kind: str
    citation: str
    note: str
    event_key: str
    depends_on: str | None
    trigger_date: date  # the event date, or the due date of ``depends_on``
    computation: calculator.Computation
    rule: DeadlineRule
    ruleset_name: str
    ruleset_jurisdiction: str
    version_effective_from: date
    notes: tuple[str, ...] = field(default=())

    @property
    def due_date(self) -> date:
        return self.computation.due_date

    @property
    def due_time(self) -> time | None:
        """The time of day the deadline ends in the court's zone: the one the rule
        fixes, else the court system's filing time; none for internal deadlines."""
        return self.computation.due_time if self.kind == "court" else None


@dataclass(frozen=True)
class RuleSet:
    name: str
    jurisdiction: str
    description: str
    versions: tuple[RuleSetVersion, ...]  # oldest first
    source_file: str = ""

    def version_for(self, day: date) -> RuleSetVersion:
        """The version in force on ``day`` (the latest ``effective_from`` <= day)."""
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValueError(f"expected a date, got {day!r}")
        chosen = None
        for version in self.versions:
            if version.effective_from <= day:
                chosen = version
        if chosen is None:
            raise ValueError(
                f"rule set {self.jurisdiction!r} has no version in force on {day.isoformat()} "
                f"(the earliest is effective {self.versions[0].effective_from.isoformat()})"
            )
        return chosen

    def compute_chain(
        self,
        event_key: str,
        trigger_date: date,
        *,
        service: str = "personal",
        jurisdiction: str | None = None,
        extra_closures: Mapping[date, str] | None = None,
        rules_on: date | None = None,
        fixed_dates: Mapping[str, date] | None = None,
    ) -> list[ComputedDeadline]:
        """Compute every deadline produced by ``event_key`` occurring on ``trigger_date``.

        ``service`` is how the triggering paper was served; it only affects
        deadlines whose rule has ``service_extends: true``. ``jurisdiction``
        defaults to the rule set's own (pass e.g. ``"US-FED-CA"`` to apply the
        federal rules in a district court in California). ``rules_on`` picks the
        rule-set version (default: the one in force on ``trigger_date``).

        A deadline with ``from`` is computed from the due date of the deadline it
        names, i.e. assuming that act is done on its last day. ``fixed_dates``
        (deadline key -> date) replaces that due date for the deadlines computed
        from it, e.g. when the parent was overridden by hand.
        """
        if service not in calculator.SERVICES:
            raise ValueError(
                f"service must be one of {', '.join(calculator.SERVICES)}; got {service!r}"
            )
        jurisdiction = self.jurisdiction if jurisdiction is None else jurisdiction
        validate_jurisdiction(jurisdiction)
        if not _compatible(self.jurisdiction, jurisdiction):
            raise ValueError(
                f"rule set {self.jurisdiction!r} cannot be applied in jurisdiction {jurisdiction!r}"
            )
        version = self.version_for(trigger_date if rules_on is None else rules_on)
        try:
            event = version.event(event_key)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None

        results: dict[str, ComputedDeadline] = {}
        for rule in event.deadlines:
            if rule.from_key is None:
                start = trigger_date
            elif fixed_dates and rule.from_key in fixed_dates:
                start = fixed_dates[rule.from_key]
            else:
                start = results[rule.from_key].due_date
            notes: list[str] = []
            used_service = service if rule.service_extends else "personal"
            if service != "personal" and not rule.service_extends:
                notes.append(
                    f"The service method ({service}) does not extend this deadline "
                    f"({rule.citation})."
                )
            if rule.from_key is not None:
                notes.append(
                    f"Computed from the last day for “{results[rule.from_key].title}” "
                    f"({start.isoformat()}); recompute from the day it actually happens."
                )
            computation = calculator.compute(
                start,
                rule.days,
                direction=rule.direction,
                unit=rule.unit,
                jurisdiction=jurisdiction,
                service=used_service,
                extra_closures=extra_closures,
                next_weekday=rule.next_weekday,
                next_weekday_citation=rule.citation,
                due_time=rule.time,
                due_time_citation=rule.citation if rule.time else "",
                completion_days=rule.completion_days,
                completion_citation=rule.completion_citation,
            )
            results[rule.key] = ComputedDeadline(
                key=rule.key,
                title=rule.title,
                kind=rule.kind,
                citation=rule.citation,
                note=rule.note,
                event_key=event.key,
                depends_on=rule.from_key,
                trigger_date=start,
                computation=computation,
                rule=rule,
                ruleset_name=self.name,
                ruleset_jurisdiction=self.jurisdiction,
                version_effective_from=version.effective_from,
                notes=tuple(notes),
            )
        return list(results.values())


def _compatible(ruleset_jurisdiction: str, jurisdiction: str) -> bool:
    if jurisdiction == ruleset_jurisdiction:
        return True
    return ruleset_jurisdiction == "US-FED" and jurisdiction.startswith("US-FED-")


# ---------------------------------------------------------------- validation


class _Where:
    def __init__(self, source: str):
        self.source = source

    def error(self, path: str, message: str) -> RuleSetError:
        where = f"{self.source}: {path}" if path else self.source
        return RuleSetError(f"{where}: {message}")


def _mapping(data: Any, path: str, keys: tuple[set[str], set[str]], w: _Where) -> Mapping:
    required, optional = keys
    if not isinstance(data, Mapping):
        raise w.error(path, f"expected a mapping, got {type(data).__name__}")
    unknown = set(map(str, data)) - required - optional
    if unknown:
        raise w.error(
            path,
            f"unknown key(s) {', '.join(sorted(unknown))} "
            f"(allowed: {', '.join(sorted(required | optional))})",
        )
    missing = required - set(data)
    if missing:
        raise w.error(path, f"missing key(s) {', '.join(sorted(missing))}")
    return data


def _text(data: Mapping, key: str, path: str, w: _Where) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        what = "citation" if key in ("citation", "source") else key
        raise w.error(f"{path}.{key}", f"missing {what}: expected a non-empty text")
    return " ".join(value.split())


def _key(data: Mapping, path: str, w: _Where) -> str:
    value = data["key"]
    if not isinstance(value, str) or not _KEY_RE.match(value):
        raise w.error(f"{path}.key", f"keys are lower_snake_case identifiers, got {value!r}")
    return value


def _list(data: Mapping, key: str, path: str, w: _Where) -> list:
    value = data[key]
    if not isinstance(value, list) or not value:
        raise w.error(f"{path}.{key}", "expected a non-empty list")
    return value


def _parse_deadline(data: Any, path: str, w: _Where) -> DeadlineRule:
    data = _mapping(data, path, _DEADLINE_KEYS, w)
    days = data["days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= calculator.MAX_DAYS:
        raise w.error(
            f"{path}.days", f"expected a whole number 0-{calculator.MAX_DAYS}, got {days!r}"
        )
    if data["unit"] not in calculator.UNITS:
        raise w.error(
            f"{path}.unit", f"bad unit {data['unit']!r} (expected {' or '.join(calculator.UNITS)})"
        )
    if data["direction"] not in calculator.DIRECTIONS:
        raise w.error(
            f"{path}.direction",
            f"bad direction {data['direction']!r} (expected {' or '.join(calculator.DIRECTIONS)})",
        )
    if not isinstance(data["service_extends"], bool):
        raise w.error(f"{path}.service_extends", "expected true or false")
    if data["kind"] not in KINDS:
        raise w.error(f"{path}.kind", f"bad kind {data['kind']!r} (expected {' or '.join(KINDS)})")
    from_key = data.get("from")
    if from_key is not None and not (isinstance(from_key, str) and _KEY_RE.match(from_key)):
        raise w.error(f"{path}.from", f"expected a deadline key, got {from_key!r}")
    note = data.get("note")
    if note is not None and not isinstance(note, str):
        raise w.error(f"{path}.note", "expected a text")
    next_weekday = data.get("next_weekday")
    if next_weekday is not None and next_weekday not in _WEEKDAYS:
        raise w.error(f"{path}.next_weekday", f"expected one of {', '.join(_WEEKDAYS)}")
    at = None
    if data.get("time") is not None:
        try:
            at = counting.parse_time(data["time"], f"{path}.time")
        except counting.PolicyError:
            raise w.error(f"{path}.time", f"expected HH:MM, got {data['time']!r}") from None
    completion = data.get("completion_days", 0)
    if (
        isinstance(completion, bool)
        or not isinstance(completion, int)
        or not 0 <= completion <= 366
    ):
        raise w.error(
            f"{path}.completion_days", f"expected a whole number 0-366, got {completion!r}"
        )
    if completion and not data.get("completion_citation"):
        raise w.error(f"{path}.completion_citation", "missing citation for completion_days")
    return DeadlineRule(
        key=_key(data, path, w),
        title=_text(data, "title", path, w),
        days=days,
        unit=data["unit"],
        direction=data["direction"],
        service_extends=data["service_extends"],
        kind=data["kind"],
        citation=_text(data, "citation", path, w),
        note=" ".join((note or "").split()),
        from_key=from_key,
        next_weekday=next_weekday,
        time=at,
        completion_days=completion,
        completion_citation=" ".join(str(data.get("completion_citation") or "").split()),
    )


def _order_chain(rules: list[DeadlineRule], path: str, w: _Where) -> tuple[DeadlineRule, ...]:
    """Check ``from`` references and return the rules with parents first."""
    by_key: dict[str, DeadlineRule] = {}
    for i, rule in enumerate(rules):
        if rule.key in by_key:
            raise w.error(f"{path}.deadlines[{i}].key", f"duplicate deadline key {rule.key!r}")
        by_key[rule.key] = rule
    for i, rule in enumerate(rules):
        if rule.from_key is not None and rule.from_key not in by_key:
            raise w.error(
                f"{path}.deadlines[{i}].from",
                f"{rule.from_key!r} is not a deadline of this event (known: {', '.join(by_key)})",
            )
    ordered: list[DeadlineRule] = []
    state: dict[str, str] = {}  # key -> "visiting" | "done"

    def visit(rule: DeadlineRule, trail: list[str]) -> None:
        if state.get(rule.key) == "done":
            return
        if state.get(rule.key) == "visiting":
            cycle = " -> ".join([*trail[trail.index(rule.key) :], rule.key])
            raise w.error(f"{path}.deadlines", f"cycle in 'from': {cycle}")
        state[rule.key] = "visiting"
        if rule.from_key is not None:
            visit(by_key[rule.from_key], [*trail, rule.key])
        state[rule.key] = "done"
        ordered.append(rule)

    for rule in rules:
        visit(rule, [])
    return tuple(ordered)


def _parse_event(data: Any, path: str, w: _Where) -> TriggerEvent:
    data = _mapping(data, path, _EVENT_KEYS, w)
    rules = [
        _parse_deadline(item, f"{path}.deadlines[{i}]", w)
        for i, item in enumerate(_list(data, "deadlines", path, w))
    ]
    return TriggerEvent(
        key=_key(data, path, w),
        name=_text(data, "name", path, w),
        description=_text(data, "description", path, w),
        deadlines=_order_chain(rules, path, w),
        hearing=" ".join(str(data.get("hearing") or "").split()),
    )


def _parse_date(value: Any, path: str, w: _Where) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise w.error(path, f"expected a date (YYYY-MM-DD), got {value!r}")


def _parse_version(data: Any, path: str, w: _Where) -> RuleSetVersion:
    data = _mapping(data, path, _VERSION_KEYS, w)
    events = []
    seen: set[str] = set()
    for i, item in enumerate(_list(data, "events", path, w)):
        event = _parse_event(item, f"{path}.events[{i}]", w)
        if event.key in seen:
            raise w.error(f"{path}.events[{i}].key", f"duplicate event key {event.key!r}")
        seen.add(event.key)
        events.append(event)
    return RuleSetVersion(
        effective_from=_parse_date(data["effective_from"], f"{path}.effective_from", w),
        source=_text(data, "source", path, w),
        events=tuple(events),
    )


def parse(data: Any, *, source: str = "<rule set>") -> RuleSet:
    """Validate an already-loaded rule-set document and build the :class:`RuleSet`."""
    w = _Where(source)
    data = _mapping(data, "", _RULESET_KEYS, w)
    jurisdiction = data["jurisdiction"]
    try:
        validate_jurisdiction(jurisdiction)
    except ValueError as exc:
        raise w.error("jurisdiction", str(exc)) from None
    versions = [
        _parse_version(item, f"versions[{i}]", w)
        for i, item in enumerate(_list(data, "versions", "", w))
    ]
    starts = [v.effective_from for v in versions]
    duplicates = sorted({d for d in starts if starts.count(d) > 1})
    if duplicates:
        raise w.error("versions", f"two versions effective on {duplicates[0].isoformat()}")
    return RuleSet(
        name=_text(data, "name", "", w),
        jurisdiction=jurisdiction,
        description=_text(data, "description", "", w),
        versions=tuple(sorted(versions, key=lambda v: v.effective_from)),
        source_file=source,
    )


def load_file(path: str | Path) -> RuleSet:
    """Load and validate one rule-set file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleSetError(f"{path.name}: invalid YAML: {exc}") from exc
    except OSError as exc:
        raise RuleSetError(f"{path}: cannot read: {exc}") from exc
    ruleset = parse(data, source=path.name)
    if path.stem != ruleset.jurisdiction:
        raise RuleSetError(
            f"{path.name}: jurisdiction {ruleset.jurisdiction!r} does not match the file name "
            f"(expected {ruleset.jurisdiction}.yaml)"
        )
    return ruleset


@functools.cache
def _load_dir(directory: Path) -> dict[str, RuleSet]:
    rulesets: dict[str, RuleSet] = {}
    for path in sorted(directory.glob("*.yaml")):
        ruleset = load_file(path)
        rulesets[ruleset.jurisdiction] = ruleset
    return rulesets


def load_all(directory: str | Path | None = None) -> dict[str, RuleSet]:
    """Every rule set in ``directory`` (default ``deadlines/rules``), by jurisdiction.

    Results are cached per directory; the returned dict is a fresh copy.
    """
    return dict(_load_dir(Path(directory or RULES_DIR).resolve()))


def get(jurisdiction: str, *, directory: str | Path | None = None) -> RuleSet:
    """The rule set for ``jurisdiction``; ``ValueError`` if there is none."""
    rulesets = load_all(directory)
    if jurisdiction in rulesets:
        return rulesets[jurisdiction]
    hint = ""
    if isinstance(jurisdiction, str) and jurisdiction.startswith("US-FED-"):
        hint = (
            f"; a federal court sitting in a state uses the US-FED rule set: "
            f"get('US-FED').compute_chain(..., jurisdiction={jurisdiction!r})"
        )
    raise ValueError(
        f"no rule set for jurisdiction {jurisdiction!r} (available: "
        f"{', '.join(sorted(rulesets))}){hint}"
    )
