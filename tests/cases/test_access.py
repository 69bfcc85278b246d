"""The one door: who sees which matter (grants, teams, groups, walls, admins)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import Http404

from access.kernel import matter_for
from cases import services
from cases.models import Matter
from tests.factories import ContactFactory, UserFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def visible(user):
    return set(Matter.objects.visible_to(user))


def test_team_members_see_the_matter_and_charlie_does_not(matter, alice, bob, charlie):
    assert visible(alice) == {matter}
    assert visible(bob) == {matter}
    assert visible(charlie) == set()
    with pytest.raises(Http404):
        matter_for(charlie, matter.pk)


def test_a_missing_id_and_a_forbidden_id_give_the_same_404(matter, charlie):
    with pytest.raises(Http404) as missing:
        matter_for(charlie, 999_999)
    with pytest.raises(Http404) as forbidden:
        matter_for(charlie, matter.pk)
    assert str(missing.value) == str(forbidden.value)


def test_a_firm_admin_sees_every_matter(matter, dana):
    assert visible(dana) == {matter}


def test_anonymous_and_deactivated_users_see_nothing(matter, bob):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()
    bob.is_active = False
    bob.save()
    assert visible(bob) == set()


def test_leaving_the_team_revokes_access_on_the_next_request(matter, alice, bob):
    services.team_member_remove(actor=alice, matter=matter, user=bob)
    assert visible(bob) == set()


def test_a_practice_group_granted_the_matter_sees_it(matter, dana, charlie):
    group = Group.objects.create(name="Employment practice group")
    charlie.groups.add(group)
    services.matter_grant_group(actor=dana, matter=matter, group=group)
    assert visible(charlie) == {matter}
    services.matter_revoke_group(actor=dana, matter=matter, group=group)
    assert visible(charlie) == set()


def test_a_wall_on_the_matter_screens_an_admin(matter, dana):
    services.wall_create(
        actor=dana, name="Acme conflict", reason="Dana advised Acme before joining",
        notice="Do not access Acme matters.", matter=matter, users=[dana],
    )  # fmt: skip
    assert visible(dana) == set()


def test_creating_a_wall_revokes_the_screened_team_member_at_once(matter, dana, bob):
    services.wall_create(
        actor=dana, name="Bob screened", reason="Bob's spouse works for the other side",
        notice="You are screened.", matter=matter, users=[bob],
    )  # fmt: skip
    assert visible(bob) == set()
    assert not matter.team.filter(user=bob).exists()


def test_a_wall_refuses_future_grants_naming_the_wall(matter, dana, alice, charlie):
    services.wall_create(
        actor=dana, name="Charlie screen", reason="Former opposing counsel",
        notice="Screened.", matter=matter, users=[charlie],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Charlie screen"):
        services.team_member_add(actor=alice, matter=matter, user=charlie, role="paralegal")
    assert visible(charlie) == set()


def test_a_client_wide_wall_screens_every_matter_of_that_client(alice, dana, bob):
    client = ContactFactory()
    first = open_matter(actor=alice, client=client, team=[(bob, "paralegal")])
    second = open_matter(actor=alice, client=client, team=[(bob, "paralegal")])
    other = open_matter(actor=alice, team=[(bob, "paralegal")])
    services.wall_create(
        actor=dana, name="Client screen", reason="Conflict", notice="Screened.",
        client=client, users=[bob],
    )  # fmt: skip
    assert visible(bob) == {other}
    assert not first.team.filter(user=bob).exists()
    assert not second.team.filter(user=bob).exists()


def test_a_wall_screening_a_group_beats_that_groups_grant(matter, dana, charlie):
    group = Group.objects.create(name="Tax group")
    charlie.groups.add(group)
    services.matter_grant_group(actor=dana, matter=matter, group=group)
    services.wall_create(
        actor=dana, name="Tax group screen", reason="Conflict", notice="Screened.",
        matter=matter, groups=[group],
    )  # fmt: skip
    assert visible(charlie) == set()


def test_a_wall_that_has_not_started_yet_does_not_screen(matter, dana, bob):
    services.wall_create(
        actor=dana, name="Later", reason="Starts next week", notice="Screened.",
        matter=matter, users=[bob], effective_from=datetime.date.today() + datetime.timedelta(days=7),
    )  # fmt: skip
    assert visible(bob) == {matter}


def test_a_team_only_matter_is_hidden_from_admins_and_granted_outsiders(
    matter, dana, bob, charlie, alice
):
    services.matter_grant(actor=dana, matter=matter, user=charlie)
    services.wall_create(
        actor=dana, name="Team only", reason="Celebrity client", notice="Team only.",
        kind="inclusive", matter=matter,
    )  # fmt: skip
    assert visible(alice) == {matter}
    assert visible(bob) == {matter}
    assert visible(dana) == set()
    assert visible(charlie) == set()


def test_only_admins_create_walls(matter, alice, bob):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.wall_create(
            actor=alice, name="x", reason="y", notice="z", matter=matter, users=[bob]
        )


def test_the_visible_matter_list_is_two_queries_whatever_the_number_of_grants(
    alice, django_assert_num_queries
):
    user = UserFactory(role="Paralegal")
    for _ in range(5):
        open_matter(actor=alice, team=[(user, "paralegal")])
    assert not user.is_firm_admin  # reads the user's roles once, as a request does
    # The walls screening the user (one small query), then the matters.
    with django_assert_num_queries(2):
        assert len(Matter.objects.visible_to(user)) == 5


def test_a_wall_that_has_ended_no_longer_screens(matter, dana, bob):
    from access.models import EthicalWall

    services.wall_create(
        actor=dana, name="Over", reason="Conflict resolved", notice="Screened.",
        matter=matter, users=[bob],
    )  # fmt: skip
    assert visible(bob) == set()
    EthicalWall.objects.update(
        effective_from=datetime.date.today() - datetime.timedelta(days=30),
        effective_until=datetime.date.today() - datetime.timedelta(days=1),
    )
    services.matter_grant(actor=dana, matter=matter, user=bob)
    assert visible(bob) == {matter}


def test_every_reading_of_the_walls_agrees(alice, dana, bob, charlie):
    """restrict, its SQL twin (access.rules.restrict_sql), has_perm (the
    backend's single query) and the audit trail's walled-matter filter each
    read the walls; for a mix of walls they agree."""
    from access.backends import forget
    from access.rules import restrict_sql, walled_matter_ids

    group = Group.objects.create(name="Litigation group")
    charlie.groups.add(group)
    client = ContactFactory()
    by_user, by_group, by_client, team_only, open_one = (
        open_matter(actor=alice, client=client if n == 2 else None, team=[(bob, "paralegal")])
        for n in range(5)
    )
    for m in (by_user, by_group, by_client, team_only, open_one):
        services.matter_grant_group(actor=dana, matter=m, group=group)
    services.wall_create(actor=dana, name="U", reason="r", notice="n", matter=by_user,
                         users=[bob])  # fmt: skip
    services.wall_create(actor=dana, name="G", reason="r", notice="n", matter=by_group,
                         groups=[group])  # fmt: skip
    services.wall_create(actor=dana, name="C", reason="r", notice="n", client=client,
                         users=[charlie])  # fmt: skip
    services.wall_create(actor=dana, name="T", reason="r", notice="n", matter=team_only,
                         kind="inclusive")  # fmt: skip
    everything = {by_user, by_group, by_client, team_only, open_one}
    expected = {
        bob: {by_group, by_client, team_only, open_one},
        charlie: {by_user, open_one},
        dana: {by_user, by_group, by_client, open_one},
        alice: everything,
    }
    for user, sees in expected.items():
        assert visible(user) == sees, user
        condition, params = restrict_sql(user, "view", matter_id="m.id", client_id="m.client_id")
        by_sql = Matter.objects.raw(f"SELECT m.id FROM cases_matter m WHERE {condition}", params)  # noqa: S608
        assert set(by_sql) == sees, user
        walled = set(
            Matter.objects.filter(pk__in=walled_matter_ids(user)).values_list("pk", flat=True)
        )
        assert walled == {m.pk for m in everything - sees}, user
        for m in everything:
            forget(user)
            assert user.has_perm("cases.view_matter", m) == (m in sees), (user, m)


def test_the_firm_admin_rule_lives_in_the_backend_for_model_and_object_permissions(
    alice, dana, charlie
):
    """Firm admins hold every model permission (even one their role group was
    never given) and every matter permission but where a wall screens them;
    nobody else gets a permission from the rule."""
    from django.contrib.auth.models import Group

    from access.backends import forget
    from tests.factories import UserFactory

    matter = open_matter(actor=alice)
    Group.objects.get(name="Firm admin").permissions.clear()
    dana = type(dana).objects.get(pk=dana.pk)  # no cached permissions
    assert dana.has_perm("clients.review_conflicts")
    assert dana.has_perm("cases.change_matter", matter)
    assert not charlie.has_perm("clients.review_conflicts")
    other_admin = UserFactory(role="Firm admin")
    services.wall_create(actor=other_admin, name="D", reason="r", notice="n", matter=matter,
                         users=[dana])  # fmt: skip
    forget(dana)
    assert not dana.has_perm("cases.view_matter", matter)
