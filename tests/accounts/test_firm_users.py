"""Firm admin pages: only firm admins see them; users, invitations, roles, settings."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from access.roles import Role
from accounts.models import User
from casemgr.models import AuditEvent, FirmSettings
from tests.factories import DEFAULT_PASSWORD, UserFactory, open_matter

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


@pytest.fixture
def wall(dana, matter, charlie):
    from cases import services

    return services.wall_create(
        actor=dana, name="Screen", reason="Conflict", notice="You are screened.",
        matter=matter, users=[charlie],
    )  # fmt: skip


def firm_urls(matter, wall, person):
    return [
        reverse("firm:home"),
        reverse("firm:users"),
        reverse("firm:user_invite"),
        reverse("firm:user_detail", args=[person.pk]),
        reverse("firm:user_access", args=[person.pk]),
        reverse("firm:settings"),
        reverse("firm:access_lookup"),
        reverse("firm:matter_access", args=[matter.pk]),
        reverse("firm:walls"),
        reverse("firm:wall_create"),
        reverse("firm:wall_detail", args=[wall.pk]),
        reverse("firm:wall_report", args=[wall.pk]),
        reverse("firm:audit"),
        reverse("firm:audit_export"),
    ]


def test_every_firm_page_is_a_404_for_bob_and_charlie(client, bob, charlie, matter, wall, alice):
    for person in (bob, charlie):
        client.force_login(person)
        for url in firm_urls(matter, wall, alice):
            assert client.get(url).status_code == 404, url
        for name in ("firm:user_role", "firm:user_active", "firm:user_reset_2fa"):
            assert (
                client.post(reverse(name, args=[alice.pk]), {"role": "Firm admin"}).status_code
                == 404
            )
    alice.refresh_from_db()
    assert alice.role_names == ["Attorney"]


def test_every_firm_page_opens_for_dana(client, dana, matter, wall, alice):
    client.force_login(dana)
    for url in firm_urls(matter, wall, alice):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_sign_in(client, matter, wall, alice):
    response = client.get(reverse("firm:users"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_auditor_reads_the_audit_log_but_no_other_firm_page(client, matter, wall, alice):
    auditor = UserFactory(role=Role.AUDITOR.value)
    client.force_login(auditor)
    assert client.get(reverse("firm:audit")).status_code == 200
    assert client.get(reverse("firm:audit_export")).status_code == 200
    assert client.get(reverse("firm:users")).status_code == 404
    assert ">Audit log</a>" in client.get(reverse("home")).content.decode()


def test_the_admin_link_in_the_navigation_goes_to_the_firm_pages(client, dana):
    client.force_login(dana)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("firm:home")}"' in html


def test_the_user_list_searches_filters_by_role_and_pages(client, dana, alice, bob):
    for n in range(30):
        UserFactory(full_name=f"Temp Person {n:02d}", role="Paralegal")
    client.force_login(dana)
    page = client.get(reverse("firm:users"), {"q": "alice"})
    assert "Alice Moreno" in page.content.decode()
    assert "Bob Lindqvist" not in page.content.decode()
    attorneys = client.get(reverse("firm:users"), {"role": "Attorney"}).content.decode()
    assert "Alice Moreno" in attorneys
    assert "Temp Person" not in attorneys
    first = client.get(reverse("firm:users"), {"role": "Paralegal"})
    assert first.context["page_obj"].paginator.count == 31
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("firm:users"), {"role": "Paralegal", "page": 2})
    assert len(second.context["page_obj"].object_list) == 6


def test_the_user_list_query_count_does_not_grow_with_users(
    client, dana, django_assert_max_num_queries
):
    client.force_login(dana)
    UserFactory.create_batch(3, role="Paralegal")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("firm:users"))
    UserFactory.create_batch(15, role="Attorney")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("firm:users"))


def test_an_invitation_mails_a_link_that_sets_the_password(
    client, dana, django_capture_on_commit_callbacks
):
    client.force_login(dana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("firm:user_invite"),
            {"email": "Erin@Firm.test", "full_name": "Erin Okafor", "role": "Paralegal"},
        )
    assert response.status_code == 302
    erin = User.objects.get(email="erin@firm.test")
    assert not erin.has_usable_password()
    assert erin.role_names == ["Paralegal"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["erin@firm.test"]
    link = re.search(r"http://testserver(/accounts/set-password/\S+/)", mail.outbox[0].body).group(
        1
    )
    assert AuditEvent.objects.filter(action="create", object_id=str(erin.pk)).exists()

    client.post(reverse("logout"))
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    signed_in = client.post(reverse("login"), {"username": erin.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_inviting_an_existing_email_is_refused_next_to_the_field(client, dana, alice):
    client.force_login(dana)
    response = client.post(
        reverse("firm:user_invite"),
        {"email": alice.email.upper(), "full_name": "Alice Again", "role": "Attorney"},
    )
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert len(mail.outbox) == 0


def test_dana_changes_bobs_role_and_keeps_his_practice_group(client, dana, bob):
    practice = Group.objects.create(name="Employment practice group")
    bob.groups.add(practice)
    client.force_login(dana)
    client.post(reverse("firm:user_role", args=[bob.pk]), {"role": "Case manager"})
    bob = User.objects.get(pk=bob.pk)
    assert bob.role_names == ["Case manager"]
    assert "Employment practice group" in bob.group_names
    line = AuditEvent.objects.get(action="change", object_id=str(bob.pk))
    assert line.changes["roles"] == [["Paralegal"], ["Case manager"]]


def test_dana_cannot_change_her_own_role_or_deactivate_herself(client, dana):
    client.force_login(dana)
    response = client.post(
        reverse("firm:user_role", args=[dana.pk]), {"role": "Paralegal"}, follow=True
    )
    assert "cannot" in response.content.decode()
    client.post(reverse("firm:user_active", args=[dana.pk]), {"active": "0"})
    dana.refresh_from_db()
    assert dana.is_active
    assert dana.is_firm_admin


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(client, dana, bob):
    bobs_browser = client.__class__()
    bobs_browser.force_login(bob)
    client.force_login(dana)
    client.post(reverse("firm:user_active", args=[bob.pk]), {"active": "0"})
    bob.refresh_from_db()
    assert not bob.is_active
    assert bobs_browser.get(reverse("home")).status_code == 302
    refused = bobs_browser.post(
        reverse("login"), {"username": bob.email, "password": DEFAULT_PASSWORD}
    )
    assert refused.status_code == 200

    client.post(reverse("firm:user_active", args=[bob.pk]), {"active": "1"})
    bob.refresh_from_db()
    assert bob.is_active
    assert AuditEvent.objects.filter(
        object_id=str(bob.pk), summary__startswith="deactivated"
    ).exists()


def test_firm_settings_validate_the_number_pattern_and_turn_on_two_factor(client, dana):
    client.force_login(dana)
    bad = client.post(
        reverse("firm:settings"),
        {"name": "Moreno & Partners", "matter_number_pattern": "{year}-{nope}"},
    )
    assert bad.status_code == 200
    assert FirmSettings.load().name != "Moreno & Partners"
    assert "has-error" in bad.content.decode()

    good = client.post(
        reverse("firm:settings"),
        {
            "name": "Moreno & Partners",
            "matter_number_pattern": "{practice}-{year}-{seq:05d}",
            "require_two_factor": "on",
        },
    )
    assert good.status_code == 302
    firm = FirmSettings.load()
    assert firm.name == "Moreno & Partners"
    assert firm.require_two_factor
    line = AuditEvent.objects.get(object_type="casemgr.firmsettings")
    assert line.changes["require_two_factor"] == [False, True]


def test_dana_emails_bob_a_fresh_set_password_link(
    client, dana, bob, django_capture_on_commit_callbacks
):
    client.force_login(dana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("firm:user_password_link", args=[bob.pk]))
    assert response.status_code == 302
    assert mail.outbox[0].to == [bob.email]
    assert "/accounts/set-password/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(object_id=str(bob.pk), summary__contains="link").exists()


def test_the_invite_page_says_what_each_role_may_see_including_the_auditors_walls(client, dana):
    client.force_login(dana)
    body = client.get(reverse("firm:user_invite")).content.decode()
    assert "never those of a matter an ethical wall screens them" in body


def test_the_firm_settings_page_names_the_firm_zone_and_links_to_its_history(client, dana):
    client.force_login(dana)
    html = client.get(reverse("firm:settings")).content.decode()
    assert "<strong>America/Los_Angeles</strong>" in html
    assert f'href="{reverse("firm:audit")}?object_type=casemgr.firmsettings"' in html
    assert f'href="{reverse("practice:list")}"' in html
