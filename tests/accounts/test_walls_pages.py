"""Ethical walls: raised from the firm pages, acknowledged by the screened, audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import EthicalWall, WallAcknowledgment
from casemgr import audit
from cases import services
from cases.models import Matter
from tests.factories import DEFAULT_PASSWORD, ContactFactory, UserFactory, open_matter

pytestmark = pytest.mark.django_db

NOTICE = "You may not work on or discuss the matter you were told about in person."


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, title="Secret Merger Deal", team=[(bob, "paralegal")])


def test_dana_raises_an_exclusive_wall_on_a_matter_from_the_form(client, dana, matter, bob):
    client.force_login(dana)
    response = client.post(
        reverse("firm:wall_create"),
        {
            "name": "Bob screen",
            "kind": "exclusive",
            "matter_number": matter.number,
            "users": [bob.pk],
            "reason": "Spouse at opposing firm",
            "notice": NOTICE,
        },  # fmt: skip
    )
    wall = EthicalWall.objects.get()
    assert response.url == reverse("firm:wall_detail", args=[wall.pk])
    assert wall.matter == matter
    assert not Matter.objects.visible_to(bob).exists()


def test_a_client_wide_wall_from_the_form(client, dana, alice, charlie):
    acme = ContactFactory(
        kind="organization", organization_name="Acme", first_name="", last_name=""
    )
    open_matter(actor=alice, client=acme)
    client.force_login(dana)
    client.post(
        reverse("firm:wall_create"),
        {
            "name": "Acme screen",
            "kind": "exclusive",
            "client": acme.pk,
            "users": [charlie.pk],
            "reason": "Conflict",
            "notice": NOTICE,
        },  # fmt: skip
    )
    assert EthicalWall.objects.get().client == acme


def test_the_form_wants_a_matter_or_a_client_and_someone_to_screen(client, dana, matter):
    client.force_login(dana)
    neither = client.post(
        reverse("firm:wall_create"),
        {"name": "x", "kind": "exclusive", "reason": "r", "notice": "n"},
    )
    assert "either a matter" in neither.content.decode()
    nobody = client.post(
        reverse("firm:wall_create"),
        {
            "name": "x",
            "kind": "exclusive",
            "matter_number": matter.number,
            "reason": "r",
            "notice": "n",
        },
    )
    assert "at least one person" in nobody.content.decode()
    unknown = client.post(
        reverse("firm:wall_create"),
        {"name": "x", "kind": "exclusive", "matter_number": "0000", "reason": "r", "notice": "n"},
    )
    assert "No matter has that number" in unknown.content.decode()
    assert not EthicalWall.objects.exists()


def test_a_screened_user_sees_the_notice_after_sign_in_and_acknowledges_it(
    client, dana, matter, charlie
):
    wall = services.wall_create(
        actor=dana, name="Merger screen", reason="Charlie advised the target",
        notice=NOTICE, matter=matter, users=[charlie],
    )  # fmt: skip
    response = client.post(
        reverse("login"), {"username": charlie.email, "password": DEFAULT_PASSWORD}
    )
    assert response.url.startswith(reverse("wall_notice"))
    page = client.get(response.url).content.decode()
    assert NOTICE in page
    # The notice tells no more than its text: not the matter, its number or the wall's name.
    for secret in (matter.number, matter.title, "Merger screen", "advised the target"):
        assert secret not in page

    done = client.post(reverse("wall_notice"), {"wall": wall.pk, "next": "/"})
    assert done.url == "/"
    assert WallAcknowledgment.objects.filter(wall=wall, user=charlie).exists()
    # Acknowledged: the next sign-in goes straight home.
    client.post(reverse("logout"))
    again = client.post(reverse("login"), {"username": charlie.email, "password": DEFAULT_PASSWORD})
    assert again.url == reverse("home")


def test_a_user_cannot_acknowledge_a_wall_that_does_not_screen_them(
    client, dana, matter, charlie, alice
):
    wall = services.wall_create(
        actor=dana, name="w", reason="r", notice="n", matter=matter, users=[charlie]
    )
    client.force_login(alice)
    assert client.post(reverse("wall_notice"), {"wall": wall.pk}).status_code == 404
    assert client.post(reverse("wall_notice"), {"wall": "x"}).status_code == 404
    assert not WallAcknowledgment.objects.exists()


def test_the_wall_detail_shows_who_acknowledged_and_who_has_not(client, dana, matter, charlie):
    erin = UserFactory(full_name="Erin Screened", role="Paralegal")
    wall = services.wall_create(
        actor=dana, name="w", reason="r", notice="n", matter=matter, users=[charlie, erin]
    )
    services.wall_acknowledge(actor=charlie, wall=wall)
    client.force_login(dana)
    response = client.get(reverse("firm:wall_detail", args=[wall.pk]))
    people = {p.user.pk: p for p in response.context["people"]}
    assert people[charlie.pk].acknowledged_at is not None
    assert people[erin.pk].acknowledged_at is None
    assert "1 of 2" in response.content.decode()


def test_the_wall_report_lists_who_touched_the_matter_after_the_wall(client, dana, matter, alice):
    wall = services.wall_create(
        actor=dana, name="w", reason="r", notice="n", matter=matter,
        users=[UserFactory(role="Paralegal")],
        effective_from=timezone.localdate(),
    )  # fmt: skip
    audit.record(actor=alice, action=audit.Action.VIEW, obj=matter, summary="read the strategy")
    other = open_matter(actor=alice)
    audit.record(actor=alice, action=audit.Action.VIEW, obj=other, summary="other matter")
    client.force_login(dana)
    response = client.get(reverse("firm:wall_report", args=[wall.pk]))
    summaries = {e.summary for e in response.context["page_obj"].object_list}
    assert "read the strategy" in summaries
    assert "other matter" not in summaries

    csv = client.get(reverse("firm:wall_report", args=[wall.pk]), {"format": "csv"})
    body = b"".join(csv.streaming_content).decode()
    assert "read the strategy" in body
    assert "other matter" not in body


def test_the_wall_report_leaves_out_what_happened_before_the_wall(client, dana, matter, alice):
    wall = services.wall_create(
        actor=dana, name="w", reason="r", notice="n", matter=matter,
        users=[UserFactory(role="Paralegal")],
        effective_from=timezone.localdate() + datetime.timedelta(days=2),
    )  # fmt: skip
    audit.record(actor=alice, action=audit.Action.VIEW, obj=matter, summary="read before")
    client.force_login(dana)
    response = client.get(reverse("firm:wall_report", args=[wall.pk]))
    assert not response.context["page_obj"].object_list


def test_an_admin_screened_by_a_wall_gets_404_on_its_pages_and_does_not_see_it_listed(
    client, dana, matter
):
    other_admin = UserFactory(role="Firm admin", is_staff=True, full_name="Olga Admin")
    wall = services.wall_create(
        actor=other_admin, name="Dana screen", reason="Dana advised the other side",
        notice="You are screened.", matter=matter, users=[dana],
    )  # fmt: skip
    client.force_login(dana)
    assert client.get(reverse("firm:wall_detail", args=[wall.pk])).status_code == 404
    assert client.get(reverse("firm:wall_report", args=[wall.pk])).status_code == 404
    assert (
        client.get(reverse("firm:wall_report", args=[wall.pk]), {"format": "csv"}).status_code
        == 404
    )
    listing = client.get(reverse("firm:walls")).content.decode()
    assert "Dana screen" not in listing
    assert matter.title not in listing
    # The admin who is not screened still manages the wall.
    client.force_login(other_admin)
    assert client.get(reverse("firm:wall_detail", args=[wall.pk])).status_code == 200
    assert client.get(reverse("firm:wall_report", args=[wall.pk])).status_code == 200


# --- The client picker: search, then choose (never every client as an <option>) ---------


def organization(name):
    return ContactFactory(kind="organization", organization_name=name, first_name="", last_name="")


def wall_data(**fields):
    data = {"name": "Acme screen", "kind": "exclusive", "reason": "Conflict", "notice": NOTICE}
    data.update(fields)
    return data


@pytest.fixture
def acme(alice):
    acme = organization("Acme Holdings")
    open_matter(actor=alice, client=acme, title="Acme v. Roadrunner")
    return acme


def test_the_wall_form_lists_no_clients_until_one_is_searched_for(client, dana, alice, acme):
    for n in range(5):
        open_matter(actor=alice, client=organization(f"Client number {n}"))
    client.force_login(dana)
    body = client.get(reverse("firm:wall_create")).content.decode()
    assert 'name="client_q"' in body
    assert '<select name="client"' not in body
    assert "Acme Holdings" not in body
    assert "Client number" not in body


def test_searching_without_javascript_offers_only_clients_and_keeps_what_was_typed(
    client, dana, acme, bob, charlie
):
    ContactFactory(first_name="Acme", last_name="Visitor")  # a contact, but nobody's client
    client.force_login(dana)
    response = client.post(
        reverse("firm:wall_create"),
        wall_data(client_q="Acme", _search="client", users=[bob.pk, charlie.pk]),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<input type="radio" name="client" value="{acme.pk}">' in body
    assert "Acme Visitor" not in body
    assert 'value="Acme"' in body  # the search term stays in the box
    assert 'value="Acme screen"' in body
    assert f'<option value="{bob.pk}" selected>' in body
    assert f'<option value="{charlie.pk}" selected>' in body
    assert "field-error" not in body
    assert not EthicalWall.objects.exists()


def test_the_search_endpoint_offers_only_clients_of_matters(client, dana, acme):
    ContactFactory(first_name="Acme", last_name="Visitor")
    client.force_login(dana)
    response = client.get(
        reverse("cases:contact_picker"),
        {"field": "client", "scope": "clients", "client_q": "Acme"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Acme Holdings" in body
    assert "Acme Visitor" not in body


def test_a_chosen_client_survives_an_error_elsewhere_on_the_form(client, dana, acme, charlie):
    client.force_login(dana)
    response = client.post(
        reverse("firm:wall_create"),
        wall_data(client=acme.pk, users=[charlie.pk], notice=""),
    )
    body = response.content.decode()
    assert "This field is required." in body
    assert f'name="client" value="{acme.pk}" checked' in body
    assert not EthicalWall.objects.exists()


def test_a_contact_who_is_nobodys_client_is_refused_with_a_clear_message(client, dana, charlie):
    visitor = ContactFactory(first_name="Acme", last_name="Visitor")
    client.force_login(dana)
    response = client.post(
        reverse("firm:wall_create"), wall_data(client=visitor.pk, users=[charlie.pk])
    )
    assert response.context["form"].errors["client"] == [
        "That is not the client of any matter; search again and choose one of the matches."
    ]
    assert 'value="Acme screen"' in response.content.decode()
    assert not EthicalWall.objects.exists()


def test_a_screened_admin_is_not_offered_nor_allowed_the_client_walled_from_them(
    client, dana, acme, charlie
):
    other_admin = UserFactory(role="Firm admin", is_staff=True, full_name="Olga Admin")
    services.wall_create(
        actor=other_admin, name="Dana screen", reason="r", notice="n", client=acme, users=[dana]
    )
    client.force_login(dana)
    searched = client.post(
        reverse("firm:wall_create"), wall_data(client_q="Acme", _search="client")
    ).content.decode()
    assert "Acme Holdings" not in searched
    found = client.get(
        reverse("cases:contact_picker"),
        {"field": "client", "scope": "clients", "client_q": "Acme"},
    ).content.decode()
    assert "Acme Holdings" not in found
    response = client.post(
        reverse("firm:wall_create"), wall_data(client=acme.pk, users=[charlie.pk])
    )
    assert "client" in response.context["form"].errors
    assert "Acme Holdings" not in response.content.decode()
    assert EthicalWall.objects.count() == 1
    # The admin no wall screens finds the client.
    client.force_login(other_admin)
    found = client.get(
        reverse("cases:contact_picker"),
        {"field": "client", "scope": "clients", "client_q": "Acme"},
    ).content.decode()
    assert "Acme Holdings" in found


def test_a_paralegal_searching_clients_finds_only_clients_of_matters_they_see(
    client, alice, bob, charlie
):
    mine = organization("Harbor Freight Lines")
    open_matter(actor=alice, client=mine, team=[(bob, "paralegal")])
    theirs = organization("Harbor Marine Supply")
    open_matter(actor=alice, client=theirs)
    client.force_login(bob)
    body = client.get(
        reverse("cases:contact_picker"),
        {"field": "client", "scope": "clients", "client_q": "Harbor"},
    ).content.decode()
    assert "Harbor Freight Lines" in body
    assert "Harbor Marine Supply" not in body


def test_the_wall_form_stays_admin_only(client, bob):
    client.force_login(bob)
    assert client.get(reverse("firm:wall_create")).status_code == 404
    response = client.post(reverse("firm:wall_create"), wall_data(client_q="A", _search="client"))
    assert response.status_code == 404


def test_a_client_searched_for_but_not_chosen_is_pointed_out_with_the_matches(
    client, dana, acme, charlie
):
    client.force_login(dana)
    response = client.post(
        reverse("firm:wall_create"), wall_data(client_q="Acme", users=[charlie.pk])
    )
    assert response.context["form"].errors["client"] == ["Choose one of the matches for “Acme”."]
    body = response.content.decode()
    assert f'<input type="radio" name="client" value="{acme.pk}">' in body
    assert not EthicalWall.objects.exists()
