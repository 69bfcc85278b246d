"""The negotiation log of a matter: offers and counter-offers of both sides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from access.querysets import MatterScopedQuerySet
from cases.models.matter import Matter

if TYPE_CHECKING:
    pass


class OfferQuerySet(MatterScopedQuerySet["Offer"]):
    def open(self) -> OfferQuerySet:
        return self.filter(status=Offer.Status.OPEN)

    def standing(self) -> OfferQuerySet:
        """Offers still on the table: open ones, and countered ones (a counter-offer
        answers an offer, it does not take it back: it stays that side's last word
        until accepted, rejected or withdrawn)."""
        return self.filter(status__in=[Offer.Status.OPEN, Offer.Status.COUNTERED])

    def latest_open_per_side(self) -> OfferQuerySet:
        """For each matter and side, its latest offer still on the table (one query,
        DISTINCT ON): the two numbers whose difference is the gap."""
        return (
            self.standing()
            .order_by("matter_id", "side", "-made_on", "-id")
            .distinct("matter_id", "side")
        )


NEGATIVE_AMOUNT = "The amount cannot be negative."


class Offer(models.Model):
    class Side(models.TextChoices):
        CLIENT = "client", "Our client"
        OPPOSING = "opposing", "Opposing party"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        COUNTERED = "countered", "Countered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Currency(models.TextChoices):
        USD = "USD", "US dollars"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="offers")
    made_on = models.DateField(default=timezone.localdate)
    side = models.CharField(max_length=10, choices=Side.choices)
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0, message=NEGATIVE_AMOUNT)],
    )
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.USD)
    terms = models.TextField(blank=True)
    response_deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    responds_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counter_offers",
        help_text="The offer of the other side this one answers.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-id"]
        indexes = [
            models.Index(fields=["matter", "status", "side", "-made_on"], name="offer_matter_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="offer_amount_not_negative",
                violation_error_message=NEGATIVE_AMOUNT,
            ),
            models.CheckConstraint(
                condition=Q(responds_to__isnull=True) | ~Q(responds_to=models.F("id")),
                name="offer_does_not_answer_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} offer of {self.currency} {self.amount:,.2f}"


@dataclass(frozen=True)
class NegotiationPosition:
    """Where a matter's negotiation stands: each side's latest open offer and the gap."""

    ours: Offer | None
    theirs: Offer | None

    @property
    def gap(self) -> Decimal | None:
        if self.ours is None or self.theirs is None:
            return None
        return abs(self.ours.amount - self.theirs.amount)

    @property
    def is_live(self) -> bool:
        """Someone has an offer to answer (not everything is countered or closed)."""
        return any(
            o is not None and o.status == Offer.Status.OPEN for o in (self.ours, self.theirs)
        )

    @property
    def matter(self) -> Matter:
        return (self.ours or self.theirs).matter  # type: ignore[union-attr]


def negotiation_positions(latest: Iterable[Offer]) -> dict[int, NegotiationPosition]:
    """Positions by matter id, from the offers ``OfferQuerySet.latest_open_per_side``
    gives (iterated once: one query)."""
    sides: dict[int, dict[str, Offer]] = {}
    for offer in latest:
        sides.setdefault(offer.matter_id, {}).setdefault(offer.side, offer)
    return {
        matter_id: NegotiationPosition(
            ours=by_side.get(Offer.Side.CLIENT), theirs=by_side.get(Offer.Side.OPPOSING)
        )
        for matter_id, by_side in sides.items()
    }
