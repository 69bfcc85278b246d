"""The Notes tab: the matter's communications log, newest first, filterable by
kind; the add form posts by htmx (the list and a fresh form come back) or as a
plain form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import TemplateView

from cases import services
from cases.models import Matter, Note
from cases.permissions import require_change
from cases.views.base import MatterTabMixin
from cases.views.tasks import apply_errors
from clients.models import Contact

PAGE_SIZE = 50


class NoteForm(forms.ModelForm):
    contacts = forms.ModelMultipleChoiceField(
        Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Parties involved",
    )

    class Meta:
        model = Note
        fields = ["kind", "occurred_at", "direction", "subject", "participants", "contacts", "body"]
        widgets = {
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "body": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"direction": "Direction (calls, emails, letters)"}

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(
            matter_roles__matter=matter
        ).distinct()
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def matter_notes(matter: Matter, kind: str) -> Any:
    notes = matter.notes.select_related("author").prefetch_related("contacts")
    if kind:
        notes = notes.filter(kind=kind)
    return notes


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in Note.Kind.values else ""


class MatterNotesView(MatterTabMixin, TemplateView):
    tab = "notes"
    template_name = "cases/tabs/notes.html"

    def panel_context(self, kind: str) -> dict[str, Any]:
        page = Paginator(matter_notes(self.matter, kind), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return {"page_obj": page, "notes": page.object_list, "kind": kind,
                "kinds": Note.Kind.choices}  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.panel_context(_kind(self.request)))
        if self.can_change:
            context.setdefault("note_form", NoteForm(matter=self.matter))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_change(request.user, self.matter)
        form = NoteForm(request.POST, matter=self.matter)
        added = None
        if form.is_valid():
            try:
                added = services.note_create(
                    actor=request.user, matter=self.matter, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if not request.htmx:
                    messages.success(request, f"Logged the {added.get_kind_display().lower()}.")
                    return redirect("cases:matter_notes", pk=self.matter.pk)
                form = NoteForm(matter=self.matter)
        if request.htmx:
            context = {"matter": self.matter, "can_change": True, "note_form": form,
                       "added": added, **self.panel_context("")}  # fmt: skip
            return render(request, "cases/partials/notes_panel.html", context)
        return self.render_to_response(self.get_context_data(note_form=form))
