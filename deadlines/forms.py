"""Forms of the deadline pages: parse and validate input, nothing more."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from casemgr.params import IdField, QueryForm, SaneDateField
from deadlines import calculator
from deadlines.models import JURISDICTION_CHOICES, MAX_REMINDER_OFFSET, SERVICE_CHOICES, Deadline
from deadlines.services import ruleset_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def event_choices(jurisdiction: str) -> list[tuple[str, str]]:
    """The trigger events of the rule set the matter's jurisdiction uses (latest version)."""
    ruleset, _ = ruleset_for(jurisdiction)
    return [(e.key, e.name) for e in ruleset.versions[-1].events]


def hearing_events(jurisdiction: str) -> list[tuple[str, str]]:
    """(event name, hearing) of the events that set a hearing (latest version)."""
    ruleset, _ = ruleset_for(jurisdiction)
    return [(e.name, e.hearing) for e in ruleset.versions[-1].events if e.hearing]


class TriggerEventForm(forms.Form):
    event_key = forms.ChoiceField(label="Trigger event")
    trigger_date = SaneDateField(label="Date of the event", widget=DATE)
    service = forms.ChoiceField(
        label="How the paper was served",
        choices=SERVICE_CHOICES,
        initial="personal",
        help_text="Only deadlines whose rule allows it get extra time for service by mail "
        "or electronic service.",
    )

    hearing_time = forms.TimeField(
        label="Hearing time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, jurisdiction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_key"].choices = event_choices(jurisdiction)
        hearings = hearing_events(jurisdiction)
        if hearings:
            # Asked for the events that set a hearing (the service refuses a
            # time for the others, and a hearing without one).
            self.fields["hearing_time"].help_text = (
                "In the court's time zone, for an event that sets a hearing: "
                + "; ".join(f"{name} (sets the {hearing.lower()})" for name, hearing in hearings)
                + ". Leave empty for the other events."
            )
        else:
            del self.fields["hearing_time"]


class ConfirmTriggerEventForm(TriggerEventForm):
    """The preview's hidden copy of the entered values, posted back to confirm."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget = forms.HiddenInput()


class ChangeTriggerDateForm(forms.Form):
    new_date = SaneDateField(label="New date of the event", widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput())


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())


class WaiveForm(VersionForm):
    reason = forms.CharField(label="Why is it waived?", max_length=2000)


class OverrideForm(VersionForm):
    due_date = SaneDateField(label="New due date", widget=DATE)
    reason = forms.CharField(
        label="Reason", max_length=2000, help_text="E.g. the order or stipulation that sets it."
    )


class DeadlineForm(forms.Form):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Deadline.Kind.choices, initial=Deadline.Kind.INTERNAL)
    due_date = SaneDateField(widget=DATE)
    due_time = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="In the court's time zone; leave empty for an all-day deadline.",
    )  # fmt: skip
    citation = forms.CharField(
        max_length=300, required=False, help_text="Required for a statute of limitations."
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


def parse_offsets(value: str) -> list[int]:
    try:
        offsets = [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError:
        raise forms.ValidationError("Give whole numbers of days separated by commas.") from None
    if any(o < 0 or o > MAX_REMINDER_OFFSET for o in offsets):
        raise forms.ValidationError(f"Days must be between 0 and {MAX_REMINDER_OFFSET}.")
    return sorted(set(offsets), reverse=True)


class ReminderPreferenceForm(forms.Form):
    offsets = forms.CharField(
        label="Remind me this many days before each deadline",
        help_text="Comma-separated, 0 is the day itself; e.g. 30, 7, 1, 0.",
    )
    email = forms.BooleanField(label="Also by email", required=False)
    daily_digest = forms.BooleanField(label="Send me a daily digest", required=False)

    def clean_offsets(self) -> list[int]:
        return parse_offsets(self.cleaned_data["offsets"])


class DeadlineRemindersForm(VersionForm):
    offsets = forms.CharField(
        label="Reminder days for this deadline",
        required=False,
        help_text="Comma-separated days before; leave empty to use each person's defaults.",
    )

    def clean_offsets(self) -> list[int] | None:
        value = self.cleaned_data["offsets"].strip()
        return parse_offsets(value) if value else None


class CalculatorForm(forms.Form):
    trigger_date = SaneDateField(label="Trigger date", widget=DATE)
    days = forms.IntegerField(min_value=0, max_value=calculator.MAX_DAYS)
    direction = forms.ChoiceField(
        choices=[("after", "after the trigger"), ("before", "before the trigger (e.g. a hearing)")]
    )
    unit = forms.ChoiceField(choices=[("calendar", "calendar days"), ("court", "court days")])
    jurisdiction = forms.ChoiceField(choices=JURISDICTION_CHOICES)
    service = forms.ChoiceField(choices=SERVICE_CHOICES, initial="personal")


class CalendarFilterForm(QueryForm):
    view = forms.ChoiceField(
        choices=[("month", "Month"), ("week", "Week"), ("list", "List")], required=False
    )
    scope = forms.ChoiceField(
        label="Show",
        choices=[("mine", "Mine"), ("team", "My teams'"), ("matter", "One matter"),
                 ("all", "Everything I can see")],
        required=False,
    )  # fmt: skip
    matter = IdField(widget=forms.Select)
    date = SaneDateField(required=False, widget=DATE)

    def values(self, today: datetime.date) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "view": data.get("view") or "month",
            "scope": data.get("scope") or "mine",
            "matter_id": data.get("matter"),
            "anchor": data.get("date") or today,
        }


class CourtClosureForm(forms.Form):
    jurisdiction = forms.ChoiceField(label="Court", choices=JURISDICTION_CHOICES)
    date = forms.DateField(
        label="Day closed",
        widget=DATE,
        error_messages={"required": "Give the day the court is closed (YYYY-MM-DD)."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        error_messages={"required": "Say why the court is closed (e.g. the clerk's notice)."},
        help_text="E.g. the clerk's notice: “Harris County courthouse closed: water main break”.",
    )


class ClosureFilterForm(forms.Form):
    jurisdiction = forms.ChoiceField(
        label="Court", choices=[("", "All courts"), *JURISDICTION_CHOICES], required=False
    )

    def jurisdiction_or_none(self) -> str | None:
        return (self.cleaned_data.get("jurisdiction") or None) if self.is_valid() else None
