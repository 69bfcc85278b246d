"""Firm configuration under /firm/practice-areas/: practice areas, their stages
and their task templates. Firm admins only: for anyone else every page is a 404,
as for the rest of /firm/. Writes go through cases.services (checked, audited)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from access.views import no_matter_data
from cases import services
from cases.forms import PracticeAreaForm, TaskTemplateForm
from cases.models import PracticeArea, TaskTemplate

View = Callable[..., HttpResponse]
REASON = "firm configuration: practice areas, stages and task templates (no matter data)"


def firm_admin_only(view: View) -> View:
    @no_matter_data(REASON)
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_firm_admin:
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapped


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@firm_admin_only
@require_http_methods(["GET", "POST"])
def practice_area_list(request: HttpRequest) -> HttpResponse:
    form = PracticeAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.practice_area_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Added the practice area {area.name}.")
            return redirect("practice:detail", pk=area.pk)
    areas = PracticeArea.objects.annotate(
        templates=Count("task_templates", filter=Q(task_templates__is_active=True))
    ).order_by("name")
    return render(request, "cases/firm/practice_areas.html", {"areas": areas, "form": form})


@firm_admin_only
@require_http_methods(["GET", "POST"])
def practice_area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(PracticeArea, pk=pk)
    if request.method == "POST":
        form = PracticeAreaForm(request.POST)
        if form.is_valid():
            try:
                services.practice_area_update(
                    actor=request.user, practice_area=area, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Practice area saved.")
                return redirect("practice:detail", pk=area.pk)
    else:
        form = PracticeAreaForm.for_area(area)
    context = {
        "area": area,
        "form": form,
        "templates": area.task_templates.order_by("position", "id"),
        "template_form": TaskTemplateForm(),
    }
    return render(request, "cases/firm/practice_area_detail.html", context)


@firm_admin_only
@require_http_methods(["GET", "POST"])
def task_template_edit(
    request: HttpRequest, pk: int, template_pk: int | None = None
) -> HttpResponse:
    area = get_object_or_404(PracticeArea, pk=pk)
    template = (
        get_object_or_404(TaskTemplate, pk=template_pk, practice_area=area)
        if template_pk is not None
        else None
    )
    form = TaskTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in TaskTemplateForm.Meta.fields}
        try:
            if template is None:
                saved = services.task_template_create(
                    actor=request.user, practice_area=area, **fields
                )
            else:
                saved = services.task_template_update(
                    actor=request.user, template=template, **fields
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Saved the task template “{saved.title}”.")
            return redirect("practice:detail", pk=area.pk)
    return render(
        request,
        "cases/firm/task_template_form.html",
        {"area": area, "template": template, "form": form},
    )
