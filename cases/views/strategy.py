"""The Strategy tab: the matter's case strategy as one form, and its history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from access.kernel import require
from access.views import VIEW_OR_CHANGE
from casemgr.form_errors import apply_service_errors
from cases import services
from cases.models import CaseStrategy, StrategyRevision
from cases.models.strategy import STRATEGY_FIELDS, revision_changes
from cases.views.base import MatterTabMixin

HISTORY_LENGTH = 50


class StrategyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = CaseStrategy
        fields = STRATEGY_FIELDS
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in STRATEGY_FIELDS[:5]},
            "likelihood_percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "budget": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }


def strategy_history(user: Any, matter: Any, limit: int = HISTORY_LENGTH) -> list[dict[str, Any]]:
    """The newest ``limit`` revisions the user may read, each with what it
    changed from the one before. Two queries whatever the history's length."""
    rows = list(
        StrategyRevision.objects.restrict(user, "view")
        .filter(matter=matter)
        .select_related("saved_by")
        .order_by("-version")[: limit + 1]
    )
    history = []
    for index, revision in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        if previous is None and revision.version > 1:
            continue  # the revision it changed is beyond the shown history
        history.append({"revision": revision, "changes": revision_changes(previous, revision)})
    return history


class StrategyTabView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_OR_CHANGE
    tab = "strategy"
    template_name = "cases/tabs/strategy.html"

    def current_strategy(self) -> CaseStrategy:
        strategy = (
            CaseStrategy.objects.filter(matter_id=self.matter.pk)
            .select_related("updated_by")
            .first()
        )
        return strategy or CaseStrategy(matter=self.matter)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        strategy = self.current_strategy()
        if "form" not in kwargs and self.can_change:
            context["form"] = StrategyForm(instance=strategy, initial={"version": strategy.version})
        context.update(strategy=strategy, history=strategy_history(self.request.user, self.matter))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        form = StrategyForm(request.POST, instance=CaseStrategy(matter=self.matter))
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.strategy_save(
                    actor=request.user,
                    matter=self.matter,
                    expected_version=data["version"],
                    **{name: data[name] for name in STRATEGY_FIELDS},
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if saved.version == data["version"]:
                    messages.info(request, "Nothing changed, so no new revision was kept.")
                else:
                    messages.success(request, f"Strategy saved (version {saved.version}).")
                return redirect("cases:matter_strategy", pk=self.matter.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
