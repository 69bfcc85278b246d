"""Legal research: memos on a matter and the authorities they rely on.

Search runs on PostgreSQL full text: each memo keeps a ``search_vector`` (title
weighted highest, then question/conclusion/discussion, then its authorities'
citations and holdings) under a GIN index. The research services rewrite it in
the same transaction as every change to the memo or its authorities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from access.querysets import MatterScopedQuerySet

if TYPE_CHECKING:
    pass

SEARCH_CONFIG = "english"
# Markers ts_headline puts around hits; the view escapes the text, then turns them into <mark>.
HIT_START = "\u27e6"
HIT_END = "\u27e7"


def memo_search_vector() -> SearchVector:
    """The expression the stored vector is computed from (see research services)."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("question", "conclusion", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        + SearchVector("authorities_text", weight="B", config=SEARCH_CONFIG)
    )


class ResearchMemoQuerySet(MatterScopedQuerySet["ResearchMemo"]):
    def search(self, terms: str, *, headline: bool = False) -> ResearchMemoQuerySet:
        """Memos matching the words (web-search syntax: "quoted phrases", -not, or),
        best first, with ``rank`` annotated, and with ``headline`` (an excerpt whose
        hits are wrapped in HIT_START/HIT_END, not yet HTML-escaped) if asked.
        Empty terms match nothing."""
        terms = terms.strip()
        if not terms:
            return self.none()
        query = SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)
        qs = self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
        if headline:
            qs = qs.annotate(
                headline=SearchHeadline(
                    Concat(
                        "question",
                        Value("\n"),
                        "conclusion",
                        Value("\n"),
                        "body",
                        output_field=models.TextField(),
                    ),
                    query,
                    config=SEARCH_CONFIG,
                    start_sel=HIT_START,
                    stop_sel=HIT_END,
                    max_words=40,
                    min_words=15,
                )
            )
        return qs.order_by("-rank", "-memo_date", "-id")


class ResearchMemo(models.Model):
    matter = models.ForeignKey(
        "cases.Matter", on_delete=models.CASCADE, related_name="research_memos"
    )
    title = models.CharField(max_length=300)
    question = models.TextField("question presented")
    conclusion = models.TextField("short answer", blank=True)
    body = models.TextField("discussion", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="research_memos"
    )
    memo_date = models.DateField("date", default=timezone.localdate)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived, kept by the services: the authorities' citations and holdings, and
    # the full-text vector over the memo and them.
    authorities_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResearchMemoQuerySet.as_manager()

    class Meta:
        ordering = ["-memo_date", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="research_memo_search"),
            models.Index(fields=["matter", "-memo_date"], name="research_memo_matter_date"),
        ]

    def __str__(self) -> str:
        return self.title


class AuthorityQuerySet(MatterScopedQuerySet["Authority"]):
    matter_path = "memo__matter"


def _year_validators() -> list[Any]:
    return [MinValueValidator(1200), MaxValueValidator(2200)]


class Authority(models.Model):
    """A statute, case, rule or article a memo relies on or must confront."""

    class Kind(models.TextChoices):
        STATUTE = "statute", "Statute"
        CASE = "case", "Case"
        RULE = "rule", "Rule"
        ARTICLE = "article", "Article"

    class Relevance(models.TextChoices):
        SUPPORTS = "supports", "Supports our position"
        ADVERSE = "adverse", "Adverse (must address)"
        DISTINGUISHABLE = "distinguishable", "Distinguishable"
        BACKGROUND = "background", "Background"

    memo = models.ForeignKey(ResearchMemo, on_delete=models.CASCADE, related_name="authorities")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CASE)
    citation = models.CharField(max_length=500)
    court = models.CharField(max_length=200, blank=True, help_text="Court or issuing body.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=_year_validators())
    holding = models.TextField("holding / summary", blank=True)
    relevance = models.CharField(
        max_length=20, choices=Relevance.choices, default=Relevance.SUPPORTS
    )
    url = models.URLField(
        "link",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="An http(s) link to the source.",
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["memo", "position", "id"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="authority_link_is_http",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["statute", "case", "rule", "article"]),
                name="authority_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.citation
