"""The Negotiation tab: the log of offers and counter-offers, the current gap
between the sides, recording an offer, and accepting/rejecting/withdrawing one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from access.kernel import require
from access.views import VIEW_OR_CHANGE, matter_view
from cases import services
from cases.models import Matter, Offer
from cases.models.negotiations import NegotiationPosition, negotiation_positions
from cases.views.base import MatterTabMixin
from cases.views.tasks import apply_errors

STATUS_ACTIONS = {
    "accept": (services.offer_accept, "Accepted"),
    "reject": (services.offer_reject, "Rejected"),
    "withdraw": (services.offer_withdraw, "Withdrew"),
}


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["side", "amount", "made_on", "response_deadline", "responds_to", "terms"]
        labels = {
            "side": "From",
            "amount": "Amount (USD)",
            "made_on": "Date",
            "responds_to": "Counter-offer to",
        }
        widgets = {
            "made_on": forms.DateInput(attrs={"type": "date"}),
            "response_deadline": forms.DateInput(attrs={"type": "date"}),
            "amount": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "terms": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responds_to"]
        field.queryset = matter.offers.open().order_by("-made_on", "-id")
        field.empty_label = "— (a new offer, not a counter-offer)"
        field.label_from_instance = lambda o: (
            f"{o.get_side_display()}: {o.currency} {o.amount:,.2f} of {o.made_on:%Y-%m-%d}"
        )


class MatterNegotiationView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_OR_CHANGE
    tab = "negotiation"
    template_name = "cases/tabs/negotiation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offers = list(
            self.matter.offers.select_related("recorded_by", "responds_to").order_by(
                "-made_on", "-id"
            )
        )
        position = negotiation_positions(self.matter.offers.latest_open_per_side()).get(
            self.matter.pk, NegotiationPosition(ours=None, theirs=None)
        )
        context.update(offers=offers, position=position)
        if self.can_change:
            context.setdefault("offer_form", OfferForm(matter=self.matter))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        form = OfferForm(request.POST, matter=self.matter)
        if form.is_valid():
            try:
                offer = services.offer_record(
                    actor=request.user, matter=self.matter, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                kind = "counter-offer" if offer.responds_to_id else "offer"
                messages.success(request, f"Recorded the {kind} of USD {offer.amount:,.2f}.")
                return redirect("cases:matter_negotiation", pk=self.matter.pk)
        return self.render_to_response(self.get_context_data(offer_form=form))


@require_POST
@matter_view("change")
def offer_status(request: HttpRequest, matter: Matter, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.select_related("matter"), pk=offer_pk, matter=matter)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Choose accept, reject or withdraw.")
        return redirect("cases:matter_negotiation", pk=matter.pk)
    service, done = action
    try:
        service(actor=request.user, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{done} the {offer}.")
    return redirect("cases:matter_negotiation", pk=matter.pk)
