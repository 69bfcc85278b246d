"""Who has access to a matter, and which matters a user sees and why."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services
from cases.models import Matter
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def test_the_access_page_lists_team_grants_groups_and_walls(client, dana, matter, alice, bob):
    outsider = UserFactory(full_name="Olga Outside", role="Attorney")
    services.matter_grant(actor=dana, matter=matter, user=outsider)
    group = Group.objects.create(name="Employment practice group")
    services.matter_grant_group(actor=dana, matter=matter, group=group)
    screened = UserFactory(full_name="Sam Screened", role="Paralegal")
    services.wall_create(
        actor=dana, name="Sam's conflict", reason="r", notice="n", matter=matter, users=[screened]
    )
    client.force_login(dana)
    html = client.get(reverse("firm:matter_access", args=[matter.pk])).content.decode()
    for text in ("Alice Moreno", "Bob Lindqvist", "Olga Outside", "Employment practice group",
                 "Sam&#x27;s conflict", "Sam Screened"):  # fmt: skip
        assert text in html, text


def test_dana_grants_and_revokes_charlie_and_a_group(client, dana, matter, charlie):
    group = Group.objects.create(name="Tax group")
    client.force_login(dana)
    url = reverse("firm:matter_access", args=[matter.pk])
    client.post(url, {"action": "grant_user", "user": charlie.pk})
    assert Matter.objects.visible_to(charlie).filter(pk=matter.pk).exists()
    client.post(url, {"action": "grant_group", "group": group.pk})
    assert AuditEvent.objects.filter(
        action="grant", matter_id=matter.pk, changes__group="Tax group"
    ).exists()

    client.post(url, {"action": "revoke_user", "user": charlie.pk})
    assert not Matter.objects.visible_to(charlie).filter(pk=matter.pk).exists()
    client.post(url, {"action": "revoke_group", "group": group.pk})
    assert AuditEvent.objects.filter(action="revoke", matter_id=matter.pk).count() == 2


def test_a_grant_to_a_screened_user_is_refused_with_the_walls_name(client, dana, matter, charlie):
    services.wall_create(
        actor=dana, name="Charlie screen", reason="r", notice="n", matter=matter, users=[charlie]
    )
    client.force_login(dana)
    response = client.post(
        reverse("firm:matter_access", args=[matter.pk]),
        {"action": "grant_user", "user": charlie.pk},
        follow=True,
    )
    assert "Charlie screen" in response.content.decode()
    assert not Matter.objects.visible_to(charlie).filter(pk=matter.pk).exists()


def test_a_team_members_access_is_not_revoked_from_the_access_page(client, dana, matter, bob):
    client.force_login(dana)
    response = client.post(
        reverse("firm:matter_access", args=[matter.pk]),
        {"action": "revoke_user", "user": bob.pk},
        follow=True,
    )
    assert "take them off the team" in response.content.decode()
    assert Matter.objects.visible_to(bob).filter(pk=matter.pk).exists()


def test_a_matter_walled_from_dana_is_a_404_on_the_access_page(client, dana, matter):
    other_admin = UserFactory(role="Firm admin")
    services.wall_create(
        actor=other_admin, name="Dana screen", reason="r", notice="n", matter=matter, users=[dana]
    )
    client.force_login(dana)
    assert client.get(reverse("firm:matter_access", args=[matter.pk])).status_code == 404
    assert client.get(reverse("firm:matter_access", args=[999_999])).status_code == 404


def test_the_lookup_finds_a_matter_by_number(client, dana, matter):
    client.force_login(dana)
    response = client.get(reverse("firm:access_lookup"), {"number": matter.number})
    assert response.url == reverse("firm:matter_access", args=[matter.pk])
    missing = client.get(reverse("firm:access_lookup"), {"number": "nope"})
    assert "No matter has that number" in missing.content.decode()


def test_a_users_access_page_says_why_they_see_each_matter(client, dana, alice, bob, charlie):
    on_team = open_matter(actor=alice, title="Team matter", team=[(charlie, "paralegal")])
    granted = open_matter(actor=alice, title="Granted matter")
    services.matter_grant(actor=dana, matter=granted, user=charlie)
    via_group = open_matter(actor=alice, title="Group matter")
    group = Group.objects.create(name="Litigation group")
    charlie.groups.add(group)
    services.matter_grant_group(actor=dana, matter=via_group, group=group)
    hidden = open_matter(actor=alice, title="Not for Charlie")

    client.force_login(dana)
    response = client.get(reverse("firm:user_access", args=[charlie.pk]))
    rows = {m.pk: m for m in response.context["page_obj"].object_list}
    assert set(rows) == {on_team.pk, granted.pk, via_group.pk}
    assert rows[on_team.pk].team_role == ["paralegal"]
    assert rows[granted.pk].direct_grant
    assert not rows[granted.pk].team_role
    assert rows[via_group.pk].via_groups == ["Litigation group"]
    assert hidden.title not in response.content.decode()


def test_the_user_access_page_query_count_does_not_grow(
    client, dana, alice, charlie, django_assert_max_num_queries
):
    client.force_login(dana)
    open_matter(actor=alice, team=[(charlie, "paralegal")])
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("firm:user_access", args=[charlie.pk]))
    for _ in range(8):
        open_matter(actor=alice, team=[(charlie, "paralegal")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("firm:user_access", args=[charlie.pk]))


def test_the_matter_access_page_query_count_does_not_grow(
    client, dana, alice, matter, django_assert_max_num_queries
):
    client.force_login(dana)
    url = reverse("firm:matter_access", args=[matter.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(6):
        services.matter_grant(actor=dana, matter=matter, user=UserFactory(role="Attorney"))
        services.matter_grant_group(
            actor=dana, matter=matter, group=Group.objects.create(name=f"Group {n}")
        )
        services.team_member_add(
            actor=alice, matter=matter, user=UserFactory(role="Paralegal"), role="paralegal"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
