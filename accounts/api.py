"""REST API of the firm admin area: users and the audit log, the same selectors
and services as the /firm/ pages. Anyone but a firm admin gets 404, as on the
pages (the area does not exist for them); auditors read the audit log, as on
its page. The matter-access and wall endpoints, which are about matters, live
in cases.api_firm."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from access.roles import ALL_ROLES, Role
from accounts import selectors, services
from accounts.filters import AuditEventFilter
from accounts.forms import UserSearchForm
from accounts.models import User
from casemgr.models import AuditEvent
from casemgr.params import openapi_parameters

ROLE_CHOICES = [(role.value, role.value) for role in ALL_ROLES]
ROLE_NAMES = frozenset(role.value for role in ALL_ROLES)


class FirmAdminsOnly(permissions.BasePermission):
    """The firm admin area: 404 for everyone else, as the pages answer."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user.is_firm_admin:
            raise Http404("No such page")
        return True


class AuditReaders(permissions.BasePermission):
    """Firm admins and auditors (the audit log page's rule); 404 for others."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not selectors.can_read_audit(request.user):
            raise Http404("No such page")
        return True


# --- Users ------------------------------------------------------------------------------


class FirmUserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    has_two_factor = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "roles", "is_active", "has_two_factor",
                  "last_login", "date_joined"]  # fmt: skip
        read_only_fields = fields

    def get_roles(self, user: User) -> list[str]:
        # From the prefetched groups (user.role_names would query each user).
        return sorted(g.name for g in user.groups.all() if g.name in ROLE_NAMES)


class InviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=ROLE_CHOICES)
    confirm_admin = serializers.BooleanField(
        default=False, help_text="Required (true) to invite a firm admin, as on the page."
    )


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ROLE_CHOICES)


class ActiveSerializer(serializers.Serializer):
    active = serializers.BooleanField(
        help_text="false deactivates (sign-in refused), true reactivates."
    )


@extend_schema_view(
    list=extend_schema(parameters=openapi_parameters(UserSearchForm)),
    create=extend_schema(request=InviteSerializer, responses={201: FirmUserSerializer}),
)
class FirmUserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The firm's users (firm admins only). Filters: q (name or email), role,
    active (yes|no). POST invites (user_invite: the invitation e-mail is sent);
    /{id}/role/ and /{id}/active/ as the user page's buttons."""

    serializer_class = FirmUserSerializer
    permission_classes = [permissions.IsAuthenticated, FirmAdminsOnly]

    def get_queryset(self) -> QuerySet[User]:
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        if self.action == "list":
            params = UserSearchForm.parse(self.request)
            return selectors.user_list(
                search=params["q"].strip(), role=params["role"], active=params["active"]
            )
        return selectors.user_list()

    def _one(self, pk: Any, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(
            FirmUserSerializer(selectors.user_list().get(pk=pk)).data, status=status_code
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = InviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = services.user_invite(
            actor=request.user, email=values["email"], full_name=values["full_name"],
            role=Role(values["role"]), base_url=request.build_absolute_uri("/"),
            admin_confirmed=values["confirm_admin"],
        )  # fmt: skip
        return self._one(user.pk, status.HTTP_201_CREATED)

    @extend_schema(request=RoleSerializer, responses={200: FirmUserSerializer})
    @action(detail=True, methods=["post"])
    def role(self, request: Request, pk: str | None = None) -> Response:
        """Give the user exactly this role (user_change_role)."""
        person = self.get_object()
        data = RoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_change_role(
            actor=request.user, user=person, role=Role(data.validated_data["role"])
        )
        return self._one(person.pk)

    @extend_schema(request=ActiveSerializer, responses={200: FirmUserSerializer})
    @action(detail=True, methods=["post"])
    def active(self, request: Request, pk: str | None = None) -> Response:
        """Deactivate or reactivate the account (user_set_active)."""
        person = self.get_object()
        data = ActiveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_set_active(
            actor=request.user, user=person, active=data.validated_data["active"]
        )
        return self._one(person.pk)


# --- The audit log -------------------------------------------------------------------------


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "at", "action", "actor_id", "actor_email", "object_type", "object_id",
                  "object_repr", "matter_id", "summary", "changes", "ip_address", "user_agent"]  # fmt: skip
        read_only_fields = fields


class AuditEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The audit trail as the audit log page shows it, newest first, with the
    page's filters: actor (user id), action, object_type, matter_id, since and
    until (dates in the firm's zone). Firm admins and auditors; walled matters'
    lines are left out. The CSV export stays a page (/firm/audit/export.csv)."""

    serializer_class = AuditEventSerializer
    permission_classes = [permissions.IsAuthenticated, AuditReaders]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEventFilter

    def get_queryset(self) -> QuerySet[AuditEvent]:
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return selectors.audit_events(self.request.user).order_by("-at", "-id")
