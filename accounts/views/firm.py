"""The firm admin pages under /firm/: users, settings, matter access, ethical
walls and the audit log. Not a firm admin: every page is a 404, as if the area
did not exist (auditors may read the audit log)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from access.kernel import matter_for
from access.models import EthicalWall
from access.roles import ROLE_DESCRIPTIONS, Role
from accounts import selectors, services
from accounts.filters import AuditEventFilter
from accounts.forms import (
    FirmSettingsForm,
    GrantGroupForm,
    GrantUserForm,
    InviteForm,
    MatterLookupForm,
    RoleForm,
    UserSearchForm,
    WallForm,
)
from accounts.models import User
from casemgr import ratelimit
from casemgr.csv_export import csv_response
from casemgr.models import FirmSettings
from casemgr.params import InvalidParameters, page_number, parse
from cases.models import Matter

PAGE_SIZE = 25
View = Callable[..., HttpResponse]


def firm_admin_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_firm_admin:
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapped


def audit_reader_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.can_read_audit(request.user):
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(items, size).get_page(page_number(request))


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# --- Home ----------------------------------------------------------------------------


@firm_admin_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "active_users": User.objects.filter(is_active=True).count(),
        "active_walls": EthicalWall.objects.restrict(request.user).active().count(),
        "firm": FirmSettings.load(),
        "lookup_form": MatterLookupForm(),
    }
    return render(request, "accounts/firm/home.html", context)


# --- Users -------------------------------------------------------------------------------


@firm_admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    search = role = active = ""
    if form.is_valid():
        search = form.cleaned_data["q"].strip()
        role = form.cleaned_data["role"]
        active = form.cleaned_data["active"]
    page = _page(request, selectors.user_list(search=search, role=role, active=active))
    return render(request, "accounts/firm/user_list.html", {"form": form, "page_obj": page})


@firm_admin_required
@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=Role(form.cleaned_data["role"]),
                base_url=request.build_absolute_uri("/"),
                admin_confirmed=form.cleaned_data["confirm_admin"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Invitation sent to {user.email} ({user.role_names[0]}).")
            return redirect("firm:user_detail", pk=user.pk)
    role_descriptions = [(role.value, text) for role, text in ROLE_DESCRIPTIONS.items()]
    return render(
        request,
        "accounts/firm/user_invite.html",
        {"form": form, "role_descriptions": role_descriptions},
    )


@firm_admin_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.user_list(), pk=pk)
    context = {
        "person": person,
        "role_form": RoleForm(initial={"role": (person.role_names or [""])[0]}),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "accounts/firm/user_detail.html", context)


def _user_action(request: HttpRequest, pk: int, action: Callable[[User], str]) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    try:
        messages.success(request, action(person))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("firm:user_detail", pk=person.pk)


@firm_admin_required
@require_POST
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    form = RoleForm(request.POST)

    def change(person: User) -> str:
        if not form.is_valid():
            raise ValidationError("Choose a role.")
        role = Role(form.cleaned_data["role"])
        services.user_change_role(actor=request.user, user=person, role=role)
        return f"{person} is now {role.value}."

    return _user_action(request, pk, change)


@firm_admin_required
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"

    def toggle(person: User) -> str:
        services.user_set_active(actor=request.user, user=person, active=active)
        return f"{person} is {'reactivated' if active else 'deactivated'}."

    return _user_action(request, pk, toggle)


@firm_admin_required
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    def reset(person: User) -> str:
        count = services.user_reset_two_factor(actor=request.user, user=person)
        return f"Removed {count} two-factor device(s) of {person}; they enroll at next sign-in."

    return _user_action(request, pk, reset)


@firm_admin_required
@require_POST
def user_password_link(request: HttpRequest, pk: int) -> HttpResponse:
    def send(person: User) -> str:
        services.user_send_password_link(
            actor=request.user, user=person, base_url=request.build_absolute_uri("/")
        )
        return f"A link to set a password is on its way to {person.email}."

    return _user_action(request, pk, send)


@firm_admin_required
def user_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    page = _page(request, selectors.user_access(user=person, viewer=request.user), 50)
    return render(
        request,
        "accounts/firm/user_access.html",
        {"person": person, "page_obj": page, "is_admin": person.is_firm_admin},
    )


# --- Firm settings ----------------------------------------------------------------------------


@firm_admin_required
@require_http_methods(["GET", "POST"])
def firm_settings(request: HttpRequest) -> HttpResponse:
    form = FirmSettingsForm(request.POST or None, instance=FirmSettings.load())
    if request.method == "POST" and form.is_valid():
        try:
            services.firm_settings_update(
                actor=request.user,
                **{name: form.cleaned_data[name] for name in FirmSettingsForm.Meta.fields},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Firm settings saved.")
            return redirect("firm:settings")
    context = {
        "form": form,
        "firm_time_zone": django_settings.FIRM_TIME_ZONE,
        "history_url": reverse("firm:audit")
        + "?"
        + urlencode({"object_type": "casemgr.firmsettings"}),
    }
    return render(request, "accounts/firm/settings.html", context)


# --- Matter access ------------------------------------------------------------------------------


@firm_admin_required
def access_lookup(request: HttpRequest) -> HttpResponse:
    form = MatterLookupForm(request.GET or None)
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        matter = Matter.objects.visible_to(request.user).filter(number__iexact=number).first()
        if matter is not None:
            return redirect("firm:matter_access", pk=matter.pk)
        form.add_error("number", "No matter has that number.")
    return render(request, "accounts/firm/access_lookup.html", {"form": form})


@firm_admin_required
@require_http_methods(["GET", "POST"])
def matter_access(request: HttpRequest, pk: int) -> HttpResponse:
    matter = matter_for(request.user, pk)
    user_form, group_form = GrantUserForm(), GrantGroupForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "grant_user":
                user_form = GrantUserForm(request.POST)
                if user_form.is_valid():
                    who = user_form.cleaned_data["user"]
                    services.access_grant(actor=request.user, matter=matter, user=who)
                    messages.success(request, f"{who} now has access to {matter.number}.")
                    return redirect("firm:matter_access", pk=matter.pk)
            elif action == "grant_group":
                group_form = GrantGroupForm(request.POST)
                if group_form.is_valid():
                    group = group_form.cleaned_data["group"]
                    services.access_grant(actor=request.user, matter=matter, group=group)
                    messages.success(request, f"{group} now has access to {matter.number}.")
                    return redirect("firm:matter_access", pk=matter.pk)
            elif action == "revoke_user":
                who = get_object_or_404(User, pk=_int(request.POST.get("user")))
                services.access_revoke(actor=request.user, matter=matter, user=who)
                messages.success(request, f"{who} no longer has access to {matter.number}.")
                return redirect("firm:matter_access", pk=matter.pk)
            elif action == "revoke_group":
                group = get_object_or_404(Group, pk=_int(request.POST.get("group")))
                services.access_revoke(actor=request.user, matter=matter, group=group)
                messages.success(request, f"{group} no longer has access to {matter.number}.")
                return redirect("firm:matter_access", pk=matter.pk)
            else:
                messages.error(request, "Unknown action.")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
    context = {
        "matter": matter,
        "access": selectors.matter_access(matter),
        "user_form": user_form,
        "group_form": group_form,
    }
    return render(request, "accounts/firm/matter_access.html", context)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such record") from None


# --- Ethical walls -----------------------------------------------------------------------------


@firm_admin_required
def wall_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = _page(request, selectors.wall_list(request.user))
    return render(request, "accounts/firm/wall_list.html", {"page_obj": page, "today": today})


@firm_admin_required
@require_http_methods(["GET", "POST"])
def wall_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "_search" in request.POST:
        # The client picker's "Search" button (no JavaScript): the form as
        # typed, with the matches, and no errors yet.
        form = WallForm.for_search(request.POST, actor=request.user)
        return render(request, "accounts/firm/wall_form.html", {"form": form})
    form = WallForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            wall = services.wall_create(actor=request.user, **form.service_fields())
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, f"The ethical wall “{wall.name}” stands.")
            return redirect("firm:wall_detail", pk=wall.pk)
    return render(request, "accounts/firm/wall_form.html", {"form": form})


@firm_admin_required
def wall_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wall = get_object_or_404(selectors.wall_list(request.user), pk=pk)
    people = selectors.wall_screened_people(wall)
    context = {
        "wall": wall,
        "people": people,
        "acknowledged": sum(1 for p in people if p.acknowledged_at),
        "is_active": EthicalWall.objects.active().filter(pk=wall.pk).exists(),
    }
    return render(request, "accounts/firm/wall_detail.html", context)


@firm_admin_required
def wall_report(request: HttpRequest, pk: int) -> HttpResponse:
    wall = get_object_or_404(selectors.wall_list(request.user), pk=pk)
    events = selectors.wall_audit_events(wall, viewer=request.user, zone=selectors.firm_zone())
    export = parse(request, format=forms.ChoiceField(choices=[("csv", "csv")], required=False))
    if export["format"] == "csv":
        ratelimit.check(request, "export")
        services.audit_export_record(
            actor=request.user, filters={"wall": wall.pk}, rows=events.count()
        )
        return _csv_response(events, f"wall-{wall.pk}-audit.csv")
    page = _page(request, events, 50)
    return render(request, "accounts/firm/wall_report.html", {"wall": wall, "page_obj": page})


# --- The audit log -------------------------------------------------------------------------------


CSV_COLUMNS = ["at", "actor_email", "action", "object_type", "object_id", "object_repr",
               "matter_id", "summary", "ip_address", "user_agent"]  # fmt: skip


def _csv_response(events: Any, filename: str) -> StreamingHttpResponse:
    rows = events.values_list(*CSV_COLUMNS).iterator(chunk_size=2000)
    return csv_response(CSV_COLUMNS, rows, filename)


@audit_reader_required
def audit_log(request: HttpRequest) -> HttpResponse:
    filterset = AuditEventFilter(request.GET, queryset=selectors.audit_events(request.user))
    events = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = _page(request, events, 50)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page_obj": page, "export_query": query.urlencode()}
    return render(request, "accounts/firm/audit_log.html", context)


@audit_reader_required
def audit_export(request: HttpRequest) -> HttpResponse:
    filterset = AuditEventFilter(request.GET, queryset=selectors.audit_events(request.user))
    if not filterset.is_valid():
        raise InvalidParameters(
            {name: [str(m) for m in errors] for name, errors in filterset.errors.items()}
        )
    ratelimit.check(request, "export")
    events = filterset.qs
    services.audit_export_record(
        actor=request.user, filters=filterset.applied(), rows=events.count()
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return _csv_response(events, f"audit-{stamp}.csv")
