"""Reads of contacts. Contacts are firm-wide; the matters they appear in are not,
so every read of a contact's matters starts from Matter.objects.visible_to(user)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from cases.models import Matter, Party
from clients.models import Contact, ContactAlias, ContactEmail, ContactPhone

SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "recent": ("-created_at", "-id"),
}
DEFAULT_SORT = "name"
PAGE_SIZE = 50

# pg_trgm thresholds. similarity: "Jon Smyth" ~ "John Smith" scores 0.31, so 0.3
# (pg_trgm's own default) is the loosest that still lets the index prune well.
# word similarity: "Acme" finds "Acme Corporation of Delaware".
SIMILARITY_THRESHOLD = 0.3
WORD_SIMILARITY_THRESHOLD = 0.6
DUPLICATE_LIMIT = 10
MIN_PHONE_DIGITS = 3


def can_view_contacts(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("clients.view_contact")
    )


def can_change_contacts(user: Any) -> bool:
    return can_view_contacts(user) and (user.has_perm("clients.change_contact"))


def can_add_contacts(user: Any) -> bool:
    return can_view_contacts(user) and user.has_perm("clients.add_contact")


def visible_parties(user: Any) -> QuerySet[Party]:
    """Party rows (who plays which role in which matter) of matters the user may see."""
    return Party.objects.filter(matter__in=Matter.objects.visible_to(user).values("pk"))


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# --- The list ---------------------------------------------------------------------


@dataclass(frozen=True)
class ContactFilters:
    q: str = ""
    client_status: str = ""  # a ClientStatus value, or "none" for not a client
    kind: str = ""
    role: str = ""  # a Party.Role: plays it in a matter the user can see
    sort: str = DEFAULT_SORT


def contact_search(qs: QuerySet[Contact], q: str) -> QuerySet[Contact]:
    """Name (display, sort and alias/former names), email, or phone digits.

    Name and alias matches use ILIKE, which the trigram GIN indexes serve;
    emails and phones are EXISTS subqueries so a contact appears once."""
    term = " ".join(q.split())
    if not term:
        return qs
    condition = (
        Q(display_name__icontains=term)
        | Q(sort_name__icontains=term)
        | Exists(ContactAlias.objects.filter(contact=OuterRef("pk"), name__icontains=term))
    )
    if "@" in term or "." in term:
        condition |= Exists(
            ContactEmail.objects.filter(contact=OuterRef("pk"), email__icontains=term)
        )
    digits = digits_of(term)
    if len(digits) >= MIN_PHONE_DIGITS:
        condition |= Exists(
            ContactPhone.objects.filter(contact=OuterRef("pk"), digits__contains=digits)
        )
    return qs.filter(condition)


def contact_list(*, user: Any, filters: ContactFilters) -> QuerySet[Contact]:
    """Contacts for the list page and the API, one query per page whatever the rows:
    the organization is joined and the primary email and phone are subqueries."""
    if not can_view_contacts(user):
        return Contact.objects.none()
    first_email = ContactEmail.objects.filter(contact=OuterRef("pk")).order_by("-is_primary", "id")
    first_phone = ContactPhone.objects.filter(contact=OuterRef("pk")).order_by("-is_primary", "id")
    qs = Contact.objects.select_related("organization").annotate(
        primary_email=Subquery(first_email.values("email")[:1]),
        primary_phone=Subquery(first_phone.values("number")[:1]),
    )
    qs = contact_search(qs, filters.q)
    if filters.client_status == "none":
        qs = qs.filter(client_status="")
    elif filters.client_status in Contact.ClientStatus.values and filters.client_status:
        qs = qs.filter(client_status=filters.client_status)
    if filters.kind in Contact.Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.role in Party.Role.values:
        qs = qs.filter(
            Exists(visible_parties(user).filter(contact=OuterRef("pk"), role=filters.role))
        )
    return qs.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


# --- One contact ------------------------------------------------------------------


def contact_detail(pk: Any) -> Contact | None:
    """The contact with everything the detail page shows, in a fixed number of queries."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Contact.objects.select_related("organization", "created_by")
        .prefetch_related(
            "aliases",
            "emails",
            "phones",
            "addresses",
            Prefetch(
                "members",
                queryset=Contact.objects.order_by("sort_name", "id").only(
                    "id",
                    "kind",
                    "first_name",
                    "last_name",
                    "display_name",
                    "sort_name",
                    "job_title",
                    "organization_id",
                    "client_status",
                ),  # fmt: skip
            ),
        )
        .filter(pk=pk)
        .first()
    )


def contact_matter_roles(*, user: Any, contact: Contact | int) -> QuerySet[Party]:
    """The contact's roles in matters this user may see: nothing else is hinted at."""
    contact_id = contact if isinstance(contact, int) else contact.pk
    return (
        visible_parties(user)
        .filter(contact_id=contact_id)
        .select_related("matter", "matter__practice_area", "matter__responsible_attorney")
        .order_by("-matter__opened_on", "-matter__id", "role")
    )


# --- Fuzzy name matching (pg_trgm) ------------------------------------------------


_MATCH_SQL = """
WITH hits AS (
    SELECT c.id AS contact_id, c.display_name AS matched, '' AS alias_kind,
           GREATEST(similarity(c.display_name, %(q)s), word_similarity(%(q)s, c.display_name)) AS score
    FROM clients_contact c
    WHERE c.display_name %% %(q)s {word_name}
    UNION ALL
    SELECT a.contact_id, a.name, a.kind,
           GREATEST(similarity(a.name, %(q)s), word_similarity(%(q)s, a.name))
    FROM clients_contactalias a
    WHERE a.name %% %(q)s {word_alias}
), best AS (
    SELECT DISTINCT ON (contact_id) contact_id, matched, alias_kind, score,
           lower(matched) = lower(%(q)s) AS exact
    FROM hits
    ORDER BY contact_id, lower(matched) = lower(%(q)s) DESC, score DESC, alias_kind
)
SELECT contact_id, matched, alias_kind, score, exact
FROM best {exclude}
ORDER BY exact DESC, score DESC, matched, contact_id
LIMIT %(limit)s
"""


def _trigram_matches(
    q: str, *, word: bool, limit: int, exclude_pk: int | None = None
) -> list[tuple[int, str, str, float, bool]]:
    """(contact id, matched name, alias kind, score, exact) best first, in one
    statement the trigram GIN indexes answer (``%`` and ``%>`` are indexable)."""
    sql = _MATCH_SQL.format(
        word_name="OR c.display_name %%> %(q)s" if word else "",
        word_alias="OR a.name %%> %(q)s" if word else "",
        exclude="WHERE contact_id <> %(exclude)s" if exclude_pk else "",
    )
    # set_config(..., true) lasts to the end of the transaction, hence the atomic block.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true),"
            " set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(SIMILARITY_THRESHOLD), str(WORD_SIMILARITY_THRESHOLD)],
        )
        cursor.execute(sql, {"q": q, "limit": limit, "exclude": exclude_pk})
        return [(r[0], r[1], r[2], float(r[3]), bool(r[4])) for r in cursor.fetchall()]


def contact_duplicates(
    *,
    display_name: str,
    aliases: Iterable[str] = (),
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    exclude_pk: int | None = None,
    limit: int = DUPLICATE_LIMIT,
) -> list[Contact]:
    """Existing contacts that look like the one being saved: a similar name or
    alias (pg_trgm), or the same email address or phone digits."""
    found: dict[int, float] = {}
    for name in [display_name, *aliases]:
        term = " ".join((name or "").split())
        if not term:
            continue
        for cid, _m, _k, score, exact in _trigram_matches(
            term, word=False, limit=limit, exclude_pk=exclude_pk
        ):
            found[cid] = max(found.get(cid, 0.0), 2.0 if exact else score)
    email_list = [e.strip().lower() for e in emails if e and e.strip()]
    digit_list = [d for d in (digits_of(p) for p in phones if p) if len(d) >= 7]
    exact_match = Q(pk__in=[])
    if email_list:
        exact_match |= Q(pk__in=ContactEmail.objects.filter(email__in=email_list).values("contact"))
    if digit_list:
        exact_match |= Q(
            pk__in=ContactPhone.objects.filter(digits__in=digit_list).values("contact")
        )
    if email_list or digit_list:
        same = Contact.objects.filter(exact_match)
        if exclude_pk:
            same = same.exclude(pk=exclude_pk)
        for cid in same.values_list("pk", flat=True)[:limit]:
            found[cid] = 3.0  # the same address or number is the strongest sign
    ranked = sorted(found, key=lambda cid: -found[cid])[:limit]
    by_id = (
        Contact.objects.select_related("organization")
        .annotate(
            primary_email=Subquery(
                ContactEmail.objects.filter(contact=OuterRef("pk"))
                .order_by("-is_primary", "id")
                .values("email")[:1]
            )
        )
        .in_bulk(ranked)
    )
    return [by_id[cid] for cid in ranked if cid in by_id]
