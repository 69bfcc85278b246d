"""REST API for contacts: the same selectors and services as the pages.

/api/contacts/        list (q, client_status, kind, role, sort), create
/api/contacts/<id>/   detail (with the roles in matters the caller may see), update
/api/contacts/conflict-check/?name=…   the audited conflict search
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from casemgr import ratelimit
from casemgr.api import VisibleViewSetMixin
from casemgr.params import QueryForm, TextField, openapi_parameters
from cases.models import Party
from clients import selectors, services
from clients.forms import ContactFilterForm
from clients.models import Contact, ContactAddress, ContactAlias, ContactEmail, ContactPhone
from clients.views import check_names_from

# --- Output -----------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    organization_name_display = serializers.CharField(
        source="organization.display_name", read_only=True, allow_null=True, default=None
    )
    primary_email = serializers.CharField(read_only=True, allow_null=True, default=None)
    primary_phone = serializers.CharField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Contact
        fields = [
            "id", "kind", "display_name", "sort_name", "first_name", "last_name",
            "organization_name", "organization", "organization_name_display", "job_title",
            "client_status", "primary_email", "primary_phone", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class EmailSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = ContactEmail
        fields = ["id", "email", "label", "is_primary"]
        extra_kwargs = {"is_primary": {"required": False}, "label": {"required": False}}


class PhoneSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = ContactPhone
        fields = ["id", "number", "digits", "label", "is_primary"]
        read_only_fields = ["digits"]
        extra_kwargs = {"is_primary": {"required": False}, "label": {"required": False}}


class AliasSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = ContactAlias
        fields = ["id", "name", "kind"]
        extra_kwargs = {"kind": {"required": False}}


class AddressSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = ContactAddress
        fields = ["id", "label", "street", "city", "region", "postal_code", "country"]
        extra_kwargs = {
            f: {"required": False} for f in ("label", "region", "postal_code", "country")
        }


class MatterRoleSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(source="matter.number")
    matter_title = serializers.CharField(source="matter.title")

    class Meta:
        model = Party
        fields = ["matter", "matter_number", "matter_title", "role", "notes"]
        read_only_fields = fields


class ContactDetailSerializer(ContactSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    emails = EmailSerializer(many=True, read_only=True)
    phones = PhoneSerializer(many=True, read_only=True)
    addresses = AddressSerializer(many=True, read_only=True)
    notes = serializers.CharField(read_only=True)
    matter_roles = serializers.SerializerMethodField()

    class Meta(ContactSerializer.Meta):
        fields = [
            *ContactSerializer.Meta.fields, "notes", "aliases", "emails", "phones", "addresses",
            "matter_roles",
        ]  # fmt: skip
        read_only_fields = fields

    def get_matter_roles(self, contact: Contact) -> list[dict[str, Any]]:
        # Only matters the caller may see: the one door, never contact.matter_roles.
        parties = selectors.contact_matter_roles(user=self.context["request"].user, contact=contact)
        return MatterRoleSerializer(parties, many=True).data


# --- Input ------------------------------------------------------------------------


class ContactInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Contact.Kind.choices, required=False)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    organization_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.filter(kind=Contact.Kind.ORGANIZATION),
        required=False,
        allow_null=True,
    )
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    client_status = serializers.ChoiceField(
        choices=Contact.ClientStatus.choices, required=False, allow_blank=True
    )
    notes = serializers.CharField(required=False, allow_blank=True)
    emails = EmailSerializer(many=True, required=False)
    phones = PhoneSerializer(many=True, required=False)
    aliases = AliasSerializer(many=True, required=False)
    addresses = AddressSerializer(many=True, required=False)
    save_anyway = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Create even though similar contacts exist (otherwise 409 lists them).",
    )


class DuplicateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "kind", "display_name", "client_status"]
        read_only_fields = fields


# --- Viewset ----------------------------------------------------------------------


class ConflictCheckQuery(QueryForm):
    name = TextField(label="The name to check (names and aliases, fuzzy)")


class ConflictNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    capacity = serializers.CharField()
    capacity_label = serializers.CharField()
    hits = serializers.ListField(
        child=serializers.DictField(),
        help_text="Each contact resembling the name: contact_id, display_name, matched_name, "
        "score, level, roles (matters shown) and hidden (matters counted by role).",
    )


class ConflictReportSerializer(serializers.Serializer):
    """clients.conflicts.report_for: the conflict check as the caller may see it."""

    run_at = serializers.DateTimeField()
    names = ConflictNameSerializer(many=True)
    hit_count = serializers.IntegerField()
    direct = serializers.IntegerField()
    former_client = serializers.IntegerField()
    hidden_matters = serializers.IntegerField()
    level = serializers.CharField()
    level_label = serializers.CharField()


@extend_schema_view(list=extend_schema(parameters=openapi_parameters(ContactFilterForm)))
class ContactViewSet(
    VisibleViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Contacts. List filters: q (name, alias, email, phone digits), client_status
    (prospect|active|former|none), kind, role (plays it in a matter you can see), sort
    (name|-name|recent). Creating warns of likely duplicates with a 409 unless
    save_anyway is true."""

    serializer_class = ContactSerializer

    def visible_queryset(self, user: Any) -> QuerySet[Contact]:
        if not selectors.can_view_contacts(user):
            return Contact.objects.none()
        if self.action == "list":
            params = ContactFilterForm.parse(self.request)
            filters = selectors.ContactFilters(
                q=params["q"],
                client_status=params["client_status"],
                kind=params["kind"],
                role=params["role"],
                sort=params["sort"] or selectors.DEFAULT_SORT,
            )
            if filters.q:
                ratelimit.check(self.request, "search")
            return selectors.contact_list(user=user, filters=filters)
        return Contact.objects.select_related("organization").prefetch_related(
            "aliases", "emails", "phones", "addresses"
        )

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in {"retrieve", "create", "partial_update", "update"}:
            return ContactDetailSerializer
        return ContactSerializer

    def _input(self, request: Request, *, partial: bool) -> dict[str, Any]:
        serializer = ContactInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _detail(self, pk: Any, status_code: int = status.HTTP_200_OK) -> Response:
        contact = self.visible_queryset(self.request.user).get(pk=pk)
        return Response(
            ContactDetailSerializer(contact, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request) -> Response:
        if not selectors.can_add_contacts(request.user):
            raise PermissionDenied("You may not add contacts.")
        data = self._input(request, partial=False)
        save_anyway = data.pop("save_anyway", False)
        try:
            contact = services.contact_create(actor=request.user, duplicates_ok=save_anyway, **data)
        except services.PossibleDuplicates as exc:
            return _duplicates_response(exc, "create")
        return self._detail(contact.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: Any = None, partial: bool = False) -> Response:
        contact = self.get_object()
        if not selectors.can_change_contacts(request.user):
            raise PermissionDenied("You may not change contacts.")
        data = self._input(request, partial=partial)
        save_anyway = data.pop("save_anyway", False)
        try:
            services.contact_update(
                actor=request.user, contact=contact, duplicates_ok=save_anyway, **data
            )
        except services.PossibleDuplicates as exc:
            return _duplicates_response(exc, "save")
        return self._detail(contact.pk)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        return self.update(request, pk=pk, partial=True)

    @extend_schema(
        parameters=openapi_parameters(ConflictCheckQuery),
        responses={200: ConflictReportSerializer},
    )
    @action(detail=False, methods=["get"], url_path="conflict-check")
    def conflict_check(self, request: Request) -> Response:
        """?name=…&related=…&adverse=…&counsel=… (one name a line in each): every
        contact resembling each name, with its roles in matters. Matters you cannot
        see are counted by role ("hidden"), never named. Each search is audited."""
        if not selectors.can_view_contacts(request.user):
            raise Http404
        names, _values, error = check_names_from(request.query_params)
        if error or not names:
            return Response(
                {
                    "detail": "The request has invalid fields.",
                    "code": "invalid",
                    "errors": {"name": [error or "Give a name."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        ratelimit.check(request, "conflict_check")
        return Response(services.conflict_search_run(actor=request.user, names=names))


def _duplicates_response(exc: Any, verb: str) -> Response:
    return Response(
        {
            "detail": f"Similar contacts exist; send save_anyway: true to {verb} anyway.",
            "code": "possible_duplicate",
            "duplicates": DuplicateSerializer(exc.duplicates, many=True).data,
        },
        status=status.HTTP_409_CONFLICT,
    )
