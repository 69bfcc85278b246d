"""A matter's case strategy: one record per matter, with every saved revision kept."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from access.querysets import MatterScopedQuerySet

if TYPE_CHECKING:
    pass

# The fields that make up the strategy's content, in the order the form shows them.
STRATEGY_FIELDS = (
    "objectives",
    "key_issues",
    "theory_of_case",
    "risks",
    "expected_outcome",
    "likelihood_percent",
    "budget",
)
TEXT_FIELDS = frozenset(STRATEGY_FIELDS[:5])


class StrategyContent(models.Model):
    """What a strategy says; shared by the current record and each revision."""

    objectives = models.TextField(blank=True, help_text="What the client wants to achieve.")
    key_issues = models.TextField(
        "key issues", blank=True, help_text="The factual and legal questions the case turns on."
    )
    theory_of_case = models.TextField(
        "theory of the case", blank=True, help_text="The story that explains the facts and wins."
    )
    risks = models.TextField(blank=True, help_text="What could go wrong, and how likely it is.")
    expected_outcome = models.TextField("expected outcome", blank=True)
    likelihood_percent = models.PositiveSmallIntegerField(
        "likelihood of success (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="A whole number from 0 to 100.",
    )
    budget = models.DecimalField(
        "budget (USD)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        abstract = True

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in STRATEGY_FIELDS}


def _content_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(likelihood_percent__isnull=True)
            | Q(likelihood_percent__gte=0, likelihood_percent__lte=100),
            name=f"{prefix}_likelihood_is_a_percent",
        ),
        models.CheckConstraint(
            condition=Q(budget__isnull=True) | Q(budget__gte=0),
            name=f"{prefix}_budget_not_negative",
        ),
    ]


class CaseStrategyQuerySet(MatterScopedQuerySet["CaseStrategy"]):
    """Rows of matters: ``restrict(user, action)`` is the one door to them."""


class CaseStrategy(StrategyContent):
    """The current strategy of a matter. ``version`` counts saves (0 = never saved),
    so an editor working from an old version is refused (optimistic locking)."""

    matter = models.OneToOneField("cases.Matter", on_delete=models.CASCADE, related_name="strategy")
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CaseStrategyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "case strategies"
        constraints = _content_constraints("strategy")

    def __str__(self) -> str:
        return f"Strategy for {self.matter}"


class StrategyRevisionQuerySet(MatterScopedQuerySet["StrategyRevision"]):
    """Rows of matters: ``restrict(user, action)`` is the one door to them."""


class StrategyRevision(StrategyContent):
    """The full content of the strategy as one save left it: who, when, what."""

    matter = models.ForeignKey(
        "cases.Matter", on_delete=models.CASCADE, related_name="strategy_revisions"
    )
    version = models.PositiveIntegerField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StrategyRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["matter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "version"], name="strategy_revision_once"),
            *_content_constraints("strategy_revision"),
        ]

    def __str__(self) -> str:
        return f"Strategy of {self.matter_id}, version {self.version}"


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between a revision and the one before it."""

    name: str
    label: str
    old: Any
    new: Any
    lines: list[tuple[str, str]]  # text fields: (" ", "+", "-", line) ops; empty otherwise


def field_label(name: str) -> str:
    return str(StrategyRevision._meta.get_field(name).verbose_name).capitalize()


def revision_changes(
    previous: StrategyContent | None, current: StrategyContent
) -> list[FieldChange]:
    """The fields ``current`` changed relative to ``previous`` (None: the first save),
    with a line diff for the text fields."""
    changes = []
    for name in STRATEGY_FIELDS:
        old = (
            getattr(previous, name)
            if previous is not None
            else ("" if name in TEXT_FIELDS else None)
        )
        new = getattr(current, name)
        if old == new:
            continue
        lines: list[tuple[str, str]] = []
        if name in TEXT_FIELDS:
            for op in difflib.ndiff(old.splitlines(), new.splitlines()):
                if op[:1] in {" ", "+", "-"}:
                    lines.append((op[:1], op[2:]))
        changes.append(FieldChange(name, field_label(name), old, new, lines))
    return changes
