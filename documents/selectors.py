"""The reads of the documents app, each starting from the one door."""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, QuerySet
from django.utils.safestring import SafeString, mark_safe

from documents.models import Document, DocumentVersion

SEARCH_CONFIG = "english"
# ts_headline marks a hit with these; they are swapped for <mark> after the
# snippet is escaped (the text is the client's, never trusted as HTML).
_START, _STOP = "\x02", "\x03"


@dataclass
class DocumentFilters:
    matter: int | None = None
    category: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    privileged: bool | None = None
    file_type: str = ""
    tag: str = ""


def _filtered(documents: QuerySet[Document], filters: DocumentFilters) -> QuerySet[Document]:
    if filters.matter:
        documents = documents.filter(matter_id=filters.matter)
    if filters.category:
        documents = documents.filter(category=filters.category)
    if filters.date_from:
        documents = documents.filter(document_date__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(document_date__lte=filters.date_to)
    if filters.privileged is not None:
        documents = documents.filter(privileged=filters.privileged)
    if filters.file_type:
        documents = documents.filter(current_version__file_type=filters.file_type)
    if filters.tag:
        documents = documents.filter(tags__contains=[filters.tag])
    return documents


def document_list(*, user: Any, filters: DocumentFilters) -> QuerySet[Document]:
    """The documents this user may see, newest first, with what a row shows."""
    return (
        _filtered(Document.objects.visible_to(user), filters)
        .select_related("matter", "current_version", "created_by")
        .order_by("-created_at", "-id")
    )


def matter_documents(*, matter: Any, filters: DocumentFilters) -> QuerySet[Document]:
    """A matter's documents (the matter was loaded through the door)."""
    filters.matter = None
    return (
        _filtered(matter.documents.all(), filters)
        .select_related("current_version", "created_by")
        .order_by("-created_at", "-id")
    )


def document_for(user: Any, pk: Any) -> Document:
    """One document through the door; DoesNotExist (a 404) when hidden or missing."""
    return (
        Document.objects.visible_to(user)
        .select_related(
            "matter", "current_version", "created_by", "deadline", "task", "trigger_event"
        )
        .get(pk=int(pk))
    )


def version_for(user: Any, pk: Any) -> DocumentVersion:
    return (
        DocumentVersion.objects.visible_to(user)
        .select_related("document", "document__matter")
        .get(pk=int(pk))
    )


def search_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def document_search(*, user: Any, q: str, filters: DocumentFilters) -> QuerySet[DocumentVersion]:
    """Current versions the user may see that match ``q`` (websearch syntax:
    words, "a phrase", -not, or), best first. Filters narrow by the document."""
    query = search_query(q)
    versions = DocumentVersion.objects.visible_to(user).filter(is_current=True, search_vector=query)
    documents = _filtered(Document.objects.all(), filters)
    if documents.query.where:
        versions = versions.filter(document__in=documents.values("pk"))
    return (
        versions.annotate(rank=SearchRank(F("search_vector"), query))
        .select_related("document", "document__matter")
        .order_by("-rank", "-id")
    )


def snippets(version_ids: list[int], q: str) -> dict[int, SafeString]:
    """Highlighted snippets for one page of results (ts_headline is costly: never
    for every match). The text is escaped; only the marks become HTML."""
    if not version_ids:
        return {}
    rows = DocumentVersion.objects.filter(pk__in=version_ids).annotate(
        snippet=SearchHeadline(
            "extracted_text",
            search_query(q),
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_fragments=2,
            max_words=30,
            min_words=12,
            fragment_delimiter=" … ",
        )
    )
    out = {}
    for pk, snippet in rows.values_list("pk", "snippet"):
        escaped = html.escape(snippet or "")
        out[pk] = mark_safe(  # noqa: S308 -- escaped above; only our marks are HTML
            escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
        )
    return out
