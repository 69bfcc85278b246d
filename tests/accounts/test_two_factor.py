"""TOTP two-factor: enrollment, the code step after the password, and who must use it."""

import base64
import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from casemgr.models import AuditEvent, FirmSettings
from tests.accounts.conftest import give_device, totp_code
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": DEFAULT_PASSWORD})


def code_from_page(html: str) -> str:
    secret = re.search(r'data-secret="([A-Z2-7=]+)"', html).group(1)
    return f"{TOTP(base64.b32decode(secret)).token():06d}"


def test_alice_without_a_device_and_no_firm_rule_signs_in_with_her_password_only(client, alice):
    sign_in(client, alice)
    assert client.get(reverse("home")).status_code == 200


def test_a_firm_admin_is_sent_to_enrollment_before_anything_else(client, dana):
    sign_in(client, dana)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_enroll"))
    assert client.get(reverse("firm:home")).url.startswith(reverse("two_factor_enroll"))


def test_enrollment_shows_a_qr_code_and_the_secret_and_a_right_code_turns_it_on(client, dana):
    sign_in(client, dana)
    page = client.get(reverse("two_factor_enroll"))
    html = page.content.decode()
    assert "<svg" in html
    assert "otpauth" not in html  # the QR code is drawn here, not fetched from a service
    response = client.post(
        reverse("two_factor_enroll"), {"token": code_from_page(html), "next": "/"}
    )
    # Enrolled: the backup codes are shown once, with the way on.
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert 'href="/"' in response.content.decode()
    assert TOTPDevice.objects.get(user=dana).confirmed
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(actor_id=dana.pk, summary__contains="enrolled").exists()


def test_a_wrong_code_at_enrollment_is_refused_with_a_message(client, dana):
    sign_in(client, dana)
    client.get(reverse("two_factor_enroll"))
    response = client.post(reverse("two_factor_enroll"), {"token": "000000"})
    assert response.status_code == 200
    assert "does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=dana, confirmed=True).exists()


def test_reloading_enrollment_keeps_the_same_secret(client, dana):
    sign_in(client, dana)
    first = re.search(
        r'data-secret="(\w+)"', client.get(reverse("two_factor_enroll")).content.decode()
    )
    second = re.search(
        r'data-secret="(\w+)"', client.get(reverse("two_factor_enroll")).content.decode()
    )
    assert first.group(1) == second.group(1)


def test_a_user_with_a_device_must_enter_a_code_after_the_password(client, alice):
    device = give_device(alice)
    with time_machine.travel("2026-11-26 12:00:00", tick=False) as clock:
        sign_in(client, alice)
        response = client.get(reverse("home"))
        assert response.url.startswith(reverse("two_factor_verify"))

        wrong = client.post(reverse("two_factor_verify"), {"token": "123456"})
        assert "not right" in wrong.content.decode()
        assert client.get(reverse("home")).status_code == 302

        clock.shift(5)  # django-otp throttles the next try for a moment after a failure
        right = client.post(reverse("two_factor_verify"), {"token": totp_code(device), "next": "/"})
        assert right.status_code == 302
        assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(
        actor_id=alice.pk, action="login_failed", summary__contains="two-factor"
    ).exists()


def test_a_used_code_cannot_be_replayed_in_another_session(client, alice):
    device = give_device(alice)
    with time_machine.travel("2026-11-26 12:00:00", tick=False):
        code = totp_code(device)
        sign_in(client, alice)
        client.post(reverse("two_factor_verify"), {"token": code})
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))

        sign_in(client, alice)
        again = client.post(reverse("two_factor_verify"), {"token": code})
        assert client.get(reverse("home")).status_code == 302
    # Said plainly: the code is right but spent, so wait for the next one.
    assert "That code was already used; wait for the next one." in again.content.decode()
    assert "not right" not in again.content.decode()


def test_sign_out_and_health_work_before_the_code_is_entered(client, alice):
    give_device(alice)
    sign_in(client, alice)
    assert client.get(reverse("healthz")).status_code in {200, 503}
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_answers_403_instead_of_redirecting(client, alice):
    give_device(alice)
    sign_in(client, alice)
    response = client.get("/api/")
    assert response.status_code == 403


def test_the_firm_wide_rule_sends_bob_to_enrollment(client, bob):
    settings_row = FirmSettings.load()
    settings_row.require_two_factor = True
    settings_row.save()
    sign_in(client, bob)
    assert client.get(reverse("home")).url.startswith(reverse("two_factor_enroll"))


def test_resetting_bobs_two_factor_deletes_his_device_and_is_audited(client, dana, bob):
    give_device(bob)
    device = give_device(dana)
    sign_in(client, dana)
    client.post(reverse("two_factor_verify"), {"token": totp_code(device)})
    response = client.post(reverse("firm:user_reset_2fa", args=[bob.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert AuditEvent.objects.filter(
        actor_id=dana.pk, summary__contains="reset two-factor"
    ).exists()


def test_an_enrolled_user_visiting_enrollment_sees_that_it_is_on(client, alice):
    device = give_device(alice)
    sign_in(client, alice)
    client.post(reverse("two_factor_verify"), {"token": totp_code(device)})
    response = client.get(reverse("two_factor_enroll"))
    assert "Two-factor sign-in is on" in response.content.decode()


def test_the_gate_costs_no_query_once_a_session_owes_no_second_factor(
    client, alice, settings, django_assert_max_num_queries
):
    sign_in(client, alice)
    client.get(reverse("home"))  # the first request checks and remembers
    settings.TWO_FACTOR_ENFORCED = False
    with django_assert_max_num_queries(100) as without_gate:
        client.get(reverse("home"))
    settings.TWO_FACTOR_ENFORCED = True
    with django_assert_max_num_queries(len(without_gate.captured_queries)):
        client.get(reverse("home"))


def test_a_screened_user_with_a_device_verifies_then_reads_the_wall_notice(client, alice, dana):
    from cases import services
    from tests.factories import open_matter

    wall = services.wall_create(
        actor=dana, name="w", reason="r", notice="Stay away from the Acme file.",
        matter=open_matter(actor=dana), users=[alice],
    )  # fmt: skip
    device = give_device(alice)
    first = sign_in(client, alice)
    assert first.url.startswith(reverse("wall_notice"))
    gated = client.get(first.url)
    assert gated.url.startswith(reverse("two_factor_verify"))
    verified = client.post(gated.url, {"token": totp_code(device)})
    notice = client.get(verified.url)
    assert "Stay away from the Acme file." in notice.content.decode()
    done = client.post(reverse("wall_notice"), {"wall": wall.pk, "next": "/"})
    assert done.url == "/"


def test_a_wrong_code_still_says_it_is_not_right_not_already_used(client, alice):
    device = give_device(alice)
    with time_machine.travel("2026-11-26 12:00:00", tick=False):
        code = totp_code(device)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        sign_in(client, alice)
        response = client.post(reverse("two_factor_verify"), {"token": wrong})
    assert "not right" in response.content.decode()
    assert "already used" not in response.content.decode()


def _enroll(client, user):
    sign_in(client, user)
    html = client.get(reverse("two_factor_enroll")).content.decode()
    response = client.post(reverse("two_factor_enroll"), {"token": code_from_page(html)})
    return [c.replace("-", "") for c in response.context["codes"]]


def test_a_backup_code_signs_in_once_and_the_page_says_how_many_are_left(client, dana):
    with time_machine.travel("2026-11-26 12:00:00", tick=False):
        codes = _enroll(client, dana)
        client.post(reverse("logout"))
        sign_in(client, dana)
        # Typed as shown ("abcd-efgh"), in capitals: still accepted.
        shown = f"{codes[0][:4]}-{codes[0][4:]}".upper()
        response = client.post(
            reverse("two_factor_verify"), {"token": shown, "next": "/"}, follow=True
        )
        assert response.redirect_chain[-1][0] == "/"
        assert "9 left" in response.content.decode()
        client.post(reverse("logout"))
        sign_in(client, dana)
        reused = client.post(reverse("two_factor_verify"), {"token": codes[0]})
        assert client.get(reverse("home")).status_code == 302
    assert "not right" in reused.content.decode()
    assert AuditEvent.objects.filter(actor_id=dana.pk, summary__contains="backup code").exists()


def test_the_backup_codes_are_shown_once_and_new_ones_end_the_old(client, dana):
    with time_machine.travel("2026-11-26 12:00:00", tick=False):
        old = _enroll(client, dana)
        enrolled = client.get(reverse("two_factor_enroll")).content.decode()
        assert "10 unused backup codes" in enrolled
        assert old[0] not in enrolled  # never shown again
        response = client.post(reverse("two_factor_backup_codes"))
        new = [c.replace("-", "") for c in response.context["codes"]]
        assert len(new) == 10
        assert not set(new) & set(old)
        client.post(reverse("logout"))
        sign_in(client, dana)
        refused = client.post(reverse("two_factor_verify"), {"token": old[1]})
        assert "not right" in refused.content.decode()
    assert AuditEvent.objects.filter(
        actor_id=dana.pk, summary__contains="the old ones no longer work"
    ).exists()


def test_backup_codes_cannot_be_made_before_verifying(client, alice):
    give_device(alice)
    sign_in(client, alice)
    response = client.post(reverse("two_factor_backup_codes"))
    assert response.status_code == 302
    assert "codes" not in (response.context or {})
