"""REST API for deadlines: read-only, visible deadlines only, filterable."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms as django_forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access.api import MatterScopedReadOnlyViewSet, MatterScopedViewSetMixin
from access.views import no_matter_data, reads_through_door
from accounts.models import User
from casemgr.params import MAX_ID, IdField, QueryForm, openapi_parameters, validate_sane_date
from cases.api_notes import VisibleMatterField
from deadlines import calculator, forms, selectors, services
from deadlines.models import (
    MAX_REMINDER_OFFSET,
    SERVICE_CHOICES,
    Deadline,
    Notification,
    TriggerEvent,
)


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


class DeadlineVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you loaded; a stale one is refused (409)."
    )


class WaiveSerializer(DeadlineVersionSerializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the deadline is waived.")


class OverrideSerializer(DeadlineVersionSerializer):
    due_date = serializers.DateField(validators=[validate_sane_date])
    reason = serializers.CharField(
        max_length=2000, help_text="E.g. the order or stipulation that sets it."
    )


class RemindersSerializer(DeadlineVersionSerializer):
    offsets = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_REMINDER_OFFSET),
        allow_null=True,
        max_length=50,
        help_text="Days before the deadline to remind (0 = the day itself); null: each "
        "responsible person's defaults.",
    )


def _deadline_action(serializer_class: type[serializers.Serializer], doc: str) -> Any:
    return extend_schema(
        request=serializer_class, responses={200: DeadlineSerializer}, description=doc
    )


class DeadlineCreateSerializer(serializers.Serializer):
    """A deadline entered by hand (the page's DeadlineForm); the people responsible
    are the matter's, as on the page."""

    matter = VisibleMatterField()
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Deadline.Kind.choices, default=Deadline.Kind.INTERNAL)
    due_date = serializers.DateField(validators=[validate_sane_date])
    due_time = serializers.TimeField(
        required=False, allow_null=True, default=None,
        help_text="In the court's time zone; leave out for an all-day deadline.",
    )  # fmt: skip
    citation = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="",
        help_text="Required for a statute of limitations.",
    )  # fmt: skip
    note = serializers.CharField(required=False, allow_blank=True, default="")


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

    @extend_schema(request=DeadlineCreateSerializer, responses={201: DeadlineSerializer})
    def create(self, request: Request) -> Response:
        """Add a deadline by hand (deadline_create, as the matter's Deadlines tab)."""
        data = DeadlineCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        deadline = services.deadline_create(actor=request.user, **data.validated_data)
        return Response(
            DeadlineSerializer(self.get_queryset().get(pk=deadline.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def _act(self, serializer_class: type[serializers.Serializer], service: Any) -> Response:
        deadline = self.get_object()
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        service(actor=self.request.user, deadline=deadline, expected_version=version, **values)
        return Response(DeadlineSerializer(self.get_queryset().get(pk=deadline.pk)).data)

    @_deadline_action(DeadlineVersionSerializer, "Mark the deadline done (deadline_complete).")
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._act(DeadlineVersionSerializer, services.deadline_complete)

    @_deadline_action(
        DeadlineVersionSerializer, "Reopen a done or waived deadline (deadline_reopen)."
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._act(DeadlineVersionSerializer, services.deadline_reopen)

    @_deadline_action(WaiveSerializer, "Waive the deadline, saying why (deadline_waive).")
    @action(detail=True, methods=["post"])
    def waive(self, request: Request, pk: str | None = None) -> Response:
        return self._act(WaiveSerializer, services.deadline_waive)

    @_deadline_action(
        OverrideSerializer,
        "Set the due date by hand (deadline_override); a later trigger date change leaves it.",
    )
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: str | None = None) -> Response:
        return self._act(OverrideSerializer, services.deadline_override)

    @_deadline_action(
        RemindersSerializer, "Set this deadline's reminder days (deadline_set_reminders)."
    )
    @action(detail=True, methods=["post"])
    def reminders(self, request: Request, pk: str | None = None) -> Response:
        deadline = self.get_object()
        data = RemindersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.deadline_set_reminders(
            actor=request.user, deadline=deadline, offsets=data.validated_data["offsets"],
            expected_version=data.validated_data["version"],
        )  # fmt: skip
        return Response(DeadlineSerializer(self.get_queryset().get(pk=deadline.pk)).data)


# --- Trigger events -------------------------------------------------------------------


class TriggerEventSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(source="matter.number", read_only=True)

    class Meta:
        model = TriggerEvent
        fields = [
            "id", "matter", "matter_number", "ruleset", "jurisdiction", "event_key",
            "event_name", "trigger_date", "service", "ruleset_version", "created_by",
            "created_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class TriggerEventInputSerializer(serializers.Serializer):
    matter = VisibleMatterField()
    event_key = serializers.CharField(
        max_length=80, help_text="A trigger event of the matter's rule set (GET /rulesets/)."
    )
    trigger_date = serializers.DateField(validators=[validate_sane_date])
    service = serializers.ChoiceField(choices=SERVICE_CHOICES, default="personal")
    hearing_time = serializers.TimeField(
        required=False, allow_null=True, default=None,
        help_text="In the court's time zone, for an event that sets a hearing; else leave out.",
    )  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The page's form offers only the events of the matter's rule set.
        keys = {key for key, _name in forms.event_choices(attrs["matter"].jurisdiction)}
        if attrs["event_key"] not in keys:
            raise serializers.ValidationError(
                {"event_key": [f"Not a trigger event of {attrs['matter'].jurisdiction}'s rules."]}
            )
        return attrs


class StepSerializer(serializers.Serializer):
    date = serializers.DateField()
    text = serializers.CharField()
    citation = serializers.CharField()


class ComputedDeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    citation = serializers.CharField()
    depends_on = serializers.CharField(allow_null=True)
    due_date = serializers.DateField()
    due_time = serializers.TimeField(allow_null=True)
    ruleset_version = serializers.DateField(source="version_effective_from")
    steps = StepSerializer(many=True, source="computation.steps")
    warnings = serializers.ListField(child=serializers.CharField(), source="computation.warnings")


class HearingPreviewSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    time = serializers.TimeField()
    time_zone = serializers.CharField()


class ChainPreviewSerializer(serializers.Serializer):
    matter = serializers.IntegerField(source="matter.pk")
    jurisdiction = serializers.CharField()
    event_key = serializers.CharField()
    event_name = serializers.CharField()
    trigger_date = serializers.DateField()
    service = serializers.CharField()
    ruleset_version = serializers.DateField(source="version_effective_from")
    time_zone = serializers.CharField()
    hearing = HearingPreviewSerializer(allow_null=True)
    deadlines = ComputedDeadlineSerializer(many=True)


class TriggerEventCreatedSerializer(TriggerEventSerializer):
    deadlines = DeadlineSerializer(many=True, read_only=True)

    class Meta(TriggerEventSerializer.Meta):
        fields = [*TriggerEventSerializer.Meta.fields, "deadlines"]
        read_only_fields = fields


class ChangeDatePreviewInputSerializer(serializers.Serializer):
    new_date = serializers.DateField(validators=[validate_sane_date])


class ChangeDateInputSerializer(ChangeDatePreviewInputSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The event's version you loaded; a stale one is refused (409)."
    )


class MoveSerializer(serializers.Serializer):
    deadline = serializers.IntegerField(source="deadline.pk")
    title = serializers.CharField(source="deadline.title")
    old_date = serializers.DateField()
    new_date = serializers.DateField()
    days = serializers.IntegerField()
    left_alone = serializers.CharField(
        help_text="Why it stays (done, waived, overridden), or empty."
    )


class ChangePreviewSerializer(serializers.Serializer):
    event = serializers.IntegerField(source="event.pk")
    old_date = serializers.DateField()
    new_date = serializers.DateField()
    moves = MoveSerializer(many=True)


class TriggerEventListQuery(QueryForm):
    matter = IdField(label="Only this matter's events")


@extend_schema_view(
    list=extend_schema(parameters=openapi_parameters(TriggerEventListQuery)),
    create=extend_schema(
        request=TriggerEventInputSerializer, responses={201: TriggerEventCreatedSerializer}
    ),
)
class TriggerEventViewSet(
    MatterScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Trigger events of the matters the caller can see. POST /preview/ computes the
    chain without saving; POST / confirms it (trigger_event_create). A date
    change is previewed (/{id}/change-date/preview/) then applied with the
    event's version (/{id}/change-date/), as on the pages."""

    serializer_class = TriggerEventSerializer

    def scoped_queryset(self) -> QuerySet[TriggerEvent]:
        events = (
            TriggerEvent.objects.visible_to(self.request.user)
            .select_related("matter")
            .order_by("-trigger_date", "-id")
        )
        if self.action == "list":
            params = TriggerEventListQuery.parse(self.request)
            if params["matter"]:
                events = events.filter(matter_id=params["matter"])
        return events

    def _input(self) -> dict[str, Any]:
        data = TriggerEventInputSerializer(
            data=self.request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    @extend_schema(request=TriggerEventInputSerializer, responses={200: ChainPreviewSerializer})
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        """The deadlines the event would create, each with its explanation; saves nothing."""
        chain = services.trigger_event_preview(actor=request.user, **self._input())
        return Response(ChainPreviewSerializer(chain).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = services.trigger_event_create(actor=request.user, **self._input())
        event = self.get_queryset().get(pk=event.pk)
        deadlines = (
            Deadline.objects.visible_to(request.user)
            .filter(trigger_event=event)
            .select_related("matter")
            .prefetch_related(Prefetch("responsible", queryset=User.objects.only("id", "email")))
            .order_by("due_date", "id")
        )
        body = {**TriggerEventSerializer(event).data,
                "deadlines": DeadlineSerializer(deadlines, many=True).data}  # fmt: skip
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ChangeDatePreviewInputSerializer, responses={200: ChangePreviewSerializer}
    )
    @action(detail=True, methods=["post"], url_path="change-date/preview")
    def change_date_preview(self, request: Request, pk: str | None = None) -> Response:
        """Which deadlines a new trigger date would move, and by how many days; saves nothing."""
        event = self.get_object()
        data = ChangeDatePreviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preview = services.trigger_event_change_preview(
            actor=request.user, event=event, new_date=data.validated_data["new_date"]
        )
        return Response(ChangePreviewSerializer(preview).data)

    @extend_schema(request=ChangeDateInputSerializer, responses={200: ChangePreviewSerializer})
    @action(detail=True, methods=["post"], url_path="change-date")
    def change_date(self, request: Request, pk: str | None = None) -> Response:
        """Move the trigger date and recompute its deadlines (trigger_event_change_apply)."""
        event = self.get_object()
        data = ChangeDateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.trigger_event_change_apply(
            actor=request.user, event=event, new_date=data.validated_data["new_date"],
            expected_version=data.validated_data["version"],
        )  # fmt: skip
        return Response(ChangePreviewSerializer(result).data)


# --- The date calculator ----------------------------------------------------------------


class CalculatorQuery(forms.CalculatorForm, QueryForm):
    """The calculator page's inputs, as query parameters."""

    page = None  # type: ignore[assignment]  # not a list


class CalculationSerializer(serializers.Serializer):
    due_date = serializers.DateField()
    due_time = serializers.TimeField(allow_null=True)
    jurisdiction = serializers.CharField()
    trigger_date = serializers.DateField()
    days = serializers.IntegerField()
    direction = serializers.CharField()
    unit = serializers.CharField()
    service = serializers.CharField()
    explanation = serializers.CharField()
    steps = StepSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


@no_matter_data("computes dates from rules; reads no matter")
class CalculatorView(APIView):
    """GET /api/v1/calculator/: the date calculator page's computation, with its
    explanation (the court's calendar and the firm's closures)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=openapi_parameters(CalculatorQuery), responses={200: CalculationSerializer}
    )
    def get(self, request: Request) -> Response:
        data = CalculatorQuery.parse(request)
        try:
            result = calculator.compute(
                data["trigger_date"], data["days"], direction=data["direction"],
                unit=data["unit"], jurisdiction=data["jurisdiction"], service=data["service"],
                extra_closures=services.closures_for(data["jurisdiction"]),
            )  # fmt: skip
        except ValueError as error:
            raise serializers.ValidationError({"trigger_date": [str(error)]}) from None
        return Response(CalculationSerializer(result).data)


@no_matter_data("the court rule sets: data files, no matter")
class RuleSetCatalogueView(APIView):
    """GET /api/rulesets/: every jurisdiction casemgr covers, with its court
    calendar, its counting policy in plain words, and each rule-set version's
    trigger events and deadlines with their citations. Read-only reference
    data (no matter data), for any signed-in user."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response({"jurisdictions": selectors.ruleset_catalogue()})


# --- Notifications ------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    matter = serializers.IntegerField(
        source="deadline.matter_id", read_only=True, allow_null=True, default=None
    )
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "text", "deadline", "matter", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, notification: Notification) -> bool:
        return notification.read_at is None


class NotificationListQuery(QueryForm):
    unread = django_forms.BooleanField(required=False, label="Only unread ones")


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        allow_null=True,
        default=None,
        max_length=1000,
        help_text="Your notifications to mark read; leave out to mark them all (as the page).",
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


@extend_schema_view(list=extend_schema(parameters=openapi_parameters(NotificationListQuery)))
@reads_through_door
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications, newest first (none about a deadline they
    can no longer see: the notifications page's selector)."""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator's pass
            return Notification.objects.none()
        notifications = selectors.notifications_for(self.request.user).select_related("deadline")
        if self.action == "list" and NotificationListQuery.parse(self.request)["unread"]:
            notifications = notifications.filter(read_at__isnull=True)
        return notifications.order_by("-created_at", "-id")

    @extend_schema(request=MarkReadSerializer, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request) -> Response:
        """Mark your notifications read (notifications_mark_read): those listed, or all."""
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(
            actor=request.user, ids=data.validated_data["ids"]
        )
        return Response({"marked": marked})


# --- The calendar -------------------------------------------------------------------


class CalendarItemSerializer(serializers.Serializer):
    day = serializers.DateField()
    time = serializers.TimeField(allow_null=True)
    zone = serializers.CharField(help_text="The court's zone abbreviation for a timed item.")
    title = serializers.CharField()
    kind = serializers.CharField(help_text="A deadline kind, task or offer.")
    kind_label = serializers.CharField()
    matter_number = serializers.CharField()
    citation = serializers.CharField()
    url = serializers.CharField(help_text="The item on its page.")
    explanation = serializers.CharField(help_text="How the date was computed (list view).")


class CalendarSerializer(serializers.Serializer):
    view = serializers.CharField()
    scope = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    previous = serializers.DateField()
    next = serializers.DateField()
    deadline_count = serializers.IntegerField()
    task_count = serializers.IntegerField()
    offer_count = serializers.IntegerField()
    collisions = serializers.ListField(child=serializers.CharField())
    items = CalendarItemSerializer(many=True)
    more = serializers.SerializerMethodField(
        help_text="Per day whose month cell lists only the first items: how many more."
    )

    def get_more(self, data: selectors.CalendarData) -> dict[str, int]:
        return {cell["iso"]: cell["more"] for cell in data.days if cell["more"]}


@reads_through_door
class CalendarApiView(APIView):
    """GET /api/v1/calendar/: the calendar page's items (open deadlines, hearings,
    tasks and offers' response deadlines) for a view's date range (month, week,
    or list: 60 days from ``date``) and a scope (mine, team, matter, all), from
    the page's own selector and form."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=openapi_parameters(forms.CalendarFilterForm),
        responses={200: CalendarSerializer},
    )
    def get(self, request: Request) -> Response:
        form = forms.CalendarFilterForm(request.query_params)
        form.require_valid()
        values = form.values(timezone.localdate())
        data = selectors.calendar_data(user=request.user, **values)
        return Response(CalendarSerializer(data).data)
