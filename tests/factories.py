"""factory_boy factories for every model the tests build (no JSON fixtures)."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass role="Attorney" (a Role value) to put them in that group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"user{n}@firm.test")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        role = kwargs.pop("role", None)
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user


class ContactFactory(factory.django.DjangoModelFactory):
    """A person; pass kind="organization" with organization_name for a company."""

    class Meta:
        model = "clients.Contact"

    kind = "person"
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    client_status = ""


class OrganizationFactory(ContactFactory):
    kind = "organization"
    first_name = ""
    last_name = ""
    organization_name = factory.Faker("company")


class PracticeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.PracticeArea"
        django_get_or_create = ("code",)

    name = "Civil litigation"
    code = "LIT"


def open_matter(*, actor, responsible_attorney=None, client=None, team=(), **kwargs):
    """Open a matter the way the app does (numbered, team granted, audited)."""
    from cases import services

    return services.matter_open(
        actor=actor,
        title=kwargs.pop("title", "Doe v. Acme Corp."),
        client=client or ContactFactory(),
        practice_area=kwargs.pop("practice_area", None) or PracticeAreaFactory(),
        responsible_attorney=responsible_attorney or actor,
        team=list(team),
        **kwargs,
    )
