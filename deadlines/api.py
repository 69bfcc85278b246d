"""REST API for deadlines: read-only, visible deadlines only, filterable."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access.api import MatterScopedReadOnlyViewSet
from access.views import no_matter_data
from accounts.models import User
from deadlines import selectors
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
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    matter = django_filters.NumberFilter(field_name="matter_id")
    status = django_filters.ChoiceFilter(choices=Deadline.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Deadline.Kind.choices)

    class Meta:
        model = Deadline
        fields = ["matter", "status", "kind", "due_from", "due_to"]


class DeadlineViewSet(MatterScopedReadOnlyViewSet):
    """Deadlines of the matters the user can see; ?matter=, ?status=, ?kind=,
    ?due_from=, ?due_to= (dates YYYY-MM-DD)."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def scoped_queryset(self) -> QuerySet[Deadline]:
        user = self.request.user
        return (
            Deadline.objects.visible_to(user)
            .select_related("matter")
            .prefetch_related(Prefetch("responsible", queryset=User.objects.only("id", "email")))
            .order_by("due_date", "due_time", "id")
        )


@no_matter_data("the court rule sets: data files, no matter")
class RuleSetCatalogueView(APIView):
    """GET /api/rulesets/: every jurisdiction casemgr covers, with its court
    calendar, its counting policy in plain words, and each rule-set version's
    trigger events and deadlines with their citations. Read-only reference
    data (no matter data), for any signed-in user."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response({"jurisdictions": selectors.ruleset_catalogue()})
