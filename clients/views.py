"""Contact pages: list, detail, create/edit (with the near-duplicate warning) and
the conflict check. Thin: parse, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casemgr import ratelimit
from casemgr.formsets import add_requested, with_one_more
from casemgr.params import page_number
from clients import conflicts, selectors, services
from clients.conflicts import CheckName
from clients.forms import ContactFilterForm, ContactForm, ContactFormsets
from clients.models import Contact, NameCapacity


def _require_view(request: HttpRequest) -> None:
    if not selectors.can_view_contacts(request.user):
        raise PermissionDenied("You may not see contacts.")


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    form = ContactFilterForm(request.GET or None)
    data = form.require_valid()
    filters = selectors.ContactFilters(
        q=data.get("q", ""),
        client_status=data.get("client_status", ""),
        kind=data.get("kind", ""),
        role=data.get("role", ""),
        sort=data.get("sort") or selectors.DEFAULT_SORT,
    )
    if filters.q:
        ratelimit.check(request, "search")
    page = Paginator(
        selectors.contact_list(user=request.user, filters=filters), selectors.PAGE_SIZE
    ).get_page(page_number(request))
    filtered = any([filters.q, filters.client_status, filters.kind, filters.role])
    return render(
        request,
        "clients/contact_list.html",
        {
            "form": form,
            "page_obj": page,
            "contacts": page.object_list,
            "filtered": filtered,
            "can_add": selectors.can_add_contacts(request.user),
        },
    )


def _contact_or_404(pk: Any) -> Contact:
    contact = selectors.contact_detail(pk)
    if contact is None:
        raise Http404("No contact found")
    return contact


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    contact = _contact_or_404(pk)
    roles = list(selectors.contact_matter_roles(user=request.user, contact=contact))
    return render(
        request,
        "clients/contact_detail.html",
        {
            "contact": contact,
            "roles": roles,
            "can_change": selectors.can_change_contacts(request.user),
            # Every status, the current one chosen: pressing Change without
            # choosing another changes nothing.
            "status_choices": Contact.ClientStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_add_contacts(request.user):
        raise PermissionDenied("You may not add contacts.")
    return _edit(request, Contact(), creating=True)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    contact = _contact_or_404(pk)
    if not selectors.can_change_contacts(request.user):
        raise PermissionDenied("You may not change contacts.")
    return _edit(request, contact, creating=False)


def _acknowledged(request: HttpRequest) -> set[int]:
    if not request.POST.get("save_anyway"):
        return set()
    raw = request.POST.get("acknowledged_duplicates", "")
    return {int(p) for p in raw.split(",") if p.strip().isdigit()}


def _edit(request: HttpRequest, contact: Contact, *, creating: bool) -> HttpResponse:
    duplicates: list[Contact] = []
    added = add_requested(request.POST, [prefix for prefix, _, _ in ContactFormsets.SPEC])
    if request.method == "POST" and added:
        # "Add another" without JavaScript: the form as typed with one more
        # empty row in that formset; nothing is saved and no field is judged yet.
        form = ContactForm.for_search(request.POST, instance=contact)
        typed = ContactFormsets(request.POST, instance=contact)
        sets = ContactFormsets(with_one_more(request.POST, typed[added]), instance=contact)
    elif request.method == "POST" and "_search" in request.POST:
        # The "Works for" picker's Search button (no JavaScript): the form as
        # typed, with the matches; nothing is saved and no field is judged yet.
        form = ContactForm.for_search(request.POST, instance=contact)
        sets = ContactFormsets(request.POST, instance=contact)
    elif request.method == "POST":
        form = ContactForm(request.POST, instance=contact)
        sets = ContactFormsets(request.POST, instance=contact)
        if form.is_valid() and sets.is_valid():
            # The service refuses a likely duplicate (create or rename) until
            # every one shown has been seen and confirmed ("Save anyway").
            saved, duplicates = _save(request, form, sets, contact, creating=creating)
            if saved is not None:
                return redirect("clients:contact_detail", saved.pk)
    else:
        form = ContactForm(instance=contact)
        sets = ContactFormsets(instance=contact)
    return render(
        request,
        "clients/contact_form.html",
        {
            "form": form,
            "formsets": sets,
            "contact": contact,
            "creating": creating,
            "duplicates": duplicates,
            "duplicate_ids": ",".join(str(d.pk) for d in duplicates),
        },
    )


def _save(
    request: HttpRequest,
    form: ContactForm,
    sets: ContactFormsets,
    contact: Contact,
    *,
    creating: bool,
) -> tuple[Contact | None, list[Contact]]:
    """Call the service: (the saved contact, []) or (None, the likely duplicates
    to confirm); its validation errors land next to the fields."""
    acknowledged = _acknowledged(request)
    try:
        if creating:
            saved = services.contact_create(
                actor=request.user, duplicates_ok=acknowledged,
                **form.service_fields(), **sets.rows(),
            )  # fmt: skip
            messages.success(request, f"{saved} was added.")
        else:
            saved = services.contact_update(
                actor=request.user, contact=contact, duplicates_ok=acknowledged,
                **form.service_fields(), **sets.rows(),
            )  # fmt: skip
            messages.success(request, f"{saved} was saved.")
        return saved, []
    except services.PossibleDuplicates as exc:
        if not creating:
            contact.refresh_from_db()
        return None, exc.duplicates
    except ValidationError as exc:
        errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for field, errs in errors.items():
            for message in (m for e in errs for m in e.messages):
                if field in sets.formsets:
                    sets.add_error(field, message)
                elif field in form.fields:
                    form.add_error(field, message)
                else:
                    form.add_error(None, message)
        if not creating:  # the failed save may have changed the instance in memory
            contact.refresh_from_db()
        return None, []


@login_required
@require_http_methods(["POST"])
def contact_change_status(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    contact = _contact_or_404(pk)
    if not selectors.can_change_contacts(request.user):
        raise PermissionDenied("You may not change contacts.")
    before = contact.client_status
    try:
        services.contact_change_status(
            actor=request.user, contact=contact, client_status=request.POST.get("client_status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        status = contact.get_client_status_display()
        if contact.client_status == before:
            messages.info(request, f"{contact} is still: {status}; nothing changed.")
        else:
            messages.success(request, f"{contact} is now: {status}.")
    return redirect("clients:contact_detail", contact.pk)


# The conflict check form's fields and the capacity of the names each holds.
CHECK_FIELDS = (
    ("name", NameCapacity.PROSPECT),
    ("related", NameCapacity.RELATED),
    ("adverse", NameCapacity.ADVERSE),
    ("counsel", NameCapacity.ADVERSE_COUNSEL),
)
MAX_CHECK_INPUT = 20_000


def check_names_from(params: Any) -> tuple[list[CheckName], dict[str, str], str]:
    """(names, the fields as typed, an error message or "") from the check form."""
    values = {
        f: (params.get(f) or "")[:MAX_CHECK_INPUT].replace("\x00", "") for f, _ in CHECK_FIELDS
    }
    raw = [
        CheckName(line, capacity)
        for field, capacity in CHECK_FIELDS
        for line in values[field].splitlines()
    ]
    names = conflicts.clean_names(raw)
    error = ""
    if sum(1 for n in raw if n.name.strip()) > conflicts.MAX_NAMES:
        error = f"Check at most {conflicts.MAX_NAMES} names at once."
    return names, values, error


@login_required
def conflict_check(request: HttpRequest) -> HttpResponse:
    """The conflict search over every contact name, alias and former name, for
    several names at once. Each search is recorded in the audit trail."""
    _require_view(request)
    names, values, error = check_names_from(request.GET)
    report = None
    if names and not error:
        ratelimit.check(request, "conflict_check")
        report = services.conflict_search_run(actor=request.user, names=names)
    template = (
        "clients/partials/conflict_results.html"
        if getattr(request, "htmx", False)
        else "clients/conflict_check.html"
    )
    return render(
        request,
        template,
        {
            "names": names if report else [],
            "report": report,
            "form_values": values,
            "error": error,
        },
    )
