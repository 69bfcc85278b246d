from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from casemgr.params import QueryForm, SaneDateField, clean_text
from cases.models import Matter, Party, PracticeArea, TaskTemplate, TeamMembership
from cases.selectors import DEFAULT_SORT, SORTS, MatterFilters
from clients.models import ConflictCheck, Contact


def contact_matches(
    term: str, limit: int = 10, *, contacts: QuerySet[Contact] | None = None
) -> list[Contact]:
    """Contacts whose name looks like the term (trigram similarity, best first),
    among ``contacts`` (every contact by default)."""
    from django.contrib.postgres.search import TrigramSimilarity
    from django.db.models import Q

    term = clean_text(term).strip()
    if not term:
        return []
    contacts = Contact.objects.all() if contacts is None else contacts
    return list(
        contacts.annotate(similarity=TrigramSimilarity("display_name", term))
        .filter(Q(display_name__trigram_similar=term) | Q(display_name__icontains=term))
        .order_by("-similarity", "sort_name")[:limit]
    )


def _matter_clients(user: Any) -> QuerySet[Contact]:
    # Through the one door: a client whose every matter a wall keeps from the
    # user is not offered, so a screened admin does not learn of it here.
    from django.db.models import Exists, OuterRef

    return Contact.objects.filter(
        Exists(Matter.objects.visible_to(user).filter(client_id=OuterRef("pk")))
    )


# The contacts a picker may offer, by the name its widget carries (the htmx
# endpoint gets the name, never a query): the form's field uses the same
# queryset, so what the search offers is exactly what validation accepts.
PICKER_SCOPES: dict[str, Callable[[Any], QuerySet[Contact]]] = {
    "": lambda user: Contact.objects.all(),
    "organizations": lambda user: Contact.objects.filter(kind=Contact.Kind.ORGANIZATION),
    "clients": _matter_clients,
}


def picker_contacts(scope: str, *, user: Any, exclude: int | None = None) -> QuerySet[Contact]:
    """The contacts a picker of this scope offers the user, less ``exclude``
    (e.g. the contact being edited, which cannot work for itself)."""
    contacts = PICKER_SCOPES[scope](user)
    return contacts.exclude(pk=exclude) if exclude else contacts


class ContactPicker(forms.Widget):
    """Search-then-choose for a contact among hundreds of thousands: a search box
    (htmx fills the results as you type; without JavaScript the form comes back
    with the results) and radio buttons for the matches. Never renders every
    contact as an <option>.

    ``scope`` names the contacts offered (PICKER_SCOPES); the form sets the
    field's queryset to picker_contacts() of the same scope. An optional field
    gets an ``empty_label`` choice, so a choice can be undone."""

    template_name = "cases/widgets/contact_picker.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        scope: str = "",
        noun: str = "contacts",
        empty_label: str = "None",
    ) -> None:
        super().__init__(attrs)
        if scope not in PICKER_SCOPES:
            raise ValueError(f"unknown contact picker scope {scope!r}")
        self.scope = scope
        self.noun = noun
        self.empty_label = empty_label
        self.exclude: int | None = None
        self.contacts: QuerySet[Contact] | None = None  # what may be shown as chosen
        self.query = ""
        self.results: list[Contact] = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        selected = None
        if value not in (None, "") and str(value).isdigit():
            contacts = Contact.objects.all() if self.contacts is None else self.contacts
            selected = contacts.filter(pk=value).first()
        params = {
            "field": name,
            "scope": self.scope,
            "exclude": self.exclude or "",
            "shown": selected.pk if selected else "",  # above the results: not repeated
        }
        search_url = (
            reverse("cases:contact_picker")
            + "?"
            + urlencode({key: value for key, value in params.items() if value})
        )
        create_form = create_url = None
        if self.query and not self.results and self.scope in PICKER_CREATE_KINDS:
            # Nothing found: offer to create the contact right here.
            create_form = PickerContactForm.for_query(self.query, field=name, scope=self.scope)
            create_url = (
                reverse("cases:contact_picker_create")
                + "?"
                + urlencode({"field": name, "scope": self.scope})
            )
        context["widget"].update(
            create_form=create_form,
            create_url=create_url,
            selected=selected,
            results=self.results,
            query=self.query,
            search_url=search_url,
            noun=self.noun,
            empty_label=self.empty_label,
        )
        return context

    def id_for_label(self, id_: str) -> str:
        # The field's label names the search box: it is what one types into.
        return f"{id_}_q" if id_ else id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class ContactPickerMixin:
    """Fills each ContactPicker's results from the '<field>_q' search term,
    searching only the contacts its field accepts."""

    def prepare_pickers(self) -> None:
        # Bound: what was posted. Unbound: the initial values (for_search).
        source = self.data if self.is_bound else self.initial
        for name, field in self.fields.items():
            if isinstance(field.widget, ContactPicker):
                term = str(source.get(f"{name}_q") or "").strip()
                field.widget.contacts = field.queryset
                field.widget.query = term
                field.widget.results = (
                    contact_matches(term, contacts=field.queryset) if term else []
                )

    @classmethod
    def for_search(cls, data: Any, **kwargs: Any) -> Any:
        """The form as typed, with each picker's search results and no
        validation errors yet: what the no-JavaScript "Search" button shows.
        Each value is read by its own widget (a multiple select keeps every
        choice); the search terms come along."""
        initial = {}
        for name, field in cls.base_fields.items():
            value = field.widget.value_from_datadict(data, {}, name)
            if value is not None:
                initial[name] = value
        initial.update({key: data.get(key) for key in data if key.endswith("_q")})
        return cls(initial=initial, **kwargs)


def attorneys() -> Any:
    return User.objects.filter(is_active=True, groups__name="Attorney").order_by("full_name")


class MatterFilterForm(QueryForm):
    q = forms.CharField(required=False, label="Search", widget=forms.TextInput(
        attrs={"type": "search", "placeholder": "Number, title, client or docket"}))  # fmt: skip
    stage = forms.CharField(required=False)
    practice_area = forms.ModelChoiceField(
        PracticeArea.objects.all(), required=False, empty_label="All"
    )
    attorney = forms.ModelChoiceField(User.objects.none(), required=False, empty_label="Anyone")
    mine = forms.BooleanField(required=False, label="Only my matters")
    status = forms.ChoiceField(
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], required=False
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for key in SORTS], required=False, initial=DEFAULT_SORT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attorney"].queryset = attorneys()

    def filters(self) -> MatterFilters:
        if not self.is_valid():
            return MatterFilters()
        data = self.cleaned_data
        return MatterFilters(
            q=data["q"] or "",
            stage=data["stage"] or "",
            practice_area=data["practice_area"].pk if data["practice_area"] else None,
            attorney=data["attorney"].pk if data["attorney"] else None,
            mine=data["mine"],
            status=data["status"] or "open",
            sort=data["sort"] or DEFAULT_SORT,
        )


class MatterOpenForm(ContactPickerMixin, forms.Form):
    title = forms.CharField(max_length=300)
    client = forms.ModelChoiceField(
        Contact.objects.all(),
        widget=ContactPicker,
        help_text="Search by name, then choose the client.",
        error_messages={"required": "Search for the client and choose one of the matches."},
    )
    practice_area = forms.ModelChoiceField(PracticeArea.objects.all())
    responsible_attorney = forms.ModelChoiceField(User.objects.none())
    originating_attorney = forms.ModelChoiceField(User.objects.none(), required=False)
    jurisdiction = forms.ChoiceField(choices=Matter.Jurisdiction.choices)
    court = forms.CharField(max_length=200, required=False)
    docket_number = forms.CharField(max_length=100, required=False)
    judge = forms.CharField(max_length=200, required=False)
    opened_on = SaneDateField(required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="Defaults to today.")  # fmt: skip
    description = forms.CharField(widget=forms.Textarea, required=False)
    conflict_check = forms.ModelChoiceField(
        ConflictCheck.objects.none(),
        required=False,
        help_text="A cleared check recorded on the conflict check page (Clients → Conflict "
        "check). Matters from an intake open from the intake page.",
    )
    override_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label="Or: override reason (firm admins)",
        help_text="Opening without a cleared check is recorded in the audit trail.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_attorney"].queryset = attorneys()
        self.fields["originating_attorney"].queryset = attorneys()
        self.fields["conflict_check"].queryset = ConflictCheck.objects.filter(
            intake__isnull=True, matter__isnull=True, decision__in=list(ConflictCheck.CLEARING)
        ).order_by("-run_at", "-id")
        self.fields["conflict_check"].label_from_instance = _check_label
        self.prepare_pickers()


def _check_label(check: ConflictCheck) -> str:
    names = ", ".join(n["name"] for n in check.names)
    return (
        f"#{check.pk} {names} ({check.get_decision_display().lower()} {check.decided_at:%Y-%m-%d})"
    )


class MatterEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Matter
        fields = ["title", "practice_area", "responsible_attorney", "originating_attorney",
                  "jurisdiction", "court", "docket_number", "judge", "description"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_attorney"].queryset = attorneys()
        self.fields["originating_attorney"].queryset = attorneys()
        self.fields["version"].initial = self.instance.version


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stages = [s for s in matter.practice_area.stages if s != "closed"]
        self.fields["stage"].choices = [(s, s.capitalize()) for s in stages]
        self.fields["stage"].initial = matter.stage
        self.fields["version"].initial = matter.version


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=[c for c in Matter.Outcome.choices if c[0]])
    closed_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PartyForm(ContactPickerMixin, forms.Form):
    contact = forms.ModelChoiceField(
        Contact.objects.all(),
        widget=ContactPicker,
        error_messages={"required": "Search for the contact and choose one of the matches."},
    )
    role = forms.ChoiceField(choices=Party.Role.choices)
    notes = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prepare_pickers()


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(User.objects.none())
    role = forms.ChoiceField(choices=TeamMembership.Role.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("full_name")


# Pickers whose contacts may be created from the picker when the search finds
# nothing, and the kinds each accepts ("clients" lists clients of matters: a new
# contact is nobody's client yet, so it is not offered there).
PICKER_CREATE_KINDS: dict[str, list[str]] = {
    "": [Contact.Kind.PERSON, Contact.Kind.ORGANIZATION],
    "organizations": [Contact.Kind.ORGANIZATION],
}


class PickerContactForm(forms.Form):
    """The small "Create contact" form a ContactPicker offers when its search
    finds nothing. Its fields carry the picker's field name as prefix
    ("<field>_new-last_name"), so they never collide with the outer form's."""

    kind = forms.ChoiceField(label="Kind", choices=Contact.Kind.choices)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    organization_name = forms.CharField(label="Organization name", max_length=200, required=False)
    email = forms.EmailField(label="Email (optional)", required=False)

    def __init__(self, *args: Any, field: str, scope: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"{field}_new")
        super().__init__(*args, **kwargs)
        kinds = PICKER_CREATE_KINDS[scope]
        self.fields["kind"].choices = [c for c in Contact.Kind.choices if c[0] in kinds]
        self.fields["kind"].initial = kinds[0]
        if kinds == [Contact.Kind.ORGANIZATION]:
            for name in ("first_name", "last_name"):
                del self.fields[name]

    @classmethod
    def for_query(cls, query: str, *, field: str, scope: str) -> PickerContactForm:
        """The form filled from what was searched for ("Maria Lopez" → first and
        last name; an organization's whole name)."""
        kinds = PICKER_CREATE_KINDS[scope]
        words = query.split()
        initial: dict[str, str] = {"organization_name": " ".join(words)}
        if kinds[0] == Contact.Kind.PERSON and words:
            initial.update(first_name=" ".join(words[:-1]), last_name=words[-1])
        return cls(initial=initial, field=field, scope=scope)

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {"kind": data["kind"]}
        if data["kind"] == Contact.Kind.PERSON:
            fields.update(first_name=data["first_name"], last_name=data["last_name"])
        else:
            fields["organization_name"] = data["organization_name"]
        return fields

    def display_name(self) -> str:
        data = self.cleaned_data
        if data["kind"] == Contact.Kind.ORGANIZATION:
            return data["organization_name"].strip()
        return " ".join(p for p in (data["first_name"].strip(), data["last_name"].strip()) if p)

    def params(self) -> str:
        """The names htmx sends (hx-params): this form's fields and nothing of
        the outer form (its one-time form token above all)."""
        return ",".join([self[name].html_name for name in self.fields] + [f"{self.prefix}-confirm"])


# --- Firm configuration (firm admins) ------------------------------------------------


class PracticeAreaForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100)
    code = forms.SlugField(
        label="Code",
        max_length=20,
        help_text="Short, letters and digits (e.g. LIT); matter numbers may use it as {practice}.",
    )
    stages = forms.CharField(
        label="Stages, in order",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One stage a line, first to last. A stage matters are at cannot be removed.",
    )

    def clean_stages(self) -> list[str]:
        return [line for line in self.cleaned_data["stages"].splitlines() if line.strip()]

    @classmethod
    def for_area(cls, area: PracticeArea) -> PracticeAreaForm:
        return cls(initial={"name": area.name, "code": area.code, "stages": "\n".join(area.stages)})


class TaskTemplateForm(forms.ModelForm):
    class Meta:
        model = TaskTemplate
        fields = ["title", "notes", "due_after_days", "priority", "assignee_role",
                  "recur_every_days", "is_active", "position"]  # fmt: skip
        labels = {
            "due_after_days": "Due after (days)",
            "assignee_role": "Assign to the team member who is",
            "recur_every_days": "Recur every (days)",
            "is_active": "Active (applied to new matters)",
        }
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "due_after_days": forms.NumberInput(attrs={"min": 0, "max": 3650}),
            "recur_every_days": forms.NumberInput(attrs={"min": 1, "max": 3650}),
            "position": forms.NumberInput(attrs={"min": 0}),
        }

    def clean_due_after_days(self) -> int:
        days = self.cleaned_data["due_after_days"]
        if days is not None and days > 3650:
            raise forms.ValidationError("At most 3650 days (ten years).")
        return days

    def clean_recur_every_days(self) -> int | None:
        days = self.cleaned_data["recur_every_days"]
        if days is not None and days > 3650:
            raise forms.ValidationError("At most 3650 days (ten years).")
        return days

    def _post_clean(self) -> None:
        # Model validation runs in the service (cases.services.task_template_*).
        pass
