"""The demo firm that `manage.py seed_demo` loads: idempotent, realistic, small.

Each app contributes its part through a `seed_demo(firm)` function registered in
DEMO_STEPS; running the command twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction

from access.roles import Role
from accounts.models import User


@dataclass(frozen=True)
class Persona:
    key: str
    full_name: str
    email: str
    role: Role
    password: str


PERSONAS: tuple[Persona, ...] = (
    Persona("dana", "Dana Whitfield", "dana@demo.casemgr.test", Role.FIRM_ADMIN, "demo-admin-Dana-2026"),
    Persona("alice", "Alice Moreno", "alice@demo.casemgr.test", Role.ATTORNEY, "demo-attorney-Alice-2026"),
    Persona("tom", "Tom Okafor", "tom@demo.casemgr.test", Role.ATTORNEY, "demo-attorney-Tom-2026"),
    Persona("bob", "Bob Lindqvist", "bob@demo.casemgr.test", Role.PARALEGAL, "demo-paralegal-Bob-2026"),
    Persona("carol", "Carol Nguyen", "carol@demo.casemgr.test", Role.CASE_MANAGER, "demo-casemgr-Carol-2026"),
    Persona("erin", "Erin Shah", "erin@demo.casemgr.test", Role.AUDITOR, "demo-auditor-Erin-2026"),
)  # fmt: skip


@dataclass
class DemoFirm:
    users: dict[str, User] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def seed_users(firm: DemoFirm) -> None:
    for persona in PERSONAS:
        user, created = User.objects.get_or_create(
            email=persona.email,
            defaults={"full_name": persona.full_name, "is_staff": persona.role == Role.FIRM_ADMIN},
        )
        if created:
            user.set_password(persona.password)
            user.save(update_fields=["password"])
            firm.count("users")
        user.groups.add(Group.objects.get(name=persona.role.value))
        firm.users[persona.key] = user


def _steps() -> list:
    from cases.demo import seed_matters
    from cases.demo_strategy import seed_strategy
    from cases.demo_work import seed_work
    from clients.demo import seed_contacts, seed_parties
    from deadlines.demo import seed_deadlines

    # Each app's step in dependency order: people, contacts, matters, then what
    # hangs off matters. Later steps append here.
    return [
        seed_users, seed_contacts, seed_matters, seed_parties, seed_work, seed_strategy,
        seed_deadlines,
    ]  # fmt: skip


DEMO_STEPS = _steps


def seed() -> DemoFirm:
    firm = DemoFirm()
    with transaction.atomic():
        for step in DEMO_STEPS():
            step(firm)
    return firm
