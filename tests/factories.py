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
