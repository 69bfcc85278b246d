"""The team tab and cases.services.team_member_add: re-adding a member with
another role says what happened and never leaves a matter without its lead."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services
from cases.models import TeamMembership
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


def _role(matter, user):
    return TeamMembership.objects.get(matter=matter, user=user).role


def test_re_adding_the_lead_attorney_as_paralegal_is_refused_on_the_page(client, alice, matter):
    client.force_login(alice)
    response = client.post(
        reverse("cases:matter_team", args=[matter.pk]), {"user": alice.pk, "role": "paralegal"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "responsible attorney and lead attorney" in page
    assert "nothing changed" in page
    assert _role(matter, alice) == "lead"


def test_the_service_refuses_to_demote_the_only_lead_who_is_not_responsible(alice, matter):
    tom = UserFactory(full_name="Tom Reyes", role="Attorney")
    services.team_member_add(actor=alice, matter=matter, user=tom, role="lead")
    # Alice (responsible) and Tom both lead: demoting Tom leaves Alice, so it is allowed.
    change = services.team_member_add(actor=alice, matter=matter, user=tom, role="attorney")
    assert change.old_role == "lead"
    assert "changed from Lead attorney to Attorney" in change.message
    # Tom made lead again, Alice's lead membership gone: Tom is now the only lead.
    services.team_member_add(actor=alice, matter=matter, user=tom, role="lead")
    TeamMembership.objects.filter(matter=matter, user=alice).update(role="attorney")
    with pytest.raises(ValidationError, match="without one"):
        services.team_member_add(actor=alice, matter=matter, user=tom, role="paralegal")
    assert _role(matter, tom) == "lead"


def test_changing_a_members_role_says_so_and_is_audited(client, alice, bob, matter):
    client.force_login(alice)
    response = client.post(
        reverse("cases:matter_team", args=[matter.pk]),
        {"user": bob.pk, "role": "case_manager"},
        follow=True,
    )
    page = response.content.decode()
    assert (
        "Bob Lindqvist was already on the team: their role changed from Paralegal to Case manager."
        in page
    )
    assert _role(matter, bob) == "case_manager"
    assert AuditEvent.objects.filter(
        matter_id=matter.pk, action="change", changes__role=["paralegal", "case_manager"]
    ).exists()


def test_re_adding_with_the_same_role_says_nothing_changed(client, alice, bob, matter):
    client.force_login(alice)
    response = client.post(
        reverse("cases:matter_team", args=[matter.pk]),
        {"user": bob.pk, "role": "paralegal"},
        follow=True,
    )
    assert "already on the team as Paralegal; nothing changed" in response.content.decode()


def test_adding_someone_new_says_they_joined(client, alice, charlie, matter):
    client.force_login(alice)
    response = client.post(
        reverse("cases:matter_team", args=[matter.pk]),
        {"user": charlie.pk, "role": "paralegal"},
        follow=True,
    )
    assert "Charlie Brandt joined the team as Paralegal." in response.content.decode()


def test_charlie_cannot_change_roles_on_a_matter_he_cannot_see(client, charlie, alice, matter):
    client.force_login(charlie)
    response = client.post(
        reverse("cases:matter_team", args=[matter.pk]), {"user": alice.pk, "role": "paralegal"}
    )
    assert response.status_code == 404
    assert _role(matter, alice) == "lead"
