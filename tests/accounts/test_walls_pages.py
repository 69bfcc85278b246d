"""Ethical walls: raised from the firm pages, acknowledged by the screened, audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemgr import audit
from cases import services
from cases.models import EthicalWall, Matter, WallAcknowledgment
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
