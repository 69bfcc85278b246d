"""Matters and everything that hangs off them, one module per topic."""

from cases.models.access import EthicalWall, WallAcknowledgment
from cases.models.matter import (
    FirmSettings,
    Matter,
    MatterGroupObjectPermission,
    MatterNumberCounter,
    MatterQuerySet,
    MatterUserObjectPermission,
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
    "EthicalWall",
    "FirmSettings",
    "Matter",
    "MatterGroupObjectPermission",
    "MatterNumberCounter",
    "MatterQuerySet",
    "MatterUserObjectPermission",
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
    "WallAcknowledgment",
]
