"""The online intake form: off by default, a rotatable unguessable link, a
prospect's first part of the interview becomes a new intake; rate-limited per
address, size-limited, plain text only, and nothing of the firm's data shown."""

import re

import pytest
from django.urls import reverse

from casemgr.models import AuditEvent
from clients import intake as services
from clients.models import Intake, IntakeFormLink
from tests.factories import new_contact, open_matter

pytestmark = pytest.mark.django_db


def prospect(**extra):
    return {
        "prospect_kind": "person", "prospect_first_name": "Maria", "prospect_last_name": "Okonkwo",
        "prospect_email": "maria@example.org", "prospect_phone": "415 555 0100",
        "summary": "My landlord kept the deposit; the lease ended < 2 months ago.",
        "incident_date": "2026-02-01", "key_dates": "Letter received 2026-02-10",
        "adverse": "Okafor Industries\nJohn Okafor", "adverse_counsel": "Helen Park",
        "referral_source": "A friend",
        **extra,
    }  # fmt: skip


@pytest.fixture
def link(dana):
    services.intake_form_link_set(actor=dana, enabled=True)
    return IntakeFormLink.load()


def form_url(link):
    return reverse("clients:intake_online", args=[link.token])


# --- On, off, rotated -----------------------------------------------------------------


def test_the_form_is_off_by_default_and_every_public_page_is_a_404(client):
    link = IntakeFormLink.load()
    assert link.enabled is False
    assert client.get(form_url(link)).status_code == 404
    assert client.post(form_url(link), prospect()).status_code == 404
    assert client.get(reverse("clients:intake_online_thanks", args=[link.token])).status_code == 404
    assert not Intake.objects.exists()


def test_a_firm_admin_turns_it_on_on_the_admin_page_and_a_prospect_sends_it(client, dana):
    client.force_login(dana)
    page = client.get(reverse("clients:intake_form_settings")).content.decode()
    assert "Off" in page
    client.post(reverse("clients:intake_form_settings"), {"action": "on"})
    link = IntakeFormLink.load()
    assert link.enabled
    page = client.get(reverse("clients:intake_form_settings")).content.decode()
    assert form_url(link) in page
    client.logout()
    response = client.post(form_url(link), prospect())
    assert response.status_code == 302
    assert response.url == reverse("clients:intake_online_thanks", args=[link.token])
    intake = Intake.objects.get()
    assert (intake.status, intake.source) == ("new", "online")
    assert intake.prospect_name == "Maria Okonkwo"
    assert intake.created_by is None
    assert "Letter received 2026-02-10" in intake.interview_notes
    assert sorted((n.capacity, n.name) for n in intake.names.all()) == [
        ("adverse", "John Okafor"), ("adverse", "Okafor Industries"),
        ("adverse_counsel", "Helen Park"),
    ]  # fmt: skip
    event = AuditEvent.objects.get(object_type="clients.intake", action="create")
    assert event.actor_id is None
    assert event.actor_email == "online intake form"
    assert "from the online form" in event.summary


def test_turning_it_off_makes_the_link_a_404_again(client, link, dana):
    services.intake_form_link_set(actor=dana, enabled=False)
    assert client.get(form_url(link)).status_code == 404


def test_a_wrong_token_is_a_404(client, link):
    assert client.get(reverse("clients:intake_online", args=["x" + link.token])).status_code == 404
    assert client.get(reverse("clients:intake_online", args=[link.token[:-1]])).status_code == 404
    assert (
        client.post(reverse("clients:intake_online", args=["guess"]), prospect()).status_code == 404
    )
    assert not Intake.objects.exists()


def test_rotating_retires_the_old_link(client, link, dana):
    old = link.token
    client.force_login(dana)
    client.post(reverse("clients:intake_form_settings"), {"action": "rotate"})
    client.logout()
    new = IntakeFormLink.load()
    assert new.token != old
    assert len(new.token) >= 40
    assert client.get(reverse("clients:intake_online", args=[old])).status_code == 404
    assert client.post(reverse("clients:intake_online", args=[old]), prospect()).status_code == 404
    assert client.get(form_url(new)).status_code == 200
    changes = AuditEvent.objects.filter(object_type="clients.intakeformlink")
    assert changes.count() == 2  # turned on, link replaced
    assert all(new.token not in e.summary and old not in str(e.changes) for e in changes)


def test_only_firm_admins_reach_the_switch(client, charlie, alice):
    for person in (charlie, alice):
        client.force_login(person)
        assert client.get(reverse("clients:intake_form_settings")).status_code == 404
        response = client.post(reverse("clients:intake_form_settings"), {"action": "on"})
        assert response.status_code == 404
    assert IntakeFormLink.load().enabled is False
    client.logout()
    response = client.get(reverse("clients:intake_form_settings"))
    assert response.status_code == 302  # to sign-in
    with pytest.raises(services.PermissionDenied):
        services.intake_form_link_rotate(actor=charlie)


# --- Nothing of the firm -----------------------------------------------------------


def test_nothing_of_the_firm_shows_and_the_answer_is_the_same_for_a_match(client, link, alice, bob):
    okafor = new_contact(actor=alice, kind="organization", organization_name="Okafor Industries")
    matter = open_matter(
        actor=alice, client=okafor, title="Okafor supply dispute", team=[(bob, "paralegal")]
    )
    form_page = client.get(form_url(link)).content.decode()
    thanks = []
    for adverse in ("Okafor Industries", "Nobody Known Ltd"):
        response = client.post(form_url(link), prospect(adverse=adverse), follow=True)
        assert response.status_code == 200
        thanks.append(response.content.decode())
    assert Intake.objects.count() == 2
    for body in (form_page, *thanks):
        for secret in (matter.number, matter.title, "Okafor Industries", alice.full_name,
                       bob.full_name, alice.email):  # fmt: skip
            assert secret not in body
        assert reverse("clients:intake_list") not in body
        assert reverse("cases:matter_list") not in body
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub("", thanks[0]) == strip.sub("", thanks[1])


# --- Rate limit, sizes, markup -------------------------------------------------------


def test_sendings_past_the_limit_per_address_get_a_clear_429(client, link, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake_form": "2/m"}
    for n in range(2):
        assert client.post(form_url(link), prospect(prospect_last_name=f"P{n}")).status_code == 302
    response = client.post(form_url(link), prospect(prospect_last_name="Third"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "sent too often" in response.content.decode()
    assert Intake.objects.count() == 2
    # another address is not affected
    other = client.post(form_url(link), prospect(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert Intake.objects.count() == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "x" * 5001, "at most 5000 characters"),
        ("prospect_last_name", "y" * 101, "at most 100 characters"),
        ("adverse", "\n".join(f"Party {n}" for n in range(11)), "At most 10 names"),
        ("key_dates", "z" * 1001, "at most 1000 characters"),
    ],
)
def test_an_oversized_field_is_refused_with_its_message_and_nothing_stored(
    client, link, field, value, message
):
    response = client.post(form_url(link), prospect(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Intake.objects.exists()


def test_an_oversized_form_in_total_is_refused(client, link):
    filler = {"summary": "a" * 4900, "key_dates": "b" * 1000, "adverse_counsel": "c" * 1000,
              "prospect_phone": "1" * 40, "unexpected": "d" * 6000}  # fmt: skip
    response = client.post(form_url(link), prospect(**filler))
    assert "The form is too long" in response.content.decode()
    assert not Intake.objects.exists()


def test_an_oversized_body_is_a_413_with_a_message(client, link):
    response = client.post(form_url(link), prospect(padding="p" * 70_000))
    assert response.status_code == 413
    assert "larger than the form accepts" in response.content.decode()
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", "<script>alert(1)</script>"),
        ("summary", "See <a href='https://evil.test'>here</a>"),
        ("prospect_last_name", "<img src=x onerror=alert(1)>"),
        ("adverse", "javascript:alert(1)"),
        ("referral_source", "&#60;script&#62;"),
        ("key_dates", "<svg/onload=alert(1)>"),
        ("prospect_organization_name", "Acme <b>Corp</b>"),
    ],
)
def test_html_or_script_in_a_field_is_refused_and_nothing_stored(client, link, field, value):
    data = prospect(**{field: value})
    if field == "prospect_organization_name":
        data["prospect_kind"] = "organization"
    response = client.post(form_url(link), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "plain text only" in body
    # shown again only escaped, never as markup
    assert "<script>alert" not in body
    assert "<img" not in body
    assert "<svg" not in body
    assert not Intake.objects.exists()


def test_missing_name_and_bad_email_get_field_messages(client, link):
    response = client.post(form_url(link), prospect(prospect_last_name="", prospect_email="no"))
    body = response.content.decode()
    assert "Give your last name." in body
    assert "Enter a valid email address." in body
    assert not Intake.objects.exists()


# --- CSP and form tokens ------------------------------------------------------------


def test_the_page_works_under_the_csp_with_no_inline_script_or_style(client, link):
    response = client.get(form_url(link))
    csp = response["Content-Security-Policy"]
    assert "script-src" in csp
    assert "unsafe-inline" not in csp
    body = response.content.decode()
    assert not re.search(r"<script(?![^>]*\ssrc=)", body)
    assert " style=" not in body
    assert "<style" not in body
    assert response["Referrer-Policy"] == "no-referrer"


def test_form_tokens_apply_only_to_signed_in_people(client, link, alice):
    anonymous = client.get(form_url(link)).content.decode()
    assert "_form_token" not in anonymous
    client.force_login(alice)
    page = client.get(form_url(link)).content.decode()
    token = re.search(r'name="_form_token" value="([^"]+)"', page).group(1)
    data = prospect(_form_token=token)
    assert client.post(form_url(link), data).status_code == 302
    again = client.post(form_url(link), data)  # the same form sent twice acts once
    assert again.status_code == 303
    assert Intake.objects.count() == 1
