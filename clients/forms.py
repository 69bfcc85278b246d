"""The contact form: the contact's fields plus its emails, phones, aliases and
addresses as formsets. Forms only parse and check input; clients.services writes."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from accounts.models import User
from casemgr.params import QueryForm, SaneDateField
from cases.forms import ContactPicker, ContactPickerMixin, attorneys, picker_contacts
from cases.models import Matter, Party, PracticeArea
from clients.models import (
    ConflictCheck,
    Contact,
    ContactAddress,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    Intake,
    NameCapacity,
)
from clients.selectors import SORTS, digits_of

NAME_FIELDS = ("kind", "first_name", "last_name", "organization_name")


class ContactFilterForm(QueryForm):
    q = forms.CharField(
        required=False,
        label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, alias, email or phone"}
        ),
    )
    client_status = forms.ChoiceField(
        required=False,
        label="Client status",
        choices=[
            ("", "Any"),
            *[c for c in Contact.ClientStatus.choices if c[0]],
            ("none", "Not a client"),
        ],
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "People and organizations"), *Contact.Kind.choices]
    )
    role = forms.ChoiceField(
        required=False,
        label="Role in a matter",
        choices=[("", "Any role"), *Party.Role.choices],
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[("name", "Name A–Z"), ("-name", "Name Z–A"), ("recent", "Recently added")],
    )

    def clean_sort(self) -> str:
        sort = self.cleaned_data.get("sort") or "name"
        return sort if sort in SORTS else "name"


class ContactForm(ContactPickerMixin, forms.ModelForm):
    # A picker, never a <select>: a large firm has tens of thousands of organizations.
    organization = forms.ModelChoiceField(
        Contact.objects.none(),
        required=False,
        label="Works for",
        widget=ContactPicker(
            scope="organizations", noun="organizations", empty_label="No organization"
        ),
        help_text="People only: search by name, then choose the organization.",
        error_messages={
            "invalid_choice": "Choose an organization from the matches (a person, or this "
            "contact itself, cannot be chosen)."
        },
    )

    class Meta:
        model = Contact
        fields = [
            "kind", "first_name", "last_name", "organization_name", "organization",
            "job_title", "client_status", "notes",
        ]  # fmt: skip
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
        labels = {"organization_name": "Organization name"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Never the contact itself (contacts are firm-wide: no user scope).
        field = self.fields["organization"]
        field.queryset = picker_contacts("organizations", user=None, exclude=self.instance.pk)
        field.widget.exclude = self.instance.pk
        self.prepare_pickers()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == Contact.Kind.PERSON:
            if not (data.get("last_name") or "").strip() and "last_name" not in self.errors:
                self.add_error("last_name", "A person needs a last name.")
            searched = (self.data.get("organization_q") or "").strip()
            if searched and not data.get("organization") and "organization" not in self.errors:
                # A search typed but no match chosen is not silently dropped.
                self.add_error(
                    "organization",
                    f"Choose one of the matches for “{searched}”, or empty the search box "
                    "to save without an organization.",
                )
            data["organization_name"] = ""
        elif kind == Contact.Kind.ORGANIZATION:
            if not (data.get("organization_name") or "").strip():
                self.add_error("organization_name", "An organization needs its name.")
            data["first_name"] = data["last_name"] = ""
            data["organization"] = None
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service (with the same messages); the
        # database constraint would otherwise add a second, vaguer one here.
        pass

    def display_name(self) -> str:
        data = self.cleaned_data
        if data.get("kind") == Contact.Kind.ORGANIZATION:
            return data.get("organization_name", "").strip()
        return " ".join(
            p for p in (data.get("first_name", "").strip(), data.get("last_name", "").strip()) if p
        )

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def name_changed(self, contact: Contact) -> bool:
        return any(self.cleaned_data.get(f, "") != getattr(contact, f) for f in NAME_FIELDS)


class EmailForm(forms.ModelForm):
    class Meta:
        model = ContactEmail
        fields = ["email", "label", "is_primary"]
        labels = {"is_primary": "Primary"}


class PhoneForm(forms.ModelForm):
    class Meta:
        model = ContactPhone
        fields = ["number", "label", "is_primary"]
        labels = {"is_primary": "Primary"}

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if not digits_of(number):
            raise forms.ValidationError("A phone number needs digits.")
        return number


class AliasForm(forms.ModelForm):
    class Meta:
        model = ContactAlias
        fields = ["name", "kind"]
        labels = {"name": "Other name"}


class AddressForm(forms.ModelForm):
    class Meta:
        model = ContactAddress
        fields = ["label", "street", "city", "region", "postal_code", "country"]

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError("Use the two-letter country code, e.g. US.")
        return country


class DetailFormSet(BaseInlineFormSet):
    """A formset that never saves itself: rows() hands the wanted set to the service."""

    main_field = ""

    def rows(self) -> list[dict[str, Any]]:
        wanted = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get(self.main_field):
                continue
            row = {k: v for k, v in data.items() if k in form._meta.fields}
            if form.instance.pk:
                row["id"] = form.instance.pk
            wanted.append(row)
        return wanted

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            value = str(data.get(self.main_field) or "").strip().lower()
            if not value or data.get("DELETE"):
                continue
            if value in seen:
                form.add_error(self.main_field, "This is listed twice.")
            seen.add(value)


# Rows of each detail form set: more than any contact has, and few enough that the
# four form sets stay within DATA_UPLOAD_MAX_NUMBER_FIELDS. A post claiming more
# (TOTAL_FORMS=2000) is refused with a message before thousands of forms are built.
MAX_DETAIL_ROWS = 25


def _formset(model: type, form: type, main: str) -> type[DetailFormSet]:
    cls = inlineformset_factory(
        Contact, model, form=form, formset=DetailFormSet, extra=1, can_delete=True,
        max_num=MAX_DETAIL_ROWS, absolute_max=MAX_DETAIL_ROWS, validate_max=True,
    )  # fmt: skip
    cls.main_field = main
    return cls


EmailFormSet = _formset(ContactEmail, EmailForm, "email")
PhoneFormSet = _formset(ContactPhone, PhoneForm, "number")
AliasFormSet = _formset(ContactAlias, AliasForm, "name")
AddressFormSet = _formset(ContactAddress, AddressForm, "street")


class ContactFormsets:
    """The four detail formsets of one contact, validated and read together."""

    SPEC = (
        ("emails", EmailFormSet, "Email addresses"),
        ("phones", PhoneFormSet, "Phone numbers"),
        ("aliases", AliasFormSet, "Other names (aliases, former names, d/b/a)"),
        ("addresses", AddressFormSet, "Addresses"),
    )

    def __init__(self, data: Any = None, *, instance: Contact) -> None:
        self.formsets = {
            prefix: cls(data, instance=instance, prefix=prefix) for prefix, cls, _ in self.SPEC
        }
        self.titles = {prefix: title for prefix, _, title in self.SPEC}

    def __iter__(self):
        for prefix, formset in self.formsets.items():
            yield self.titles[prefix], formset

    def __getitem__(self, prefix: str) -> DetailFormSet:
        return self.formsets[prefix]

    def is_valid(self) -> bool:
        # Every formset is validated (not all() short-circuiting) so all errors show.
        results = [fs.is_valid() for fs in self.formsets.values()]
        return all(results)

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        return {prefix: fs.rows() for prefix, fs in self.formsets.items()}

    def add_error(self, prefix: str, message: str) -> None:
        self.formsets[prefix]._non_form_errors.append(message)


# --- Intake ---------------------------------------------------------------------

# The interview's name lists: one a line, "Name | relation" where it helps.
NAME_LIST_FIELDS = (
    ("aliases", NameCapacity.PROSPECT, "Other names of the prospect"),
    ("related", NameCapacity.RELATED, "Related entities (parent companies, officers)"),
    ("adverse", NameCapacity.ADVERSE, "Adverse parties"),
    ("adverse_counsel", NameCapacity.ADVERSE_COUNSEL, "Their counsel"),
)
MAX_NAME_LINES = 40


class IntakeForm(forms.ModelForm):
    """The guided interview. Names are one a line ("Name | relation")."""

    aliases = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    related = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    adverse = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    adverse_counsel = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    jurisdiction = forms.ChoiceField(
        choices=[("", "—"), *Matter.Jurisdiction.choices], required=False
    )

    class Meta:
        model = Intake
        fields = [
            "prospect_kind", "prospect_first_name", "prospect_last_name",
            "prospect_organization_name", "prospect_email", "prospect_phone",
            "summary", "incident_date", "limitation_date", "limitation_basis",
            "forum", "jurisdiction", "urgency", "referral_source", "interview_notes",
            "practice_area", "responsible_attorney",
        ]  # fmt: skip
        widgets = {
            "incident_date": forms.DateInput(attrs={"type": "date"}),
            "limitation_date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "interview_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "limitation_date": "The rule sets know no limitation periods yet: compute it from "
            "the statute and cite it below.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_attorney"].queryset = attorneys()
        for field, _capacity, label in NAME_LIST_FIELDS:
            self.fields[field].label = label
            self.fields[field].help_text = "One a line; add “| relation” (e.g. “| CEO”)."
            if self.instance.pk and not self.is_bound:
                self.initial[field] = "\n".join(
                    f"{n.name} | {n.relation}" if n.relation else n.name
                    for n in self.instance.names.all()
                    if n.capacity == _capacity
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("limitation_date") and not (data.get("limitation_basis") or "").strip():
            self.add_error("limitation_basis", "Cite the statute that sets the limitation period.")
        for field, _capacity, _label in NAME_LIST_FIELDS:
            text = (data.get(field) or "").replace("\x00", "")
            lines = [ln for ln in text.splitlines() if ln.strip()]
            if len(lines) > MAX_NAME_LINES:
                self.add_error(field, f"At most {MAX_NAME_LINES} names.")
            for ln in lines:
                if len(ln.split("|", 1)[0].strip()) > 200:
                    self.add_error(field, "A name is at most 200 characters.")
                    break
        return data

    def names(self) -> list[dict[str, str]]:
        rows = []
        org_kind = self.cleaned_data.get("prospect_kind")
        for field, capacity, _label in NAME_LIST_FIELDS:
            for line in (self.cleaned_data.get(field) or "").splitlines():
                name, _, relation = line.partition("|")
                if name.strip():
                    rows.append({
                        "capacity": capacity, "name": name.strip(), "relation": relation.strip(),
                        "kind": org_kind if capacity == NameCapacity.PROSPECT else "person",
                    })  # fmt: skip
        return rows

    def service_fields(self) -> dict[str, Any]:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[c for c in ConflictCheck.Decision.choices if c[0]], widget=forms.RadioSelect
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    waiver = forms.FileField(required=False, help_text="The signed waiver, as a PDF.")


class OpenMatterForm(forms.Form):
    title = forms.CharField(max_length=300)
    practice_area = forms.ModelChoiceField(PracticeArea.objects.all())
    responsible_attorney = forms.ModelChoiceField(User.objects.none())
    override_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000,
        label="Override reason (firm admins, only without a cleared check)",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_attorney"].queryset = attorneys()


# --- The online intake form (prospective clients, not signed in) --------------------

# What one sending may hold: generous for a first account of what happened, far
# below what would let the form be used to store or relay bulk text.
ONLINE_MAX_SUMMARY = 5000
ONLINE_MAX_TOTAL = 12000
ONLINE_MAX_BODY = 64 * 1024  # bytes of the whole form post
ONLINE_MAX_NAMES = 10
# Markup or script in a field: a tag opening, a script URL, an inline handler or an
# encoded angle bracket. Plain text with "<" in it ("< 2 years") passes.
MARKUP = re.compile(
    r"<\s*/?\s*[a-z!?]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html|\bon[a-z]+\s*=|&#|&lt;|&gt;",
    re.IGNORECASE,
)
PLAIN_TEXT_ONLY = (
    "Please write plain text only: this field contains HTML or script "
    "(such as “<script>” or “<a href=…>”), which the form does not accept."
)


def refuse_markup(value: str) -> None:
    if value and MARKUP.search(value):
        raise forms.ValidationError(PLAIN_TEXT_ONLY, code="markup")


class OnlineIntakeForm(forms.Form):
    """The first part of the interview, as a prospective client gives it."""

    prospect_kind = forms.ChoiceField(
        label="I am writing for", choices=[("person", "Myself"), ("organization", "An organization")],
        widget=forms.RadioSelect, initial="person",
    )  # fmt: skip
    prospect_first_name = forms.CharField(label="First name", max_length=100, required=False)
    prospect_last_name = forms.CharField(label="Last name", max_length=100, required=False)
    prospect_organization_name = forms.CharField(
        label="Organization name", max_length=200, required=False
    )
    prospect_email = forms.EmailField(label="Email", max_length=254)
    prospect_phone = forms.CharField(label="Phone", max_length=40, required=False)
    summary = forms.CharField(
        label="What happened", max_length=ONLINE_MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"In your own words; at most {ONLINE_MAX_SUMMARY:,} characters.",
    )  # fmt: skip
    incident_date = SaneDateField(
        label="When did it happen?", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    key_dates = forms.CharField(
        label="Other important dates", max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. a letter received, a hearing date, a deadline you were given.",
    )  # fmt: skip
    adverse = forms.CharField(
        label="The other side", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"The people or companies on the other side, one a line (at most {ONLINE_MAX_NAMES}).",
    )  # fmt: skip
    adverse_counsel = forms.CharField(
        label="Their lawyers, if you know", max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    referral_source = forms.CharField(
        label="How did you hear of us?", max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        total = sum(len(v) for v in self.data.values() if isinstance(v, str))
        if total > ONLINE_MAX_TOTAL:
            raise forms.ValidationError(
                f"The form is too long ({total:,} characters; at most {ONLINE_MAX_TOTAL:,} in all). "
                "Please shorten what you wrote; we will ask for the details."
            )
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    refuse_markup(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if data.get("prospect_kind") == "organization":
            name = "prospect_organization_name"
            if not (data.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, "Give the organization's name.")
        elif not (data.get("prospect_last_name") or "").strip() and (
            "prospect_last_name" not in self.errors
        ):
            self.add_error("prospect_last_name", "Give your last name.")
        for field in ("adverse", "adverse_counsel"):
            lines = [ln for ln in (data.get(field) or "").splitlines() if ln.strip()]
            if len(lines) > ONLINE_MAX_NAMES:
                self.add_error(field, f"At most {ONLINE_MAX_NAMES} names, one a line.")
            elif any(len(ln.strip()) > 200 for ln in lines):
                self.add_error(field, "A name is at most 200 characters.")
        return data

    def names(self) -> list[dict[str, str]]:
        rows = []
        for field, capacity in (
            ("adverse", NameCapacity.ADVERSE),
            ("adverse_counsel", NameCapacity.ADVERSE_COUNSEL),
        ):
            seen: set[str] = set()
            for line in (self.cleaned_data.get(field) or "").splitlines():
                name = " ".join(line.split())
                if name and name.lower() not in seen:
                    seen.add(name.lower())
                    rows.append({"capacity": capacity, "name": name, "kind": "person"})
        return rows

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data.get(name) or ("" if name != "incident_date" else None)
            for name in (
                "prospect_kind", "prospect_first_name", "prospect_last_name",
                "prospect_organization_name", "prospect_email", "prospect_phone", "summary",
                "incident_date", "referral_source",
            )
        }  # fmt: skip
        key_dates = (data.get("key_dates") or "").strip()
        fields["interview_notes"] = (
            f"Other important dates, as given on the online form:\n{key_dates}" if key_dates else ""
        )
        return fields
