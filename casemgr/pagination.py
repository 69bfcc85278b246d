"""Pagination for lists over large, permission-filtered tables."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A paginator for a QuerySet that counts exactly up to a bound, and reads
    a page in two short steps.

    The count: an exact COUNT(*) of every matter a firm admin can see reads
    ~100,000 rows on every page view, to print one number nobody pages through.
    This one counts at most ``bound`` rows, or a page beyond the requested one
    if that is further (so "Next" is always right); past that the page says
    "more than N" (capped). It counts primary keys alone, without the joins
    that ``select_related`` adds for display.

    The page: first the ids of the page's rows, in the list's order and through
    the same filters (no display joins, so the database sorts narrow rows),
    then those rows with their related objects by primary key. Joining the
    client, attorney and practice area to every visible matter before the sort
    cost more than the whole rest of the page.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, page: Any, bound: int) -> None:
        super().__init__(object_list, per_page)
        try:
            number = max(1, int(page))
        except (TypeError, ValueError):
            number = 1
        self.bound = max(bound, (number + 1) * per_page)
        self.capped = False

    @cached_property
    def count(self) -> int:
        ids = self.object_list.select_related(None).order_by().values("pk")
        counted = ids[: self.bound + 1].count()
        self.capped = counted > self.bound
        return counted

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
