"""Build a large firm into the benchmark database, quickly and reproducibly.

    python -m bench.generate --scale 1.0 --seed 42 [--database casemgr_bench]

At scale 1.0: 1,000 users in every role, 300,000 contacts with aliases, emails
and phones, 100,000 matters with teams of 2-4 and their parties, guardian grants
(view_matter + change_matter, the direct-FK table) for every team member, a few
ethical walls, the audit events all that would have written, about 3 tasks and
4 notes per matter, 500,000 deadlines (most computed by the real rule sets from
trigger events, with their step-by-step explanations; due from a year before to
a year after "today", 2026-06-01), reminder preferences for a quarter of the
users, and the reminder history up to yesterday, so that the day's first sweep
(SWEEP_AT) finds just the reminders due today. Three personas are always there:

    bench-paralegal@bench.test  a paralegal granted exactly 2,000 matters (scaled)
    bench-attorney@bench.test   an attorney responsible for 1,000 matters (scaled)
    bench-admin@bench.test      a firm admin and superuser

The database is dropped and recreated (unless --keep), migrated, then filled by
COPY from in-memory buffers; sequences are reset and the tables VACUUM ANALYZEd
at the end. Every model family is one function in FAMILIES, run in order, so a
new family (documents, deadlines, tasks, ...) is one more function.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

import django

PERSONA_PARALEGAL = "bench-paralegal@bench.test"
PERSONA_ATTORNEY = "bench-attorney@bench.test"
PERSONA_ADMIN = "bench-admin@bench.test"
PERSONAS = (PERSONA_PARALEGAL, PERSONA_ATTORNEY, PERSONA_ADMIN)

# Share of each role among the generated users (personas come on top).
ROLE_SHARES = (
    ("Attorney", 0.34),
    ("Paralegal", 0.30),
    ("Case manager", 0.30),
    ("Firm admin", 0.03),
    ("Auditor", 0.03),
)
BATCH_ROWS = 25_000
TODAY = dt.date(2026, 6, 1)  # a fixed "today", so a seed always gives the same firm
# The moment the firm is generated at (10:00 in California): reminder history,
# task and deadline statuses are as of now, and the sweep cases run at it.
NOW = dt.datetime(2026, 6, 1, 17, tzinfo=dt.UTC)
# The day's first reminder sweep (00:05 in California, where every generated
# court sits): the reminder history runs up to yesterday, so the reminders due
# today are what this sweep finds. The runner's sweep cases run at it.
SWEEP_AT = dt.datetime(2026, 6, 1, 7, 5, tzinfo=dt.UTC)
YESTERDAY = TODAY - dt.timedelta(days=1)
YEARS_OF_HISTORY = 10


@dataclass(frozen=True)
class Size:
    """How many of each thing to build at a given scale (1.0 = the DESIGN.md firm)."""

    scale: float
    users: int
    contacts: int
    matters: int
    paralegal_grants: int
    attorney_matters: int
    walls: int
    deadlines: int
    document_versions: int

    @classmethod
    def at(cls, scale: float) -> Size:
        if not 0 < scale <= 10:
            raise ValueError(f"--scale must be above 0 and at most 10, got {scale}")
        matters = max(50, round(100_000 * scale))
        return cls(
            scale=scale,
            users=max(25, round(1_000 * scale)),
            contacts=max(150, round(300_000 * scale)),
            matters=matters,
            paralegal_grants=min(matters // 2, max(10, round(2_000 * scale))),
            attorney_matters=min(matters // 4, max(5, round(1_000 * scale))),
            walls=max(3, round(20 * scale)),
            deadlines=max(200, round(500_000 * scale)),
            document_versions=max(400, round(1_000_000 * scale)),
        )


@dataclass
class MatterRow:
    id: int
    number: str
    title: str
    client_id: int
    responsible_id: int
    opened_on: dt.date
    closed_on: dt.date | None
    stage: str
    area_id: int
    opponent: int
    team: list[tuple[int, int, str]] = field(default_factory=list)  # (membership id, user, role)
    jurisdiction: str = "US-FED"


@dataclass
class Firm:
    """What the families have built so far, for the families that follow."""

    size: Size
    rng: random.Random
    out: TextIO
    cursor: Any = None
    now: dt.datetime = NOW
    group_ids: dict[str, int] = field(default_factory=dict)
    perm_ids: dict[str, int] = field(default_factory=dict)
    practice_areas: list[tuple[int, str, list[str]]] = field(default_factory=list)
    users_by_role: dict[str, list[int]] = field(default_factory=dict)
    user_email: dict[int, str] = field(default_factory=dict)
    personas: dict[str, int] = field(default_factory=dict)
    person_ids: list[int] = field(default_factory=list)
    org_ids: list[int] = field(default_factory=list)
    contact_name: dict[int, str] = field(default_factory=dict)
    matters: list[MatterRow] = field(default_factory=list)
    reminder_offsets: dict[int, list[int]] = field(default_factory=dict)  # users with a preference
    summary_matter: MatterRow | None = None  # the case summary's matter (many deadlines, documents)
    counts: dict[str, int] = field(default_factory=dict)


# --- Writing rows fast ---------------------------------------------------------------


def _text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        value = json.dumps(value)
    elif isinstance(value, list | tuple):
        value = "{" + ",".join('"' + str(v).replace('"', '\\"') + '"' for v in value) + "}"
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


class Progress:
    """A one-line textual progress bar (a line per quarter when not on a terminal)."""

    def __init__(self, out: TextIO, label: str, total: int) -> None:
        self.out, self.label, self.total = out, label, max(total, 1)
        self.started = time.monotonic()
        self.tty = out.isatty()
        self.last_quarter = -1

    def update(self, done: int) -> None:
        fraction = min(done / self.total, 1.0)
        if self.tty:
            bar = "#" * int(fraction * 30)
            self.out.write(
                f"\r  {self.label:<22} [{bar:<30}] {done:>10,}/{self.total:,} "
                f"{time.monotonic() - self.started:6.1f}s"
            )
            self.out.flush()
        elif int(fraction * 4) > self.last_quarter:
            self.last_quarter = int(fraction * 4)
            self.out.write(f"  {self.label:<22} {fraction:4.0%} {done:>10,}/{self.total:,}\n")
            self.out.flush()

    def finish(self, done: int) -> None:
        self.update(done)
        if self.tty:
            self.out.write("\n")
        self.out.flush()


def _fill_values(model: type, given: Sequence[str], now: dt.datetime) -> tuple[list[str], list]:
    """Columns and constant values for every concrete field the caller leaves out.

    Another engineer's new NOT NULL column with a default is filled with that
    default; one without a default stops the generator with a clear message
    instead of a half-built firm.
    """
    from django.db import models

    columns, values = [], []
    for f in model._meta.concrete_fields:
        if f.name in given or f.attname in given:
            continue
        if isinstance(f, models.AutoField | models.BigAutoField | models.SmallAutoField):
            continue  # the database numbers the rows
        if f.generated:
            continue  # the database computes it (clients name_key)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        elif f.has_default():
            value = f.get_default()
            if isinstance(f, models.ForeignKey) and isinstance(value, models.Model):
                value = value.pk
        elif f.null:
            value = None
        elif f.blank and isinstance(f, models.CharField | models.TextField):
            value = ""
        else:
            raise RuntimeError(
                f"bench.generate does not fill {model._meta.label}.{f.name}: add it to the "
                "family that writes this model."
            )
        columns.append(f.column)
        values.append(value)
    return columns, values


def copy_rows(
    firm: Firm, model: type, fields: Sequence[str], rows: Iterable[Sequence[Any]], *, total: int
) -> int:
    """COPY rows (tuples in the order of ``fields``) into the model's table."""
    opts = model._meta
    columns = [opts.get_field(name).column for name in fields]
    extra_columns, extra_values = _fill_values(model, fields, firm.now)
    extra = "\t" + "\t".join(_text(v) for v in extra_values) if extra_columns else ""
    quoted = ", ".join(f'"{c}"' for c in columns + extra_columns)
    sql = f'COPY "{opts.db_table}" ({quoted}) FROM STDIN WITH (FORMAT text)'
    progress = Progress(
        firm.out, opts.db_table.removeprefix("cases_").removeprefix("clients_"), total
    )
    buffer, pending, done = io.StringIO(), 0, 0
    for row in rows:
        buffer.write("\t".join(_text(v) for v in row) + extra + "\n")
        pending += 1
        if pending == BATCH_ROWS:
            buffer.seek(0)
            firm.cursor.copy_expert(sql, buffer)
            done += pending
            progress.update(done)
            buffer, pending = io.StringIO(), 0
    if pending:
        buffer.seek(0)
        firm.cursor.copy_expert(sql, buffer)
        done += pending
    progress.finish(done)
    firm.counts[opts.label] = firm.counts.get(opts.label, 0) + done
    return done


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A time during business hours (Pacific, given in UTC) on ``day``."""
    return dt.datetime.combine(day, dt.time(16), tzinfo=dt.UTC) + dt.timedelta(
        seconds=rng.randrange(9 * 3600)
    )


# --- Families ----------------------------------------------------------------------------


def gen_reference(firm: Firm) -> None:
    """Practice areas, firm settings, and the ids of groups and matter permissions."""
    from django.contrib.auth.models import Group, Permission

    from bench.names import PRACTICE_AREAS
    from casemgr.models import FirmSettings
    from cases.models import PracticeArea

    FirmSettings.objects.update_or_create(pk=1, defaults={"name": "Bench, Large & Partners LLP"})
    for name, code in PRACTICE_AREAS:
        area, _ = PracticeArea.objects.get_or_create(code=code, defaults={"name": name})
        firm.practice_areas.append((area.pk, area.code, list(area.stages)))
    firm.group_ids = dict(Group.objects.values_list("name", "id"))
    firm.perm_ids = dict(
        Permission.objects.filter(
            content_type__app_label="cases", codename__in=["view_matter", "change_matter"]
        ).values_list("codename", "id")
    )


def _ascii(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def gen_users(firm: Firm) -> None:
    """Users in every role (mostly attorneys, paralegals, case managers), and the personas."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from bench.names import FIRST_NAMES, LAST_NAMES

    rng, size = firm.rng, firm.size
    roles: list[tuple[str, str, str, bool]] = [  # (email, full name, role, superuser)
        (PERSONA_PARALEGAL, "Bianca Paralegal", "Paralegal", False),
        (PERSONA_ATTORNEY, "Arthur Attorney", "Attorney", False),
        (PERSONA_ADMIN, "Ada Admin", "Firm admin", True),
    ]
    for role, share in ROLE_SHARES:
        for _ in range(max(2, round(size.users * share))):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            roles.append(("", f"{first} {last}", role, False))
    # One unusable password hash for everyone: the runner signs in with force_login.
    password = make_password(None)
    user_rows, group_rows = [], []
    for uid, (email, full_name, role, superuser) in enumerate(roles, start=1):
        if not email:
            first, _, last = full_name.partition(" ")
            email = f"{_ascii(first)}.{_ascii(last)}.{uid}@bench.test"
        joined = _moment(rng, TODAY - dt.timedelta(days=rng.randrange(365 * YEARS_OF_HISTORY)))
        initials = "".join(part[0] for part in full_name.split()[:3]).upper()
        staff = superuser or role == "Firm admin"
        user_rows.append(
            (uid, email, full_name, initials[:5], password, superuser, staff, True, joined)
        )
        group_rows.append((uid, firm.group_ids[role]))
        firm.users_by_role.setdefault(role, []).append(uid)
        firm.user_email[uid] = email
        if email in PERSONAS:
            firm.personas[email] = uid
    fields = [
        "id", "email", "full_name", "initials", "password", "is_superuser", "is_staff",
        "is_active", "date_joined",
    ]  # fmt: skip
    copy_rows(firm, User, fields, user_rows, total=len(user_rows))
    copy_rows(
        firm,
        User.groups.through,
        ["user", "group"],
        group_rows,
        total=len(group_rows),
    )
    _second_factors(firm)


def _second_factors(firm: Firm) -> None:
    """Firm admins must sign in with a second factor: give each a confirmed TOTP
    device (the runner marks its sessions verified, as django-otp's login does)."""
    from django.apps import apps

    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admins = firm.users_by_role.get("Firm admin", [])
    TOTPDevice.objects.bulk_create(
        [TOTPDevice(user_id=uid, name="bench authenticator", confirmed=True) for uid in admins]
    )
    firm.counts["otp_totp.totpdevice"] = len(admins)


def gen_contacts(firm: Firm) -> None:
    """People and organizations, some people working for an organization, with
    aliases (former and trade names), emails and phone numbers."""
    from bench.names import FIRST_NAMES, LAST_NAMES, ORG_HEADS, ORG_SUFFIXES, ORG_TRADES
    from clients.models import Contact, ContactAlias, ContactEmail, ContactPhone

    rng, size = firm.rng, firm.size
    n_orgs = round(size.contacts * 0.3)
    firm.org_ids = list(range(1, n_orgs + 1))
    firm.person_ids = list(range(n_orgs + 1, size.contacts + 1))
    aliases: list[tuple[int, str, str]] = []
    emails: list[tuple[int, str, str, bool]] = []
    phones: list[tuple[int, str, str, str, bool]] = []

    def contacts() -> Iterable[tuple]:
        for cid in firm.org_ids:
            name = f"{rng.choice(ORG_HEADS)} {rng.choice(ORG_TRADES)} {rng.choice(ORG_SUFFIXES)}"
            firm.contact_name[cid] = name
            if rng.random() < 0.12:
                trade = f"{name.rsplit(' ', 1)[0]} of {rng.choice(ORG_HEADS)}"
                aliases.append((cid, trade, "trade"))
            created = _moment(rng, TODAY - dt.timedelta(days=rng.randrange(3650)))
            yield (cid, "organization", "", "", name, name, name, None, "", created, created)
        for cid in firm.person_ids:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            display, sort = f"{first} {last}", f"{last}, {first}"
            firm.contact_name[cid] = display
            roll = rng.random()
            if roll < 0.10:  # a former (maiden/married) name
                aliases.append((cid, f"{first} {rng.choice(LAST_NAMES)}", "former"))
            elif roll < 0.16:  # a nickname or transliteration
                aliases.append((cid, f"{first[:3]} {last}", "alias"))
            org = rng.choice(firm.org_ids) if rng.random() < 0.3 else None
            title = (
                rng.choice(["General Counsel", "CEO", "CFO", "Manager", "Engineer"]) if org else ""
            )
            if rng.random() < 0.6:
                emails.append(
                    (cid, "work", f"{_ascii(first)}.{_ascii(last)}{cid}@example.com", True)
                )
            if rng.random() < 0.5:
                digits = f"{rng.randrange(200, 999)}555{rng.randrange(10_000):04d}"
                number = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
                phones.append((cid, "mobile", number, digits, True))
            created = _moment(rng, TODAY - dt.timedelta(days=rng.randrange(3650)))
            yield (cid, "person", first, last, "", display, sort, org, title, created, created)

    fields = [
        "id", "kind", "first_name", "last_name", "organization_name", "display_name",
        "sort_name", "organization", "job_title", "created_at", "updated_at",
    ]  # fmt: skip
    copy_rows(firm, Contact, fields, contacts(), total=size.contacts)
    copy_rows(firm, ContactAlias, ["contact", "name", "kind"], aliases, total=len(aliases))
    copy_rows(
        firm, ContactEmail, ["contact", "label", "email", "is_primary"], emails, total=len(emails)
    )
    copy_rows(
        firm,
        ContactPhone,
        ["contact", "label", "number", "digits", "is_primary"],
        phones,
        total=len(phones),
    )


def gen_matters(firm: Firm) -> None:
    """Matters (numbered as the firm numbers them), their teams with guardian
    grants, their parties, and the number counters so new matters follow on."""
    from access.models import MatterUserObjectPermission
    from bench.names import COURTS, MATTER_SUBJECTS
    from casemgr.models import FirmSettings
    from cases.models import Matter, MatterNumberCounter, Party, TeamMembership
    from cases.services.matters import _number_scope

    rng, size = firm.rng, firm.size
    pattern = FirmSettings.load().matter_number_pattern
    persona_paralegal = firm.personas[PERSONA_PARALEGAL]
    persona_attorney = firm.personas[PERSONA_ATTORNEY]
    attorneys = [u for u in firm.users_by_role["Attorney"] if u != persona_attorney]
    helpers = [
        *((u, TeamMembership.Role.ATTORNEY.value) for u in attorneys),
        *((u, "paralegal") for u in firm.users_by_role["Paralegal"] if u != persona_paralegal),
        *((u, "case_manager") for u in firm.users_by_role["Case manager"]),
    ]
    clients = rng.sample(
        range(1, size.contacts + 1), k=min(size.contacts, max(1, int(size.matters * 0.6)))
    )
    days = sorted(rng.randrange(365 * YEARS_OF_HISTORY) for _ in range(size.matters))
    paralegal_on = set(rng.sample(range(size.matters), k=size.paralegal_grants))
    attorney_on = set(rng.sample(range(size.matters), k=size.attorney_matters))
    counters: dict[str, int] = {}
    membership_id = 0

    for index, back in enumerate(reversed(days)):  # oldest first, so ids follow dates
        opened = TODAY - dt.timedelta(days=back)
        area_id, code, stages = rng.choice(firm.practice_areas)
        scope = _number_scope(pattern, year=opened.year, practice=code.upper())
        counters[scope] = counters.get(scope, 0) + 1
        number = pattern.format(year=opened.year, seq=counters[scope], practice=code.upper())
        client = rng.choice(clients)
        closed = None
        if back > 120 and rng.random() < 0.45:
            closed = opened + dt.timedelta(days=rng.randrange(30, max(31, back)))
        stage = "closed" if closed and "closed" in stages else rng.choice(stages[:-1] or stages)
        opponent = rng.randrange(1, size.contacts + 1)
        if code in {"LIT", "EMP", "PI", "IP", "INS"}:
            title = f"{firm.contact_name[client]} v. {firm.contact_name[opponent]}"
        else:
            title = f"{firm.contact_name[client]}: {rng.choice(MATTER_SUBJECTS)}"
        lead = persona_attorney if index in attorney_on else rng.choice(attorneys)
        row = MatterRow(
            index + 1, number, title, client, lead, opened, closed, stage, area_id, opponent
        )
        members = {lead: TeamMembership.Role.LEAD_ATTORNEY.value}
        wanted = rng.randint(2, 4) - (1 if index in paralegal_on else 0)
        while len(members) < max(wanted, 1):
            user, role = rng.choice(helpers)
            members.setdefault(user, role)
        if index in paralegal_on:
            members[persona_paralegal] = "paralegal"
        for user, role in members.items():
            membership_id += 1
            row.team.append((membership_id, user, role))
        firm.matters.append(row)

    def matters() -> Iterable[tuple]:
        for m in firm.matters:
            jurisdiction, court = rng.choice(COURTS)
            m.jurisdiction = jurisdiction  # for the deadline families (no rng call added)
            litigated = " v. " in m.title
            docket = (
                f"{rng.randint(1, 5)}:{m.opened_on:%y}-cv-{rng.randrange(100_000):05d}"
                if litigated
                else ""
            )
            originating = rng.choice(attorneys) if rng.random() < 0.5 else None
            created = _moment(rng, m.opened_on)
            judge = f"Hon. {firm.contact_name[rng.choice(firm.person_ids)]}" if litigated else ""
            outcome = rng.choice(["settled", "won", "dismissed", "lost"]) if m.closed_on else ""
            yield (
                m.id, m.number, m.title, m.client_id, m.area_id, m.stage, m.responsible_id,
                originating, court if litigated else "", docket, judge, jurisdiction, m.opened_on,
                m.closed_on, outcome, created, created,
            )  # fmt: skip

    fields = [
        "id", "number", "title", "client", "practice_area", "stage", "responsible_attorney",
        "originating_attorney", "court", "docket_number", "judge", "jurisdiction", "opened_on",
        "closed_on", "outcome", "created_at", "updated_at",
    ]  # fmt: skip
    copy_rows(firm, Matter, fields, matters(), total=len(firm.matters))

    def team() -> Iterable[tuple]:
        for m in firm.matters:
            added = _moment(rng, m.opened_on)
            for mid, user, role in m.team:
                yield (mid, m.id, user, role, added)

    n_members = sum(len(m.team) for m in firm.matters)
    copy_rows(
        firm, TeamMembership, ["id", "matter", "user", "role", "added_at"], team(), total=n_members
    )

    view, change = firm.perm_ids["view_matter"], firm.perm_ids["change_matter"]

    def grants() -> Iterable[tuple]:
        for m in firm.matters:
            for _mid, user, _role in m.team:
                yield (m.id, user, view)
                yield (m.id, user, change)

    copy_rows(
        firm,
        MatterUserObjectPermission,
        ["content_object", "user", "permission"],
        grants(),
        total=2 * n_members,
    )

    def parties() -> Iterable[tuple]:
        for m in firm.matters:
            added = _moment(rng, m.opened_on)
            yield (m.id, m.client_id, "client", added)
            seen = {m.client_id}
            extra = [("opposing_party", 0.9), ("opposing_counsel", 0.6), ("witness", 0.2),
                     ("expert", 0.1), ("insurer", 0.1)]  # fmt: skip
            for role, chance in extra:
                if rng.random() >= chance:
                    continue
                if role == "opposing_party":
                    contact = m.opponent
                elif role == "insurer":
                    contact = rng.choice(firm.org_ids)
                else:
                    contact = rng.choice(firm.person_ids)
                if contact not in seen:
                    seen.add(contact)
                    yield (m.id, contact, role, added)

    copy_rows(
        firm,
        Party,
        ["matter", "contact", "role", "added_at"],
        parties(),
        total=round(len(firm.matters) * 2.9),
    )
    copy_rows(
        firm,
        MatterNumberCounter,
        ["scope", "last_value"],
        sorted(counters.items()),
        total=len(counters),
    )
    firm.cursor.execute(
        "UPDATE clients_contact SET client_status = 'active' "
        "WHERE id IN (SELECT DISTINCT client_id FROM cases_matter)"
    )


def gen_walls(firm: Firm) -> None:
    """A few ethical walls: people screened from a matter or a client's matters,
    one screening each persona where it does not contradict a grant, and one
    team-only wall on a matter of the attorney persona."""
    from access.models import EthicalWall
    from accounts.models import User

    rng, size = firm.rng, firm.size
    everyone = [
        u for ids in firm.users_by_role.values() for u in ids if u not in firm.personas.values()
    ]
    creator = firm.personas[PERSONA_ADMIN]
    paralegal, attorney = firm.personas[PERSONA_PARALEGAL], firm.personas[PERSONA_ATTORNEY]

    def on_team(m: MatterRow, user: int) -> bool:
        return any(u == user for _mid, u, _r in m.team)

    def wall(
        name: str, kind: str, *, matter: MatterRow | None, client: int | None, users: list[int]
    ) -> None:
        w = EthicalWall.objects.create(
            name=name, kind=kind, matter_id=matter.id if matter else None, client_id=client,
            reason="Former representation of the adverse party (generated).",
            notice="You are screened from this matter. Do not discuss it or open its files.",
            effective_from=TODAY - dt.timedelta(days=rng.randrange(30, 900)), created_by_id=creator,
        )  # fmt: skip
        if users:
            w.screened_users.set(User.objects.filter(pk__in=users))

    for n in range(size.walls):
        m = rng.choice(firm.matters)
        users = [u for u in rng.sample(everyone, k=min(2, len(everyone))) if not on_team(m, u)]
        wall(f"Screen {n + 1} on {m.number}", "exclusive", matter=m, client=None, users=users)
    m = next(m for m in firm.matters if not on_team(m, paralegal))
    wall(f"Paralegal screen on {m.number}", "exclusive", matter=m, client=None, users=[paralegal])
    client = rng.choice(firm.matters).client_id
    wall("Admin screen on a client", "exclusive", matter=None, client=client, users=[creator])
    m = next(m for m in firm.matters if m.responsible_id == attorney)
    wall(f"Team only: {m.number}", "inclusive", matter=m, client=None, users=[])
    firm.counts["access.ethicalwall"] = size.walls + 3


def gen_audit(firm: Firm) -> None:
    """The audit trail the above would have written: matter opened, team
    members added and granted, stage changes and closings, reads, sign-ins."""
    from django.db import connection

    from casemgr.models import AuditEvent

    rng = firm.rng
    roles = {"lead": "Lead attorney", "attorney": "Attorney", "paralegal": "Paralegal",
             "case_manager": "Case manager"}  # fmt: skip
    agent = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
    )

    def ip() -> str:
        return f"10.{rng.randrange(1, 20)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"

    def events() -> Iterable[tuple]:
        for m in firm.matters:
            actor = m.responsible_id
            who = firm.user_email[actor]
            at = _moment(rng, m.opened_on)
            label = f"{m.number} {m.title}"[:300]
            yield (at, "create", actor, who, ip(), agent, "cases.matter", str(m.id), label,
                   m.id, "opened the matter", {})  # fmt: skip
            for mid, user, role in m.team:
                name = firm.user_email[user]
                yield (at, "create", actor, who, ip(), agent, "cases.teammembership", str(mid),
                       f"{name} ({roles[role]}) on {m.number}", m.id,
                       f"added {name} to the team as {roles[role]}", {})  # fmt: skip
                yield (at, "grant", actor, who, ip(), agent, "cases.matter", str(m.id), label,
                       m.id, f"granted {name} access (joined the team)", {})  # fmt: skip
            end = m.closed_on or TODAY
            span = max((end - m.opened_on).days, 1)
            if rng.random() < 0.5 or m.closed_on:
                when = _moment(rng, m.opened_on + dt.timedelta(days=rng.randrange(span)))
                yield (when, "change", actor, who, ip(), agent, "cases.matter", str(m.id), label,
                       m.id, "changed stage", {"stage": ["intake", m.stage]})  # fmt: skip
            for _ in range(rng.randint(1, 2)):
                _mid, viewer, _role = rng.choice(m.team)
                when = _moment(rng, m.opened_on + dt.timedelta(days=rng.randrange(span)))
                yield (when, "view", viewer, firm.user_email[viewer], ip(), agent, "cases.matter",
                       str(m.id), label, m.id, "viewed the matter", {})  # fmt: skip
        for user, email in firm.user_email.items():
            for _ in range(5):
                when = _moment(rng, TODAY - dt.timedelta(days=rng.randrange(60)))
                yield (when, "login", user, email, ip(), agent, "accounts.user", str(user), email,
                       None, "signed in", {})  # fmt: skip

    fields = [
        "at", "action", "actor_id", "actor_email", "ip_address", "user_agent", "object_type",
        "object_id", "object_repr", "matter_id", "summary", "changes",
    ]  # fmt: skip
    members = sum(len(m.team) for m in firm.matters)
    expected = len(firm.matters) * 3 + 2 * members + 5 * len(firm.user_email)
    copy_rows(firm, AuditEvent, fields, events(), total=expected)
    # What casemgr.audit.record keeps as it writes: each matter's last activity.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE cases_matter m SET last_activity_at = a.last
            FROM (SELECT matter_id, max(at) AS last FROM casemgr_auditevent
                  WHERE matter_id IS NOT NULL AND action NOT IN ('view', 'download')
                  GROUP BY matter_id) a
            WHERE a.matter_id = m.id
            """
        )


def _team(m: MatterRow) -> list[int]:
    return [user for _mid, user, _role in m.team]


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _span(m: MatterRow) -> int:
    return max(((m.closed_on or TODAY) - m.opened_on).days, 1)


def gen_tasks(firm: Firm) -> None:
    """About three tasks per matter: done ones on old and closed matters, open ones
    (some overdue) on open matters, and recurring follow-ups with their past
    occurrences chained through ``previous``."""
    from bench.names import RECURRING_TASK_TITLES, TASK_TITLES
    from cases.models import Task

    rng = firm.rng
    priorities = (("normal", 60), ("high", 20), ("low", 12), ("urgent", 8))

    def tasks() -> Iterable[tuple]:
        tid = 0
        for m in firm.matters:
            team = _team(m)
            for _ in range(rng.randint(1, 5)):
                tid += 1
                created = m.opened_on + dt.timedelta(days=rng.randrange(_span(m)))
                due = created + dt.timedelta(days=rng.randint(1, 60))
                due_on = None if rng.random() < 0.1 else due
                assignee = rng.choice(team) if rng.random() < 0.95 else None
                late = (TODAY - due).days  # days past due (negative: not yet due)
                if m.closed_on:
                    status = "done" if rng.random() < 0.9 else "cancelled"
                elif late > 14:
                    status = _weighted(rng, (("done", 85), ("cancelled", 3), ("open", 12)))
                elif late > 0:
                    status = "open" if rng.random() < 0.5 else "done"
                else:
                    status = "done" if rng.random() < 0.08 else "open"
                done_at = done_by = None
                if status == "done":
                    done_day = min(due + dt.timedelta(days=rng.randint(-5, 3)), TODAY)
                    done_at = min(_moment(rng, max(done_day, created)), firm.now)
                    done_by = assignee or rng.choice(team)
                made = _moment(rng, created)
                yield (tid, m.id, rng.choice(TASK_TITLES), "", assignee, due_on,
                       _weighted(rng, priorities), status, done_by, done_at, None, False, None,
                       team[0], made, done_at or made)  # fmt: skip
            if m.closed_on is None and rng.random() < 0.06:
                # A recurring follow-up: its past occurrences (done), then the open one.
                every = rng.choice([7, 14, 30])
                title, who = rng.choice(RECURRING_TASK_TITLES), rng.choice(team)
                due = TODAY + dt.timedelta(days=rng.randrange(every))
                previous = None
                for k in range(rng.randint(1, 4), -1, -1):
                    tid += 1
                    due_k = due - dt.timedelta(days=every * k)
                    if due_k < m.opened_on:
                        continue
                    done = k > 0
                    at = min(_moment(rng, due_k), firm.now) if done else None
                    yield (tid, m.id, title, "", who, due_k, "normal", "done" if done else "open",
                           who if done else None, at, every, False, previous, team[0],
                           _moment(rng, due_k - dt.timedelta(days=every)), at or firm.now)  # fmt: skip
                    previous = tid

    fields = [
        "id", "matter", "title", "notes", "assignee", "due_on", "priority", "status", "done_by",
        "done_at", "recur_every_days", "recurrence_stopped", "previous", "created_by",
        "created_at", "updated_at",
    ]  # fmt: skip
    copy_rows(firm, Task, fields, tasks(), total=round(len(firm.matters) * 3.1))


def gen_notes(firm: Firm) -> None:
    """About four notes per matter: calls, meetings, emails, letters and plain notes,
    by team members, some naming the client as a party involved."""
    from bench.names import NOTE_SENTENCES, NOTE_SUBJECTS
    from cases.models import Note

    rng = firm.rng
    kinds = (("call", 30), ("email", 30), ("meeting", 15), ("letter", 10), ("note", 15))
    involved: list[tuple[int, int]] = []

    def notes() -> Iterable[tuple]:
        nid = 0
        for m in firm.matters:
            team = _team(m)
            for _ in range(rng.randint(2, 6)):
                nid += 1
                kind = _weighted(rng, kinds)
                direction = (
                    rng.choice(["incoming", "outgoing"]) if kind in {"call", "email", "letter"}
                    else ""
                )  # fmt: skip
                at = min(
                    _moment(rng, m.opened_on + dt.timedelta(days=rng.randrange(_span(m)))),
                    firm.now,
                )
                body = " ".join(rng.sample(NOTE_SENTENCES, k=rng.randint(1, 3)))
                client = firm.contact_name[m.client_id]
                participants = client if kind in {"call", "meeting"} else ""
                if participants and rng.random() < 0.6:
                    involved.append((nid, m.client_id))
                yield (nid, m.id, kind, at, direction, rng.choice(NOTE_SUBJECTS[kind]), body,
                       participants, rng.choice(team), at, at)  # fmt: skip

    fields = [
        "id", "matter", "kind", "occurred_at", "direction", "subject", "body", "participants",
        "author", "created_at", "updated_at",
    ]  # fmt: skip
    copy_rows(firm, Note, fields, notes(), total=len(firm.matters) * 4)
    copy_rows(firm, Note.contacts.through, ["note", "contact"], involved, total=len(involved))


# Reminder preferences some users chose (the rest get 30/7/1/0 days).
PREFERENCE_OFFSETS = (
    ([30, 7, 1, 0], 0.40),
    ([14, 7, 3, 1, 0], 0.25),
    ([60, 30, 14, 7, 1, 0], 0.15),
    ([7, 1, 0], 0.20),
)
PREFERENCE_SHARE = 0.25
# Reminder history (sent rows and their notifications) is written for deadlines
# due from this many days ago up to the largest offset ahead: enough for the
# sweep to find the earlier reminders of every deadline it looks at.
HISTORY_DAYS = 60


def gen_reminder_preferences(firm: Firm) -> None:
    """A quarter of the users chose their own reminder days; a few want no email,
    some a daily digest."""
    from deadlines.models import ReminderPreference

    rng = firm.rng
    rows = []
    for uid in sorted(firm.user_email):
        if uid in firm.personas.values() or rng.random() >= PREFERENCE_SHARE:
            continue
        offsets = _weighted(rng, PREFERENCE_OFFSETS)
        firm.reminder_offsets[uid] = offsets
        rows.append((uid, offsets, rng.random() < 0.92, rng.random() < 0.15))
    copy_rows(
        firm, ReminderPreference, ["user", "offsets", "email", "daily_digest"], rows,
        total=len(rows),
    )  # fmt: skip


@dataclass(slots=True)
class _DeadlineRow:
    id: int
    matter: MatterRow
    due: dt.date
    kind: str
    status: str
    responsible: list[int]
    created: dt.datetime
    closed_on: dt.date | None  # completed or waived on (reminders stop then)
    title: str


def gen_deadlines(firm: Firm) -> None:
    """500,000 deadlines at scale 1.0, due from a year before to a year after
    today: most computed by the real rule sets from trigger events on litigated
    matters (with their rule citations and step-by-step explanations), the rest
    entered by hand (hearings, statutes of limitations, internal dates). Open
    unless past (then mostly done, some waived, some overdue). The responsible
    people are those the service picks (the lead attorney and whoever entered
    it). Reminder offsets are left empty, so each person's defaults apply.
    Then the reminder history up to yesterday: the reminders and overdue
    escalations earlier sweeps sent, with their in-app notifications, so that
    today's sweep finds only what is due today."""
    from bench.names import (
        HEARING_TITLES,
        INTERNAL_DEADLINE_TITLES,
        OVERRIDE_REASONS,
        STATUTES,
        WAIVER_REASONS,
    )
    from deadlines.models import DEFAULT_REMINDER_OFFSETS, Deadline, TriggerEvent
    from deadlines.services import E_FILING_CUTOFF, court_time_zone, ruleset_for, steps_as_json

    rng, size = firm.rng, firm.size
    first, last = TODAY - dt.timedelta(days=365), TODAY + dt.timedelta(days=365)
    active = [m for m in firm.matters if (m.closed_on or last) >= first]
    litigated = [m for m in active if " v. " in m.title] or active
    events: dict[str, list[tuple[str, str, bool]]] = {}  # jurisdiction -> (key, name, ahead)
    for jurisdiction in ("US-FED", "US-FED-CA", "US-CA"):
        ruleset, _calendar = ruleset_for(jurisdiction)
        version = ruleset.version_for(TODAY)
        events[jurisdiction] = [
            (e.key, e.name, any(r.direction == "before" for r in e.deadlines))
            for e in version.events
        ]
    # JSON columns go to COPY as JSON text (lists would be written as arrays).
    memo: dict[tuple, list | None] = {}

    def chain(jurisdiction: str, key: str, day: dt.date, service: str) -> list | None:
        """The real chain of deadlines (memoized: many events share a day)."""
        k = (jurisdiction, key, day, service)
        if k not in memo:
            ruleset, calendar = ruleset_for(jurisdiction)
            try:
                computed = ruleset.compute_chain(key, day, service=service, jurisdiction=calendar)
            except ValueError:  # outside the court calendar's years
                memo[k] = None
            else:
                memo[k] = [
                    (c.key, c.title, c.kind, c.citation,
                     " ".join(filter(None, [c.note, *c.notes])), c.depends_on, c.due_date,
                     c.version_effective_from, json.dumps(steps_as_json(c.computation)),
                     json.dumps(list(c.computation.warnings)))
                    for c in computed
                ]  # fmt: skip
        return memo[k]

    def status_for(due: dt.date) -> str:
        late = (TODAY - due).days
        if late > 14:
            return _weighted(rng, (("done", 88), ("waived", 4), ("open", 8)))
        if late > 0:
            return _weighted(rng, (("done", 70), ("waived", 2), ("open", 28)))
        return _weighted(rng, (("open", 97), ("done", 2), ("waived", 1)))

    def closing(status: str, due: dt.date, created: dt.datetime, who: list[int]) -> tuple:
        """(completed_by, completed_at, waived_by, waived_at, reason, closed on)."""
        if status == "open":
            return None, None, None, None, "", None
        day = min(due - dt.timedelta(days=rng.randint(0, 5)), YESTERDAY)
        at = max(_moment(rng, day), created)
        if status == "done":
            return rng.choice(who), at, None, None, "", at.date()
        return None, None, rng.choice(who), at, rng.choice(WAIVER_REASONS), at.date()

    # Only deadlines the reminder history covers are kept in memory.
    largest = max(o for offs in [DEFAULT_REMINDER_OFFSETS, *firm.reminder_offsets.values()]
                  for o in offs)  # fmt: skip
    history = (TODAY - dt.timedelta(days=HISTORY_DAYS), TODAY + dt.timedelta(days=largest))
    built: list[_DeadlineRow] = []
    responsible_rows: list[tuple[int, int]] = []
    trigger_rows: list[tuple] = []
    chain_target = round(size.deadlines * 0.7)

    def entry(day: dt.date, m: MatterRow) -> dt.datetime:
        """When it was entered: by the end of yesterday (the sweep runs just
        after midnight, before anyone enters anything today)."""
        if day > YESTERDAY:  # planned far ahead: entered some time in the last half year
            day = YESTERDAY - dt.timedelta(days=rng.randrange(180))
        return _moment(rng, max(day, m.opened_on))

    def deadlines() -> Iterable[tuple]:
        did = tid = 0
        while did < chain_target:
            m = rng.choice(litigated)
            # Half the events set a date ahead (a hearing, a trial) with deadlines
            # before it; the other half happened (service, judgment), deadlines after.
            ahead = rng.random() < 0.5
            key, name, _ = rng.choice([e for e in events[m.jurisdiction] if e[2] == ahead])
            if ahead:
                lo = max(m.opened_on, TODAY - dt.timedelta(days=60))
                hi = min(m.closed_on or last, last + dt.timedelta(days=30))
            else:
                lo = max(m.opened_on, first - dt.timedelta(days=30))
                hi = min(m.closed_on or TODAY, TODAY)
            if lo > hi:
                continue
            day = lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))
            service = _weighted(rng, (("personal", 60), ("electronic", 30), ("mail", 10)))
            items = chain(m.jurisdiction, key, day, service)
            if not items:
                continue
            team = _team(m)
            actor = rng.choice(team)
            people = [m.responsible_id] + ([actor] if actor != m.responsible_id else [])
            before = rng.randint(20, 200) if ahead else -rng.randint(0, 2)
            entered = entry(day - dt.timedelta(days=before), m)
            tid += 1
            ruleset, calendar = ruleset_for(m.jurisdiction)
            trigger_rows.append((tid, m.id, ruleset.jurisdiction, calendar, key, name, day,
                                 service, items[0][7], actor, entered, entered))  # fmt: skip
            zone = court_time_zone(m.jurisdiction)
            ids: dict[str, int] = {}
            for (rule, title, kind, citation, note, depends, computed, version, steps,
                 warnings) in items:  # fmt: skip
                did += 1
                ids[rule] = did
                due, overridden = computed, None
                if rng.random() < 0.02:
                    due = computed + dt.timedelta(days=rng.choice([-3, -1, 7, 14, 30]))
                    overridden = (min(_moment(rng, min(due, TODAY)), firm.now), actor,
                                  rng.choice(OVERRIDE_REASONS))  # fmt: skip
                is_court = kind == "court"
                status = status_for(due)
                closed = closing(status, due, entered, people)
                if history[0] <= due <= history[1]:
                    built.append(_DeadlineRow(did, m, due, "court" if is_court else "internal",
                                              status, people, entered, closed[5], title))  # fmt: skip
                responsible_rows.extend((did, u) for u in people)
                yield (did, m.id, tid, ids.get(depends) if depends else None, rule, title,
                       "court" if is_court else "internal", due,
                       E_FILING_CUTOFF if is_court else None, zone, status, *closed[:5],
                       citation, note, version, computed, steps, warnings,
                       overridden[0] if overridden else None,
                       overridden[1] if overridden else None,
                       overridden[2] if overridden else "", None, actor, entered,
                       closed[1] or closed[3] or entered)  # fmt: skip
        summary = summary_matter(firm)
        for_summary = min(SUMMARY_DEADLINES, (size.deadlines - did) // 2)
        while did < size.deadlines:  # entered by hand
            m = summary if for_summary > 0 else rng.choice(active)
            for_summary -= 1
            lo, hi = max(m.opened_on, first), min(m.closed_on or last, last)
            if lo > hi:
                continue
            did += 1
            due = lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))
            kind = _weighted(rng, (("internal", 45), ("hearing", 40), ("statute", 15)))
            citation, due_time = "", None
            if kind == "hearing":
                title = rng.choice(HEARING_TITLES)
                due_time = rng.choice([dt.time(8, 30), dt.time(9), dt.time(10), dt.time(13, 30)])
            elif kind == "statute":
                title, citation = rng.choice(STATUTES)
            else:
                title = rng.choice(INTERNAL_DEADLINE_TITLES)
            team = _team(m)
            actor = rng.choice(team)
            people = [m.responsible_id] + ([actor] if actor != m.responsible_id else [])
            entered = entry(due - dt.timedelta(days=rng.randint(3, 120)), m)
            status = status_for(due)
            closed = closing(status, due, entered, people)
            if history[0] <= due <= history[1]:
                built.append(_DeadlineRow(did, m, due, kind, status, people, entered, closed[5],
                                          title))  # fmt: skip
            responsible_rows.extend((did, u) for u in people)
            yield (did, m.id, None, None, "", title, kind, due, due_time,
                   court_time_zone(m.jurisdiction), status, *closed[:5], citation, "", None,
                   None, "[]", "[]", None, None, "", None, actor, entered,
                   closed[1] or closed[3] or entered)  # fmt: skip

    fields = [
        "id", "matter", "trigger_event", "depends_on", "rule_key", "title", "kind", "due_date",
        "due_time", "time_zone", "status", "completed_by", "completed_at", "waived_by",
        "waived_at", "waived_reason", "citation", "note", "ruleset_version",
        "computed_due_date", "steps", "warnings", "overridden_at", "overridden_by",
        "override_reason", "reminder_offsets", "created_by", "created_at", "updated_at",
    ]  # fmt: skip
    # Foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY
    # DEFERRED), so the deadlines can stream in before the events they point at.
    copy_rows(firm, Deadline, fields, deadlines(), total=size.deadlines)
    copy_rows(
        firm, TriggerEvent,
        ["id", "matter", "ruleset", "jurisdiction", "event_key", "event_name", "trigger_date",
         "service", "ruleset_version", "created_by", "created_at", "updated_at"],
        trigger_rows, total=len(trigger_rows),
    )  # fmt: skip
    copy_rows(
        firm, Deadline.responsible.through, ["deadline", "user"], responsible_rows,
        total=len(responsible_rows),
    )  # fmt: skip
    firm.counts["deadlines.chains_computed"] = len(memo)
    _reminder_history(firm, built, DEFAULT_REMINDER_OFFSETS, history)


def _reminder_history(
    firm: Firm,
    built: list[_DeadlineRow],
    defaults: Sequence[int],
    window: tuple[dt.date, dt.date],
) -> None:
    """What earlier sweeps sent, as the sweep itself would have (reminder offset
    o goes out on due - o, or once at entry for the nearest offset ahead; court
    deadlines and statutes overdue since before today were escalated to the
    lead attorney), with the in-app notifications, read unless recent."""
    from deadlines.models import Notification, ReminderDelivery

    rng = firm.rng
    oldest, newest = window
    deliveries: list[tuple] = []
    notes: list[tuple] = []

    def sent(d: _DeadlineRow, user: int, kind: str, offset: int, day: dt.date) -> None:
        at = max(_moment(rng, day), d.created) if day > d.created.date() else d.created
        at = min(at, firm.now)
        deliveries.append((d.id, user, kind, offset, d.due, at, at, False, 1))
        if kind == "overdue":
            text = f"OVERDUE: {d.title} was due {d.due:%a %Y-%m-%d} ({d.matter.number})"
        else:
            left = {0: "today", 1: "tomorrow"}.get(offset, f"in {offset} days")
            text = f"{d.title} is due {left}, {d.due:%a %Y-%m-%d} ({d.matter.number})"
        read = (
            at + dt.timedelta(hours=rng.randint(1, 48))
            if day < TODAY - dt.timedelta(days=2)
            else None
        )
        notes.append((user, d.id, text[:500], at, read if rng.random() < 0.85 else None))

    for d in built:
        if not oldest <= d.due <= newest:
            continue
        entered = d.created.date()
        stop = min(TODAY, d.closed_on or TODAY)  # no reminders once done or waived
        for user in d.responsible:
            offsets = sorted(firm.reminder_offsets.get(user, defaults))
            at_entry = (d.due - entered).days
            catch_up = min((o for o in offsets if o >= at_entry), default=None)
            for o in offsets:
                day = d.due - dt.timedelta(days=o)
                if entered < day < stop or (o == catch_up and entered < stop and day <= entered):
                    sent(d, user, "reminder", o, max(day, entered))
        overdue_since = d.due + dt.timedelta(days=1)
        if (d.kind in ("court", "statute") and d.status == "open"
                and TODAY - dt.timedelta(days=14) <= d.due and overdue_since < TODAY):  # fmt: skip
            sent(d, d.matter.responsible_id, "overdue", 0, overdue_since)
    copy_rows(
        firm, ReminderDelivery,
        ["deadline", "user", "kind", "offset_days", "due_date", "created_at", "sent_at",
         "skipped", "attempts"],
        deliveries, total=len(deliveries),
    )  # fmt: skip
    copy_rows(
        firm, Notification, ["user", "deadline", "text", "created_at", "read_at"], notes,
        total=len(notes),
    )  # fmt: skip


# --- Documents ----------------------------------------------------------------------------

# The case summary's matter: an open matter of the attorney persona with this many
# deadlines (entered by hand, within the deadline budget) and documents.
SUMMARY_DEADLINES = 300
SUMMARY_DOCUMENTS = 1_000
RARE_EVERY = 20_000  # one document in this many holds names.RARE_WORD (from the 2,500th)
PHRASE_SHARE = 0.05  # documents holding "settlement agreement"


def summary_matter(firm: Firm) -> MatterRow:
    """The attorney persona's most recently opened open matter (chosen once)."""
    if firm.summary_matter is None:
        attorney = firm.personas[PERSONA_ATTORNEY]
        own = [m for m in firm.matters if m.responsible_id == attorney and m.closed_on is None]
        firm.summary_matter = max(own or firm.matters, key=lambda m: (m.opened_on, m.id))
    return firm.summary_matter


def gen_documents(firm: Firm) -> None:
    """1,000,000 document versions at scale 1.0 (about 1.25 per document), already
    extracted: realistic text (a caption naming the court and the parties, then
    sentences of pleadings, letters and contracts), a rare word in one document in
    20,000 and "settlement agreement" in one in 20. The case summary's matter gets
    1,000 documents. The search vectors are computed by PostgreSQL afterwards, the
    way documents.services._refresh_vectors computes them, and the GIN index is
    rebuilt once instead of row by row. No files are written: pages, search and
    summaries read rows only (download is not measured)."""
    from bench.names import (
        COURTS,
        DOCUMENT_SENTENCES,
        DOCUMENT_TITLES,
        RARE_SENTENCE,
        SETTLEMENT_SENTENCE,
    )
    from documents.models import Document, DocumentVersion
    from documents.services import SEARCH_CONFIG, SEARCH_TEXT_LIMIT

    rng, size = firm.rng, firm.size
    summary = summary_matter(firm)
    courts = {j: [c for k, c in COURTS if k == j] for j, _ in COURTS}
    categories = [(c, w) for c, w in (("correspondence", 25), ("discovery", 20), ("pleading", 10),
                  ("motion", 10), ("order", 8), ("exhibit", 10), ("contract", 7),
                  ("research", 4), ("report", 3), ("other", 3))]  # fmt: skip
    kinds = [(("pdf", "application/pdf"), 55), (("docx", "application/vnd.openxmlformats-"
             "officedocument.wordprocessingml.document"), 30), (("eml", "message/rfc822"), 10),
             (("txt", "text/plain"), 5)]  # fmt: skip
    documents: list[tuple] = []
    versions_per_doc: list[int] = []
    left = size.document_versions
    summary_left = min(SUMMARY_DOCUMENTS, size.document_versions // 4)
    while left > 0:
        n = min(left, _weighted(rng, ((1, 80), (2, 15), (3, 5))))
        versions_per_doc.append(n)
        left -= n

    def text_for(did: int, m: MatterRow, title: str, category: str) -> str:
        court = rng.choice(courts.get(m.jurisdiction) or [COURTS[0][1]])
        parties = f"{firm.contact_name[m.client_id]} v. {firm.contact_name[m.opponent]}"
        lines = [court.upper(), parties, f"Case {m.number}", title.upper()]
        lines += rng.choices(DOCUMENT_SENTENCES, k=rng.randint(6, 24))
        if category == "contract" or rng.random() < PHRASE_SHARE:
            lines.insert(rng.randint(4, len(lines)), SETTLEMENT_SENTENCE)
        if did % RARE_EVERY == RARE_EVERY // 8:
            lines.insert(rng.randint(4, len(lines)), RARE_SENTENCE)
        return "\n".join(lines)

    def version_rows() -> Iterable[tuple]:
        nonlocal summary_left
        vid = 0
        for did, count in enumerate(versions_per_doc, start=1):
            if summary_left > 0:
                m, summary_left = summary, summary_left - 1
            else:
                m = rng.choice(firm.matters)
            category = _weighted(rng, categories)
            title = rng.choice(DOCUMENT_TITLES[category])
            team = _team(m)
            created = min(_moment(rng, m.opened_on + dt.timedelta(days=rng.randrange(_span(m)))),
                          firm.now)  # fmt: skip
            (kind, mime) = _weighted(rng, kinds)
            text = text_for(did, m, title, category)
            at = created
            for number in range(1, count + 1):
                vid += 1
                by = rng.choice(team)
                filename = f"{title}{'' if number == 1 else f' v{number}'}.{kind}"
                data_size = len(text) * (3 if kind in ("pdf", "docx") else 1) + 400
                digest = hashlib.sha256(f"{did}/{number}".encode()).hexdigest()
                yield (vid, did, m.id, number, number == count, f"bench/{m.id}/{vid}.{kind}",
                       filename, data_size, digest, mime, kind, by, at, "done", "text", at,
                       text)  # fmt: skip
                at = min(at + dt.timedelta(days=rng.randint(1, 30)), firm.now)
                if number < count:
                    text += "\n" + rng.choice(DOCUMENT_SENTENCES)
            documents.append((did, m.id, title, category, created.date(), "",
                              [category] if rng.random() < 0.2 else [],
                              category in ("research", "report") or rng.random() < 0.05,
                              team[0], vid, 1, created, at))  # fmt: skip

    firm.cursor.execute("DROP INDEX IF EXISTS docversion_search")
    fields = ["id", "document", "matter", "number", "is_current", "file", "original_filename",
              "size", "sha256", "content_type", "file_type", "uploaded_by", "uploaded_at",
              "extraction_state", "extraction_method", "extracted_at", "extracted_text"]  # fmt: skip
    # Foreign keys are checked at commit: the versions may name documents not yet written.
    copy_rows(firm, DocumentVersion, fields, version_rows(), total=size.document_versions)
    fields = ["id", "matter", "title", "category", "document_date", "description", "tags",
              "privileged", "created_by", "current_version", "version", "created_at",
              "updated_at"]  # fmt: skip
    copy_rows(firm, Document, fields, documents, total=len(documents))
    firm.out.write("  search vectors\n")
    firm.cursor.execute(
        "UPDATE documents_documentversion v SET search_vector ="
        " setweight(to_tsvector(%(config)s::regconfig, coalesce(d.title, '')), 'A')"
        " || setweight(to_tsvector(%(config)s::regconfig, coalesce(v.original_filename, '')), 'A')"
        " || setweight(to_tsvector(%(config)s::regconfig,"
        " coalesce(substr(v.extracted_text, 1, %(limit)s), '')), 'B')"
        " FROM documents_document d WHERE d.id = v.document_id",
        {"config": SEARCH_CONFIG, "limit": SEARCH_TEXT_LIMIT},
    )
    # The deferred foreign-key checks run now (an index cannot be built over a
    # table with pending trigger events), then stay deferred for what follows.
    firm.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    firm.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    firm.cursor.execute(
        "CREATE INDEX docversion_search ON documents_documentversion USING gin (search_vector)"
        " WHERE is_current"
    )


# Intakes: one for about every five matters (a large firm declines or refers most
# inquiries); the latest ones are still open. Accepted intakes point at the matter
# they opened (the most recent matters, one each).
INTAKE_STATUSES = (
    ("new", 0.10), ("in_review", 0.08), ("conflict_check", 0.07),
    ("accepted", 0.35), ("declined", 0.30), ("referred", 0.10),
)  # fmt: skip
INTAKE_SUMMARIES = (
    "Rear-ended at a stop light; neck and back injuries, treated for three months.",
    "Supplier stopped deliveries mid-contract and kept the deposit.",
    "Terminated two weeks after reporting safety violations to a supervisor.",
    "Slip and fall in a grocery store; wet floor, no warning sign.",
    "Landlord withholding the security deposit after the lease ended.",
    "Business partner diverted clients to a competing company.",
)


def gen_intakes(firm: Firm) -> None:
    """Intakes by status (with the adverse party and its counsel as names), most
    of them closed; accepted ones linked to the matters they opened."""
    from bench.names import FIRST_NAMES, LAST_NAMES
    from clients.models import Intake, IntakeName

    rng = firm.rng
    total = max(100, len(firm.matters) // 5)
    openers = sorted(firm.matters, key=lambda m: m.opened_on)[-total:]
    attorneys = firm.users_by_role["Attorney"]
    paralegals = firm.users_by_role["Paralegal"]
    names: list[tuple[int, str, str, str, str]] = []

    def intakes() -> Iterable[tuple]:
        for iid in range(1, total + 1):
            status = _weighted(rng, INTAKE_STATUSES)
            matter = openers.pop() if status == "accepted" and openers else None
            if status == "accepted" and matter is None:
                status = "declined"
            created = _moment(rng, TODAY - dt.timedelta(days=rng.randrange(3650)))
            if matter is not None:
                created = _moment(rng, matter.opened_on - dt.timedelta(days=rng.randrange(1, 30)))
            elif status in {"new", "in_review", "conflict_check"}:
                created = _moment(rng, TODAY - dt.timedelta(days=rng.randrange(60)))
            created = min(created, firm.now)
            organization = rng.random() < 0.3
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            org_name = firm.contact_name[rng.choice(firm.org_ids)] if organization else ""
            opponent = firm.contact_name[
                matter.opponent if matter is not None else rng.choice(firm.org_ids)
            ]
            names.append((iid, "adverse", opponent, "organization", ""))
            if rng.random() < 0.4:
                counsel = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                names.append((iid, "adverse_counsel", counsel, "person", f"for {opponent}"[:200]))
            incident = created.date() - dt.timedelta(days=rng.randrange(10, 700))
            yield (
                iid, status, "online" if rng.random() < 0.25 else "staff",
                "organization" if organization else "person",
                "" if organization else first, "" if organization else last, org_name,
                f"{_ascii(first)}.{_ascii(last)}{iid}@example.org", rng.choice(INTAKE_SUMMARIES),
                incident, rng.choice(["low", "normal", "normal", "high"]),
                rng.choice(attorneys), matter.id if matter else None,
                "Conflict with an existing client." if status == "declined" else "",
                "Smith & Partners LLP" if status == "referred" else "",
                matter.area_id if matter else rng.choice(firm.practice_areas)[0],
                rng.choice(paralegals), created, created, "",
            )  # fmt: skip

    fields = [
        "id", "status", "source", "prospect_kind", "prospect_first_name", "prospect_last_name",
        "prospect_organization_name", "prospect_email", "summary", "incident_date", "urgency",
        "responsible_attorney", "matter", "decline_reason", "referred_to", "practice_area",
        "created_by", "created_at", "updated_at", "decline_letter",
    ]  # fmt: skip
    copy_rows(firm, Intake, fields, intakes(), total=total)
    copy_rows(
        firm, IntakeName, ["intake", "capacity", "name", "kind", "relation"], names,
        total=len(names),
    )  # fmt: skip


# Each model family is one function, run in this order; later ones read what the
# earlier ones left on the Firm (users by role, contacts, matters and teams).
FAMILIES: list[tuple[str, Callable[[Firm], None]]] = [
    ("reference data", gen_reference),
    ("users", gen_users),
    ("contacts", gen_contacts),
    ("matters, teams, grants, parties", gen_matters),
    ("ethical walls", gen_walls),
    ("audit trail", gen_audit),
    ("tasks", gen_tasks),
    ("notes", gen_notes),
    ("reminder preferences", gen_reminder_preferences),
    ("deadlines, trigger events, reminder history", gen_deadlines),
    ("documents and their versions", gen_documents),
    ("intakes", gen_intakes),
]


# --- The whole run ---------------------------------------------------------------------------


def _reset_sequences(cursor: Any) -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
        cursor.execute(statement)


def generate(
    *,
    scale: float,
    seed: int = 42,
    database: str,
    fresh: bool = True,
    out: TextIO | None = None,
) -> dict[str, Any]:
    """Build the firm into ``database`` (created, and dropped first when ``fresh``).

    Returns what was built: counts per model and seconds per family.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench import db

    out = out or sys.stdout
    size = Size.at(scale)
    started = time.monotonic()
    out.write(
        f"Building a firm at scale {scale:g} (seed {seed}) into database {database}: "
        f"{size.users:,} users, {size.contacts:,} contacts, {size.matters:,} matters\n"
    )
    db.create_database(database, fresh=fresh)
    timings: dict[str, float] = {}
    with db.use_database(database):
        t = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        timings["migrate"] = time.monotonic() - t
        out.write(f"  migrated in {timings['migrate']:.1f}s\n")
        from cases.models import Matter

        if Matter.objects.exists():
            raise RuntimeError(
                f"{database} already holds matters; run without --keep to rebuild it"
            )
        firm = Firm(size=size, rng=random.Random(seed), out=out)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")  # this transaction only
            firm.cursor = cursor.cursor  # the psycopg2 cursor, for copy_expert
            for label, family in FAMILIES:
                t = time.monotonic()
                out.write(f"{label}\n")
                family(firm)
                timings[label] = time.monotonic() - t
            _reset_sequences(cursor)
        t = time.monotonic()
        out.write("VACUUM ANALYZE\n")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        timings["vacuum analyze"] = time.monotonic() - t
    total = time.monotonic() - started
    summary = {
        "database": database,
        "scale": scale,
        "seed": seed,
        "counts": firm.counts,
        "seconds": {k: round(v, 2) for k, v in timings.items()} | {"total": round(total, 2)},
    }
    out.write(f"Done in {total:.1f}s. Rows: " + ", ".join(
        f"{label.split('.')[-1]} {n:,}" for label, n in firm.counts.items()) + "\n")  # fmt: skip
    return summary


def default_database() -> str:
    name = os.environ.get("DATABASE_NAME", "")
    return name if "bench" in name else "casemgr_bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the DESIGN.md firm")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database", default=default_database(),
                        help="database name on the configured server (default: %(default)s)")  # fmt: skip
    parser.add_argument("--keep", action="store_true",
                        help="do not drop an existing database first (it must hold no matters)")  # fmt: skip
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings")
    django.setup()
    summary = generate(
        scale=args.scale, seed=args.seed, database=args.database, fresh=not args.keep
    )
    print(json.dumps(summary["seconds"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
