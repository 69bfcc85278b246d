"""The Tasks tab: the matter's tasks, adding and editing them, and inline
completion (htmx swaps the updated row; without JavaScript the form posts and
the tab reloads)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from access.kernel import require
from access.views import VIEW_OR_CHANGE, matter_view
from accounts.models import User
from casemgr.form_errors import apply_service_errors as apply_errors
from cases import services
from cases.models import Matter, Task
from cases.views.base import MatterTabMixin

SHOW_CHOICES = {"open": "Open", "done": "Done", "all": "All"}


def team_users(matter: Matter) -> Any:
    return User.objects.filter(memberships__matter=matter, is_active=True).order_by("full_name")


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "assignee", "due_on", "priority", "recur_every_days", "notes"]
        labels = {"due_on": "Due", "recur_every_days": "Repeat every (days)"}
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "recur_every_days": forms.NumberInput(attrs={"min": 1}),
        }
        help_texts = {"recur_every_days": "Leave empty for a one-off task."}

    def __init__(self, *args: Any, matter: Matter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team_users(matter)
        self.fields["assignee"].empty_label = "Unassigned"


class TaskEditForm(TaskForm):
    class Meta(TaskForm.Meta):
        fields = [*TaskForm.Meta.fields, "recurrence_stopped"]
        labels = {**TaskForm.Meta.labels, "recurrence_stopped": "Stop repeating"}


def matter_tasks(matter: Matter, show: str) -> Any:
    tasks = matter.tasks.select_related("assignee", "done_by")
    if show == "open":
        tasks = tasks.filter(status=Task.Status.OPEN)
    elif show == "done":
        tasks = tasks.exclude(status=Task.Status.OPEN)
    return tasks.by_due_date()


def _show(request: HttpRequest) -> str:
    show = request.GET.get("show", "open")
    return show if show in SHOW_CHOICES else "open"


class MatterTasksView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_OR_CHANGE
    tab = "tasks"
    template_name = "cases/tabs/tasks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        show = _show(self.request)
        context.update(
            tasks=matter_tasks(self.matter, show),
            show=show,
            show_choices=SHOW_CHOICES,
            today=timezone.localdate(),
        )
        if self.can_change and "task_form" not in context and "edit_form" not in context:
            context["task_form"] = TaskForm(matter=self.matter)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Add a task (the add form posts here; cases:task_add is this same view)."""
        require(request.user, "change", self.matter)
        form = TaskForm(request.POST, matter=self.matter)
        if form.is_valid():
            try:
                task = services.task_create(
                    actor=request.user, matter=self.matter, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if request.htmx:
                    return self._panel(TaskForm(matter=self.matter), added=task)
                messages.success(request, f"Added the task “{task.title}”.")
                return redirect("cases:matter_tasks", pk=self.matter.pk)
        if request.htmx:
            return self._panel(form)
        return self.render_to_response(self.get_context_data(task_form=form))

    def _panel(self, form: TaskForm, added: Task | None = None) -> HttpResponse:
        context = {
            "matter": self.matter,
            "can_change": True,
            "tasks": matter_tasks(self.matter, "open"),
            "show": "open",
            "show_choices": SHOW_CHOICES,
            "today": timezone.localdate(),
            "task_form": form,
            "added": added,
        }
        return render(self.request, "cases/partials/tasks_panel.html", context)


class TaskEditView(MatterTasksView):
    """The plain edit page of one task, inside the Tasks tab."""

    matter_actions = VIEW_OR_CHANGE

    @property
    def task(self) -> Task:
        return get_object_or_404(Task, pk=self.kwargs["task_pk"], matter=self.matter)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        task = self.task
        form = TaskEditForm(instance=task, matter=self.matter)
        return self.render_to_response(self.get_context_data(edit_form=form, editing=task))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "change", self.matter)
        task = self.task
        form = TaskEditForm(request.POST, instance=Task.objects.get(pk=task.pk), matter=self.matter)
        if form.is_valid():
            try:
                services.task_update(actor=request.user, task=task, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Task saved.")
                return redirect("cases:matter_tasks", pk=self.matter.pk)
        return self.render_to_response(self.get_context_data(edit_form=form, editing=task))


def _task_action(
    request: HttpRequest, matter: Matter, task_pk: int, service: Any, done: str
) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("matter"), pk=task_pk, matter=matter)
    was_open = task.is_open
    error = None
    try:
        task = service(actor=request.user, task=task)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        rows = Task.objects.filter(pk=task.pk)
        if was_open and task.status == Task.Status.DONE:
            rows = rows | Task.objects.filter(previous=task)  # the follow-up it just scheduled
        context = {
            "rows": rows.select_related("assignee", "done_by").by_due_date(),
            "matter": matter, "can_change": True, "today": timezone.localdate(),
            "row_error": error,
        }  # fmt: skip
        return render(request, "cases/partials/task_rows.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{done} “{task.title}”.")
    return redirect("cases:matter_tasks", pk=matter.pk)


@require_POST
@matter_view("change")
def task_complete(request: HttpRequest, matter: Matter, task_pk: int) -> HttpResponse:
    return _task_action(request, matter, task_pk, services.task_complete, "Completed")


@require_POST
@matter_view("change")
def task_reopen(request: HttpRequest, matter: Matter, task_pk: int) -> HttpResponse:
    return _task_action(request, matter, task_pk, services.task_reopen, "Reopened")


@require_POST
@matter_view("change")
def task_cancel(request: HttpRequest, matter: Matter, task_pk: int) -> HttpResponse:
    return _task_action(request, matter, task_pk, services.task_cancel, "Cancelled")
