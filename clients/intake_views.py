"""Intake pages: the list by status, the interview form, the detail page with
its conflict checks and actions. Thin: parse, call clients.intake, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casemgr.form_errors import apply_service_errors as _apply_errors
from cases.models import Matter
from clients import conflicts
from clients import intake as services
from clients.forms import DecisionForm, IntakeForm, OpenMatterForm
from clients.models import ConflictCheck, Intake

PAGE_SIZE = 50


def _require_view(request: HttpRequest) -> None:
    if not services.can_view_intakes(request.user):
        raise PermissionDenied("You may not see intakes.")


def _intake_or_404(pk: Any) -> Intake:
    intake = (
        Intake.objects.select_related("practice_area", "responsible_attorney", "created_by")
        .prefetch_related("names")
        .filter(pk=pk)
        .first()
    )
    if intake is None:
        raise Http404("No intake found")
    return intake


def intake_list_queryset(*, status: str = "", q: str = "") -> QuerySet[Intake]:
    qs = Intake.objects.select_related("responsible_attorney").order_by("-created_at", "-id")
    if status in Intake.Status.values:
        qs = qs.filter(status=status)
    term = " ".join(q.split())[:200]
    if term:
        qs = qs.filter(
            Q(prospect_last_name__icontains=term)
            | Q(prospect_organization_name__icontains=term)
            | Q(prospect_first_name__icontains=term)
        )
    return qs


def status_counts() -> list[dict[str, Any]]:
    counts = dict(
        Intake.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [
        {"value": v, "label": label, "count": counts.get(v, 0)}
        for v, label in Intake.Status.choices
    ]


@login_required
def intake_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").replace("\x00", "")
    page = Paginator(intake_list_queryset(status=status, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "clients/intake_list.html",
        {
            "page_obj": page,
            "intakes": page.object_list,
            "counts": status_counts(),
            "status": status,
            "q": q,
            "can_add": services.can_add_intakes(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_view(request)
    intake = _intake_or_404(pk) if pk else Intake()
    allowed = services.can_change_intakes if pk else services.can_add_intakes
    if not allowed(request.user):
        raise PermissionDenied("You may not change intakes.")
    form = IntakeForm(request.POST or None, instance=intake)
    if request.method == "POST" and form.is_valid():
        try:
            if pk:
                saved = services.intake_update(
                    actor=request.user, intake=intake, names=form.names(), **form.service_fields()
                )
            else:
                saved = services.intake_create(
                    actor=request.user, names=form.names(), **form.service_fields()
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{saved} was saved.")
            return redirect("clients:intake_detail", saved.pk)
    return render(request, "clients/intake_form.html", {"form": form, "intake": intake})


@login_required
def intake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    intake = _intake_or_404(pk)
    checks = list(intake.conflict_checks.select_related("run_by", "decided_by"))
    latest = checks[0] if checks else None
    report = conflicts.report_for(request.user, latest.report) if latest else None
    matter_visible = bool(
        intake.matter_id
        and Matter.objects.visible_to(request.user).filter(pk=intake.matter_id).exists()
    )
    return render(
        request,
        "clients/intake_detail.html",
        {
            "intake": intake,
            "checks": checks,
            "latest": latest,
            "report": report,
            "can_change": services.can_change_intakes(request.user) and not intake.is_closed,
            "can_decide": latest is not None
            and not latest.decision
            and services.can_decide(request.user, latest),
            "decision_form": DecisionForm(),
            "open_form": OpenMatterForm(
                initial={
                    "title": intake.prospect_name,
                    "practice_area": intake.practice_area_id,
                    "responsible_attorney": intake.responsible_attorney_id,
                }
            ),
            "matter_visible": matter_visible,
        },
    )


def _act(request: HttpRequest, pk: int, action: Any) -> HttpResponse:
    _require_view(request)
    intake = _intake_or_404(pk)
    try:
        message = action(intake)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        if isinstance(message, HttpResponse):
            return message
        messages.success(request, message)
    return redirect("clients:intake_detail", intake.pk)


@login_required
@require_POST
def intake_review(request: HttpRequest, pk: int) -> HttpResponse:
    def act(intake: Intake) -> str:
        services.intake_start_review(actor=request.user, intake=intake)
        return "The intake is in review."

    return _act(request, pk, act)


@login_required
@require_POST
def intake_check(request: HttpRequest, pk: int) -> HttpResponse:
    def act(intake: Intake) -> str:
        check = services.conflict_check_run(actor=request.user, intake=intake)
        if check.needs_review:
            return "Conflict check recorded; it has matches you cannot see and goes to the conflicts reviewers."
        return "Conflict check recorded."

    return _act(request, pk, act)


@login_required
@require_POST
def intake_decide(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    def act(intake: Intake) -> str:
        check = intake.conflict_checks.filter(pk=check_pk).first()
        if check is None:
            raise Http404("No check found")
        form = DecisionForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError("Choose a decision.")
        decided = services.conflict_check_decide(
            actor=request.user,
            check=check,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            waiver=form.cleaned_data["waiver"],
        )
        return f"Decision recorded: {decided.get_decision_display()}."

    return _act(request, pk, act)


@login_required
@require_POST
def intake_open_matter(request: HttpRequest, pk: int) -> HttpResponse:
    def act(intake: Intake) -> Any:
        form = OpenMatterForm(request.POST)
        if not form.is_valid():
            raise ValidationError(
                [f"{form.fields[f].label or f}: {' '.join(e)}" for f, e in form.errors.items()]
            )
        matter = services.intake_open_matter(actor=request.user, intake=intake, **form.cleaned_data)
        messages.success(request, f"Opened {matter.number} {matter.title}.")
        return redirect("cases:matter_detail", pk=matter.pk)

    return _act(request, pk, act)


@login_required
@require_POST
def intake_decline(request: HttpRequest, pk: int) -> HttpResponse:
    def act(intake: Intake) -> str:
        services.intake_decline(
            actor=request.user, intake=intake, reason=request.POST.get("reason", "")
        )
        return "The intake is declined; the non-engagement letter is being prepared."

    return _act(request, pk, act)


@login_required
@require_POST
def intake_refer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(intake: Intake) -> str:
        services.intake_refer_out(
            actor=request.user, intake=intake, referred_to=request.POST.get("referred_to", "")
        )
        return "The intake is referred out."

    return _act(request, pk, act)


def _attachment(field: Any, filename: str) -> FileResponse:
    if not field:
        raise Http404("No file")
    response = FileResponse(field.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def intake_letter(request: HttpRequest, pk: int) -> FileResponse:
    _require_view(request)
    intake = _intake_or_404(pk)
    return _attachment(intake.decline_letter, f"non-engagement-{intake.pk}.pdf")


@login_required
def check_waiver(request: HttpRequest, pk: int) -> FileResponse:
    _require_view(request)
    check = ConflictCheck.objects.select_related("intake").filter(pk=pk).first()
    if check is None or not services.can_decide(request.user, check):
        raise Http404("No check found")
    return _attachment(check.waiver, f"conflict-waiver-{check.pk}.pdf")
