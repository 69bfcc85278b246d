"""REST API for matters: the same selectors and services as the pages."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from access.api import MatterScopedViewSetMixin
from accounts.models import User
from casemgr import ratelimit
from casemgr.params import (
    IdField,
    QueryForm,
    TextField,
    openapi_parameters,
    validate_sane_date,
)
from cases import selectors, services
from cases.models import Matter, Party, PracticeArea, TeamMembership
from clients.models import ConflictCheck, Contact


class TeamMemberSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.email")
    name = serializers.CharField(source="user.full_name")

    class Meta:
        model = TeamMembership
        fields = ["user", "name", "role"]


class PartySerializer(serializers.ModelSerializer):
    contact = serializers.PrimaryKeyRelatedField(read_only=True)
    name = serializers.CharField(source="contact.display_name")

    class Meta:
        model = Party
        fields = ["id", "contact", "name", "role", "notes"]


class MatterSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.display_name", read_only=True)
    practice_area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    responsible_attorney = serializers.EmailField(
        source="responsible_attorney.email", read_only=True
    )

    class Meta:
        model = Matter
        fields = [
            "id", "number", "title", "client", "client_name", "practice_area", "stage",
            "responsible_attorney", "jurisdiction", "court", "docket_number", "judge",
            "opened_on", "closed_on", "outcome", "description", "version",
        ]  # fmt: skip
        read_only_fields = fields


class MatterDetailSerializer(MatterSerializer):
    team = TeamMemberSerializer(many=True, read_only=True)
    parties = PartySerializer(many=True, read_only=True)

    class Meta(MatterSerializer.Meta):
        fields = [*MatterSerializer.Meta.fields, "team", "parties"]
        read_only_fields = fields


class MatterOpenSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    client = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.all())
    practice_area = serializers.SlugRelatedField(
        slug_field="code", queryset=PracticeArea.objects.all()
    )
    responsible_attorney = serializers.SlugRelatedField(
        slug_field="email", queryset=User.objects.filter(is_active=True)
    )
    opened_on = serializers.DateField(required=False, validators=[validate_sane_date])
    jurisdiction = serializers.ChoiceField(choices=Matter.Jurisdiction.choices, default="US-FED")
    court = serializers.CharField(required=False, allow_blank=True, default="")
    docket_number = serializers.CharField(required=False, allow_blank=True, default="")
    judge = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    conflict_check = serializers.PrimaryKeyRelatedField(
        queryset=ConflictCheck.objects.all(),
        required=False,
        allow_null=True,
        help_text="A cleared conflict check not yet used by another matter.",
    )
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000,
        help_text="Firm admins only: open without a cleared check (audited).",
    )  # fmt: skip


class MatterUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you loaded; a stale one is refused.")
    title = serializers.CharField(max_length=300, required=False)
    court = serializers.CharField(required=False, allow_blank=True)
    docket_number = serializers.CharField(required=False, allow_blank=True)
    judge = serializers.CharField(required=False, allow_blank=True)
    jurisdiction = serializers.ChoiceField(choices=Matter.Jurisdiction.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class StageSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    stage = serializers.CharField()


class MatterListQuery(QueryForm):
    q = TextField()
    stage = TextField()
    practice_area = IdField()
    attorney = IdField()
    mine = forms.BooleanField(required=False)
    status = forms.ChoiceField(
        choices=[("open", "open"), ("closed", "closed"), ("all", "all")], required=False
    )
    sort = forms.ChoiceField(choices=[(s, s) for s in selectors.SORTS], required=False)


@extend_schema_view(list=extend_schema(parameters=openapi_parameters(MatterListQuery)))
class MatterViewSet(
    MatterScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Matters the caller may see. Filters: q, stage, practice_area (id), attorney (id),
    mine (true), status (open|closed|all), sort."""

    serializer_class = MatterSerializer

    def scoped_queryset(self) -> QuerySet[Matter]:
        user = self.request.user
        if self.action == "list":
            params = MatterListQuery.parse(self.request)
            filters = selectors.MatterFilters(
                q=params["q"],
                stage=params["stage"],
                practice_area=params["practice_area"],
                attorney=params["attorney"],
                mine=params["mine"],
                status=params["status"] or "all",
                sort=params["sort"] or selectors.DEFAULT_SORT,
            )
            if filters.q:
                ratelimit.check(self.request, "search")
            return selectors.matter_list(user=user, filters=filters)
        return (
            Matter.objects.visible_to(user)
            .select_related("client", "practice_area", "responsible_attorney")
            .prefetch_related("team__user", "parties__contact")
        )

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return MatterDetailSerializer if self.action == "retrieve" else MatterSerializer

    def create(self, request: Request) -> Response:
        data = MatterOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        matter = services.matter_open(actor=request.user, **data.validated_data)
        matter = self.get_queryset().get(pk=matter.pk)
        return Response(MatterDetailSerializer(matter).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        matter = self.get_object()
        data = MatterUpdateSerializer(data=request.data, partial=False)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        services.matter_update(
            actor=request.user, matter=matter, expected_version=version, **changes
        )
        return Response(MatterDetailSerializer(self.get_queryset().get(pk=matter.pk)).data)

    @action(detail=True, methods=["post"])
    def stage(self, request: Request, pk: str | None = None) -> Response:
        matter = self.get_object()
        data = StageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.matter_change_stage(
            actor=request.user, matter=matter, stage=data.validated_data["stage"],
            expected_version=data.validated_data["version"],
        )  # fmt: skip
        return Response(MatterDetailSerializer(self.get_queryset().get(pk=matter.pk)).data)
