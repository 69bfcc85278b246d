"""CSV import pages: upload, map the columns, watch the check (htmx polls the
job's progress), read the preview and the errors, import. Thin: each step is a
clients.imports service; the same views serve the parties import (cases.urls)
with its own importer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients import imports
from clients.imports import Importer
from clients.models import ImportJob


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8 CSV with a header row; at most {imports.MAX_IMPORT_ROWS:,} rows and "
        f"{imports.MAX_IMPORT_BYTES // (1024 * 1024)} MB.",
    )


def mapping_form(importer: Importer, job: ImportJob, data: Any = None) -> forms.Form:
    choices = [("", "— not in the file —")] + [(str(i), h) for i, h in enumerate(job.header)]
    guess = job.mapping or imports.guess_mapping(importer, job.header)
    fields = {
        f.name: forms.TypedChoiceField(
            label=f.label,
            choices=choices,
            required=f.required,
            coerce=int,
            empty_value=None,
            initial=str(guess[f.name]) if f.name in guess else "",
        )  # fmt: skip
        for f in importer.fields
    }
    return type("MappingForm", (forms.Form,), fields)(data)


def _allowed(request: HttpRequest, importer: Importer) -> None:
    if not importer.can_use(request.user):
        raise Http404("No such page")


def _job_or_404(request: HttpRequest, importer: Importer, pk: int) -> ImportJob:
    _allowed(request, importer)
    job = ImportJob.objects.filter(pk=pk, kind=importer.kind).first()
    if job is None or not (job.created_by_id == request.user.pk or request.user.is_firm_admin):
        raise Http404("No such import")
    return job


def _url(importer: Importer, name: str) -> str:
    return f"{importer.url_namespace}:{importer.kind}_import_{name}"


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, importer: Importer) -> HttpResponse:
    _allowed(request, importer)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_job_create(
                actor=request.user, importer=importer, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(_url(importer, "job"), pk=job.pk)
    recent = ImportJob.objects.filter(kind=importer.kind, created_by=request.user)[:10]
    return render(
        request,
        "clients/import_upload.html",
        {"form": form, "importer": importer, "recent": recent, "job_url": _url(importer, "job")},
    )


def _context(importer: Importer, job: ImportJob, form: Any = None) -> dict[str, Any]:
    labels = {f.name: f.label for f in importer.fields}
    return {
        "importer": importer,
        "job": job,
        "form": form,
        "columns": [(name, labels[name]) for name in labels if name in job.mapping],
        "preview": [
            {
                "row": r.get("_row"),
                "cells": [r.get(name, "") for name in labels if name in job.mapping],
            }
            for r in job.preview
        ],
        "urls": {name: _url(importer, name) for name in ("job", "map", "run", "upload")},
    }


@login_required
def import_job(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    job = _job_or_404(request, importer, pk)
    form = mapping_form(importer, job) if job.status in (
        ImportJob.Status.UPLOADED, ImportJob.Status.CHECKED, ImportJob.Status.FAILED
    ) else None  # fmt: skip
    template = "clients/partials/import_job.html" if request.htmx else "clients/import_job.html"
    return render(request, template, _context(importer, job, form))


@login_required
@require_POST
def import_map(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    job = _job_or_404(request, importer, pk)
    form = mapping_form(importer, job, request.POST)
    if form.is_valid():
        mapping = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            imports.import_job_map(actor=request.user, importer=importer, job=job, mapping=mapping)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_url(importer, "job"), pk=job.pk)
    return render(request, "clients/import_job.html", _context(importer, job, form), status=400)


@login_required
@require_POST
def import_run(request: HttpRequest, importer: Importer, pk: int) -> HttpResponse:
    job = _job_or_404(request, importer, pk)
    try:
        imports.import_job_start(actor=request.user, importer=importer, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url(importer, "job"), pk=job.pk)
