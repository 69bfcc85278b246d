"""Demo contacts for seed_demo: people and organizations with their other names,
emails, phones and addresses; prospects, active and former clients; and the
opposing parties, counsel and witnesses of the demo matters.

Two steps: ``seed_contacts`` runs before the matters step (which finds its
clients here by last name or organization name), ``seed_parties`` after it.
Both are idempotent: a contact is found by kind and name before it is created.
"""

from __future__ import annotations

from typing import Any

from casemgr.demo import DemoFirm
from clients import services
from clients.models import Contact

ORGANIZATIONS: list[dict[str, Any]] = [
    {"organization_name": "Greenleaf Foods", "client_status": "active",
     "aliases": [{"name": "Greenleaf Organic Foods, Inc.", "kind": "alias"},
                 {"name": "Greenleaf Market", "kind": "trade"}],
     "emails": [{"email": "legal@greenleaf-foods.example", "label": "legal"}],
     "phones": [{"number": "(302) 555-0142", "label": "main"}],
     "addresses": [{"label": "headquarters", "street": "2100 Market Street", "city": "Wilmington",
                    "region": "DE", "postal_code": "19801"}],
     "notes": "Organic grocery distributor; general counsel prefers email."},
    {"organization_name": "Okafor Industries", "client_status": "active",
     "aliases": [{"name": "Okafor Precision Manufacturing", "kind": "former"}],
     "emails": [{"email": "counsel@okafor-industries.example", "label": "legal"}],
     "phones": [{"number": "+1 213 555 0177", "label": "main"}],
     "addresses": [{"label": "plant", "street": "4400 Alameda Street", "city": "Los Angeles",
                    "region": "CA", "postal_code": "90058"}]},
    {"organization_name": "Northwind Logistics", "client_status": "",
     "aliases": [{"name": "Northwind Freight LLC", "kind": "former"},
                 {"name": "NW Logistics", "kind": "trade"}],
     "phones": [{"number": "(650) 555-0123", "label": "dispatch"}],
     "addresses": [{"label": "office", "street": "88 Harbor Boulevard", "city": "Oakland",
                    "region": "CA", "postal_code": "94607"}],
     "notes": "Interstate carrier; adverse in Harper."},
    {"organization_name": "Bayview Apartments LLC", "client_status": "",
     "aliases": [{"name": "Bayview Apartments", "kind": "trade"}],
     "addresses": [{"label": "management office", "street": "1200 Bayview Avenue",
                    "city": "Oakland", "region": "CA", "postal_code": "94606"}]},
    {"organization_name": "Pacific Mutual Insurance Company", "client_status": "",
     "aliases": [{"name": "PacMutual", "kind": "trade"}],
     "emails": [{"email": "claims@pacmutual.example", "label": "claims"}],
     "phones": [{"number": "800-555-0190", "label": "claims"}]},
    {"organization_name": "Sterling & Vance LLP", "client_status": "",
     "emails": [{"email": "docketing@sterlingvance.example", "label": "docketing"}],
     "phones": [{"number": "(415) 555-0160", "label": "main"}],
     "addresses": [{"label": "office", "street": "1 Embarcadero Center, Suite 2400",
                    "city": "San Francisco", "region": "CA", "postal_code": "94111"}],
     "notes": "Defense firm; frequently opposing counsel."},
    {"organization_name": "Brightline Software", "client_status": "prospect",
     "emails": [{"email": "ceo@brightline.example", "label": "work"}],
     "notes": "Intake call scheduled; wants advice on a non-compete."},
    {"organization_name": "Harbor Street Bakery", "client_status": "former",
     "aliases": [{"name": "Harbour Street Bakery", "kind": "alias"}],
     "notes": "Lease dispute settled in 2024."},
]  # fmt: skip

PEOPLE: list[dict[str, Any]] = [
    {"first_name": "Evelyn", "last_name": "Harper", "client_status": "active",
     "emails": [{"email": "evelyn.harper@mail.example", "label": "home"}],
     "phones": [{"number": "(415) 555-0101", "label": "mobile"}],
     "addresses": [{"label": "home", "street": "742 Valencia Street", "city": "San Francisco",
                    "region": "CA", "postal_code": "94110"}],
     "notes": "Antiques dealer; shipment of restored furniture damaged in transit."},
    {"first_name": "Maria", "last_name": "Lopez", "client_status": "active",
     "aliases": [{"name": "Maria Garcia", "kind": "former"}, {"name": "Mari Lopez", "kind": "alias"}],
     "emails": [{"email": "maria.lopez@mail.example", "label": "home"}],
     "phones": [{"number": "415.555.0102", "label": "mobile"}],
     "addresses": [{"label": "home", "street": "55 Mission Bay Boulevard, Apt 3", "city": "San Francisco",
                    "region": "CA", "postal_code": "94158"}]},
    {"first_name": "Wei", "last_name": "Chen", "client_status": "active",
     "aliases": [{"name": "David Chen", "kind": "alias"}],
     "emails": [{"email": "wei.chen@mail.example", "label": "home"}],
     "phones": [{"number": "510-555-0103", "label": "mobile"}]},
    {"first_name": "Jon", "last_name": "Smyth", "client_status": "prospect",
     "emails": [{"email": "jsmyth@mail.example", "label": "home"}],
     "phones": [{"number": "(925) 555-0104", "label": "mobile"}],
     "notes": "Called about a slip-and-fall; conflict check pending."},
    {"first_name": "Grace", "last_name": "Whitman", "client_status": "former",
     "emails": [{"email": "grace.whitman@mail.example", "label": "home"}],
     "notes": "Estate matter closed in 2025."},
    {"first_name": "Daniel", "last_name": "Reyes", "organization": "Northwind Logistics",
     "job_title": "Operations manager",
     "emails": [{"email": "d.reyes@northwind.example", "label": "work"}],
     "phones": [{"number": "(650) 555-0124", "label": "direct"}]},
    {"first_name": "Helen", "last_name": "Park", "organization": "Sterling & Vance LLP",
     "job_title": "Partner",
     "emails": [{"email": "hpark@sterlingvance.example", "label": "work"}],
     "phones": [{"number": "(415) 555-0161", "label": "direct"}]},
    {"first_name": "Robert", "last_name": "Kessler", "organization": "Sterling & Vance LLP",
     "job_title": "Associate",
     "emails": [{"email": "rkessler@sterlingvance.example", "label": "work"}]},
    {"first_name": "Samuel", "last_name": "Ito", "organization": "Pacific Mutual Insurance Company",
     "job_title": "Senior claims adjuster",
     "emails": [{"email": "sito@pacmutual.example", "label": "work"}],
     "phones": [{"number": "800-555-0191", "label": "direct"}]},
    {"first_name": "Linda", "last_name": "Baptiste", "job_title": "Building superintendent",
     "organization": "Bayview Apartments LLC",
     "phones": [{"number": "(510) 555-0105", "label": "mobile"}]},
    {"first_name": "Frank", "last_name": "Delacroix", "client_status": "",
     "aliases": [{"name": "Frankie Delacroix", "kind": "alias"}],
     "notes": "Eyewitness to the Harper loading-dock incident."},
    {"first_name": "Anita", "last_name": "Rao", "job_title": "Forensic accountant",
     "emails": [{"email": "anita@raoforensics.example", "label": "work"}]},
]  # fmt: skip

# (matter title, contact name, role, notes): added after the matters step.
PARTIES = [
    ("Harper v. Northwind Logistics", "Northwind Logistics", "opposing_party", "Carrier"),
    ("Harper v. Northwind Logistics", "Helen Park", "opposing_counsel", "Counsel for Northwind"),
    ("Harper v. Northwind Logistics", "Frank Delacroix", "witness", "Saw the crates at the dock"),
    (
        "Harper v. Northwind Logistics",
        "Pacific Mutual Insurance Company",
        "insurer",
        "Cargo policy",
    ),
    ("Chen v. Bayview Apartments", "Bayview Apartments LLC", "opposing_party", "Landlord"),
    ("Chen v. Bayview Apartments", "Linda Baptiste", "witness", "Superintendent"),
    ("Okafor Industries trade secrets", "Anita Rao", "expert", "Damages"),
    ("Okafor Industries trade secrets", "Robert Kessler", "opposing_counsel", ""),
    ("Greenleaf Foods contract dispute", "Sterling & Vance LLP", "opposing_counsel", ""),
]


def _find(name: str) -> Contact | None:
    return Contact.objects.filter(display_name=name).order_by("id").first()


def _ensure(firm: DemoFirm, actor: Any, kind: str, spec: dict[str, Any]) -> Contact:
    spec = dict(spec)
    if kind == Contact.Kind.ORGANIZATION:
        name = spec["organization_name"]
    else:
        name = f"{spec['first_name']} {spec['last_name']}"
    existing = Contact.objects.filter(kind=kind, display_name=name).order_by("id").first()
    if existing is not None:
        return existing
    if spec.get("organization"):
        spec["organization"] = _find(spec["organization"])
    contact = services.contact_create(actor=actor, kind=kind, duplicates_ok=True, **spec)
    firm.count("contacts")
    return contact


def seed_contacts(firm: DemoFirm) -> None:
    actor = firm.users["dana"]
    for spec in ORGANIZATIONS:
        _ensure(firm, actor, Contact.Kind.ORGANIZATION, spec)
    for spec in PEOPLE:
        _ensure(firm, actor, Contact.Kind.PERSON, spec)


def seed_parties(firm: DemoFirm) -> None:
    """Opposing parties, counsel, witnesses and experts of the demo matters."""
    from cases import services as case_services
    from cases.models import Matter, Party

    actor = firm.users["dana"]
    for title, name, role, notes in PARTIES:
        matter = Matter.objects.filter(title=title).first()
        contact = _find(name)
        if matter is None or contact is None:
            continue  # the matters step did not create it: nothing to attach to
        if Party.objects.filter(matter=matter, contact=contact, role=role).exists():
            continue
        case_services.party_add(actor=actor, matter=matter, contact=contact, role=role, notes=notes)
        firm.count("parties")
