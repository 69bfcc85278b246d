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

__all__ = [
    "EthicalWall",
    "FirmSettings",
    "Matter",
    "MatterGroupObjectPermission",
    "MatterNumberCounter",
    "MatterQuerySet",
    "MatterUserObjectPermission",
    "Party",
    "PracticeArea",
    "TeamMembership",
    "WallAcknowledgment",
]
