"""The negotiation log: recording offers and counter-offers and what became of them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.kernel import require
from casemgr import audit
from cases.models import Matter, Offer

if TYPE_CHECKING:
    from accounts.models import User


def _money(offer: Offer) -> str:
    return f"{offer.currency} {offer.amount:,.2f}"


@transaction.atomic
def offer_record(
    *,
    actor: User,
    matter: Matter,
    side: str,
    amount: Decimal,
    made_on: datetime.date | None = None,
    terms: str = "",
    response_deadline: datetime.date | None = None,
    responds_to: Offer | None = None,
) -> Offer:
    """Record an offer. One that answers an open offer of the other side is a
    counter-offer: the offer it answers becomes "countered"."""
    require(actor, "change", matter)
    answered = None
    if responds_to is not None:
        answered = (
            Offer.objects.select_for_update().filter(pk=responds_to.pk, matter=matter).first()
        )
        if answered is None:
            raise ValidationError({"responds_to": "That offer is not part of this matter."})
        if answered.side == side:
            raise ValidationError(
                {"responds_to": "A counter-offer answers the other side's offer."}
            )
        if answered.status != Offer.Status.OPEN:
            raise ValidationError(
                {"responds_to": f"That offer is {answered.get_status_display().lower()}, not open."}
            )
    offer = Offer(
        matter=matter, side=side, amount=amount, made_on=made_on or timezone.localdate(),
        terms=terms.strip(), response_deadline=response_deadline, responds_to=answered,
        recorded_by=actor,
    )  # fmt: skip
    offer.full_clean()
    if offer.response_deadline and offer.response_deadline < offer.made_on:
        raise ValidationError({"response_deadline": "The deadline is before the offer was made."})
    offer.save()
    kind = "a counter-offer" if answered else "an offer"
    audit.record(actor=actor, action=audit.Action.CREATE, obj=offer,
                 changes={"side": side, "amount": offer.amount, "responds_to": answered},
                 summary=f"recorded {kind} of {_money(offer)} from {offer.get_side_display().lower()}")  # fmt: skip
    if answered is not None:
        _set_status(actor=actor, offer=answered, status=Offer.Status.COUNTERED)
    return offer


def _set_status(*, actor: User, offer: Offer, status: str) -> Offer:
    old = offer.status
    offer.status = status
    offer.status_changed_at = timezone.now()
    offer.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=offer,
                 changes={"status": [old, status]},
                 summary=f"marked the {_money(offer)} offer of {offer.get_side_display().lower()} {offer.get_status_display().lower()}")  # fmt: skip
    return offer


def _close(*, actor: User, offer: Offer, status: str) -> Offer:
    require(actor, "change", offer.matter)
    current = Offer.objects.select_for_update().get(pk=offer.pk)
    if current.status == status:
        return current
    if current.status != Offer.Status.OPEN:
        raise ValidationError(
            f"The offer is already {current.get_status_display().lower()}; only open offers change."
        )
    return _set_status(actor=actor, offer=current, status=status)


@transaction.atomic
def offer_accept(*, actor: User, offer: Offer) -> Offer:
    return _close(actor=actor, offer=offer, status=Offer.Status.ACCEPTED)


@transaction.atomic
def offer_reject(*, actor: User, offer: Offer) -> Offer:
    return _close(actor=actor, offer=offer, status=Offer.Status.REJECTED)


@transaction.atomic
def offer_withdraw(*, actor: User, offer: Offer) -> Offer:
    return _close(actor=actor, offer=offer, status=Offer.Status.WITHDRAWN)
