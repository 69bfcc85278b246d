"""REST API for deadlines: read-only, visible deadlines only, filterable."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from rest_framework import serializers

from accounts.models import User
from casemgr.api import VisibleReadOnlyViewSet
from casemgr.params import MAX_ID, validate_sane_date
from deadlines.models import Deadline


class DeadlineSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(source="matter.number", read_only=True)
    responsible = serializers.SlugRelatedField(slug_field="email", many=True, read_only=True)
    overridden = serializers.BooleanField(source="is_overridden", read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id", "matter", "matter_number", "trigger_event", "depends_on", "rule_key", "title",
            "kind", "status", "due_date", "due_time", "time_zone", "citation", "ruleset_version",
            "computed_due_date", "overridden", "override_reason", "steps", "warnings",
            "responsible", "completed_at", "waived_at", "waived_reason", "version",
        ]  # fmt: skip
        read_only_fields = fields


class DeadlineFilter(django_filters.FilterSet):
    due_from = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", validators=[validate_sane_date]
    )
    due_to = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", validators=[validate_sane_date]
    )
    matter = django_filters.NumberFilter(field_name="matter_id", min_value=1, max_value=MAX_ID)
    status = django_filters.ChoiceFilter(choices=Deadline.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Deadline.Kind.choices)

    class Meta:
        model = Deadline
        fields = ["matter", "status", "kind", "due_from", "due_to"]


class DeadlineViewSet(VisibleReadOnlyViewSet):
    """Deadlines of the matters the user can see; ?matter=, ?status=, ?kind=,
    ?due_from=, ?due_to= (dates YYYY-MM-DD)."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def visible_queryset(self, user: Any) -> QuerySet[Deadline]:
        return (
            Deadline.objects.visible_to(user)
            .select_related("matter")
            .prefetch_related(Prefetch("responsible", queryset=User.objects.only("id", "email")))
            .order_by("due_date", "due_time", "id")
        )
