"""The firm admin API: users, matter access, walls and the audit log, through
the same selectors and services as the /firm/ pages. Anyone but a firm admin
gets 404 (auditors read the audit log)."""

import pytest
from django.core import mail
from django.urls import reverse

from access.models import EthicalWall
from accounts.models import User
from casemgr import audit
from cases import services as cases_services
from cases.models import Matter
from tests.api_helpers import assert_flat_queries, post, read_only_token
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


@pytest.fixture
def auditor(db):
    return UserFactory(full_name="Audrey Auditor", role="Auditor")


def sees(user, matter):
    return Matter.objects.visible_to(user).filter(pk=matter.pk).exists()


# --- Users ----------------------------------------------------------------------------


def test_dana_lists_invites_changes_the_role_of_and_deactivates_users(
    client, dana, charlie, django_capture_on_commit_callbacks
):
    client.force_login(dana)
    body = client.get(reverse("firm-user-list"), {"q": "charlie"}).json()
    assert [u["email"] for u in body["results"]] == [charlie.email]
    assert body["results"][0]["roles"] == ["Paralegal"]
    with django_capture_on_commit_callbacks(execute=True):
        invited = post(
            client, reverse("firm-user-list"),
            {"email": "Nina@Example.com", "full_name": "Nina New", "role": "Case manager"},
        )  # fmt: skip
    assert invited.status_code == 201, invited.json()
    assert (invited.json()["email"], invited.json()["roles"]) == (
        "nina@example.com",
        ["Case manager"],
    )
    assert [m.to for m in mail.outbox] == [["nina@example.com"]]
    url = reverse("firm-user-role", args=[charlie.pk])
    assert post(client, url, {"role": "Attorney"}).json()["roles"] == ["Attorney"]
    off = post(client, reverse("firm-user-active", args=[charlie.pk]), {"active": False})
    assert off.status_code == 200
    assert off.json()["is_active"] is False
    charlie.refresh_from_db()
    assert not charlie.is_active
    detail = client.get(reverse("firm-user-detail", args=[charlie.pk])).json()
    assert detail["roles"] == ["Attorney"]
    inactive = client.get(reverse("firm-user-list"), {"active": "no"}).json()
    assert [u["id"] for u in inactive["results"]] == [charlie.pk]


def test_user_validation_errors(client, dana, charlie):
    client.force_login(dana)
    response = post(client, reverse("firm-user-list"), {"email": "nope", "role": "King"})
    assert response.status_code == 400
    assert {"email", "full_name", "role"} <= set(response.json()["errors"])
    admin = {"email": "x@example.com", "full_name": "X", "role": "Firm admin"}
    response = post(client, reverse("firm-user-list"), admin)
    assert response.status_code == 400
    assert "confirm_admin" in response.json()["errors"]
    taken = {"email": charlie.email, "full_name": "Again", "role": "Paralegal"}
    assert "email" in post(client, reverse("firm-user-list"), taken).json()["errors"]
    response = post(client, reverse("firm-user-role", args=[dana.pk]), {"role": "Paralegal"})
    assert response.status_code == 400  # not yourself: the service's rule
    assert post(client, reverse("firm-user-active", args=[charlie.pk]), {}).status_code == 400
    assert client.get(reverse("firm-user-list"), {"active": "maybe"}).status_code == 400
    assert not User.objects.filter(email="x@example.com").exists()


def test_the_user_endpoints_are_404_for_everyone_but_firm_admins(client, alice, charlie, auditor):
    for user in (alice, charlie, auditor):
        client.force_login(user)
        assert client.get(reverse("firm-user-list")).status_code == 404
        assert client.get(reverse("firm-user-detail", args=[charlie.pk])).status_code == 404
        invite = {"email": "y@example.com", "full_name": "Y", "role": "Paralegal"}
        assert post(client, reverse("firm-user-list"), invite).status_code == 404
        response = post(client, reverse("firm-user-active", args=[charlie.pk]), {"active": False})
        assert response.status_code == 404
    charlie.refresh_from_db()
    assert charlie.is_active
    assert not User.objects.filter(email="y@example.com").exists()


def test_a_read_only_token_of_an_admin_changes_no_user(client, dana, charlie):
    headers = read_only_token(dana)
    assert client.get(reverse("firm-user-list"), **headers).status_code == 200
    response = post(
        client, reverse("firm-user-role", args=[charlie.pk]), {"role": "Attorney"}, **headers
    )
    assert response.status_code == 403
    assert charlie.role_names == ["Paralegal"]


def test_the_user_list_costs_the_same_queries_for_2_and_20(client, dana):
    client.force_login(dana)
    assert_flat_queries(
        client,
        reverse("firm-user-list"),
        lambda n: [UserFactory(role="Case manager") for _ in range(n)],
        lambda body: body["count"],
        params={"role": "Case manager"},
    )


# --- Matter access ----------------------------------------------------------------------


def test_dana_grants_and_revokes_access_to_a_matter(client, dana, charlie, matter):
    from django.contrib.auth.models import Group

    client.force_login(dana)
    url = reverse("firm-matter-access-detail", args=[matter.pk])
    body = client.get(url).json()
    assert body["matter"]["number"] == matter.number
    assert {m["role"] for m in body["team"]} == {"lead", "paralegal"}
    granted = post(
        client, reverse("firm-matter-access-grant", args=[matter.pk]), {"user": charlie.pk}
    )
    assert granted.status_code == 200, granted.json()
    assert [g["email"] for g in granted.json()["user_grants"]] == [charlie.email]
    assert sees(charlie, matter)
    group = Group.objects.create(name="Litigation")
    response = post(
        client, reverse("firm-matter-access-grant", args=[matter.pk]), {"group": group.pk}
    )
    assert [g["name"] for g in response.json()["group_grants"]] == ["Litigation"]
    revoked = post(
        client, reverse("firm-matter-access-revoke", args=[matter.pk]), {"user": charlie.pk}
    )
    assert revoked.status_code == 200
    assert revoked.json()["user_grants"] == []
    assert not sees(charlie, matter)


def test_access_validation_errors(client, dana, bob, charlie, matter):
    client.force_login(dana)
    grant = reverse("firm-matter-access-grant", args=[matter.pk])
    assert post(client, grant, {}).status_code == 400
    assert post(client, grant, {"user": 10**15}).status_code == 400
    response = post(
        client, reverse("firm-matter-access-revoke", args=[matter.pk]), {"user": bob.pk}
    )
    assert response.status_code == 400  # a team member leaves the team instead
    assert "take them off the team" in str(response.json()["errors"])
    cases_services.wall_create(
        actor=dana, name="Screen", reason="Conflict", notice="Keep out", matter=matter,
        users=[charlie],
    )  # fmt: skip
    response = post(client, grant, {"user": charlie.pk})
    assert response.status_code == 400
    assert "ethical wall" in str(response.json()["errors"])
    assert not sees(charlie, matter)


def test_matter_access_is_404_for_non_admins_and_a_walled_admin(
    client, alice, charlie, dana, matter
):
    url = reverse("firm-matter-access-detail", args=[matter.pk])
    grant = reverse("firm-matter-access-grant", args=[matter.pk])
    for user in (alice, charlie):  # alice leads the matter, but this is the admin area
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert post(client, grant, {"user": charlie.pk}).status_code == 404
    other_admin = UserFactory(role="Firm admin")
    cases_services.wall_create(
        actor=other_admin, name="Screen Dana", reason="Her brother", notice="Keep out",
        matter=matter, users=[dana],
    )  # fmt: skip
    client.force_login(dana)
    assert client.get(url).status_code == 404
    assert post(client, grant, {"user": charlie.pk}).status_code == 404
    assert not sees(charlie, matter)


def test_a_read_only_token_grants_nothing(client, dana, charlie, matter):
    headers = read_only_token(dana)
    url = reverse("firm-matter-access-grant", args=[matter.pk])
    assert post(client, url, {"user": charlie.pk}, **headers).status_code == 403
    assert not sees(charlie, matter)


# --- Walls ------------------------------------------------------------------------------


def wall_data(on, users, **kwargs):
    return {"name": "Northwind screen", "kind": "exclusive", "matter": on.pk,
            "users": [u.pk for u in users], "reason": "Former counsel of Northwind",
            "notice": "You may not work on this matter.", **kwargs}  # fmt: skip


def test_dana_raises_a_wall_and_lists_it(client, dana, charlie, matter):
    cases_services.matter_grant(actor=dana, matter=matter, user=charlie)
    client.force_login(dana)
    created = post(client, reverse("firm-wall-list"), wall_data(matter, [charlie]))
    assert created.status_code == 201, created.json()
    assert (created.json()["matter_number"], created.json()["active"]) == (matter.number, True)
    assert not sees(charlie, matter)  # existing grants revoked now
    listed = client.get(reverse("firm-wall-list")).json()
    assert [w["id"] for w in listed["results"]] == [created.json()["id"]]
    detail = client.get(reverse("firm-wall-detail", args=[created.json()["id"]])).json()
    assert detail["screened_users"] == [charlie.pk]


def test_wall_validation_errors_come_from_the_service(client, dana, charlie, matter):
    client.force_login(dana)
    url = reverse("firm-wall-list")
    response = post(client, url, {"kind": "sideways", "effective_from": "9999-01-01"})
    assert response.status_code == 400
    assert {"name", "kind", "reason", "notice", "effective_from"} <= set(response.json()["errors"])
    neither = wall_data(matter, [charlie], **{"matter": None})
    response = post(client, url, neither)
    assert response.status_code == 400
    assert "either a matter" in str(response.json()["errors"])
    both = wall_data(matter, [charlie], client=matter.client_id)
    assert "either a matter" in str(post(client, url, both).json()["errors"])
    team_only = wall_data(matter, [], kind="inclusive", matter=None, client=matter.client_id)
    response = post(client, url, team_only)
    assert "team-only wall covers one matter" in str(response.json()["errors"]["client"])
    backwards = wall_data(
        matter, [charlie], effective_from="2027-01-10", effective_until="2027-01-01"
    )
    response = post(client, url, backwards)
    assert "effective_until" in response.json()["errors"]
    nobody = wall_data(matter, [])
    assert "at least one person" in str(post(client, url, nobody).json()["errors"])
    assert not EthicalWall.objects.exists()


def test_the_wall_page_gives_the_services_message_too(client, dana, charlie, matter):
    client.force_login(dana)
    response = client.post(
        reverse("firm:wall_create"),
        {"name": "W", "kind": "exclusive", "users": [charlie.pk], "reason": "r", "notice": "n"},
    )
    assert response.status_code == 200
    assert "Choose either a matter (by number) or a client" in response.content.decode()
    assert not EthicalWall.objects.exists()


def test_walls_are_404_for_non_admins_and_a_read_only_token_raises_none(
    client, alice, charlie, auditor, dana, matter
):
    for user in (alice, charlie, auditor):
        client.force_login(user)
        assert client.get(reverse("firm-wall-list")).status_code == 404
        assert (
            post(client, reverse("firm-wall-list"), wall_data(matter, [charlie])).status_code == 404
        )
    client.logout()
    headers = read_only_token(dana)
    response = post(client, reverse("firm-wall-list"), wall_data(matter, [charlie]), **headers)
    assert response.status_code == 403
    assert not EthicalWall.objects.exists()


def test_the_wall_list_costs_the_same_queries_for_2_and_20(client, dana, alice):
    client.force_login(dana)

    def add(n):
        for _ in range(n):
            screened = UserFactory(role="Paralegal")
            cases_services.wall_create(
                actor=dana, name="Screen", reason="r", notice="n",
                matter=open_matter(actor=alice), users=[screened],
            )  # fmt: skip

    assert_flat_queries(client, reverse("firm-wall-list"), add, lambda body: body["count"])


# --- The audit log ----------------------------------------------------------------------


def test_admins_and_auditors_read_the_audit_log_with_the_pages_filters(
    client, dana, auditor, bob, matter
):
    for reader in (dana, auditor):
        client.force_login(reader)
        body = client.get(
            reverse("firm-audit-list"), {"matter_id": matter.pk, "action": "create"}
        ).json()
        assert body["count"] >= 1
        assert all(e["matter_id"] == matter.pk and e["action"] == "create" for e in body["results"])
        by_bob = client.get(reverse("firm-audit-list"), {"actor": bob.pk}).json()
        assert all(e["actor_id"] == bob.pk for e in by_bob["results"])
    # Read-only for the auditor: the log is a list, nothing to write.
    assert post(client, reverse("firm-audit-list"), {}).status_code == 405


def test_audit_log_filters_are_checked_and_the_log_is_404_for_others(client, dana, alice, charlie):
    client.force_login(dana)
    response = client.get(reverse("firm-audit-list"), {"since": "9999-01-01", "action": "dance"})
    assert response.status_code == 400
    assert {"since", "action"} <= set(response.json()["errors"])
    for user in (alice, charlie):
        client.force_login(user)
        assert client.get(reverse("firm-audit-list")).status_code == 404


def test_the_audit_log_costs_the_same_queries_for_2_and_20(client, dana, matter):
    client.force_login(dana)

    def add(n):
        for i in range(n):
            audit.record(actor=dana, action=audit.Action.VIEW, object_type="test.thing",
                         object_id=str(i), summary="looked")  # fmt: skip

    assert_flat_queries(
        client, reverse("firm-audit-list"), add, lambda body: body["count"],
        params={"object_type": "test.thing"},
    )  # fmt: skip
