"""Matters and everything that hangs off them, one module per topic."""

from cases.models.matter import (
    Matter,
    MatterNumberCounter,
    MatterQuerySet,
    Party,
    PracticeArea,
    TeamMembership,
)
from cases.models.negotiations import Offer, OfferQuerySet
from cases.models.notes import Note, NoteQuerySet
from cases.models.research import Authority, ResearchMemo
from cases.models.strategy import CaseStrategy, StrategyRevision
from cases.models.tasks import Priority, Task, TaskQuerySet, TaskTemplate

__all__ = [
    "Authority",
    "CaseStrategy",
    "Matter",
    "MatterNumberCounter",
    "MatterQuerySet",
    "Note",
    "NoteQuerySet",
    "Offer",
    "OfferQuerySet",
    "Party",
    "PracticeArea",
    "Priority",
    "ResearchMemo",
    "StrategyRevision",
    "Task",
    "TaskQuerySet",
    "TaskTemplate",
    "TeamMembership",
]
