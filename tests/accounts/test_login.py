import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_alice_signs_in_with_her_email_and_sees_the_navigation(client, alice):
    response = client.post(
        reverse("login"), {"username": alice.email, "password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"] == alice
    for label in ("Matters", "Clients", "Deadlines", "Documents"):
        assert f">{label}</a>" in response.content.decode()
    assert ">Admin</a>" not in response.content.decode()


def test_email_login_ignores_case(client, alice):
    response = client.post(
        reverse("login"), {"username": alice.email.upper(), "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def test_a_wrong_password_shows_a_clear_message_and_does_not_sign_in(client, alice):
    response = client.post(reverse("login"), {"username": alice.email, "password": "nope"})
    assert response.status_code == 200
    assert "That email and password do not match an active account." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_firm_admin_sees_the_admin_link(client, dana):
    client.force_login(dana)
    response = client.get(reverse("home"))
    assert ">Admin</a>" in response.content.decode()


def test_sign_out_ends_the_session(client, alice):
    client.force_login(alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
