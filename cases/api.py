"""REST API for matters: the same selectors and services as the pages."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
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
from cases.models import (
    CaseStrategy,
    Matter,
    Party,
    PracticeArea,
    StrategyRevision,
    TeamMembership,
)
from cases.models.strategy import STRATEGY_FIELDS
from clients.models import ConflictCheck, Contact


class TeamMemberSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.email")
    user_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="user.full_name")

    class Meta:
        model = TeamMembership
        fields = ["user", "user_id", "name", "role"]


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


class PartyAddSerializer(serializers.Serializer):
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.all())
    role = serializers.ChoiceField(choices=Party.Role.choices)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TeamMemberAddSerializer(serializers.Serializer):
    user = serializers.SlugRelatedField(
        slug_field="email",
        queryset=User.objects.filter(is_active=True),
        help_text="The email of an active user; someone already on the team gets the new role.",
    )
    role = serializers.ChoiceField(choices=TeamMembership.Role.choices)


class TeamChangeSerializer(TeamMemberSerializer):
    message = serializers.CharField(read_only=True)

    class Meta(TeamMemberSerializer.Meta):
        fields = [*TeamMemberSerializer.Meta.fields, "message"]


class CloseSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you loaded; a stale one is refused.")
    outcome = serializers.ChoiceField(choices=[c for c in Matter.Outcome.choices if c[0]])
    closed_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[validate_sane_date]
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReopenSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you loaded; a stale one is refused.")
    stage = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50,
        help_text="An open stage of the practice area (default: its second stage).",
    )  # fmt: skip


class StrategySerializer(serializers.ModelSerializer):
    updated_by_name = serializers.CharField(
        source="updated_by.full_name", read_only=True, allow_null=True, default=None
    )
    # None until the strategy is first saved.
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = CaseStrategy
        fields = [*STRATEGY_FIELDS, "version", "updated_at", "updated_by", "updated_by_name"]
        read_only_fields = fields


class StrategySaveSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        min_value=0,
        help_text="The version you loaded (0 when the matter had no strategy); a stale one "
        "is refused (409). Fields left out keep their current value.",
    )

    class Meta:
        model = CaseStrategy
        fields = [*STRATEGY_FIELDS, "version"]
        extra_kwargs = {name: {"required": False} for name in STRATEGY_FIELDS}


class StrategyRevisionSerializer(serializers.ModelSerializer):
    saved_by_name = serializers.CharField(
        source="saved_by.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = StrategyRevision
        fields = ["id", "version", *STRATEGY_FIELDS, "saved_at", "saved_by", "saved_by_name"]
        read_only_fields = fields


PARTY_PK = OpenApiParameter("party_pk", OpenApiTypes.INT, OpenApiParameter.PATH)
USER_PK = OpenApiParameter("user_pk", OpenApiTypes.INT, OpenApiParameter.PATH)


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

    def _detail(self, matter: Matter) -> Response:
        return Response(MatterDetailSerializer(self.get_queryset().get(pk=matter.pk)).data)

    @extend_schema(request=CloseSerializer, responses={200: MatterDetailSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the matter with its outcome (matter_close, as the Close button)."""
        matter = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.matter_close(
            actor=request.user, matter=matter, expected_version=values["version"],
            outcome=values["outcome"], closed_on=values["closed_on"], notes=values["notes"],
        )  # fmt: skip
        return self._detail(matter)

    @extend_schema(request=ReopenSerializer, responses={200: MatterDetailSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """Reopen a closed matter (matter_reopen), at ``stage`` or the default open stage."""
        matter = self.get_object()
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.matter_reopen(
            actor=request.user, matter=matter, expected_version=data.validated_data["version"],
            stage=data.validated_data["stage"] or None,
        )  # fmt: skip
        return self._detail(matter)

    # --- Parties --------------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses={200: PartySerializer(many=True)})
    @extend_schema(methods=["POST"], request=PartyAddSerializer, responses={201: PartySerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def parties(self, request: Request, pk: str | None = None) -> Response:
        """The matter's parties (GET), or add one (POST: party_add, as the Parties tab)."""
        matter = self.get_object()
        if request.method == "GET":
            parties = selectors.matter_parties(matter)
            return Response(PartySerializer(parties, many=True).data)
        data = PartyAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        party = services.party_add(actor=request.user, matter=matter, **data.validated_data)
        return Response(PartySerializer(party).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[PARTY_PK], request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"parties/(?P<party_pk>[0-9]{1,18})")
    def party_remove(self, request: Request, pk: str | None = None, party_pk: str = "") -> Response:
        """Remove a party (party_remove); the matter's client stays."""
        matter = self.get_object()
        party = get_object_or_404(
            Party.objects.select_related("contact", "matter"), pk=party_pk, matter=matter
        )
        services.party_remove(actor=request.user, party=party)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- Team -----------------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses={200: TeamMemberSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=TeamMemberAddSerializer,
        responses={200: TeamChangeSerializer, 201: TeamChangeSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def team(self, request: Request, pk: str | None = None) -> Response:
        """The matter's team (GET), or add someone or change their role (POST:
        team_member_add, as the Team tab): 201 when they joined, 200 otherwise,
        with the message the page shows."""
        matter = self.get_object()
        if request.method == "GET":
            return Response(TeamMemberSerializer(selectors.matter_team(matter), many=True).data)
        data = TeamMemberAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.team_member_add(actor=request.user, matter=matter, **data.validated_data)
        body = {**TeamMemberSerializer(change.membership).data, "message": change.message}
        return Response(body, status=status.HTTP_201_CREATED if change.created else 200)

    @extend_schema(parameters=[USER_PK], request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"team/(?P<user_pk>[0-9]{1,18})")
    def team_remove(self, request: Request, pk: str | None = None, user_pk: str = "") -> Response:
        """Take someone off the team (team_member_remove; leaving revokes access)."""
        matter = self.get_object()
        member = get_object_or_404(User, pk=user_pk, memberships__matter=matter)
        services.team_member_remove(actor=request.user, matter=matter, user=member)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- Strategy -------------------------------------------------------------------

    def _strategy(self, matter: Matter) -> CaseStrategy:
        current = (
            CaseStrategy.objects.restrict(self.request.user, "view")
            .filter(matter_id=matter.pk)
            .select_related("updated_by")
            .first()
        )
        return current or CaseStrategy(matter=matter)

    @extend_schema(methods=["GET"], request=None, responses={200: StrategySerializer})
    @extend_schema(
        methods=["PUT"], request=StrategySaveSerializer, responses={200: StrategySerializer}
    )
    @action(detail=True, methods=["get", "put"])
    def strategy(self, request: Request, pk: str | None = None) -> Response:
        """The current case strategy (version 0: never written), or save it (PUT:
        strategy_save, as the Strategy tab; every save that changes something is
        kept as a revision)."""
        matter = self.get_object()
        if request.method == "PUT":
            data = StrategySaveSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            content = dict(data.validated_data)
            version = content.pop("version")
            services.strategy_save(
                actor=request.user, matter=matter, expected_version=version, **content
            )
        return Response(StrategySerializer(self._strategy(matter)).data)

    @extend_schema(responses={200: StrategyRevisionSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="strategy/revisions", pagination_class=None)
    def strategy_revisions(self, request: Request, pk: str | None = None) -> Response:
        """Every saved revision of the strategy, newest first."""
        matter = self.get_object()
        revisions = (
            StrategyRevision.objects.restrict(request.user, "view")
            .filter(matter_id=matter.pk)
            .select_related("saved_by")
            .order_by("-version")
        )
        return Response(StrategyRevisionSerializer(revisions, many=True).data)
