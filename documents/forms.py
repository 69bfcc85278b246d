"""Forms of the documents pages: upload (one or many files), details, search."""

from __future__ import annotations

from typing import Any

from django import forms

from deadlines.forms import DeadlineForm, TriggerEventForm
from documents import filetypes
from documents.models import Document
from documents.selectors import DocumentFilters


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


def split_tags(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


class DocumentDetailsForm(forms.Form):
    title = forms.CharField(max_length=300, required=False,
                            help_text="Left empty: the file's name.")  # fmt: skip
    category = forms.ChoiceField(choices=Document.Category.choices, initial="other")
    document_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(required=False, max_length=500, help_text="Separated by commas.")
    privileged = forms.BooleanField(required=False)

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data["tags"])


class UploadForm(DocumentDetailsForm):
    files = MultipleFileField(
        label="Files",
        help_text=f"One or more files: {filetypes.ACCEPTED}. An email (.eml, .msg) is filed "
        "with its sender, recipients, date and subject.",
    )
    allow_duplicate = forms.BooleanField(
        required=False, label="Store it anyway if the same file is already in the matter"
    )

    field_order = ["files", "title", "category", "document_date", "tags", "description",
                   "privileged", "allow_duplicate"]  # fmt: skip


class EditForm(DocumentDetailsForm):
    title = forms.CharField(max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionForm(forms.Form):
    file = forms.FileField(label="New version")
    allow_duplicate = forms.BooleanField(
        required=False, label="Store it anyway if the same file is already in the matter"
    )


class DocumentTriggerEventForm(TriggerEventForm):
    """The trigger event an incoming document records (an order, a served motion)."""

    prefix = "trigger"


class DocumentDeadlineForm(DeadlineForm):
    """One deadline an incoming document sets."""

    prefix = "deadline"


FILE_TYPE_CHOICES = [("", "Any type")] + [(k.key, k.label) for k in filetypes.KINDS.values()]


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=300, label="Words")
    category = forms.ChoiceField(
        required=False, choices=[("", "Any category"), *Document.Category.choices]
    )
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    privileged = forms.ChoiceField(
        required=False,
        choices=[("", "Privileged or not"), ("yes", "Privileged only"), ("no", "Not privileged")],
    )
    file_type = forms.ChoiceField(required=False, choices=FILE_TYPE_CHOICES, label="File type")
    matter = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()

    def filters(self) -> DocumentFilters:
        if not self.is_valid():
            return DocumentFilters()
        data = self.cleaned_data
        privileged = {"yes": True, "no": False}.get(data.get("privileged") or "")
        return DocumentFilters(
            matter=data.get("matter"), category=data.get("category") or "",
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            privileged=privileged, file_type=data.get("file_type") or "",
        )  # fmt: skip
