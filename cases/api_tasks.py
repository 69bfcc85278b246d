"""REST API for tasks (/api/tasks/): the same one door and services as the Tasks tab."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from access.api import MatterScopedViewSetMixin
from accounts.models import User
from cases import services
from cases.models import Matter, Task


class TaskSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(source="matter.number", read_only=True)
    assignee_name = serializers.CharField(
        source="assignee.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Task
        fields = [
            "id", "matter", "matter_number", "title", "notes", "assignee", "assignee_name",
            "due_on", "priority", "status", "done_by", "done_at", "recur_every_days",
            "recurrence_stopped", "previous", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class TaskCreateSerializer(serializers.Serializer):
    matter = serializers.PrimaryKeyRelatedField(queryset=Matter.objects.none())
    title = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    priority = serializers.ChoiceField(choices=Task.Priority.choices, default=Task.Priority.NORMAL)
    recur_every_days = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A matter the caller cannot see is "does not exist", like a missing id.
        self.fields["matter"].queryset = Matter.objects.visible_to(self.context["request"].user)


class TaskUpdateSerializer(serializers.Serializer):
    """The fields to change (PATCH: those left out keep their value), as the task's edit form."""

    title = serializers.CharField(max_length=200, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=Task.Priority.choices, required=False)
    recur_every_days = serializers.IntegerField(
        min_value=0, required=False, allow_null=True,
        help_text="Repeat every N days after completion; 0 or null stops the recurrence.",
    )  # fmt: skip


class TaskFilter(django_filters.FilterSet):
    matter = django_filters.NumberFilter(field_name="matter_id")
    assignee = django_filters.CharFilter(method="filter_assignee", help_text="a user id, or 'me'")
    status = django_filters.ChoiceFilter(choices=Task.Status.choices)
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Task
        fields = ["matter", "assignee", "status", "due_before"]

    def filter_assignee(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset.none()


class TaskViewSet(
    MatterScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Tasks of the matters the caller may see, soonest due first. Filters: matter (id),
    assignee (id or "me"), status (open|done|cancelled), due_before (date)."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter

    def scoped_queryset(self) -> QuerySet[Task]:
        user = self.request.user
        return Task.objects.visible_to(user).select_related("matter", "assignee").by_due_date()

    def create(self, request: Request) -> Response:
        data = TaskCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        task = services.task_create(actor=request.user, **data.validated_data)
        task = self.get_queryset().get(pk=task.pk)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskUpdateSerializer, responses={200: TaskSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change the task's details (task_update, as the task's edit form)."""
        task = self.get_object()
        data = TaskUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_update(actor=request.user, task=task, **data.validated_data)
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the task (task_cancel); a recurring one stops recurring."""
        task = services.task_cancel(actor=request.user, task=self.get_object())
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """Reopen a done or cancelled task (task_reopen)."""
        task = services.task_reopen(actor=request.user, task=self.get_object())
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        task = services.task_complete(actor=request.user, task=self.get_object())
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)
