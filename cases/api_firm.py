"""REST API of the firm admin pages about matters: one matter's access (grants,
as /firm/matters/<id>/access/) and ethical walls (as /firm/walls/). Firm admins
only (404 for everyone else, as the pages); a matter or client a wall keeps
from the admin is as missing, through the one door."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from access.kernel import matter_for
from access.models import EthicalWall
from access.views import reads_through_door
from accounts import selectors, services
from accounts.api import FirmAdminsOnly
from accounts.models import User
from casemgr.params import validate_sane_date
from cases.forms import picker_contacts
from cases.models import Matter

# --- One matter's access ----------------------------------------------------------------


class AccessUserSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk")
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.full_name")


class AccessTeamSerializer(AccessUserSerializer):
    role = serializers.CharField()


class AccessGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="group.pk")
    name = serializers.CharField(source="group.name")


class AccessWallSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class MatterAccessSerializer(serializers.Serializer):
    matter = serializers.SerializerMethodField()
    team = AccessTeamSerializer(many=True)
    user_grants = AccessUserSerializer(many=True)
    group_grants = AccessGroupSerializer(many=True)
    walls = AccessWallSerializer(many=True)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_matter(self, access: Any) -> dict[str, Any]:
        matter = self.context["matter"]
        return {"id": matter.pk, "number": matter.number, "title": matter.title}


class GrantSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    group = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.all(), required=False, allow_null=True, default=None
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["user"] is None) == (attrs["group"] is None):
            raise serializers.ValidationError("Give either a user or a group.")
        return attrs


MATTER_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The matter's id."
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[MATTER_ID], responses={200: MatterAccessSerializer}),
    grant=extend_schema(parameters=[MATTER_ID]),
    revoke=extend_schema(parameters=[MATTER_ID]),
)
@reads_through_door
class MatterAccessViewSet(viewsets.GenericViewSet):
    """Who may see a matter and why (team, direct grants, group grants, walls);
    grant/ and revoke/ a user or a group (accounts.services.access_grant and
    access_revoke, as the matter access page). The id is the matter's."""

    permission_classes = [permissions.IsAuthenticated, FirmAdminsOnly]
    serializer_class = MatterAccessSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def _matter(self, pk: Any) -> Matter:
        return matter_for(self.request.user, pk)

    def _answer(self, matter: Matter) -> Response:
        access = selectors.matter_access(matter)
        return Response(MatterAccessSerializer(access, context={"matter": matter}).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(self._matter(pk))

    def _change(self, request: Request, pk: Any, service: Any) -> Response:
        matter = self._matter(pk)
        data = GrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, matter=matter, **data.validated_data)
        return self._answer(matter)

    @extend_schema(request=GrantSerializer, responses={200: MatterAccessSerializer})
    @action(detail=True, methods=["post"])
    def grant(self, request: Request, pk: str | None = None) -> Response:
        """Give a user or a group access (refused when a wall screens them)."""
        return self._change(request, pk, services.access_grant)

    @extend_schema(request=GrantSerializer, responses={200: MatterAccessSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Take a user's or group's access away (team members leave the team instead)."""
        return self._change(request, pk, services.access_revoke)


# --- Ethical walls ---------------------------------------------------------------------


class WallSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(
        source="matter.number", read_only=True, allow_null=True, default=None
    )
    client_name = serializers.CharField(
        source="client.display_name", read_only=True, allow_null=True, default=None
    )
    screened_users = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    screened_groups = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    active = serializers.SerializerMethodField()

    class Meta:
        model = EthicalWall
        fields = [
            "id", "name", "kind", "matter", "matter_number", "client", "client_name",
            "screened_users", "screened_groups", "reason", "notice", "effective_from",
            "effective_until", "active", "created_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_active(self, wall: EthicalWall) -> bool:
        today = timezone.localdate()
        return wall.effective_from <= today and (
            wall.effective_until is None or wall.effective_until >= today
        )


@extend_schema_field(OpenApiTypes.INT)
class WallMatterField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> QuerySet[Matter]:
        return Matter.objects.visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class WallClientField(serializers.PrimaryKeyRelatedField):
    """A client of a matter, as the wall page's picker offers (through the door)."""

    def get_queryset(self) -> QuerySet[Any]:
        return picker_contacts("clients", user=self.context["request"].user)


class WallCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=EthicalWall.Kind.choices)
    matter = WallMatterField(required=False, allow_null=True, default=None)
    client = WallClientField(
        required=False, allow_null=True, default=None,
        help_text="Every matter of this client (instead of one matter).",
    )  # fmt: skip
    users = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.filter(is_active=True), required=False, default=list
    )
    groups = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Group.objects.all(), required=False, default=list
    )
    reason = serializers.CharField(max_length=10_000)
    notice = serializers.CharField(max_length=10_000)
    effective_from = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[validate_sane_date]
    )
    effective_until = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[validate_sane_date]
    )


@extend_schema_view(
    create=extend_schema(request=WallCreateSerializer, responses={201: WallSerializer}),
)
@reads_through_door
class WallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Ethical walls the admin manages (less those about matters or clients a wall
    keeps from them), newest first; POST raises one (wall_create, as the page)."""

    permission_classes = [permissions.IsAuthenticated, FirmAdminsOnly]
    serializer_class = WallSerializer

    def get_queryset(self) -> QuerySet[EthicalWall]:
        if getattr(self, "swagger_fake_view", False):
            return EthicalWall.objects.none()
        return selectors.wall_list(self.request.user).order_by("-created_at", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = WallCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        wall = services.wall_create(actor=request.user, **data.validated_data)
        try:
            wall = self.get_queryset().get(pk=wall.pk)
        except EthicalWall.DoesNotExist:  # a wall that screens its own author
            raise Http404 from None
        return Response(WallSerializer(wall).data, status=status.HTTP_201_CREATED)
