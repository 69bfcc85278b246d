"""The invite form: no role is preselected, and inviting a firm admin asks for
confirmation (in the form and in accounts.services.user_invite)."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from access.roles import Role
from accounts import services
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_role_select_starts_empty_and_is_required(client, dana):
    client.force_login(dana)
    html = client.get(reverse("firm:user_invite")).content.decode()
    select = html[html.index('name="role"') : html.index("</select>", html.index('name="role"'))]
    options = re.findall(r'<option value="([^"]*)"( selected)?>', select)
    assert options[0][0] == ""
    assert [value for value, selected in options if selected] in ([], [""])  # no role chosen
    assert "required" in select[:80]


def test_posting_without_a_role_invites_nobody(client, dana):
    client.force_login(dana)
    response = client.post(
        reverse("firm:user_invite"), {"email": "erin@firm.test", "full_name": "Erin Okafor"}
    )
    assert response.status_code == 200
    assert "Choose the role they will have." in response.content.decode()
    assert not User.objects.filter(email="erin@firm.test").exists()
    assert len(mail.outbox) == 0


def test_a_firm_admin_invite_without_confirmation_is_refused(client, dana):
    client.force_login(dana)
    data = {"email": "erin@firm.test", "full_name": "Erin Okafor", "role": "Firm admin"}
    response = client.post(reverse("firm:user_invite"), data)
    assert response.status_code == 200
    assert "needs your confirmation" in response.content.decode()
    assert not User.objects.filter(email="erin@firm.test").exists()
    response = client.post(reverse("firm:user_invite"), {**data, "confirm_admin": "on"})
    assert response.status_code == 302
    assert User.objects.get(email="erin@firm.test").role_names == ["Firm admin"]


def test_the_service_refuses_an_unconfirmed_firm_admin_invite(dana):
    with pytest.raises(ValidationError, match="confirmation"):
        services.user_invite(actor=dana, email="x@firm.test", full_name="X Y",
                             role=Role.FIRM_ADMIN, base_url="http://testserver/")  # fmt: skip
    assert not User.objects.filter(email="x@firm.test").exists()


def test_charlie_cannot_invite(client, charlie):
    client.force_login(charlie)
    response = client.post(
        reverse("firm:user_invite"),
        {"email": "erin@firm.test", "full_name": "Erin Okafor", "role": "Paralegal"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="erin@firm.test").exists()
