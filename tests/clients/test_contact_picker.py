"""The contact form's "Works for": a search-then-choose picker over the
organizations (never every organization as an <option>), with and without
JavaScript; and the picker's search endpoint, whose scopes the forms share."""

import pytest
from django.urls import reverse

from clients.models import Contact
from tests.clients.test_contact_form import form_data
from tests.factories import ContactFactory, OrganizationFactory, new_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(bob):
    return new_contact(actor=bob, kind="organization", organization_name="Acme Corporation")


@pytest.fixture
def wile(bob, acme):
    return new_contact(actor=bob, first_name="Wile", last_name="Coyote", organization=acme)


def picker(client, **params):
    return client.get(reverse("cases:contact_picker"), params, headers={"HX-Request": "true"})


def test_the_contact_form_lists_no_organizations_until_one_is_searched_for(client, bob, acme):
    for _ in range(5):
        OrganizationFactory()
    client.force_login(bob)
    body = client.get(reverse("clients:contact_create")).content.decode()
    assert 'name="organization_q"' in body
    assert '<select name="organization"' not in body
    assert "Acme Corporation" not in body
    assert '<label for="id_organization_q">Works for</label>' in body
    # Optional, so "nobody" is a choice, and the one made on a new contact.
    assert '<input type="radio" name="organization" value="" checked>' in body


def test_searching_without_javascript_offers_organizations_and_keeps_what_was_typed(
    client, bob, acme
):
    ContactFactory(first_name="Acme", last_name="Jones")  # a person: never offered
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_create"),
        form_data(first_name="Road", last_name="Runner", job_title="Courier",
                  organization_q="Acme", _search="organization",
                  **{"emails-0-email": "road@runner.test"}),
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<input type="radio" name="organization" value="{acme.pk}">' in body
    assert "Acme Jones" not in body
    for typed in ('value="Acme"', 'value="Road"', 'value="Runner"', 'value="Courier"',
                  'value="road@runner.test"'):  # fmt: skip
        assert typed in body
    assert "field-error" not in body
    assert not Contact.objects.filter(last_name="Runner").exists()


def test_a_person_is_saved_working_for_the_chosen_organization(client, bob, acme):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_create"),
        form_data(first_name="Road", last_name="Runner", organization=acme.pk),
    )
    assert response.status_code == 302
    assert Contact.objects.get(last_name="Runner").organization == acme


def test_the_edit_page_shows_the_organization_chosen(client, bob, wile, acme):
    client.force_login(bob)
    body = client.get(reverse("clients:contact_edit", args=[wile.pk])).content.decode()
    assert f'<input type="radio" name="organization" value="{acme.pk}" checked>' in body
    assert '<input type="radio" name="organization" value="">' in body  # to leave it


def test_choosing_no_organization_on_edit_clears_it(client, bob, wile):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_edit", args=[wile.pk]),
        form_data(first_name="Wile", last_name="Coyote", organization=""),
    )
    assert response.status_code == 302
    wile.refresh_from_db()
    assert wile.organization is None


def test_a_person_as_employer_is_refused_with_a_clear_message_and_nothing_is_lost(
    client, bob, wile, acme
):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_edit", args=[wile.pk]),
        form_data(first_name="Wile E.", last_name="Coyote", organization=wile.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == [
        "Choose an organization from the matches (a person, or this contact itself, "
        "cannot be chosen)."
    ]
    assert 'value="Wile E."' in response.content.decode()
    wile.refresh_from_db()
    assert (wile.first_name, wile.organization) == ("Wile", acme)


def test_an_organization_is_never_offered_as_its_own_employer(client, bob, acme):
    sister = new_contact(actor=bob, kind="organization", organization_name="Acme Co-op")
    client.force_login(bob)
    searched = client.post(
        reverse("clients:contact_edit", args=[acme.pk]),
        form_data(kind="organization", organization_name="Acme Corporation",
                  organization_q="Acme", _search="organization"),
    ).content.decode()  # fmt: skip
    assert f'value="{sister.pk}"' in searched
    assert f'name="organization" value="{acme.pk}"' not in searched
    page = client.get(reverse("clients:contact_edit", args=[acme.pk])).content.decode()
    assert f"exclude={acme.pk}" in page  # what the htmx search sends
    found = picker(client, field="organization", scope="organizations",
                   exclude=acme.pk, organization_q="Acme").content.decode()  # fmt: skip
    assert f'value="{sister.pk}"' in found
    assert f'value="{acme.pk}"' not in found


def test_the_endpoint_offers_only_organizations_for_works_for(client, bob, acme):
    ContactFactory(first_name="Acme", last_name="Jones")
    client.force_login(bob)
    body = picker(client, field="organization", scope="organizations",
                  organization_q="Acme").content.decode()  # fmt: skip
    assert "Acme Corporation" in body
    assert "Acme Jones" not in body
    everyone = picker(client, field="contact", contact_q="Acme").content.decode()
    assert "Acme Corporation" in everyone
    assert "Acme Jones" in everyone  # the matter forms' pickers still offer anyone


def test_the_endpoint_does_not_repeat_the_chosen_one_and_keeps_a_checked_match(client, bob, acme):
    other = new_contact(actor=bob, kind="organization", organization_name="Acme Logistics")
    client.force_login(bob)
    # Acme Corporation is shown above the results as the current choice.
    shown = picker(client, field="organization", scope="organizations", shown=acme.pk,
                   organization_q="Acme").content.decode()  # fmt: skip
    assert f'value="{acme.pk}"' not in shown
    assert f'value="{other.pk}"' in shown
    # A match checked from an earlier search stays, checked, while the search goes on.
    kept = picker(client, field="organization", scope="organizations", shown=acme.pk,
                  organization=other.pk, organization_q="Zzz").content.decode()  # fmt: skip
    assert f'value="{other.pk}" checked' in kept


def test_the_endpoint_refuses_an_unknown_scope_and_wants_a_sign_in(client, bob):
    assert picker(client, field="x", x_q="a").status_code == 302
    client.force_login(bob)
    assert picker(client, field="x", scope="everything", x_q="a").status_code == 404


def test_an_organization_searched_for_but_not_chosen_is_not_silently_dropped(client, bob, acme):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_create"),
        form_data(first_name="Road", last_name="Runner", organization_q="Acme"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == [
        "Choose one of the matches for “Acme”, or empty the search box to save without an "
        "organization."
    ]
    assert f'<input type="radio" name="organization" value="{acme.pk}">' in (
        response.content.decode()
    )
    assert not Contact.objects.filter(last_name="Runner").exists()
