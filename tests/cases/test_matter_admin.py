"""The Django admin's matter pages go through the one door too."""

import pytest
from django.urls import reverse

from cases import services
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True, full_name="Sam Super")


def test_a_walled_superuser_does_not_see_the_matter_in_the_django_admin(
    client, alice, dana, superuser
):
    walled = open_matter(actor=alice, title="Walled matter")
    open_matter(actor=alice, title="Ordinary matter")
    services.wall_create(
        actor=dana, name="Super screen", reason="Conflict", notice="Screened.",
        matter=walled, users=[superuser],
    )  # fmt: skip
    client.force_login(superuser)
    changelist = client.get(reverse("admin:cases_matter_changelist"))
    assert changelist.status_code == 200
    body = changelist.content.decode()
    assert "Ordinary matter" in body
    assert "Walled matter" not in body
    detail = client.get(reverse("admin:cases_matter_change", args=[walled.pk]))
    assert detail.status_code in (302, 404)
    assert "Walled matter" not in detail.content.decode()


def test_the_matter_admin_is_read_only(client, alice, superuser):
    matter = open_matter(actor=alice)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:cases_matter_change", args=[matter.pk]), {"title": "changed"}
    )
    matter.refresh_from_db()
    assert matter.title != "changed"
    assert response.status_code in (302, 403)
