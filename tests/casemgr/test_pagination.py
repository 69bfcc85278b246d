"""Paging large lists: ids first, then the page's rows, in the list's order."""

import pytest

from casemgr.pagination import DeferredJoinPaginator
from cases.models import Matter
from tests.factories import open_matter

pytestmark = pytest.mark.django_db


def test_pages_keep_the_order_and_bring_their_related_rows(alice, django_assert_num_queries):
    for title in ("b", "e", "a", "d", "c"):
        open_matter(actor=alice, title=title)
    listed = Matter.objects.select_related("client").order_by("-title")
    pages = DeferredJoinPaginator(listed, 2)
    assert pages.count == 5
    with django_assert_num_queries(2):  # the page's ids, then its rows
        page = pages.page(2)
        assert [m.title for m in page] == ["c", "b"]
        assert all(m.client.display_name for m in page)
    assert [m.title for m in pages.page(3)] == ["a"]


def test_a_plain_list_is_paged_as_django_does():
    assert list(DeferredJoinPaginator(list(range(5)), 2).page(3)) == [4]


def test_the_api_pages_matters_in_the_list_order(client, alice):
    opened = [open_matter(actor=alice, title=title) for title in ("b", "a", "c")]
    client.force_login(alice)
    body = client.get("/api/matters/").json()
    assert body["count"] == 3
    # Newest opened first; the same day, the latest id first.
    assert [m["title"] for m in body["results"]] == [m.title for m in reversed(opened)]
