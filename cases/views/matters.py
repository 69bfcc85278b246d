"""Matter pages: the list, opening a matter, and the overview/parties/team/activity tabs."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from access.kernel import require
from access.views import VIEW_ONLY, VIEW_OR_CHANGE, matter_view, no_matter_data, reads_through_door
from accounts.models import User
from casemgr import ratelimit
from casemgr.form_errors import apply_service_errors as _apply_errors
from casemgr.pagination import BoundedPaginator
from casemgr.params import IdField, TextField, page_number, parse
from cases import selectors, services
from cases.forms import (
    PICKER_CREATE_KINDS,
    PICKER_SCOPES,
    CloseForm,
    MatterEditForm,
    MatterFilterForm,
    MatterOpenForm,
    PartyForm,
    PickerContactForm,
    StageForm,
    TeamMemberForm,
    contact_matches,
    picker_contacts,
)
from cases.models import Matter, Party, PracticeArea
from cases.overview import matter_overview
from cases.views.base import MatterTabMixin
from clients import selectors as contact_selectors
from clients import services as contact_services
from clients.conflicts import report_for as conflict_report_for
from clients.models import ConflictCheck

PAGE_SIZE = 50
FIELD_NAME = re.compile(r"[\w-]{1,100}")


COUNT_BOUND = 2000  # matters counted exactly on the list (40 pages)


@reads_through_door
class MatterListView(LoginRequiredMixin, TemplateView):
    template_name = "cases/matter_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = MatterFilterForm(self.request.GET or None)
        form.require_valid()
        filters = form.filters()
        if filters.q:
            ratelimit.check(self.request, "search")
        matters = selectors.matter_list_rows(user=self.request.user, filters=filters)
        number = page_number(self.request)
        page = BoundedPaginator(matters, PAGE_SIZE, page=number, bound=COUNT_BOUND).get_page(number)
        # The attorney filter lists every attorney (hundreds at a large firm): its
        # options are joined in Python, not looped over option by option in the
        # template (or worse, through the form renderer's widget templates), which
        # cost more than the rest of the page at 350 attorneys.
        attorney_options = mark_safe(  # noqa: S308 -- every value is escaped here
            "".join(
                f'<option value="{pk}"{" selected" if pk == filters.attorney else ""}>'
                f"{escape(name or email)}</option>"
                for pk, name, email in form.fields["attorney"].queryset.values_list(
                    "pk", "full_name", "email"
                )
            )
        )
        columns = [("number", "Number"), ("title", "Title"), ("client", "Client"),
                   ("stage", "Stage"), ("opened", "Opened")]  # fmt: skip
        sort_links = [
            {
                "label": label,
                "sort": f"-{key}" if filters.sort == key else key,
                "current": filters.sort.lstrip("-") == key,
                "descending": filters.sort == f"-{key}",
            }
            for key, label in columns
        ]
        stages = sorted(
            {s for row in PracticeArea.objects.values_list("stages", flat=True) for s in row}
        )
        return super().get_context_data(
            sort_links=sort_links,
            stages=stages,
            form=form,
            filters=filters,
            page_obj=page,
            matters=page.object_list,
            attorney_options=attorney_options,
            filtered=any(
                k in self.request.GET for k in ("q", "stage", "practice_area", "attorney", "mine")
            ),
            **kwargs,
        )


def _picker_search_form(form_class: type[Form], request: HttpRequest, **kwargs: Any) -> Form:
    """The form as typed, with contact search results and no validation errors yet:
    what the no-JavaScript "Search" button shows."""
    form = form_class(initial=request.POST.dict(), **kwargs)
    field = request.POST.get("_search", "")
    if field in form.fields:
        form.fields[field].widget.results = contact_matches(request.POST.get(f"{field}_q", ""))
    return form


@no_matter_data("opens a new matter: services.matter_open checks cases.add_matter")
@login_required
def matter_open(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("cases.add_matter"):
        raise PermissionDenied("You may not open matters.")
    if request.method == "POST" and "_search" in request.POST:
        form = _picker_search_form(MatterOpenForm, request)
    elif request.method == "POST":
        form = MatterOpenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                matter = services.matter_open(
                    actor=user,
                    title=data["title"],
                    client=data["client"],
                    practice_area=data["practice_area"],
                    responsible_attorney=data["responsible_attorney"],
                    originating_attorney=data["originating_attorney"],
                    opened_on=data["opened_on"],
                    jurisdiction=data["jurisdiction"],
                    court=data["court"],
                    docket_number=data["docket_number"],
                    judge=data["judge"],
                    description=data["description"],
                    conflict_check=data["conflict_check"],
                    override_reason=data["override_reason"],
                )
            except PermissionDenied as denied:
                form.add_error("override_reason", str(denied))
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"Opened {matter.number} {matter.title}.")
                return redirect("cases:matter_detail", pk=matter.pk)
    else:
        form = MatterOpenForm()
    return render(request, "cases/matter_open.html", {"form": form})


@no_matter_data("searches contacts, which are firm-wide records")
@login_required
@require_GET
def contact_picker(request: HttpRequest) -> HttpResponse:
    """The matches for a ContactPicker's search box, among the contacts its
    scope offers this user (cases.forms.PICKER_SCOPES). The chosen contact the
    widget shows above its results is not repeated; a match checked from an
    earlier search stays, checked, on top."""
    params = parse(
        request,
        field=forms.RegexField(r"^[A-Za-z0-9_-]{1,100}$", required=False),
        scope=TextField(),
        exclude=IdField(),
        shown=IdField(),
    )
    field = params["field"] or "client"
    scope = params["scope"]
    if scope not in PICKER_SCOPES:
        raise Http404("No such contact picker")
    picked = parse(request, **{field: IdField(), f"{field}_q": TextField()})
    checked, query = picked[field], picked[f"{field}_q"]
    contacts = picker_contacts(scope, user=request.user, exclude=params["exclude"])
    if params["shown"]:
        contacts = contacts.exclude(pk=params["shown"])
    kept = contacts.filter(pk=checked).first() if checked else None
    if kept is not None:
        contacts = contacts.exclude(pk=kept.pk)
    results = contact_matches(query, contacts=contacts)
    context = {"field": field, "results": results, "query": query, "checked": kept}
    offer_create = query.strip() and not results and scope in PICKER_CREATE_KINDS
    if offer_create and contact_selectors.can_add_contacts(request.user):
        context.update(
            create_form=PickerContactForm.for_query(query, field=field, scope=scope),
            create_url=picker_create_url(field, scope),
        )
    return render(request, "cases/partials/contact_picker_results.html", context)


def picker_create_url(field: str, scope: str) -> str:
    return (
        reverse("cases:contact_picker_create") + "?" + urlencode({"field": field, "scope": scope})
    )


@no_matter_data("creates a contact, a firm-wide record, from a contact picker")
@login_required
@require_POST
def contact_picker_create(request: HttpRequest) -> HttpResponse:
    """The picker's "Create contact" form (htmx): creates the contact through
    clients.services after the near-duplicate check, and answers with the
    picker's results holding the new contact, chosen. Likely duplicates are
    shown first, to choose instead or to confirm ("Create anyway")."""
    field = request.GET.get("field", "")
    scope = request.GET.get("scope", "")
    if scope not in PICKER_CREATE_KINDS or not FIELD_NAME.fullmatch(field):
        raise Http404("No such contact picker")
    form = PickerContactForm(request.POST, field=field, scope=scope)
    context: dict[str, Any] = {
        "field": field,
        "results": [],
        "create_form": form,
        "create_url": picker_create_url(field, scope),
    }
    if not contact_selectors.can_add_contacts(request.user):
        context["create_error"] = "You may not add contacts; ask someone who may."
        return render(request, "cases/partials/contact_picker_results.html", context)
    if form.is_valid():
        confirmed = {
            int(p) for p in request.POST.get(f"{form.prefix}-confirm", "").split(",") if p.isdigit()
        }
        email = form.cleaned_data["email"]
        try:
            # The near-duplicate gate is the service's (clients.services), as on
            # the contact form and in the API.
            contact = contact_services.contact_create(
                actor=request.user,
                emails=[{"email": email, "label": "work", "is_primary": True}] if email else [],
                duplicates_ok=confirmed,
                **form.service_fields(),
            )
        except contact_services.PossibleDuplicates as exc:
            found = exc.duplicates
            context.update(duplicates=found, duplicate_ids=",".join(str(d.pk) for d in found))
            return render(request, "cases/partials/contact_picker_results.html", context)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            context["create_error"] = "You may not add contacts; ask someone who may."
        else:
            context.update(checked=contact, create_form=None, created=True)
    return render(request, "cases/partials/contact_picker_results.html", context)


class MatterOverviewView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_ONLY
    tab = "overview"
    template_name = "cases/tabs/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["overview"] = matter_overview(self.matter, today=timezone.localdate())
        check = (
            ConflictCheck.objects.select_related("decided_by").filter(matter=self.matter).first()
        )
        if check is not None:  # the check that cleared the opening, as this reader may see it
            context["conflict_check"] = check
            context["report"] = conflict_report_for(self.request.user, check.report)
        if self.can_change:
            context["stage_form"] = StageForm(matter=self.matter)
            context["close_form"] = CloseForm(initial={"version": self.matter.version})
        return context


@matter_view("change")
def matter_edit(request: HttpRequest, matter: Matter) -> HttpResponse:
    if request.method == "POST":
        form = MatterEditForm(request.POST, instance=Matter.objects.get(pk=matter.pk))
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in MatterEditForm.Meta.fields}
            try:
                matter = services.matter_update(
                    actor=request.user, matter=matter,
                    expected_version=form.cleaned_data["version"], **changes,
                )  # fmt: skip
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect("cases:matter_detail", pk=matter.pk)
    else:
        form = MatterEditForm(instance=matter)
    return render(request, "cases/matter_edit.html", {"form": form, "matter": matter})


def _version_from(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise ValidationError("The form was missing its version; reload the page.") from None


@require_POST
@matter_view("change")
def matter_stage(request: HttpRequest, matter: Matter) -> HttpResponse:
    try:
        services.matter_change_stage(
            actor=request.user, matter=matter, stage=request.POST.get("stage", ""),
            expected_version=_version_from(request),
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Moved to {request.POST.get('stage')}.")
    return redirect("cases:matter_detail", pk=matter.pk)


@require_POST
@matter_view("change")
def matter_close(request: HttpRequest, matter: Matter) -> HttpResponse:
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how the matter ended before closing it.")
        return redirect("cases:matter_detail", pk=matter.pk)
    try:
        services.matter_close(
            actor=request.user, matter=matter, expected_version=form.cleaned_data["version"],
            outcome=form.cleaned_data["outcome"], closed_on=form.cleaned_data["closed_on"],
            notes=form.cleaned_data["notes"],
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Closed {matter.number}.")
    return redirect("cases:matter_detail", pk=matter.pk)


@require_POST
@matter_view("change")
def matter_reopen(request: HttpRequest, matter: Matter) -> HttpResponse:
    try:
        services.matter_reopen(
            actor=request.user, matter=matter, expected_version=_version_from(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Reopened {matter.number}.")
    return redirect("cases:matter_detail", pk=matter.pk)


class MatterPartiesView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_OR_CHANGE
    tab = "parties"
    template_name = "cases/tabs/parties.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["parties"] = selectors.matter_parties(self.matter)
        context.setdefault("party_form", PartyForm() if self.can_change else None)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        if "_search" in request.POST:
            return self.render_to_response(
                self.get_context_data(party_form=_picker_search_form(PartyForm, request))
            )
        form = PartyForm(request.POST)
        if form.is_valid():
            try:
                party = services.party_add(
                    actor=request.user, matter=self.matter, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"Added {party.contact} as {party.get_role_display()}.")
                return redirect("cases:matter_parties", pk=self.matter.pk)
        return self.render_to_response(self.get_context_data(party_form=form))


@require_POST
@matter_view("change")
def party_remove(request: HttpRequest, matter: Matter, party_pk: int) -> HttpResponse:
    party = get_object_or_404(
        Party.objects.select_related("contact", "matter"), pk=party_pk, matter=matter
    )
    try:
        services.party_remove(actor=request.user, party=party)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Removed {party.contact}.")
    return redirect("cases:matter_parties", pk=matter.pk)


class MatterTeamView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_OR_CHANGE
    tab = "team"
    template_name = "cases/tabs/team.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["team"] = selectors.matter_team(self.matter)
        context.setdefault("team_form", TeamMemberForm() if self.can_change else None)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        form = TeamMemberForm(request.POST)
        if form.is_valid():
            try:
                change = services.team_member_add(
                    actor=request.user, matter=self.matter, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, change.message)
                return redirect("cases:matter_team", pk=self.matter.pk)
        return self.render_to_response(self.get_context_data(team_form=form))


@require_POST
@matter_view("change")
def team_member_remove(request: HttpRequest, matter: Matter, user_pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=user_pk, memberships__matter=matter)
    try:
        services.team_member_remove(actor=request.user, matter=matter, user=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member} left the team.")
    return redirect("cases:matter_team", pk=matter.pk)


class MatterActivityView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_ONLY
    tab = "activity"
    template_name = "cases/tabs/activity.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.matter_activity(self.matter), 50).get_page(
            page_number(self.request)
        )
        context.update(page_obj=page, events=page.object_list)
        return context
