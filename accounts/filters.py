"""Filters of the audit log page (django-filter)."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import firm_zone
from casemgr.models import AuditEvent
from casemgr.params import MAX_ID, MAX_TEXT, validate_sane_date


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=firm_zone())


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        label="User",
        queryset=User.objects.order_by("full_name"),
        method="filter_actor",
        empty_label="Anyone",
    )
    action = django_filters.ChoiceFilter(
        choices=AuditEvent.Action.choices, empty_label="Any action"
    )
    object_type = django_filters.CharFilter(
        label="Object type", lookup_expr="exact", max_length=MAX_TEXT
    )
    matter_id = django_filters.NumberFilter(label="Matter id", min_value=1, max_value=MAX_ID)
    since = django_filters.DateFilter(
        label="From",
        method="filter_since",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_sane_date],
    )
    until = django_filters.DateFilter(
        label="Until", method="filter_until", widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_sane_date],
    )  # fmt: skip

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "object_type", "matter_id", "since", "until"]

    def filter_actor(self, queryset: QuerySet, name: str, value: User) -> QuerySet:
        return queryset.filter(actor_id=value.pk)

    def filter_since(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(at__gte=_day_start(value))

    def filter_until(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(at__lt=_day_start(value + datetime.timedelta(days=1)))

    def applied(self) -> dict[str, str]:
        """The filters in use, for the export's audit line."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
