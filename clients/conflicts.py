"""Conflict checks (ABA Model Rules 1.7, 1.9, 1.10): the reads.

Two steps, so that a stored check keeps the report as it stood and each reader
sees only what they may:

1. ``conflict_search(names)`` looks every name up among every contact name, alias
   and former name the firm has recorded (pg_trgm over the folded ``name_key``
   columns) and lists every role each match plays in every matter. This is the
   *full* report: it is what a ConflictCheck stores, and it is never rendered as
   it is.
2. ``report_for(user, report)`` is what a person is shown: roles in matters they
   may see (``Matter.objects.visible_to``) in full; roles in matters they may not
   see are never dropped but are reduced to "a match in N matter(s) you cannot
   see", with the role and the conflict it makes, and nothing that identifies the
   matter (no id, number, title or client). A conflicts reviewer
   (``clients.review_conflicts``) sees those matters too, unless a wall screens
   them from the matter or its client.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from access.rules import screened_from
from cases.models import Matter, Party
from clients.models import Contact, ContactAlias, NameCapacity

REPORT_VERSION = 1
SIMILARITY_THRESHOLD = 0.3
WORD_SIMILARITY_THRESHOLD = 0.6
HITS_PER_NAME = 50
MAX_NAMES = 60
MAX_NAME_LENGTH = 200


class Level:
    """How serious a match is, most serious last in ``ORDER``."""

    NONE = ""  # a similar name with no bearing found: look, but nothing flagged
    REVIEW = "review"  # plays a role worth a look (e.g. was adverse in a closed matter)
    FORMER_CLIENT = "former_client"  # Rule 1.9: a former client, adverse here
    DIRECT = "direct"  # Rule 1.7: a current client adverse here, or we are adverse to them
    ORDER = (NONE, REVIEW, FORMER_CLIENT, DIRECT)
    LABELS = {
        NONE: "Similar name",
        REVIEW: "Review",
        FORMER_CLIENT: "Former-client conflict (Rule 1.9)",
        DIRECT: "Direct conflict (Rule 1.7)",
    }

    @classmethod
    def worst(cls, levels: Iterable[str]) -> str:
        return max(levels, key=cls.ORDER.index, default=cls.NONE)


CLIENT_ROLES = frozenset({Party.Role.CLIENT, Party.Role.CO_CLIENT})
OTHER_SIDE = frozenset({NameCapacity.ADVERSE, NameCapacity.ADVERSE_RELATED})
OUR_SIDE = frozenset({NameCapacity.PROSPECT, NameCapacity.RELATED})


@dataclass(frozen=True)
class CheckName:
    name: str
    capacity: str = NameCapacity.PROSPECT

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "capacity": self.capacity}


def clean_names(names: Iterable[CheckName]) -> list[CheckName]:
    """Whitespace folded, empties and repeats (same name, same capacity) dropped."""
    seen: set[tuple[str, str]] = set()
    out: list[CheckName] = []
    for n in names:
        name = " ".join((n.name or "").replace("\x00", "").split())[:MAX_NAME_LENGTH]
        capacity = n.capacity if n.capacity in NameCapacity.values else NameCapacity.OTHER
        if name and (name.lower(), capacity) not in seen:
            seen.add((name.lower(), capacity))
            out.append(CheckName(name, capacity))
    return out[:MAX_NAMES]


# --- 1. The full report ------------------------------------------------------------

_HITS_SQL = """
WITH hits AS (
    SELECT c.id AS contact_id, c.display_name AS matched, '' AS alias_kind,
           GREATEST(similarity(c.name_key, %(k)s), word_similarity(%(k)s, c.name_key)) AS score,
           c.name_key = %(k)s AS exact
    FROM clients_contact c
    WHERE c.name_key %% %(k)s OR c.name_key %%> %(k)s
    UNION ALL
    SELECT a.contact_id, a.name, a.kind,
           GREATEST(similarity(a.name_key, %(k)s), word_similarity(%(k)s, a.name_key)),
           a.name_key = %(k)s
    FROM clients_contactalias a
    WHERE a.name_key %% %(k)s OR a.name_key %%> %(k)s
)
SELECT DISTINCT ON (contact_id) contact_id, matched, alias_kind, score, exact
FROM hits
ORDER BY contact_id, exact DESC, score DESC, alias_kind
"""


def _keys(names: Sequence[CheckName]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT casemgr_name_key(n) FROM unnest(%s::text[]) WITH ORDINALITY AS t(n, i)"
            " ORDER BY i",
            [[n.name for n in names]],
        )
        return [row[0] or "" for row in cursor.fetchall()]


def _search(keys: Sequence[str], limit: int) -> list[list[tuple[int, str, str, float, bool]]]:
    """Per key: (contact id, matched name, alias kind, score, exact), best first.
    ``%`` and ``%>`` on the name_key columns are answered by their trigram indexes."""
    results: list[list[tuple[int, str, str, float, bool]]] = []
    # set_config(..., true) lasts to the end of the transaction, hence the atomic block.
    # The planner prices the trigram functions far below what they cost, so on a
    # table of a few thousand aliases it prefers a sequential scan that computes
    # them for every row (40 ms for 4,500 aliases, ten times that at the large
    # firm) over the trigram index (under 1 ms): sequential scans are turned off
    # for these queries, and turned back to what they were after them.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'),"
            " set_config('pg_trgm.similarity_threshold', %s, true),"
            " set_config('pg_trgm.word_similarity_threshold', %s, true),"
            " set_config('enable_seqscan', 'off', true)",
            [str(SIMILARITY_THRESHOLD), str(WORD_SIMILARITY_THRESHOLD)],
        )
        (seqscan, *_) = cursor.fetchone()
        try:
            for key in keys:
                if not key:
                    results.append([])
                    continue
                cursor.execute(_HITS_SQL, {"k": key})
                rows = [(r[0], r[1], r[2], float(r[3]), bool(r[4])) for r in cursor.fetchall()]
                rows.sort(key=lambda r: (not r[4], -r[3], r[1], r[0]))
                results.append(rows[:limit])
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [seqscan])
    return results


def _role_level(capacity: str, role: str, is_open: bool) -> tuple[str, str]:
    """(level, why) of a matched contact playing ``role`` in a matter, given the
    capacity the searched name has in the new matter."""
    if capacity in OTHER_SIDE and role in CLIENT_ROLES:
        if is_open:
            return Level.DIRECT, "our client in an open matter, adverse here"
        return Level.FORMER_CLIENT, "our former client, adverse here"
    if capacity in OUR_SIDE and role == Party.Role.OPPOSING_PARTY:
        if is_open:
            return Level.DIRECT, "we are adverse to them in an open matter"
        return Level.REVIEW, "we were adverse to them in a closed matter"
    if role in CLIENT_ROLES or role in Party.ADVERSE_ROLES:
        return Level.REVIEW, ""
    return Level.NONE, ""


def _status_level(capacity: str, client_status: str) -> tuple[str, str]:
    if capacity in OTHER_SIDE and client_status == Contact.ClientStatus.ACTIVE:
        return Level.DIRECT, "a current client, adverse here"
    if capacity in OTHER_SIDE and client_status == Contact.ClientStatus.FORMER:
        return Level.FORMER_CLIENT, "a former client, adverse here"
    if capacity in OTHER_SIDE and client_status == Contact.ClientStatus.PROSPECT:
        return Level.REVIEW, "a prospective client (Rule 1.18), adverse here"
    return Level.NONE, ""


def conflict_search(names: Iterable[CheckName], *, limit: int = HITS_PER_NAME) -> dict[str, Any]:
    """The full report for these names, as JSON-ready data. Reads every matter
    role of every match, walls and grants aside: a conflict check must weigh them
    all. Never show it as it is; ``report_for`` makes what a person may see."""
    wanted = clean_names(names)
    hits_per_name = _search(_keys(wanted), limit) if wanted else []
    contact_ids = {h[0] for hits in hits_per_name for h in hits}
    contacts = Contact.objects.in_bulk(list(contact_ids))
    roles: dict[int, list[dict[str, Any]]] = {}
    # Deliberately every matter (not visible_to): hidden roles are reduced by
    # report_for, never dropped. Only these columns leave this function.
    for party in (
        Party.objects.filter(contact_id__in=list(contact_ids))
        .select_related("matter", "matter__client")
        .only(
            "contact_id",
            "role",
            "matter__id",
            "matter__number",
            "matter__title",
            "matter__closed_on",
            "matter__client__id",
            "matter__client__display_name",
        )  # fmt: skip
        .order_by("-matter__opened_on", "-matter__id", "role")
    ):
        m = party.matter
        roles.setdefault(party.contact_id, []).append(
            {
                "matter_id": m.pk,
                "number": m.number,
                "title": m.title,
                "client_id": m.client_id,
                "client": m.client.display_name,
                "role": party.role,
                "role_label": str(Party.Role(party.role).label),
                "open": m.closed_on is None,
            }
        )
    report_names = []
    for check, hits in zip(wanted, hits_per_name, strict=True):
        rows = []
        for cid, matched, alias_kind, score, exact in hits:
            contact = contacts.get(cid)
            if contact is None:
                continue
            entries = []
            for entry in roles.get(cid, []):
                level, why = _role_level(check.capacity, entry["role"], entry["open"])
                entries.append({**entry, "level": level, "why": why})
            status_level, status_why = _status_level(check.capacity, contact.client_status)
            rows.append(
                {
                    "contact_id": cid,
                    "display_name": contact.display_name,
                    "kind": contact.kind,
                    "client_status": contact.client_status,
                    "client_status_label": str(contact.get_client_status_display()),
                    "matched_name": matched,
                    "matched_on": str(ContactAlias.Kind(alias_kind).label)
                    if alias_kind
                    else "Name",
                    "exact": exact,
                    "score": round(score, 3),
                    "status_level": status_level,
                    "status_why": status_why,
                    "roles": entries,
                }
            )
        report_names.append(
            {
                "name": check.name,
                "capacity": check.capacity,
                "capacity_label": str(NameCapacity(check.capacity).label),
                "hits": rows,
            }
        )
    return {
        "version": REPORT_VERSION,
        "run_at": timezone.now().isoformat(),
        "names": report_names,
    }


def report_contact_ids(report: dict[str, Any]) -> list[int]:
    return sorted({h["contact_id"] for n in report["names"] for h in n["hits"]})


def report_matter_ids(report: dict[str, Any]) -> set[int]:
    return {r["matter_id"] for n in report["names"] for h in n["hits"] for r in h["roles"]}


# --- 2. What a person is shown ----------------------------------------------------


def can_review_conflicts(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("clients.review_conflicts")
    )


def _visibility(user: Any, matter_ids: set[int], report: dict[str, Any]) -> tuple[set, set]:
    """(ids the user may open, ids shown in full to them as a conflicts reviewer)."""
    if not matter_ids:
        return set(), set()
    visible = set(
        Matter.objects.visible_to(user).filter(pk__in=matter_ids).values_list("pk", flat=True)
    )
    reviewable = set(visible)
    if can_review_conflicts(user) and visible != matter_ids:
        # A reviewer sees every matter of the report except those a wall screens
        # them from (rule 1 of the one door, read from the same walls): the
        # report shows number, title, client and role, never the matter itself.
        walled_matters, walled_clients = screened_from(user)
        clients_of = {
            r["matter_id"]: r["client_id"]
            for n in report["names"]
            for h in n["hits"]
            for r in h["roles"]
        }
        reviewable |= {
            mid
            for mid in matter_ids
            if mid not in walled_matters and clients_of.get(mid) not in walled_clients
        }
    return visible, reviewable


def report_for(user: Any, report: dict[str, Any]) -> dict[str, Any]:
    """The report as ``user`` may see it (JSON-ready; pages and the API render it).

    Each hit carries ``roles`` (matters shown, with ``can_open`` when the user may
    open the matter) and ``hidden`` (one row per role and level: how many matters
    the user cannot see). ``hidden_matters`` counts distinct hidden matters over
    the whole report; when it is not zero the check needs a conflicts reviewer."""
    matter_ids = report_matter_ids(report)
    visible, shown = _visibility(user, matter_ids, report)
    hidden_all: set[int] = set()
    names = []
    totals: Counter[str] = Counter()
    for n in report["names"]:
        hits = []
        for h in n["hits"]:
            roles = []
            hidden: Counter[tuple[str, str, str]] = Counter()
            hidden_ids: set[int] = set()
            for r in h["roles"]:
                if r["matter_id"] in shown:
                    roles.append({**r, "can_open": r["matter_id"] in visible})
                else:
                    hidden[(r["role"], r["role_label"], r["level"])] += 1
                    hidden_ids.add(r["matter_id"])
            hidden_all |= hidden_ids
            level = Level.worst(
                [h["status_level"], *(r["level"] for r in h["roles"])]
            )  # hidden roles count: the level says how serious, not where
            totals[level] += 1
            hits.append(
                {
                    key: h[key]
                    for key in (
                        "contact_id",
                        "display_name",
                        "kind",
                        "client_status",
                        "client_status_label",
                        "matched_name",
                        "matched_on",
                        "exact",
                        "score",
                        "status_level",
                        "status_why",
                    )  # fmt: skip
                }
                | {
                    "level": level,
                    "level_label": Level.LABELS[level],
                    "roles": roles,
                    "hidden": [
                        {
                            "role": role,
                            "role_label": label,
                            "level": lvl,
                            "level_label": Level.LABELS[lvl],
                            "matters": count,
                        }
                        for (role, label, lvl), count in sorted(hidden.items())
                    ],
                    "hidden_matters": len(hidden_ids),
                }
            )
        names.append({k: n[k] for k in ("name", "capacity", "capacity_label")} | {"hits": hits})
    return {
        "run_at": report["run_at"],
        "names": names,
        "hit_count": sum(len(n["hits"]) for n in names),
        "direct": totals[Level.DIRECT],
        "former_client": totals[Level.FORMER_CLIENT],
        "hidden_matters": len(hidden_all),
        "level": Level.worst(totals),
        "level_label": Level.LABELS[Level.worst(totals)],
    }
