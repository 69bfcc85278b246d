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


def cleared_check(*, decided_by, names=("Doe",), intake=None):
    """A conflict check recorded as cleared, as a fixture: the row is inserted
    whole (decided at insert, which the database allows) rather than run and
    decided through clients.intake, which its own tests cover. Matters opened by
    tests thus take the same path as the app's: matter_open with a cleared check."""
    from django.utils import timezone

    from clients import conflicts
    from clients.models import ConflictCheck

    wanted = [conflicts.CheckName(n) for n in names]
    return ConflictCheck.objects.create(
        intake=intake,
        names=[n.as_dict() for n in wanted],
        report=conflicts.conflict_search(wanted),
        run_by=decided_by,
        decision=ConflictCheck.Decision.CLEARED,
        decided_by=decided_by,
        decided_at=timezone.now(),
    )


def open_matter(*, actor, responsible_attorney=None, client=None, team=(), **kwargs):
    """Open a matter the way the app does (numbered, team granted, audited), on a
    cleared conflict check of the client's name unless one is given."""
    from cases import services

    client = client or ContactFactory()
    if "conflict_check" not in kwargs and "override_reason" not in kwargs:
        kwargs["conflict_check"] = cleared_check(decided_by=actor, names=[client.display_name])
    return services.matter_open(
        actor=actor,
        title=kwargs.pop("title", "Doe v. Acme Corp."),
        client=client,
        practice_area=kwargs.pop("practice_area", None) or PracticeAreaFactory(),
        responsible_attorney=responsible_attorney or actor,
        team=list(team),
        **kwargs,
    )


# --- Tasks, notes, negotiations (cases) --------------------------------------------


class TaskTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.TaskTemplate"

    practice_area = factory.SubFactory(PracticeAreaFactory)
    title = factory.Sequence(lambda n: f"Template task {n}")
    due_after_days = 7
    priority = "normal"
    assignee_role = ""


def add_task(*, actor, matter, **kwargs):
    """A task created the way the app does (checked and audited)."""
    from cases import services

    kwargs.setdefault("title", "Call the client")
    return services.task_create(actor=actor, matter=matter, **kwargs)


def add_offer(*, actor, matter, side="client", amount="100000.00", **kwargs):
    from decimal import Decimal

    from cases import services

    return services.offer_record(
        actor=actor, matter=matter, side=side, amount=Decimal(amount), **kwargs
    )


class DeadlineFactory(factory.django.DjangoModelFactory):
    """An open, hand-entered court deadline; pass matter= (required)."""

    class Meta:
        model = "deadlines.Deadline"

    title = factory.Sequence(lambda n: f"Deadline {n}")
    kind = "court"
    due_date = factory.LazyFunction(lambda: __import__("datetime").date(2026, 12, 1))
    time_zone = "America/Los_Angeles"
    citation = "FRCP 12(a)"


def write_memo(*, actor, matter, authorities=(), **kwargs):
    """A research memo written the way the app does (checked, indexed, audited)."""
    from cases import services

    kwargs.setdefault("title", "Is the claim time-barred?")
    kwargs.setdefault("question", "Does the two-year limitations period bar the claim?")
    return services.research_memo_create(
        actor=actor, matter=matter, authorities=list(authorities), **kwargs
    )


def authority_data(**kwargs):
    """The fields of one authority, as research services take them."""
    data = {
        "kind": "case",
        "citation": "Jolly v. Eli Lilly & Co., 44 Cal. 3d 1103 (1988)",
        "court": "Cal. Supreme Court",
        "year": 1988,
        "holding": "The limitations period starts when the plaintiff suspects wrongdoing.",
        "relevance": "supports",
        "url": "",
    }
    data.update(kwargs)
    return data


def new_contact(*, actor, **fields):
    """A contact created the way the app does (clients.services, audited).
    Person by default: pass first_name/last_name, or kind="organization" with
    organization_name; emails/phones/aliases/addresses as lists."""
    from clients import services

    if fields.get("kind", "person") == "person":
        fields.setdefault("last_name", "Doe")
    fields.setdefault("duplicates_ok", True)  # tests of the near-duplicate gate pass ()
    return services.contact_create(actor=actor, **fields)
