"""Pagination for lists over large, permission-filtered tables."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import pagination


def rows_in_order(object_list: QuerySet, ids: list[Any]) -> list[Any]:
    """The rows of ``object_list`` with these primary keys, in this order, with
    everything the queryset selects for display (related rows, annotations)."""
    rows = {row.pk: row for row in object_list.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class DeferredJoinPaginator(Paginator):
    """A paginator that reads a page in two short steps: the page's ids in the
    list's order (the filters and the sort, without the joins select_related
    adds for display, so the database sorts narrow rows), then those rows with
    their related objects by primary key. Joining the client, attorney and
    practice area to every visible matter before the sort cost more than the
    rest of the page. Anything but a QuerySet is paged as Django does."""

    def page(self, number: Any) -> Page:
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(rows_in_order(self.object_list, ids), number, self)


class BoundedPaginator(DeferredJoinPaginator):
    """A paginator for a QuerySet that counts exactly up to a bound, and reads
    a page in two short steps.

    The ids: one query reads the ids of the rows in the list's order, up to
    ``bound`` + 1 of them (or to the page after the requested one, if that is
    further, so "Next" is always right), through the same filters but without
    the joins ``select_related`` adds for display, so the database sorts narrow
    rows. Their number is the count; past the bound the page says "more than
    N" (capped). An exact COUNT(*) of every matter a firm admin can see would
    read ~100,000 rows on every view, to print one number nobody pages through.

    The rows: the requested page's rows with their related objects, by primary
    key. Joining the client, attorney and practice area to every visible
    matter before the sort cost more than the whole rest of the page.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, page: Any, bound: int) -> None:
        super().__init__(object_list, per_page)
        try:
            number = max(1, int(page))
        except (TypeError, ValueError):
            number = 1
        self.bound = max(bound, (number + 1) * per_page)

    @cached_property
    def ids(self) -> list[Any]:
        return list(self.object_list.values_list("pk", flat=True)[: self.bound + 1])

    @cached_property
    def count(self) -> int:
        return len(self.ids)

    @property
    def capped(self) -> bool:
        return self.count > self.bound

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.ids[bottom : bottom + self.per_page]
        return self._get_page(rows_in_order(self.object_list, ids), number, self)


class ApiPageNumberPagination(pagination.PageNumberPagination):
    """The API's page-number pagination (DRF's: an exact ``count``, ``next`` and
    ``previous``), reading each page's ids before its rows."""

    django_paginator_class = DeferredJoinPaginator
