"""Demo matters for seed_demo: practice areas, matters with teams and parties, a wall."""

from __future__ import annotations

import datetime

from django.utils import timezone

from access.models import EthicalWall
from casemgr.demo import DemoFirm
from cases import services
from cases.models import Matter, PracticeArea
from clients import intake as intake_services
from clients.conflicts import CheckName
from clients.models import Contact

PRACTICE_AREAS = [
    (
        "Civil litigation",
        "LIT",
        ["intake", "open", "discovery", "trial", "settlement", "appeal", "closed"],
    ),
    (
        "Employment",
        "EMP",
        ["intake", "open", "discovery", "mediation", "trial", "settlement", "closed"],
    ),
    (
        "Personal injury",
        "PI",
        ["intake", "investigation", "demand", "litigation", "settlement", "trial", "closed"],
    ),
]

# (title, client name, practice code, responsible, team, jurisdiction, court, docket, judge, stage, opened days ago)
MATTERS = [
    ("Harper v. Northwind Logistics", "Harper", "LIT", "alice", [("bob", "paralegal"), ("carol", "case_manager")],
     "US-FED-CA", "U.S. District Court, N.D. Cal.", "3:26-cv-04417", "Hon. Rita Delgado", "discovery", 120),
    ("Lopez wrongful termination", "Lopez", "EMP", "alice", [("bob", "paralegal")],
     "US-CA", "Superior Court of California, County of San Francisco", "CGC-26-611203", "Hon. Mark Ebbers", "open", 45),
    ("Chen v. Bayview Apartments", "Chen", "PI", "tom", [("carol", "case_manager")],
     "US-CA", "Superior Court of California, County of Alameda", "RG26-118842", "", "demand", 30),
    ("Greenleaf Foods contract dispute", "Greenleaf Foods", "LIT", "tom", [("bob", "paralegal")],
     "US-FED", "U.S. District Court, D. Del.", "1:26-cv-00981", "Hon. Paul Ostrowski", "intake", 10),
    ("Okafor Industries trade secrets", "Okafor Industries", "LIT", "alice", [("carol", "case_manager")],
     "US-FED-CA", "U.S. District Court, C.D. Cal.", "2:26-cv-07730", "Hon. Janet Wu", "settlement", 300),
]  # fmt: skip


def _client(name: str) -> Contact:
    """The demo client of that name (created by the contacts step when it ran)."""
    contact = (
        Contact.objects.filter(last_name=name).first()
        or Contact.objects.filter(organization_name=name).first()
    )
    if contact is None:
        if " " in name or name.endswith(("Foods", "Industries")):
            contact = Contact.objects.create(kind="organization", organization_name=name)
        else:
            contact = Contact.objects.create(kind="person", first_name="Jamie", last_name=name)
    return contact


def seed_matters(firm: DemoFirm) -> None:
    areas = {}
    for name, code, stages in PRACTICE_AREAS:
        areas[code], _ = PracticeArea.objects.get_or_create(
            code=code, defaults={"name": name, "stages": stages}
        )
    admin = firm.users["dana"]
    today = timezone.localdate()
    for (
        title,
        client,
        code,
        lead,
        team,
        jurisdiction,
        court,
        docket,
        judge,
        stage,
        days_ago,
    ) in MATTERS:
        if Matter.objects.filter(title=title).exists():
            continue
        contact = _client(client)
        # Each demo matter opens as the app requires: on a cleared conflict check.
        check = intake_services.conflict_check_run(
            actor=admin, names=[CheckName(contact.display_name)]
        )
        intake_services.conflict_check_decide(actor=admin, check=check, decision="cleared")
        matter = services.matter_open(
            actor=admin,
            title=title,
            client=contact,
            conflict_check=check,
            practice_area=areas[code],
            responsible_attorney=firm.users[lead],
            originating_attorney=firm.users[lead],
            opened_on=today - datetime.timedelta(days=days_ago),
            team=[(firm.users[key], role) for key, role in team],
            jurisdiction=jurisdiction,
            court=court,
            docket_number=docket,
            judge=judge,
        )
        if stage != matter.stage:
            services.matter_change_stage(
                actor=admin, matter=matter, stage=stage, expected_version=matter.version
            )
        firm.count("matters")
    okafor = Matter.objects.get(title="Okafor Industries trade secrets")
    if not EthicalWall.objects.filter(name="Okafor screen").exists():
        services.wall_create(
            actor=admin,
            name="Okafor screen",
            reason="Tom Okafor is related to the client's founder.",
            notice="You are screened from the Okafor Industries matters. Do not discuss them or open their files.",
            client=okafor.client,
            users=[firm.users["tom"]],
        )
        firm.count("ethical walls")
