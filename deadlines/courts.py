"""Court calendars: on which days a court is closed, and why.

Pure Python (no Django). A :class:`CourtCalendar` answers, for one jurisdiction,
whether a day is a Saturday, a Sunday, a legal/judicial holiday, a firm-entered
closure, or an ordinary court day, with the reason and its citation.

Jurisdiction codes
------------------
``"US-FED"``
    United States district courts. Legal holidays are those of FRCP 6(a)(6)(A)
    on the day set aside by statute for observing them (5 U.S.C. § 6103(b): a
    holiday on a Saturday is observed the Friday before, on a Sunday the Monday
    after), taken from ``holidays.US()``.
``"US-FED-<ST>"``
    A district court sitting in state ST (only ``US-FED-CA`` ships). FRCP
    6(a)(6)(C) adds the state's holidays, but only for periods counted forward
    ("measured after an event"); pass ``direction="before"`` for periods counted
    backward and they are ignored.
``"US-CA"``
    California state courts: the judicial holidays of CCP § 135, observed per
    Cal. Rules of Court, rule 1.11. Built from the federal list plus the
    corrections in ``calendars/US-CA.yaml`` (Lincoln's Birthday, Cesar Chavez
    Day, Native American Day, the day after Thanksgiving in; Columbus Day out).

Doubtful days
-------------
Some days are of unsettled status (for instance an executive order closing the
executive departments on Christmas Eve: is it a day "declared a holiday by the
President" under FRCP 6(a)(6)(B)?). Such a day is resolved in the direction that
gives the *earlier* deadline: it is treated as open when counting forward and as
closed when counting backward. ``doubtful_closed=`` overrides that, which is how
the calculator detects that a doubtful day mattered and warns about it.

The data files live in ``deadlines/calendars/<JURISDICTION>.yaml`` and carry the
source citation for every addition and removal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import holidays
import yaml
from dateutil.easter import easter

__all__ = [
    "CalendarDataError",
    "Closure",
    "CourtCalendar",
    "available_jurisdictions",
    "validate_jurisdiction",
]

CALENDARS_DIR = Path(__file__).resolve().with_name("calendars")

DIRECTIONS = ("after", "before")

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEKDAY_NAMES = {v: k.capitalize() for k, v in _WEEKDAYS.items()}

_CODE_RE = re.compile(r"^US-(?:FED|[A-Z]{2}|FED-[A-Z]{2})$")

# Closure kinds.
WEEKEND = "weekend"
HOLIDAY = "holiday"
STATE_HOLIDAY = "state_holiday"
DOUBTFUL = "doubtful"
EXTRA = "extra"


class CalendarDataError(ValueError):
    """A calendar data file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Closure:
    """Why a court is (treated as) closed on one day."""

    day: date
    name: str
    kind: str
    label: str = ""
    citation: str = ""
    observed_for: date | None = None
    note: str = ""

    @property
    def reason(self) -> str:
        """Human reason, e.g. ``"Thanksgiving Day (legal holiday, FRCP 6(a)(6)(A))"``."""
        if self.kind == WEEKEND:
            return self.name
        if self.kind == EXTRA:
            return f"a court closure entered by the firm: {self.name} ({self.citation})"
        name = self.name
        if self.observed_for is not None:
            weekday = _WEEKDAY_NAMES[self.observed_for.weekday()]
            name = f"{name}, observed for {weekday} {self.observed_for.isoformat()}"
        details = ", ".join(part for part in (self.label, self.citation) if part)
        if self.note:
            details = f"{details}: {self.note}" if details else self.note
        return f"{name} ({details})" if details else name


# --------------------------------------------------------------------------- data


def available_jurisdictions() -> tuple[str, ...]:
    """Jurisdiction codes that have a calendar data file."""
    return tuple(sorted(p.stem for p in CALENDARS_DIR.glob("*.yaml")))


def validate_jurisdiction(code: object) -> str:
    """Return ``code`` if a court calendar exists for it, else raise ``ValueError``."""
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise ValueError(
            f"unknown jurisdiction {code!r}: expected 'US-FED', 'US-FED-<ST>' (a federal "
            f"court sitting in state ST) or 'US-<ST>' (the courts of state ST); available: "
            f"{', '.join(available_jurisdictions())}"
        )
    if not (CALENDARS_DIR / f"{code}.yaml").is_file():
        hint = ""
        if code.startswith("US-FED-"):
            hint = (
                f" (FRCP 6(a)(6)(C) needs that state's holidays: add "
                f"deadlines/calendars/{code}.yaml, modelled on US-FED-CA.yaml)"
            )
        raise ValueError(
            f"unknown jurisdiction {code!r}: no court calendar for it{hint}; available: "
            f"{', '.join(available_jurisdictions())}"
        )
    return code


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        raise CalendarDataError(f"{where}: expected a date, got a date-time {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CalendarDataError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}")


def _check_keys(data: Any, where: str, required: set[str], optional: set[str]) -> None:
    if not isinstance(data, Mapping):
        raise CalendarDataError(f"{where}: expected a mapping, got {type(data).__name__}")
    unknown = set(data) - required - optional
    if unknown:
        raise CalendarDataError(
            f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
            f"(allowed: {', '.join(sorted(required | optional))})"
        )
    missing = required - set(data)
    if missing:
        raise CalendarDataError(f"{where}: missing key(s) {', '.join(sorted(missing))}")


_SPECIALS = ("lunar_new_year", "good_friday", "diwali")


def _check_date_rule(rule: Any, where: str) -> None:
    if isinstance(rule, Mapping) and "special" in rule:
        _check_keys(rule, where, {"special"}, set())
        if rule["special"] not in _SPECIALS:
            raise CalendarDataError(
                f"{where}: unknown special date {rule['special']!r} (known: {', '.join(_SPECIALS)})"
            )
        return
    _check_keys(rule, where, {"month"}, {"day", "weekday", "nth", "offset_days"})
    month = rule["month"]
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise CalendarDataError(f"{where}: month must be 1-12, got {month!r}")
    if "day" in rule:
        if {"weekday", "nth"} & set(rule):
            raise CalendarDataError(f"{where}: give either day or weekday+nth, not both")
        try:
            date(2024, month, rule["day"])  # leap year: accepts Feb 29
        except (TypeError, ValueError) as exc:
            raise CalendarDataError(f"{where}: invalid day {rule['day']!r}") from exc
    else:
        if rule.get("weekday") not in _WEEKDAYS:
            raise CalendarDataError(f"{where}: weekday must be one of {', '.join(_WEEKDAYS)}")
        nth = rule.get("nth")
        if not isinstance(nth, int) or nth not in (-1, 1, 2, 3, 4, 5):
            raise CalendarDataError(f"{where}: nth must be 1-5 or -1 (last), got {nth!r}")
    offset = rule.get("offset_days", 0)
    if not isinstance(offset, int) or isinstance(offset, bool):
        raise CalendarDataError(f"{where}: offset_days must be an integer")


def _check_observance(obs: Any, where: str) -> None:
    _check_keys(obs, where, set(), {"saturday", "sunday", "citation"})
    if obs.get("saturday", "none") not in ("friday", "none"):
        raise CalendarDataError(f"{where}: saturday must be 'friday' or 'none'")
    if obs.get("sunday", "none") not in ("monday", "none"):
        raise CalendarDataError(f"{where}: sunday must be 'monday' or 'none'")


def _check_entry(entry: Any, where: str, *, extra_optional: set[str]) -> None:
    _check_keys(entry, where, {"name", "date"}, {"from", "until", "years"} | extra_optional)
    years = entry.get("years")
    if years is not None and (
        not isinstance(years, list) or not all(isinstance(y, int) for y in years)
    ):
        raise CalendarDataError(f"{where}.years: expected a list of years")
    if not isinstance(entry["name"], str) or not entry["name"].strip():
        raise CalendarDataError(f"{where}: name must be a non-empty string")
    _check_date_rule(entry["date"], f"{where}.date")
    for key in ("from", "until"):
        if key in entry:
            _as_date(entry[key], f"{where}.{key}")


def _validate_spec(spec: Any, code: str) -> dict[str, Any]:
    where = f"calendars/{code}.yaml"
    if code.startswith("US-FED-"):
        _check_keys(
            spec,
            where,
            {"jurisdiction", "parent", "state", "state_name", "state_holidays"},
            {
                "doubtful", "supported_from", "supported_from_reason", "time_zone",
                "time_zone_note", "sources", "years_checked",
            },
        )  # fmt: skip
        if spec["parent"] != "US-FED":
            raise CalendarDataError(f"{where}: parent must be 'US-FED'")
        if spec["state"] != code.removeprefix("US-FED-"):
            raise CalendarDataError(f"{where}: state {spec['state']!r} does not match the code")
        sh = spec["state_holidays"]
        _check_keys(sh, f"{where}.state_holidays", {"citation", "label", "entries"}, set())
        for i, entry in enumerate(sh["entries"] or []):
            w = f"{where}.state_holidays.entries[{i}]"
            _check_entry(entry, w, extra_optional={"observance", "observed_citation"})
            if "observance" in entry:
                _check_observance(entry["observance"], f"{w}.observance")
        for i, entry in enumerate(spec.get("doubtful") or []):
            _check_entry(entry, f"{where}.doubtful[{i}]", extra_optional={"note"})
    else:
        _check_keys(
            spec,
            where,
            {"jurisdiction", "name", "supported_from", "holidays"},
            {
                "supported_from_reason", "doubtful", "remove", "add", "observance",
                "doubtful_days", "time_zone", "time_zone_note", "sources", "years_checked",
            },
        )  # fmt: skip
        for i, entry in enumerate(spec.get("doubtful_days") or []):
            w = f"{where}.doubtful_days[{i}]"
            _check_entry(entry, w, extra_optional={"note", "citation", "observance"})
            if not entry.get("note") or not entry.get("citation"):
                raise CalendarDataError(f"{w}: a doubtful day needs a note and a citation")
        _as_date(spec["supported_from"], f"{where}.supported_from")
        hol = spec["holidays"]
        _check_keys(
            hol,
            f"{where}.holidays",
            {"source", "citation", "label", "names"},
            {
                "observed_citation", "citation_overrides", "saturday_observed",
                "sunday_observed", "observed_note",
            },
        )  # fmt: skip
        for key in ("saturday_observed", "sunday_observed"):
            if hol.get(key, "closed") not in ("closed", "doubtful", "open"):
                raise CalendarDataError(
                    f"{where}.holidays.{key}: expected closed, doubtful or open"
                )
        if not isinstance(hol["names"], Mapping) or not hol["names"]:
            raise CalendarDataError(f"{where}.holidays.names: expected a non-empty mapping")
        for i, ov in enumerate(hol.get("citation_overrides") or []):
            w = f"{where}.holidays.citation_overrides[{i}]"
            _check_keys(ov, w, {"name", "before", "citation"}, set())
            _as_date(ov["before"], f"{w}.before")
        for i, rm in enumerate(spec.get("remove") or []):
            w = f"{where}.remove[{i}]"
            _check_keys(rm, w, {"name", "citation"}, {"from", "until", "note"})
            if rm["name"] not in hol["names"]:
                raise CalendarDataError(f"{w}: {rm['name']!r} is not a name in holidays.names")
            for key in ("from", "until"):
                if key in rm:
                    _as_date(rm[key], f"{w}.{key}")
        if spec.get("add"):
            if "observance" not in spec:
                raise CalendarDataError(f"{where}: 'add' needs an 'observance' rule")
            _check_observance(spec["observance"], f"{where}.observance")
        for i, entry in enumerate(spec.get("add") or []):
            w = f"{where}.add[{i}]"
            _check_entry(entry, w, extra_optional={"citation", "observance", "observed_citation"})
            if not entry.get("citation"):
                raise CalendarDataError(f"{w}: missing citation")
        doubtful = spec.get("doubtful")
        if doubtful is not None:
            _check_keys(
                doubtful,
                f"{where}.doubtful",
                {"from_package_category", "citation", "note", "applies_to"},
                set(),
            )
            if doubtful["applies_to"] not in ("after", "before", "both"):
                raise CalendarDataError(
                    f"{where}.doubtful.applies_to: expected after, before or both"
                )
    if spec["jurisdiction"] != code:
        raise CalendarDataError(f"{where}: jurisdiction {spec['jurisdiction']!r} != {code!r}")
    return dict(spec)


@functools.cache
def _load_spec(code: str) -> dict[str, Any]:
    validate_jurisdiction(code)
    path = CALENDARS_DIR / f"{code}.yaml"
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CalendarDataError(f"calendars/{code}.yaml: invalid YAML: {exc}") from exc
    return _validate_spec(spec, code)


# ----------------------------------------------------------------- date rules


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        if day.month != month:
            raise CalendarDataError(f"no {nth}th {_WEEKDAY_NAMES[weekday]} in {year}-{month:02d}")
        return day
    last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _special_date(name: str, year: int) -> date | None:
    if name == "good_friday":
        return easter(year) - timedelta(days=2)
    if name == "lunar_new_year":
        # The holidays package's Chinese lunisolar table (the "second new moon
        # after the winter solstice" of Gov. Code § 6700).
        from holidays.calendars.chinese import _ChineseLunisolar

        day, _exact = _ChineseLunisolar().lunar_new_year_date(year)
        return day
    if name == "diwali":
        # The date the holidays package uses for California's Diwali holiday.
        ca = holidays.US(subdiv="CA", years=year)
        for day in sorted(ca):
            if "Diwali" in ca.get_list(day):
                return day
        return None
    raise CalendarDataError(f"unknown special date {name!r}")


def _evaluate(rule: Mapping[str, Any], year: int) -> date | None:
    if "special" in rule:
        return _special_date(rule["special"], year)
    if "day" in rule:
        try:
            day = date(year, rule["month"], rule["day"])
        except ValueError:  # Feb 29 in a common year
            return None
    else:
        day = _nth_weekday(year, rule["month"], _WEEKDAYS[rule["weekday"]], rule["nth"])
    return day + timedelta(days=rule.get("offset_days", 0))


def _in_force(entry: Mapping[str, Any], day: date) -> bool:
    if entry.get("years") is not None and day.year not in entry["years"]:
        return False
    start = entry.get("from")
    end = entry.get("until")
    if start is not None and day < _as_date(start, "from"):
        return False
    return not (end is not None and day > _as_date(end, "until"))


def _observe(day: date, observance: Mapping[str, Any]) -> date:
    if day.weekday() == 5 and observance.get("saturday") == "friday":
        return day - timedelta(days=1)
    if day.weekday() == 6 and observance.get("sunday") == "monday":
        return day + timedelta(days=1)
    return day


# -------------------------------------------------------------- per-year data


@dataclass(frozen=True)
class _Doubtful:
    closure: Closure
    applies_to: str  # "after", "before" or "both"


@dataclass(frozen=True)
class _YearData:
    holidays: Mapping[date, tuple[Closure, ...]]
    state: Mapping[date, tuple[Closure, ...]]
    doubtful: Mapping[date, tuple[_Doubtful, ...]]


def _add(table: dict[date, list[Any]], day: date, item: Any) -> None:
    table.setdefault(day, []).append(item)


def _base_year(spec: Mapping[str, Any], year: int, table: dict, doubtful: dict) -> None:
    """Federal holidays from the ``holidays`` package, named and cited per ``spec``."""
    hol = spec["holidays"]
    names: Mapping[str, str] = hol["names"]
    removals = spec.get("remove") or []
    overrides = hol.get("citation_overrides") or []
    package = holidays.US(years=year, observed=True)
    public_days = set()
    for day in sorted(package):
        if day.year != year:
            continue
        public_days.add(day)
        for raw in package.get_list(day):
            observed = raw.endswith(" (observed)")
            base = raw.removesuffix(" (observed)")
            actual = day
            if observed:
                actual = day + timedelta(days=1 if day.weekday() == 4 else -1)
            if base not in names:
                # A name we do not know (a new federal holiday?): do not guess.
                closure = Closure(
                    day,
                    raw,
                    DOUBTFUL,
                    "possible legal holiday",
                    hol["citation"],
                    note=f"listed by the holidays package but not in calendars/"
                    f"{spec['jurisdiction']}.yaml; verify",
                )
                _add(doubtful, day, _Doubtful(closure, "both"))
                continue
            if any(rm["name"] == base and _in_force(rm, actual) for rm in removals):
                continue
            if observed:
                treat = hol.get(
                    "saturday_observed" if actual.weekday() == 5 else "sunday_observed", "closed"
                )
                if treat == "open":
                    continue
                if treat == "doubtful":
                    closure = Closure(
                        day,
                        names[base],
                        DOUBTFUL,
                        f"possible {hol['label']}",
                        hol["citation"],
                        observed_for=actual,
                        note=" ".join(str(hol.get("observed_note", "")).split()),
                    )
                    _add(doubtful, day, _Doubtful(closure, "both"))
                    continue
            citation = hol["citation"]
            for ov in overrides:
                if ov["name"] == base and actual < _as_date(ov["before"], "before"):
                    citation = ov["citation"]
            if observed and hol.get("observed_citation"):
                citation = f"{citation}; {hol['observed_citation']}"
            _add(
                table,
                day,
                Closure(
                    day,
                    names[base],
                    HOLIDAY,
                    hol["label"],
                    citation,
                    observed_for=actual if observed else None,
                ),
            )
    category = (spec.get("doubtful") or {}).get("from_package_category")
    if category:
        info = spec["doubtful"]
        other = holidays.US(years=year, observed=True, categories=(category,))
        for day in sorted(other):
            if day.year != year or day in public_days:
                continue
            for raw in other.get_list(day):
                closure = Closure(
                    day,
                    raw,
                    DOUBTFUL,
                    "possible legal holiday",
                    info["citation"],
                    note=info["note"],
                )
                _add(doubtful, day, _Doubtful(closure, info["applies_to"]))


def _entries_year(
    entries: list[Mapping[str, Any]],
    year: int,
    *,
    kind: str,
    label: str,
    default_citation: str,
    default_observance: Mapping[str, Any] | None,
    table: dict,
) -> None:
    for entry in entries:
        for y in (year - 1, year, year + 1):
            actual = _evaluate(entry["date"], y)
            if actual is None or not _in_force(entry, actual):
                continue
            observance = entry.get("observance", default_observance) or {}
            day = _observe(actual, observance)
            if day.year != year:
                continue
            citation = entry.get("citation", default_citation)
            moved = day != actual
            if moved:
                extra = entry.get("observed_citation") or observance.get("citation")
                if extra:
                    citation = f"{citation}; {extra}"
            _add(
                table,
                day,
                Closure(
                    day,
                    entry["name"],
                    kind,
                    label,
                    citation,
                    observed_for=actual if moved else None,
                    note=entry.get("note", "").strip() if kind == DOUBTFUL else "",
                ),
            )


@functools.cache
def _year_data(code: str, year: int) -> _YearData:
    spec = _load_spec(code)
    table: dict[date, list[Closure]] = {}
    state: dict[date, list[Closure]] = {}
    doubtful: dict[date, list[_Doubtful]] = {}
    if code.startswith("US-FED-"):
        parent = _year_data(spec["parent"], year)
        table = {d: list(v) for d, v in parent.holidays.items()}
        doubtful = {d: list(v) for d, v in parent.doubtful.items()}
        sh = spec["state_holidays"]
        _entries_year(
            sh["entries"] or [],
            year,
            kind=STATE_HOLIDAY,
            label=sh["label"],
            default_citation=sh["citation"],
            default_observance=None,
            table=state,
        )
        # A state holiday that is also a federal one needs no second entry.
        state = {d: v for d, v in state.items() if d not in table}
        state_doubtful: dict[date, list[Closure]] = {}
        _entries_year(
            spec.get("doubtful") or [],
            year,
            kind=DOUBTFUL,
            label=f"possible {sh['label']}",
            default_citation="FRCP 6(a)(6)(C)",
            default_observance=None,
            table=state_doubtful,
        )
        for day, closures in state_doubtful.items():
            for closure in closures:
                _add(doubtful, day, _Doubtful(closure, "after"))
    else:
        _base_year(spec, year, table, doubtful)
        _entries_year(
            spec.get("add") or [],
            year,
            kind=HOLIDAY,
            label=spec["holidays"]["label"],
            default_citation=spec["holidays"]["citation"],
            default_observance=spec.get("observance"),
            table=table,
        )
        plain_doubtful: dict[date, list[Closure]] = {}
        _entries_year(
            spec.get("doubtful_days") or [],
            year,
            kind=DOUBTFUL,
            label=f"possible {spec['holidays']['label']}",
            default_citation=spec["holidays"]["citation"],
            default_observance=None,
            table=plain_doubtful,
        )
        for day, closures in plain_doubtful.items():
            for closure in closures:
                _add(doubtful, day, _Doubtful(closure, "both"))
    return _YearData(
        holidays={d: tuple(v) for d, v in table.items()},
        state={d: tuple(v) for d, v in state.items()},
        doubtful={d: tuple(v) for d, v in doubtful.items()},
    )


def _supported_from(code: str) -> tuple[date, str]:
    spec = _load_spec(code)
    if "parent" in spec:
        return _supported_from(spec["parent"])
    reason = str(spec.get("supported_from_reason", "")).strip()
    return _as_date(spec["supported_from"], "supported_from"), reason


# ------------------------------------------------------------------ calendar


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'after' or 'before', got {direction!r}")


class CourtCalendar:
    """The days a court is closed, for one jurisdiction.

    ``extra_closures`` maps days to a reason (e.g. ``{date(2026, 3, 4):
    "courthouse closed: fire"}``): firm-entered closures that count as closed
    days (CCP § 12b for California courts; FRCP 6(a)(3) inaccessibility of the
    clerk's office for federal courts).

    Holiday tables are computed once per (jurisdiction, year) and cached.
    """

    def __init__(
        self,
        jurisdiction: str,
        extra_closures: Mapping[date, str] | None = None,
        *,
        closure_citation: str = "",
    ):
        self.jurisdiction = validate_jurisdiction(jurisdiction)
        self._spec = _load_spec(jurisdiction)
        # What a firm-entered closure counts as (from the counting policy).
        self.closure_citation = closure_citation
        self.state = self._spec.get("state")
        self.state_name = self._spec.get("state_name")
        self.name = (
            f"United States district courts in {self._spec['state_name']}"
            if self.state
            else self._spec["name"]
        )
        self.supported_from, self._supported_reason = _supported_from(jurisdiction)
        root = self._spec if "parent" not in self._spec else _load_spec(self._spec["parent"])
        # The court's time zone (None: the firm's own) and where the data comes from.
        self.time_zone: str | None = self._spec.get("time_zone") or root.get("time_zone")
        self.time_zone_note = " ".join(str(self._spec.get("time_zone_note", "")).split())
        self.sources: tuple[str, ...] = tuple(
            " ".join(str(x).split()) for x in (self._spec.get("sources") or [])
        )
        self.years_checked: tuple[int, ...] = tuple(self._spec.get("years_checked") or ())
        self.extra_closures: dict[date, str] = {}
        if extra_closures is not None:
            if not isinstance(extra_closures, Mapping):
                raise ValueError("extra_closures must be a mapping of date -> reason")
            for day, reason in extra_closures.items():
                if not isinstance(day, date) or isinstance(day, datetime):
                    raise ValueError(f"extra_closures: {day!r} is not a date")
                if not isinstance(reason, str) or not reason.strip():
                    raise ValueError(
                        f"extra_closures: the reason for {day} must be a non-empty text"
                    )
                self.extra_closures[day] = reason.strip()

    def __repr__(self) -> str:
        return f"CourtCalendar({self.jurisdiction!r})"

    # -- low level ---------------------------------------------------------

    def check_supported(self, day: date) -> None:
        """Raise ``ValueError`` if ``day`` is before the calendar's supported range."""
        if day < self.supported_from:
            reason = f" ({self._supported_reason})" if self._supported_reason else ""
            raise ValueError(
                f"{self.jurisdiction}: dates before {self.supported_from.isoformat()} are not "
                f"supported{reason}; got {day.isoformat()}"
            )

    def _year(self, day: date) -> _YearData:
        self.check_supported(day)
        return _year_data(self.jurisdiction, day.year)

    def closure(
        self,
        day: date,
        *,
        direction: str = "after",
        doubtful_closed: bool | None = None,
        state_holidays: bool = True,
        extra: bool = True,
    ) -> Closure | None:
        """The reason the court is treated as closed on ``day``, or ``None`` if open.

        ``direction`` is the direction of the period being counted: state holidays
        of a ``US-FED-<ST>`` calendar only count for ``"after"`` (FRCP 6(a)(6)(C)),
        and doubtful days are closed only for ``"before"`` unless
        ``doubtful_closed`` says otherwise.
        """
        _check_direction(direction)
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValueError(f"expected a date, got {day!r}")
        if day.weekday() >= 5:
            self.check_supported(day)
            return Closure(day, _WEEKDAY_NAMES[day.weekday()], WEEKEND)
        data = self._year(day)
        if day in data.holidays:
            return data.holidays[day][0]
        if state_holidays and direction == "after" and day in data.state:
            return data.state[day][0]
        if extra and day in self.extra_closures:
            label = "firm-entered closure"
            return Closure(day, self.extra_closures[day], EXTRA, label, self.closure_citation)
        for item in data.doubtful.get(day, ()):
            if item.applies_to not in ("both", direction):
                continue
            closed = direction == "before" if doubtful_closed is None else doubtful_closed
            if closed:
                return item.closure
        return None

    def doubtful_days(self, day: date, *, direction: str = "after") -> tuple[Closure, ...]:
        """Doubtful days on ``day`` that are relevant to a period counted in ``direction``."""
        _check_direction(direction)
        data = self._year(day)
        return tuple(
            item.closure
            for item in data.doubtful.get(day, ())
            if item.applies_to in ("both", direction)
        )

    # -- convenience -------------------------------------------------------

    def closure_reason(self, day: date, *, direction: str = "after") -> str | None:
        """Why the court is closed on ``day`` (e.g. ``"Saturday"``), or ``None``."""
        found = self.closure(day, direction=direction)
        return found.reason if found else None

    def is_closed(self, day: date, *, direction: str = "after") -> bool:
        return self.closure(day, direction=direction) is not None

    def is_court_day(self, day: date, *, direction: str = "after") -> bool:
        return self.closure(day, direction=direction) is None

    def holidays(self, year: int, *, direction: str = "after") -> dict[date, str]:
        """Every weekday closure in ``year`` (holidays, state holidays, firm closures)."""
        _check_direction(direction)
        result: dict[date, str] = {}
        day = date(year, 1, 1)
        while day.year == year:
            if day.weekday() < 5 and day >= self.supported_from:
                found = self.closure(day, direction=direction)
                if found is not None:
                    result[day] = found.reason
            day += timedelta(days=1)
        return result
