"""REST API for the Notes tab (/api/v1/notes/) and the Negotiation tab
(/api/v1/offers/): the same one door and the same services as the pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from access.api import MatterScopedViewSetMixin
from casemgr.params import IdField, QueryForm, openapi_parameters, validate_sane_date
from cases import services
from cases.models import Matter, Note, Offer
from cases.views.negotiations import STATUS_ACTIONS
from clients.models import Contact


@extend_schema_field(OpenApiTypes.INT)
class VisibleMatterField(serializers.PrimaryKeyRelatedField):
    """A matter the caller can see; any other id "does not exist", as a missing one."""

    def get_queryset(self) -> QuerySet[Matter]:
        return Matter.objects.visible_to(self.context["request"].user)


# --- Notes --------------------------------------------------------------------------


class NoteSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(source="matter.number", read_only=True)
    author_name = serializers.CharField(
        source="author.full_name", read_only=True, allow_null=True, default=None
    )
    contacts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Note
        fields = [
            "id", "matter", "matter_number", "kind", "occurred_at", "direction", "subject",
            "body", "participants", "contacts", "author", "author_name", "version",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class NoteInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Note.Kind.choices)
    subject = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    occurred_at = serializers.DateTimeField(
        required=False, allow_null=True, validators=[validate_sane_date]
    )
    direction = serializers.ChoiceField(choices=Note.Direction.choices, required=False)
    participants = serializers.CharField(required=False, allow_blank=True, max_length=500)
    contacts = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Contact.objects.all(),
        required=False,
        help_text="Parties to the matter involved (anyone else goes in participants).",
    )


class NoteCreateSerializer(NoteInputSerializer):
    matter = VisibleMatterField()


class NoteUpdateSerializer(NoteInputSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you loaded; a stale one is refused (409)."
    )


class NoteListQuery(QueryForm):
    matter = IdField(label="Only this matter's entries")
    kind = forms.ChoiceField(choices=[("", ""), *Note.Kind.choices], required=False)


@extend_schema_view(
    list=extend_schema(parameters=openapi_parameters(NoteListQuery)),
    create=extend_schema(request=NoteCreateSerializer, responses={201: NoteSerializer}),
    partial_update=extend_schema(request=NoteUpdateSerializer, responses={200: NoteSerializer}),
)
class NoteViewSet(
    MatterScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The communications log of the matters the caller can see, newest first
    (note_create / note_update / note_delete, as the Notes tab)."""

    serializer_class = NoteSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def scoped_queryset(self) -> QuerySet[Note]:
        notes = (
            Note.objects.visible_to(self.request.user)
            .select_related("matter", "author")
            .prefetch_related(Prefetch("contacts", Contact.objects.only("id")))
            .order_by("-occurred_at", "-id")
        )
        if self.action == "list":
            params = NoteListQuery.parse(self.request)
            if params["matter"]:
                notes = notes.filter(matter_id=params["matter"])
            if params["kind"]:
                notes = notes.filter(kind=params["kind"])
        return notes

    def _one(self, pk: Any, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(NoteSerializer(self.get_queryset().get(pk=pk)).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = NoteCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        note = services.note_create(actor=request.user, **data.validated_data)
        return self._one(note.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        note = self.get_object()
        data = NoteUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if "version" not in changes:
            raise serializers.ValidationError({"version": ["This field is required."]})
        version = changes.pop("version")
        contacts = changes.pop("contacts", None)
        services.note_update(
            actor=request.user, note=note, contacts=contacts, expected_version=version, **changes
        )
        return self._one(note.pk)

    def perform_destroy(self, instance: Note) -> None:
        services.note_delete(actor=self.request.user, note=instance)


# --- Negotiation --------------------------------------------------------------------


class OfferSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(source="matter.number", read_only=True)
    recorded_by_name = serializers.CharField(
        source="recorded_by.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Offer
        fields = [
            "id", "matter", "matter_number", "side", "amount", "currency", "made_on", "terms",
            "response_deadline", "status", "responds_to", "recorded_by", "recorded_by_name",
            "created_at", "status_changed_at",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class VisibleOfferField(serializers.PrimaryKeyRelatedField):
    """An offer the caller can see (the service checks it is the same matter's)."""

    def get_queryset(self) -> QuerySet[Offer]:
        return Offer.objects.visible_to(self.context["request"].user)


class OfferCreateSerializer(serializers.Serializer):
    matter = VisibleMatterField()
    side = serializers.ChoiceField(choices=Offer.Side.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    made_on = serializers.DateField(
        required=False, allow_null=True, validators=[validate_sane_date]
    )
    response_deadline = serializers.DateField(
        required=False, allow_null=True, validators=[validate_sane_date]
    )
    responds_to = VisibleOfferField(
        required=False,
        allow_null=True,
        help_text="An open offer of the other side in the same matter: this one counters it.",
    )
    terms = serializers.CharField(required=False, allow_blank=True, max_length=100_000)


class OfferRespondSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(name, name) for name in STATUS_ACTIONS],
        help_text="accept or reject the other side's offer, or withdraw one of ours.",
    )


class OfferListQuery(QueryForm):
    matter = IdField(label="Only this matter's offers")
    status = forms.ChoiceField(choices=[("", ""), *Offer.Status.choices], required=False)


@extend_schema_view(
    list=extend_schema(parameters=openapi_parameters(OfferListQuery)),
    create=extend_schema(request=OfferCreateSerializer, responses={201: OfferSerializer}),
)
class OfferViewSet(
    MatterScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Offers and counter-offers of the matters the caller can see, newest first
    (offer_record and offer_accept / offer_reject / offer_withdraw, as the
    Negotiation tab)."""

    serializer_class = OfferSerializer

    def scoped_queryset(self) -> QuerySet[Offer]:
        offers = (
            Offer.objects.visible_to(self.request.user)
            .select_related("matter", "recorded_by")
            .order_by("-made_on", "-id")
        )
        if self.action == "list":
            params = OfferListQuery.parse(self.request)
            if params["matter"]:
                offers = offers.filter(matter_id=params["matter"])
            if params["status"]:
                offers = offers.filter(status=params["status"])
        return offers

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = OfferCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        offer = services.offer_record(actor=request.user, **data.validated_data)
        offer = self.get_queryset().get(pk=offer.pk)
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OfferRespondSerializer, responses={200: OfferSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        """Accept, reject or withdraw an open offer (the page's buttons)."""
        offer = self.get_object()
        data = OfferRespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service, _done = STATUS_ACTIONS[data.validated_data["action"]]
        service(actor=request.user, offer=offer)
        return Response(OfferSerializer(self.get_queryset().get(pk=offer.pk)).data)
