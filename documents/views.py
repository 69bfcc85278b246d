"""Document pages: the matter's Documents tab (list, filters, upload), a
document's page (details, versions, download, make current), the firm-wide
Documents page, search, and case summaries. Thin: every read starts from the
one door (documents.selectors), every write is a service call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from access.kernel import can
from access.views import VIEW_OR_CHANGE, matter_view, reads_through_door
from casemgr.pagination import BoundedPaginator
from casemgr.params import page_number
from cases.views.base import MatterTabMixin
from deadlines.models import Deadline
from documents import selectors, services
from documents.forms import (
    DocumentDeadlineForm,
    DocumentTriggerEventForm,
    EditForm,
    FilterForm,
    UploadForm,
    VersionForm,
)
from documents.models import CaseSummary, Document, DocumentVersion, SummaryBatch

PAGE_SIZE = 25
LIST_BOUND = 1000


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for errs in error.error_dict.values() for e in errs for m in e.messages]
    return list(error.messages)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _page(request: HttpRequest, queryset: Any) -> Any:
    number = page_number(request)  # 1 to MAX_PAGE, or a clear 400 (casemgr.params)
    paginator = BoundedPaginator(queryset, PAGE_SIZE, page=number, bound=LIST_BOUND)
    return paginator.get_page(number)


def _document_or_404(user: Any, pk: Any) -> Document:
    try:
        return selectors.document_for(user, pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No document found") from None


def _version_or_404(user: Any, pk: Any) -> DocumentVersion:
    try:
        return selectors.version_for(user, pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No document found") from None


# --- The matter's Documents tab ------------------------------------------------------------


class MatterDocumentsView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_OR_CHANGE
    tab = "documents"
    template_name = "documents/tab.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filter_form = FilterForm(self.request.GET or None)
        filters = filter_form.filters() if self.request.GET else selectors.DocumentFilters()
        page = _page(self.request, selectors.matter_documents(matter=self.matter, filters=filters))
        context.update(
            page_obj=page,
            documents=page.object_list,
            filter_form=filter_form,
            summaries=CaseSummary.objects.visible_to(self.request.user).filter(
                matter=self.matter, requested_by=self.request.user
            )[:3],
        )
        if self.can_change:
            context.setdefault("upload_form", UploadForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        filed: list[Document] = []
        if form.is_valid():
            data = dict(form.cleaned_data)
            uploads = data.pop("files")
            title = data.pop("title")
            if len(uploads) > 1:  # one title cannot name several files
                title = ""
            for upload in uploads:
                try:
                    filed.append(
                        services.document_upload(
                            actor=request.user,
                            matter=self.matter,
                            content=upload,
                            filename=upload.name,
                            title=title,
                            **data,
                        )  # fmt: skip
                    )
                except ValidationError as error:
                    for message in _errors(error):
                        form.add_error(None, f"{upload.name}: {message}")
        if _wants_json(request):
            return JsonResponse(
                {
                    "filed": [
                        {"title": d.title, "url": reverse("documents:detail", args=[d.pk])}
                        for d in filed
                    ],
                    "errors": [str(e) for errs in form.errors.values() for e in errs],
                },
                status=200 if filed or not form.errors else 400,
            )
        if filed:
            names = ", ".join(f"“{d.title}”" for d in filed)
            messages.success(request, f"Filed {names}. Its text is being extracted for search.")
        if form.errors:
            return self.render_to_response(self.get_context_data(upload_form=form), status=400)
        return redirect("documents:matter_documents", pk=self.matter.pk)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and request.user.is_authenticated and not self.can_change:
            raise PermissionDenied("You may view this matter but not change it.")
        return super().dispatch(request, *args, **kwargs)


# --- One document ------------------------------------------------------------------------


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    matter = document.matter
    can_change = can(request.user, "change", matter)
    edit_form = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("You may view this matter but not change it.")
        edit_form = EditForm(request.POST)
        if edit_form.is_valid():
            data = dict(edit_form.cleaned_data)
            version = data.pop("version")
            try:
                services.document_update(
                    actor=request.user, document=document, expected_version=version, **data
                )
            except ValidationError as error:
                for message in _errors(error):
                    edit_form.add_error(None, message)
            else:
                messages.success(request, "Saved the document's details.")
                return redirect("documents:detail", pk=document.pk)
    else:
        services.document_viewed(actor=request.user, document=document)
    return _render_detail(
        request, document, can_change=can_change, edit_form=edit_form,
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


def _render_detail(
    request: HttpRequest,
    document: Document,
    *,
    can_change: bool,
    status: int = 200,
    edit_form: EditForm | None = None,
    trigger_form: DocumentTriggerEventForm | None = None,
    deadline_form: DocumentDeadlineForm | None = None,
) -> HttpResponse:
    matter = document.matter
    version_form = None
    if can_change:
        edit_form = edit_form or EditForm(
            initial={
                "title": document.title, "category": document.category,
                "document_date": document.document_date, "description": document.description,
                "tags": ", ".join(document.tags), "privileged": document.privileged,
                "version": document.version,
            }
        )  # fmt: skip
        version_form = VersionForm()
        trigger_form = trigger_form or DocumentTriggerEventForm(
            jurisdiction=matter.jurisdiction, initial={"trigger_date": document.document_date}
        )
        deadline_form = deadline_form or DocumentDeadlineForm()
    trigger_deadlines = (
        Deadline.objects.visible_to(request.user)
        .filter(trigger_event_id=document.trigger_event_id)
        .order_by("due_date", "id")
        if document.trigger_event_id
        else []
    )
    context = {
        "document": document,
        "matter": matter,
        "versions": document.versions.select_related("uploaded_by").order_by("-number"),
        "attachments": Document.objects.visible_to(request.user)
        .filter(source_version__document=document)
        .select_related("current_version"),
        "trigger_deadlines": trigger_deadlines,
        "can_change": can_change,
        "edit_form": edit_form,
        "version_form": version_form,
        "trigger_form": trigger_form,
        "deadline_form": deadline_form,
    }
    return render(request, "documents/detail.html", context, status=status)


# --- Docketing from a document: a trigger event or a deadline, linked to it ----------------


@require_POST
@matter_view("change", model=Document, as_name="document")
def trigger_event_add(request: HttpRequest, document: Document) -> HttpResponse:
    document = _document_or_404(request.user, document.pk)
    form = DocumentTriggerEventForm(request.POST, jurisdiction=document.matter.jurisdiction)
    if form.is_valid():
        try:
            event = services.document_trigger_event_create(
                actor=request.user, document=document, **form.cleaned_data
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"Entered “{event.event_name}” on {event.trigger_date:%Y-%m-%d}: "
                f"{event.deadlines.count()} deadline(s) added, linked to this document.",
            )
            return redirect("documents:detail", pk=document.pk)
    return _render_detail(request, document, can_change=True, trigger_form=form, status=400)


@require_POST
@matter_view("change", model=Document, as_name="document")
def deadline_add(request: HttpRequest, document: Document) -> HttpResponse:
    document = _document_or_404(request.user, document.pk)
    form = DocumentDeadlineForm(request.POST)
    if form.is_valid():
        try:
            deadline = services.document_deadline_create(
                actor=request.user, document=document, **form.cleaned_data
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"Added the deadline “{deadline.title}” due {deadline.due_date:%Y-%m-%d}, "
                "linked to this document.",
            )
            return redirect("documents:detail", pk=document.pk)
    return _render_detail(request, document, can_change=True, deadline_form=form, status=400)


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.document_version_add(
                actor=request.user, document=document, content=upload, filename=upload.name,
                allow_duplicate=form.cleaned_data["allow_duplicate"],
            )  # fmt: skip
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, f"Uploaded version {version.number}.")
    else:
        messages.error(request, "Choose a file for the new version.")
    return redirect("documents:detail", pk=document.pk)


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
@require_POST
def version_restore(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_or_404(request.user, pk)
    services.document_version_restore(actor=request.user, version=version)
    messages.success(request, f"Version {version.number} is current again.")
    return redirect("documents:detail", pk=version.document_id)


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    matter_pk = document.matter_id
    services.document_delete(actor=request.user, document=document)
    messages.success(request, f"Deleted “{document.title}”.")
    return redirect("documents:matter_documents", pk=matter_pk)


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, through the door, as an attachment the browser must not sniff."""
    version = _version_or_404(request.user, pk)
    try:
        handle = default_storage.open(version.file.name, "rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    services.version_downloaded(actor=request.user, version=version)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_filename,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Firm-wide pages -------------------------------------------------------------------------


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.DocumentFilters()
    page = _page(request, selectors.document_list(user=request.user, filters=filters))
    return render(request, "documents/list.html", {"page_obj": page, "documents": page.object_list,
                                                   "filter_form": form})  # fmt: skip


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
def document_search(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    context: dict[str, Any] = {"filter_form": form, "q": q}
    if q:
        results = selectors.document_search(user=request.user, q=q, filters=form.filters())
        page = _page(request, results)
        ids = [v.pk for v in page.object_list]
        snippets = selectors.snippets(ids, q)
        for version in page.object_list:
            version.snippet = snippets.get(version.pk, "")
        context.update(page_obj=page, results=page.object_list)
    return render(request, "documents/search.html", context)


# --- Case summaries ----------------------------------------------------------------------------


@require_POST
@matter_view("view")
def summary_request(request: HttpRequest, matter: Any) -> HttpResponse:
    summary = services.case_summary_request(actor=request.user, matter=matter)
    return redirect("documents:summary", pk=summary.pk)


def _summary_or_404(user: Any, pk: int) -> CaseSummary:
    summary = (
        CaseSummary.objects.visible_to(user)
        .filter(pk=pk, requested_by=user)
        .select_related("matter", "document")
        .first()
    )
    if summary is None:
        raise Http404("No case summary found")
    return summary


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
def summary_status(request: HttpRequest, pk: int) -> HttpResponse:
    summary = _summary_or_404(request.user, pk)
    template = (
        "documents/partials/summary_status.html" if request.htmx else "documents/summary.html"
    )
    return render(request, template, {"summary": summary})


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
@require_POST
def summary_request_all(request: HttpRequest) -> HttpResponse:
    try:
        batch = services.case_summary_request_all(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:list")
    return redirect("documents:summary_batch", pk=batch.pk)


@reads_through_door  # loads its rows through selectors built on restrict()
@login_required
def summary_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = SummaryBatch.objects.filter(pk=pk, requested_by=request.user).first()
    if batch is None:
        raise Http404("No batch found")
    summaries = list(
        CaseSummary.objects.visible_to(request.user)
        .filter(batch=batch)
        .select_related("matter", "document")
        .order_by("matter__number")
    )
    done = sum(1 for s in summaries if s.finished)
    context = {"batch": batch, "summaries": summaries, "done": done, "total": len(summaries),
               "finished": done == len(summaries)}  # fmt: skip
    template = "documents/partials/batch_status.html" if request.htmx else "documents/batch.html"
    return render(request, template, context)
