"""The Notes tab: the matter's communications log, newest first, filterable by
kind; the add form posts by htmx (the list and a fresh form come back) or as a
plain form. Each entry can be edited and deleted by whoever may change the
matter: in place by htmx (the entry becomes its form, or asks to confirm the
deletion), or without JavaScript on the tab's own edit and confirmation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from access.kernel import require
from access.views import DELETE_ON_POST, VIEW_ONLY, VIEW_OR_CHANGE
from casemgr.params import page_number
from cases import services
from cases.models import Matter, Note
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
        if kwargs.get("instance") is None:  # a new entry happened now; an edit keeps its time
            kwargs.setdefault(
                "initial", {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
            )
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(
            matter_roles__matter=matter
        ).distinct()
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean_occurred_at(self) -> Any:
        value = self.cleaned_data["occurred_at"]
        stored = self.instance.occurred_at if self.instance.pk else None
        # The form shows minutes: an untouched time keeps its seconds (and is
        # not recorded as a change).
        if stored and value and value == stored.replace(second=0, microsecond=0):
            return stored
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # As note_create/note_update do: a direction left over from a call that
        # became a meeting is dropped, not refused as a broken constraint.
        if data.get("kind") not in Note.DIRECTED_KINDS:
            data["direction"] = Note.Direction.NONE
        return data


class NoteEditForm(NoteForm):
    """The edit form carries the version the editor saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


def matter_notes(matter: Matter, kind: str) -> Any:
    notes = matter.notes.select_related("author").prefetch_related("contacts")
    if kind:
        notes = notes.filter(kind=kind)
    return notes


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in Note.Kind.values else ""


class MatterNotesView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_OR_CHANGE
    tab = "notes"
    template_name = "cases/tabs/notes.html"

    def panel_context(self, kind: str) -> dict[str, Any]:
        page = Paginator(matter_notes(self.matter, kind), PAGE_SIZE).get_page(
            page_number(self.request)
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
        require(request.user, "change", self.matter)
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


# --- One entry: edit and delete ----------------------------------------------------------


class NoteView(MatterTabMixin, TemplateView):
    """One entry of the log, found within the matter (the one door first: a
    matter the user may not see is a 404, and so is another matter's note).
    Answers htmx requests aimed at the entry (``#note-<pk>``) with the entry
    alone; anything else gets the Notes tab page."""

    tab = "notes"
    template_name = "cases/tabs/notes.html"

    @cached_property
    def note(self) -> Note:
        notes = self.matter.notes.select_related("author").prefetch_related("contacts")
        return get_object_or_404(notes, pk=self.kwargs["note_pk"])

    @property
    def inline(self) -> bool:
        htmx = getattr(self.request, "htmx", False)
        return bool(htmx) and htmx.target == f"note-{self.note.pk}"

    def entry(self, template: str, **context: Any) -> HttpResponse:
        context = {"matter": self.matter, "note": self.note, "can_change": self.can_change,
                   "inline": True, **context}  # fmt: skip
        return render(self.request, f"cases/partials/{template}", context)


class NoteDetailView(NoteView):
    """The entry as it is listed: what an inline edit or deletion returns to
    when cancelled. Without htmx, the tab at the entry."""

    matter_actions = VIEW_ONLY

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.inline:
            return self.entry("note_item.html")
        return redirect(_at_entry(self.matter, self.note))


class NoteEditView(NoteView):
    matter_actions = VIEW_OR_CHANGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        return self._form(self._edit_form(instance=self.note))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        note = self.note
        # The form writes into a copy: the note itself is the service's to change.
        form = self._edit_form(request.POST, instance=Note.objects.get(pk=note.pk))
        if form.is_valid():
            changes = dict(form.cleaned_data)
            contacts = changes.pop("contacts")
            version = changes.pop("version")
            try:
                saved = services.note_update(
                    actor=request.user, note=note, contacts=contacts,
                    expected_version=version, **changes,
                )  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                done = f"Saved the {saved.get_kind_display().lower()} “{saved.subject}”."
                if self.inline:
                    saved = (
                        self.matter.notes.select_related("author")
                        .prefetch_related("contacts")
                        .get(pk=saved.pk)
                    )
                    return self.entry("note_item.html", note=saved, done=done)
                messages.success(request, done)
                return redirect(_at_entry(self.matter, saved))
        return self._form(form)

    def _edit_form(self, *args: Any, instance: Note) -> NoteForm:
        # Ids of its own: the add form may be on the same page.
        return NoteEditForm(
            *args, instance=instance, matter=self.matter, auto_id=f"id_note{instance.pk}_%s"
        )

    def _form(self, form: NoteForm) -> HttpResponse:
        if self.inline:
            return self.entry("note_edit.html", edit_form=form)
        return self.render_to_response(
            self.get_context_data(edit_form=form, note=self.note, inline=False)
        )


class NoteDeleteView(NoteView):
    """GET asks to confirm; only a POST deletes."""

    matter_actions = DELETE_ON_POST

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        if self.inline:
            return self.entry("note_delete.html")
        return self.render_to_response(
            self.get_context_data(deleting=True, note=self.note, inline=False)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        note = self.note
        inline = self.inline
        done = f"Deleted the {note.get_kind_display().lower()} “{note.subject}”."
        services.note_delete(actor=request.user, note=note)
        if inline:
            return self.entry("note_deleted.html", done=done)
        messages.success(request, done)
        return redirect("cases:matter_notes", pk=self.matter.pk)


def _at_entry(matter: Matter, note: Note) -> str:
    return reverse("cases:matter_notes", args=[matter.pk]) + f"#note-{note.pk}"
