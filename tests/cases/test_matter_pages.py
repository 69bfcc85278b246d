"""The matter list, opening a matter, and the matter page tabs, as users use them."""

import pytest
from django.urls import reverse

from casemgr.models import AuditEvent
from cases.models import Matter
from tests.factories import (
    ContactFactory,
    PracticeAreaFactory,
    UserFactory,
    cleared_check,
    open_matter,
)

pytestmark = pytest.mark.django_db

TABS = ["cases:matter_detail", "cases:matter_parties", "cases:matter_team", "cases:matter_activity"]


@pytest.fixture
def matter(alice, bob):
    return open_matter(
        actor=alice,
        team=[(bob, "paralegal")],
        title="Harper v. Northwind",
        docket_number="3:26-cv-04417",
    )


def test_bob_lists_the_matters_he_works_on(client, bob, matter, alice):
    hidden = open_matter(actor=alice, title="Someone else's matter")
    client.force_login(bob)
    response = client.get(reverse("cases:matter_list"))
    assert list(response.context["matters"]) == [matter]
    assert hidden.title not in response.content.decode()


def test_search_finds_by_number_title_client_and_docket(client, alice, matter):
    client.force_login(alice)
    for term in (matter.number, "northwind", matter.client.last_name, "04417"):
        response = client.get(reverse("cases:matter_list"), {"q": term})
        assert list(response.context["matters"]) == [matter], term
    response = client.get(reverse("cases:matter_list"), {"q": "nothing like it"})
    assert list(response.context["matters"]) == []
    assert "No matter you can see matches these filters" in response.content.decode()


def test_filters_by_stage_attorney_mine_and_status(client, alice, bob, matter):
    other = open_matter(
        actor=alice,
        responsible_attorney=UserFactory(role="Attorney"),
        title="Other",
        team=[(alice, "attorney")],
    )
    client.force_login(alice)
    url = reverse("cases:matter_list")
    assert list(client.get(url, {"attorney": alice.pk}).context["matters"]) == [matter]
    assert set(client.get(url, {"stage": "intake"}).context["matters"]) == {matter, other}
    assert set(client.get(url, {"mine": "on"}).context["matters"]) == {matter, other}
    client.force_login(bob)
    assert list(client.get(url, {"mine": "on"}).context["matters"]) == [matter]
    assert list(client.get(url, {"status": "closed"}).context["matters"]) == []


def test_sorting_by_title_both_ways(client, alice, matter):
    zed = open_matter(actor=alice, title="Zed v. Alpha")
    client.force_login(alice)
    url = reverse("cases:matter_list")
    assert list(client.get(url, {"sort": "title"}).context["matters"]) == [matter, zed]
    assert list(client.get(url, {"sort": "-title"}).context["matters"]) == [zed, matter]


def test_the_list_paginates_at_fifty(client, alice):
    area = PracticeAreaFactory()
    for i in range(51):
        open_matter(actor=alice, title=f"Matter {i:02d}", practice_area=area)
    client.force_login(alice)
    first = client.get(reverse("cases:matter_list"))
    assert len(first.context["matters"]) == 50
    second = client.get(reverse("cases:matter_list"), {"page": 2})
    assert len(second.context["matters"]) == 1


def test_pages_keep_the_sort_order_and_the_count_stops_at_its_bound(alice):
    from casemgr.pagination import BoundedPaginator
    from cases.models import Matter

    area = PracticeAreaFactory()
    for i in (3, 1, 4, 0, 2):
        open_matter(actor=alice, title=f"Matter {i}", practice_area=area)
    by_title = Matter.objects.visible_to(alice).select_related("client").order_by("-title")
    pages = BoundedPaginator(by_title, 2, page=1, bound=3)
    assert [m.title for m in pages.page(1)] == ["Matter 4", "Matter 3"]
    assert [m.title for m in pages.page(2)] == ["Matter 2", "Matter 1"]
    assert pages.page(2)[0].client.display_name  # related rows come with the page
    # Counted to the page after the requested one (4 rows) and one more, no further:
    # the page then says "more than 4".
    assert (pages.bound, pages.count, pages.capped) == (4, 5, True)
    assert BoundedPaginator(by_title, 2, page=1, bound=10).count == 5


def test_the_list_runs_the_same_number_of_queries_for_5_or_25_matters(
    client, alice, django_assert_max_num_queries
):
    area = PracticeAreaFactory()
    for _ in range(5):
        open_matter(actor=alice, practice_area=area)
    client.force_login(alice)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:matter_list"))
    for _ in range(20):
        open_matter(actor=alice, practice_area=area)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("cases:matter_list"))


def test_an_empty_firm_shows_a_helpful_empty_state(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("cases:matter_list"))
    assert "You have no matters yet" in response.content.decode()


@pytest.mark.parametrize("url_name", TABS)
def test_every_tab_renders_for_the_team_and_is_404_for_charlie(
    client, matter, bob, charlie, url_name
):
    client.force_login(bob)
    assert client.get(reverse(url_name, args=[matter.pk])).status_code == 200
    client.force_login(charlie)
    assert client.get(reverse(url_name, args=[matter.pk])).status_code == 404
    assert client.get(reverse(url_name, args=[999999])).status_code == 404


def test_an_htmx_tab_switch_returns_the_tab_alone(client, matter, bob):
    client.force_login(bob)
    response = client.get(
        reverse("cases:matter_team", args=[matter.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="tab-panel",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'hx-swap-oob="true"' in body


def test_opening_a_matter_through_the_form(client, bob):
    attorney = UserFactory(role="Attorney", full_name="Ada Attorney")
    customer = ContactFactory(last_name="Harper")
    area = PracticeAreaFactory()
    check = cleared_check(decided_by=attorney, names=["Harper"])
    client.force_login(bob)
    response = client.post(reverse("cases:matter_open"), {
        "title": "Harper v. Northwind", "client": customer.pk, "practice_area": area.pk,
        "responsible_attorney": attorney.pk, "jurisdiction": "US-FED", "conflict_check": check.pk,
    })  # fmt: skip
    matter = Matter.objects.get(title="Harper v. Northwind")
    check.refresh_from_db()
    assert check.matter == matter
    assert response.status_code == 302
    assert response.url == reverse("cases:matter_detail", args=[matter.pk])
    assert set(matter.team.values_list("user", "role")) == {
        (attorney.pk, "lead"),
        (bob.pk, "paralegal"),
    }


def test_the_open_form_refuses_a_matter_without_a_cleared_check(client, bob, dana):
    attorney = UserFactory(role="Attorney")
    customer = ContactFactory(last_name="Harper")
    data = {
        "title": "Harper v. Northwind", "client": customer.pk,
        "practice_area": PracticeAreaFactory().pk, "responsible_attorney": attorney.pk,
        "jurisdiction": "US-FED",
    }  # fmt: skip
    client.force_login(bob)
    response = client.post(reverse("cases:matter_open"), data)
    assert "Choose a cleared conflict check" in response.content.decode()
    response = client.post(reverse("cases:matter_open"), {**data, "override_reason": "urgent"})
    assert "Only a firm admin may open a matter without a cleared check" in (
        response.content.decode()
    )
    assert not Matter.objects.exists()
    client.force_login(dana)
    response = client.post(
        reverse("cases:matter_open"), {**data, "override_reason": "TRO hearing tomorrow"}
    )
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert AuditEvent.objects.filter(
        matter_id=matter.pk, summary__contains="without a cleared conflict check: TRO hearing"
    ).exists()


def test_the_open_form_explains_what_is_missing_and_keeps_what_was_typed(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("cases:matter_open"), {"title": "Keep this title", "jurisdiction": "US-FED"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Search for the client and choose one of the matches." in body
    assert 'value="Keep this title"' in body
    assert not Matter.objects.exists()


def test_the_contact_search_button_works_without_javascript(client, bob):
    ContactFactory(first_name="Maria", last_name="Harper")
    client.force_login(bob)
    response = client.post(
        reverse("cases:matter_open"), {"title": "T", "client_q": "Harper", "_search": "client"}
    )
    body = response.content.decode()
    assert "Maria Harper" in body
    assert "field-error" not in body


def test_editing_with_a_stale_version_shows_a_clear_message_and_saves_nothing(
    client, alice, matter
):
    client.force_login(alice)
    url = reverse("cases:matter_edit", args=[matter.pk])
    form = {
        "title": "New title", "practice_area": matter.practice_area_id,
        "responsible_attorney": alice.pk, "jurisdiction": "US-FED", "version": 1,
    }  # fmt: skip
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "title": "Stale title"})
    assert "changed by someone else" in response.content.decode()
    matter.refresh_from_db()
    assert matter.title == "New title"


def test_charlie_cannot_post_to_any_matter_action(client, matter, charlie):
    client.force_login(charlie)
    for name in (
        "cases:matter_stage",
        "cases:matter_close",
        "cases:matter_reopen",
        "cases:matter_edit",
    ):
        assert client.post(reverse(name, args=[matter.pk]), {"version": 1}).status_code == 404
    assert client.post(reverse("cases:matter_parties", args=[matter.pk]), {}).status_code == 404
    assert client.post(reverse("cases:matter_team", args=[matter.pk]), {}).status_code == 404


def test_adding_a_party_and_a_team_member_from_the_tabs(client, alice, matter, charlie):
    opposing = ContactFactory(last_name="Northwind")
    client.force_login(alice)
    client.post(
        reverse("cases:matter_parties", args=[matter.pk]),
        {"contact": opposing.pk, "role": "opposing_party"},
    )
    assert matter.parties.filter(contact=opposing, role="opposing_party").exists()
    client.post(
        reverse("cases:matter_team", args=[matter.pk]), {"user": charlie.pk, "role": "paralegal"}
    )
    assert Matter.objects.visible_to(charlie).filter(pk=matter.pk).exists()
    activity = client.get(reverse("cases:matter_activity", args=[matter.pk])).content.decode()
    assert "added" in activity
    assert "Northwind" in activity


def test_stage_change_close_and_reopen_from_the_overview(client, alice, matter):
    client.force_login(alice)
    client.post(
        reverse("cases:matter_stage", args=[matter.pk]), {"stage": "discovery", "version": 1}
    )
    client.post(
        reverse("cases:matter_close", args=[matter.pk]), {"outcome": "settled", "version": 2}
    )
    matter.refresh_from_db()
    assert (matter.stage, matter.outcome) == ("closed", "settled")
    client.post(reverse("cases:matter_reopen", args=[matter.pk]), {"version": 3})
    matter.refresh_from_db()
    assert matter.closed_on is None
