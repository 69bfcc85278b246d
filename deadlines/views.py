"""Deadline pages: the matter tab, trigger events, the calendar, the calculator,
the iCal feed and notifications. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from access.views import VIEW_ONLY, VIEW_OR_CHANGE, matter_view, no_matter_data, reads_through_door
from accounts.views.firm import firm_admin_required
from casemgr.form_errors import apply_service_errors as _apply_errors
from cases.views.base import MatterTabMixin
from deadlines import calculator, forms, ical, selectors, services
from deadlines.models import CourtClosure, Deadline, ReminderPreference, TriggerEvent


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The matter's Deadlines tab ------------------------------------------------------


class DeadlinesTabView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_ONLY
    tab = "deadlines"
    template_name = "deadlines/tab.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        deadlines = list(selectors.matter_deadlines(self.matter))
        context.update(
            deadlines=deadlines,
            open_count=sum(1 for d in deadlines if d.is_open),
            events=selectors.matter_trigger_events(self.matter),
            trigger_form=forms.TriggerEventForm(jurisdiction=self.matter.jurisdiction),
            deadline_form=forms.DeadlineForm(),
            today=timezone.localdate(),
        )
        return context


class TriggerEventView(MatterTabMixin, TemplateView):
    """GET: the form; POST: the preview, or with ``confirm`` the chain is created."""

    matter_actions = VIEW_OR_CHANGE

    tab = "deadlines"
    template_name = "deadlines/trigger_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms.TriggerEventForm(jurisdiction=self.matter.jurisdiction))
        context["ruleset"] = services.ruleset_for(self.matter.jurisdiction)[0]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.TriggerEventForm(request.POST, jurisdiction=self.matter.jurisdiction)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        args = {
            "actor": request.user, "matter": self.matter, "event_key": data["event_key"],
            "trigger_date": data["trigger_date"], "service": data["service"],
            "hearing_time": data.get("hearing_time"),
        }  # fmt: skip
        try:
            if "confirm" in request.POST:
                event = services.trigger_event_create(**args)
                hearing = event.deadlines.filter(rule_key=services.HEARING_RULE_KEY).first()
                count = event.deadlines.exclude(rule_key=services.HEARING_RULE_KEY).count()
                messages.success(
                    request,
                    f"Entered “{event.event_name}” and {count} deadlines"
                    + (
                        f", and put “{hearing.title}” on the calendar on "
                        f"{hearing.due_date:%Y-%m-%d} at {hearing.due_time:%H:%M} "
                        f"{hearing.zone_abbreviation}."
                        if hearing
                        else "."
                    ),
                )
                return redirect("deadlines:matter_deadlines", pk=self.matter.pk)
            preview = services.trigger_event_preview(**args)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        confirm = forms.ConfirmTriggerEventForm(data, jurisdiction=self.matter.jurisdiction)
        return render(
            request,
            "deadlines/trigger_preview.html",
            self.get_context_data(preview=preview, confirm_form=confirm),
        )


class TriggerChangeView(MatterTabMixin, TemplateView):
    """Change a trigger event's date: the form, the preview, then the confirmation."""

    matter_actions = VIEW_OR_CHANGE

    tab = "deadlines"
    template_name = "deadlines/trigger_change.html"

    @cached_property
    def event(self) -> TriggerEvent:
        try:
            return TriggerEvent.objects.filter(matter=self.matter).get(pk=self.kwargs["event_pk"])
        except TriggerEvent.DoesNotExist:
            raise Http404("No trigger event found") from None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context.setdefault(
            "form",
            forms.ChangeTriggerDateForm(
                initial={"new_date": self.event.trigger_date, "version": self.event.version}
            ),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.ChangeTriggerDateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        new_date, version = form.cleaned_data["new_date"], form.cleaned_data["version"]
        try:
            if "confirm" in request.POST:
                result = services.trigger_event_change_apply(
                    actor=request.user, event=self.event, new_date=new_date,
                    expected_version=version,
                )  # fmt: skip
                messages.success(
                    request,
                    f"Moved “{self.event.event_name}” to {new_date:%Y-%m-%d}; "
                    f"{sum(1 for m in result.moving if m.days)} deadlines moved.",
                )
                return redirect("deadlines:matter_deadlines", pk=self.matter.pk)
            preview = services.trigger_event_change_preview(
                actor=request.user, event=self.event, new_date=new_date
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview, confirming=True)
        )


@require_POST
@matter_view("change")
def deadline_add(request: HttpRequest, matter: Any) -> HttpResponse:
    form = forms.DeadlineForm(request.POST)
    if form.is_valid():
        try:
            deadline = services.deadline_create(
                actor=request.user, matter=matter, **form.cleaned_data
            )
            messages.success(request, f"Added “{deadline.title}”.")
        except ValidationError as error:
            messages.error(request, _first_error(error))
    else:
        errors = "; ".join(
            f"{form.fields[k].label or k}: {' '.join(v)}" for k, v in form.errors.items()
        )
        messages.error(request, f"The deadline was not added. {errors}")
    return redirect("deadlines:matter_deadlines", pk=matter.pk)


def _deadline_action(
    request: HttpRequest, deadline: Deadline, form_class: type[Form], action: Any
) -> HttpResponse:
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            message = action(deadline, version, data)
            messages.success(request, message)
        except ValidationError as error:
            messages.error(request, _first_error(error))
    else:
        messages.error(request, "Nothing was changed: " + "; ".join(
            " ".join(v) for v in form.errors.values()))  # fmt: skip
    return redirect(reverse("deadlines:matter_deadlines", args=[deadline.matter_id])
                    + f"#deadline-{deadline.pk}")  # fmt: skip


@require_POST
@matter_view("change", model=Deadline, as_name="deadline")
def deadline_complete(request: HttpRequest, deadline: Deadline) -> HttpResponse:
    def act(d: Deadline, version: int, data: dict) -> str:
        services.deadline_complete(actor=request.user, deadline=d, expected_version=version)
        return f"Marked “{d.title}” done."

    return _deadline_action(request, deadline, forms.VersionForm, act)


@require_POST
@matter_view("change", model=Deadline, as_name="deadline")
def deadline_reopen(request: HttpRequest, deadline: Deadline) -> HttpResponse:
    def act(d: Deadline, version: int, data: dict) -> str:
        services.deadline_reopen(actor=request.user, deadline=d, expected_version=version)
        return f"Reopened “{d.title}”."

    return _deadline_action(request, deadline, forms.VersionForm, act)


@require_POST
@matter_view("change", model=Deadline, as_name="deadline")
def deadline_waive(request: HttpRequest, deadline: Deadline) -> HttpResponse:
    def act(d: Deadline, version: int, data: dict) -> str:
        services.deadline_waive(actor=request.user, deadline=d, expected_version=version, **data)
        return f"Waived “{d.title}”."

    return _deadline_action(request, deadline, forms.WaiveForm, act)


@require_POST
@matter_view("change", model=Deadline, as_name="deadline")
def deadline_override(request: HttpRequest, deadline: Deadline) -> HttpResponse:
    def act(d: Deadline, version: int, data: dict) -> str:
        services.deadline_override(actor=request.user, deadline=d, expected_version=version, **data)
        return f"“{d.title}” is now due {data['due_date']:%Y-%m-%d}."

    return _deadline_action(request, deadline, forms.OverrideForm, act)


@require_POST
@matter_view("change", model=Deadline, as_name="deadline")
def deadline_reminders(request: HttpRequest, deadline: Deadline) -> HttpResponse:
    def act(d: Deadline, version: int, data: dict) -> str:
        services.deadline_set_reminders(
            actor=request.user, deadline=d, offsets=data["offsets"], expected_version=version
        )
        return f"Changed the reminders of “{d.title}”."

    return _deadline_action(request, deadline, forms.DeadlineRemindersForm, act)


# --- The calendar -------------------------------------------------------------------


@reads_through_door
class CalendarView(LoginRequiredMixin, TemplateView):
    template_name = "deadlines/calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = forms.CalendarFilterForm(self.request.GET or None)
        form.require_valid()
        today = timezone.localdate()
        values = form.values(today)
        data = selectors.calendar_data(user=self.request.user, **values)
        # What every link of the page keeps: the scope and the matter filter.
        query = {"scope": data.scope}
        if values["matter_id"]:
            query["matter"] = values["matter_id"]
        keep = urlencode(query)
        anchor = f"{data.anchor:%Y-%m-%d}"
        if data.view != "list":
            for cell in data.days:
                cell["chips"] = _chips(cell["items"])
        return super().get_context_data(
            form=form,
            cal=data,
            keep_query=keep,
            view_links=[
                (label, f"?{keep}&view={value}&date={anchor}", value == data.view)
                for value, label in (("month", "Month"), ("week", "Week"), ("list", "List"))
            ],
            earlier_url=f"?{keep}&view={data.view}&date={data.previous:%Y-%m-%d}",
            later_url=f"?{keep}&view={data.view}&date={data.next:%Y-%m-%d}",
            today_url=f"?{keep}&view={data.view}&date={today:%Y-%m-%d}",
            matter_options=_matter_options(data.matters, values["matter_id"]),
            selected_matter=values["matter_id"],
            scopes=form.fields["scope"].choices,
            today=today,
            **kwargs,
        )


_CHIP = (
    '<li class="dl-chip dl-kind-{kind}"><a href="{url}" title="{tip}">{label}</a>'
    ' <span class="muted">{number}</span></li>'
)


def _chips(items: list[selectors.CalendarItem]) -> SafeString:
    """The <li>s of a calendar cell. Built here rather than by a template loop:
    a month view holds a hundred or more of them, and the template engine's
    per-variable cost (lookup, localisation, escaping) was most of the page's
    rendering time."""
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            _CHIP.format(
                kind=escape(i.kind),
                url=escape(i.url),
                tip=escape(i.tip),
                label=escape(i.label),
                number=escape(i.matter_number),
            )
            for i in items
        )
    )


def _matter_options(matters: list[tuple[int, str]], selected: int | None) -> SafeString:
    """The matter filter's <option>s. Built here rather than by a template loop:
    a paralegal can be on a thousand open matters, and the loop alone would cost
    more than the rest of the page."""
    return mark_safe(  # noqa: S308 - the label is escaped, the id is an int
        "".join(
            f'<option value="{pk}"{" selected" if pk == selected else ""}>{escape(label)}</option>'
            for pk, label in matters
        )
    )


# --- The calculator -----------------------------------------------------------------


@no_matter_data("computes dates from rules; reads no matter")
@login_required
@require_GET
def calculator_page(request: HttpRequest) -> HttpResponse:
    form = forms.CalculatorForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            result = calculator.compute(
                data["trigger_date"], data["days"], direction=data["direction"],
                unit=data["unit"], jurisdiction=data["jurisdiction"], service=data["service"],
                extra_closures=services.closures_for(data["jurisdiction"]),
            )  # fmt: skip
        except ValueError as error:
            form.add_error("trigger_date", str(error))
    return render(request, "deadlines/calculator.html", {"form": form, "result": result})


# --- The rules catalogue -------------------------------------------------------------


@no_matter_data("the court rule sets: data files, no matter")
@login_required
@require_GET
def rules_catalogue(request: HttpRequest) -> HttpResponse:
    """What casemgr covers, court by court, before anyone trusts it."""
    return render(
        request, "deadlines/rules_catalogue.html", {"catalogue": selectors.ruleset_catalogue()}
    )


# --- Court closures (firm admins) ----------------------------------------------------

CLOSURES_PAGE_SIZE = 25


@no_matter_data("court closures: firm-wide days a court is closed, no matter data")
@firm_admin_required
def closures(request: HttpRequest) -> HttpResponse:
    """GET: the closures entered, by court, 25 a page, and the form to add one;
    POST: add one. Not a firm admin: 404, like every firm admin page."""
    filter_form = forms.ClosureFilterForm(request.GET or None)
    jurisdiction = filter_form.jurisdiction_or_none()
    if request.method == "POST":
        form = forms.CourtClosureForm(request.POST)
        if form.is_valid():
            try:
                closure = services.court_closure_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{closure.get_jurisdiction_display()} closed on {closure.date:%a %Y-%m-%d} "
                    "is entered: deadlines computed from now on skip that day.",
                )
                return redirect(
                    f"{reverse('deadlines:closures')}?jurisdiction={closure.jurisdiction}"
                )
    else:
        form = forms.CourtClosureForm(initial={"jurisdiction": jurisdiction})
    page = Paginator(selectors.court_closures(jurisdiction=jurisdiction), CLOSURES_PAGE_SIZE)
    return render(
        request,
        "deadlines/closures.html",
        {"form": form, "filter_form": filter_form, "page_obj": page.get_page(request.GET.get("page")),
         "jurisdiction": jurisdiction},
    )  # fmt: skip


@no_matter_data("court closures: firm-wide days a court is closed, no matter data")
@firm_admin_required
@require_POST
def closure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_object_or_404(CourtClosure, pk=pk)
    services.court_closure_delete(actor=request.user, closure=closure)
    messages.success(
        request,
        f"Removed the closure of {closure.get_jurisdiction_display()} on "
        f"{closure.date:%a %Y-%m-%d}. Deadlines computed from now on count that day.",
    )
    return redirect(f"{reverse('deadlines:closures')}?jurisdiction={closure.jurisdiction}")


# --- iCal feed ----------------------------------------------------------------------


@reads_through_door
@require_GET
@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session needed: the secret token is the credential. Unknown or revoked → 404."""
    user = services.calendar_feed_user(token)
    if user is None:
        raise Http404("No such feed")
    response = HttpResponse(ical.render_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="casemgr-deadlines.ics"'
    return response


@no_matter_data("the signed-in user's own feed link")
@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(actor=request.user)
            messages.success(request, "The feed address no longer works.")
            return redirect("deadlines:feed_settings")
        token = services.calendar_feed_regenerate(actor=request.user)
        new_url = request.build_absolute_uri(reverse("deadlines:feed", args=[token]))
    has_feed = hasattr(request.user, "calendar_feed") and request.user.calendar_feed is not None
    return render(
        request, "deadlines/feed_settings.html", {"new_url": new_url, "has_feed": has_feed}
    )


# --- Reminders and notifications -----------------------------------------------------


@no_matter_data("the signed-in user's own reminder preferences")
@login_required
def reminder_settings(request: HttpRequest) -> HttpResponse:
    pref = ReminderPreference.objects.filter(user=request.user).first() or ReminderPreference(
        user=request.user
    )
    if request.method == "POST":
        form = forms.ReminderPreferenceForm(request.POST)
        if form.is_valid():
            services.reminder_preference_update(actor=request.user, **form.cleaned_data)
            messages.success(request, "Reminder settings saved.")
            return redirect("deadlines:reminder_settings")
    else:
        form = forms.ReminderPreferenceForm(
            initial={"offsets": ", ".join(map(str, pref.offsets)), "email": pref.email,
                     "daily_digest": pref.daily_digest}
        )  # fmt: skip
    return render(request, "deadlines/reminder_settings.html", {"form": form})


@reads_through_door
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(actor=request.user)
        return redirect("deadlines:notifications")
    items = list(selectors.notifications_for(request.user).select_related("deadline")[:100])
    return render(request, "deadlines/notifications.html", {"notifications": items})
