"""Demo case strategies (with a revision history) and research memos for seed_demo.

Runs after the matters step; a matter that is missing is skipped, and anything
already there (a strategy, a memo of the same title) is left alone, so running
the seed twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from casemgr.demo import DemoFirm
from cases import services
from cases.models import CaseStrategy, Matter, ResearchMemo

# matter title -> [(persona, changes)], one entry per save, oldest first.
STRATEGIES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "Harper v. Northwind Logistics": [
        (
            "alice",
            {
                "objectives": "Full replacement value of the lab equipment destroyed in transit "
                "($412,000), plus costs.",
                "key_issues": "Whether Northwind validly limited its liability under 49 U.S.C. § 14706(c).\n"
                "Whether the damage happened in Northwind's custody or at the loading dock.",
                "theory_of_case": "Northwind accepted the crates in good condition, delivered them "
                "crushed, and never offered Harper a choice of liability levels.",
                "risks": "The bill of lading carries a released-value clause Harper's office manager signed.",
                "expected_outcome": "Summary judgment on liability; damages tried or settled.",
                "likelihood_percent": 70,
                "budget": Decimal("120000.00"),
            },
        ),
        (
            "bob",
            {
                "risks": "The bill of lading carries a released-value clause Harper's office manager signed.\n"
                "Northwind's dock photos show one crate already dented at pickup.",
                "likelihood_percent": 60,
            },
        ),
    ],
    "Lopez wrongful termination": [
        (
            "alice",
            {
                "objectives": "Back pay and front pay, penalties under Labor Code § 1102.5(f), and a "
                "neutral reference.",
                "key_issues": "Was the complaint about unpaid overtime a protected disclosure?\n"
                "Can the employer show by clear and convincing evidence it would have "
                "fired Lopez anyway?",
                "theory_of_case": "Lopez was fired nine days after telling HR the night shift was "
                "not paid overtime; the stated reason (tardiness) was never "
                "enforced against anyone else.",
                "risks": "Two written warnings for tardiness in the year before the complaint.",
                "expected_outcome": "Mediated settlement after the plant manager's deposition.",
                "likelihood_percent": 65,
                "budget": Decimal("85000.00"),
            },
        ),
    ],
}

# (matter title, persona, days ago, title, question, conclusion, body, authorities)
MEMOS: list[tuple[str, str, int, str, str, str, str, list[dict[str, Any]]]] = [
    (
        "Harper v. Northwind Logistics", "bob", 90,
        "Carmack Amendment preemption of Harper's state-law claims",
        "Does the Carmack Amendment preempt Harper's negligence and breach-of-contract claims "
        "against Northwind for equipment damaged in an interstate shipment?",
        "Yes. Carmack provides the exclusive remedy against a carrier for loss or damage to "
        "goods in interstate shipment; the complaint should plead a Carmack claim instead.",
        "The shipment ran from Reno, Nevada to Palo Alto, California, so it was interstate. "
        "The Ninth Circuit reads Carmack's preemptive reach broadly: state-law claims arising "
        "from the carrier's failure in transporting or delivering goods are preempted. A Carmack "
        "claim also helps us: the shipper makes a prima facie case by showing delivery in good "
        "condition, arrival in damaged condition and the amount of damages, and the burden then "
        "shifts to the carrier.",
        [
            {"kind": "statute", "citation": "49 U.S.C. § 14706", "court": "", "year": None,
             "holding": "A motor carrier is liable for the actual loss or injury to property it transports in interstate commerce.",
             "relevance": "supports", "url": "https://www.law.cornell.edu/uscode/text/49/14706"},
            {"kind": "case", "citation": "Adams Express Co. v. Croninger, 226 U.S. 491", "court": "U.S. Supreme Court", "year": 1913,
             "holding": "Congress occupied the field of interstate carrier liability for goods; state regulation is superseded.",
             "relevance": "supports", "url": ""},
            {"kind": "case", "citation": "Hall v. North American Van Lines, Inc., 476 F.3d 683", "court": "9th Cir.", "year": 2007,
             "holding": "Carmack preempts state-law claims arising from a carrier's failures in the transportation and delivery of goods.",
             "relevance": "supports", "url": ""},
        ],
    ),
    (
        "Harper v. Northwind Logistics", "alice", 60,
        "Northwind's released-value limitation of liability",
        "Can Northwind limit its liability to the released value stated in the bill of lading?",
        "Only if Northwind gave Harper a reasonable opportunity to choose between levels of "
        "liability and obtained a written agreement; the record so far suggests it did not.",
        "Under § 14706(c)(1)(A) a carrier may limit liability to a value declared or agreed in "
        "writing by the shipper. The Ninth Circuit requires the carrier to maintain a tariff, "
        "give the shipper a reasonable opportunity to choose between two or more levels of "
        "liability, obtain the shipper's agreement, and issue a bill of lading before the "
        "shipment. Northwind's form shows a single pre-printed value with no alternative.",
        [
            {"kind": "statute", "citation": "49 U.S.C. § 14706(c)(1)(A)", "court": "", "year": None,
             "holding": "A carrier may limit liability to a value established by written declaration or agreement of the shipper.",
             "relevance": "adverse", "url": "https://www.law.cornell.edu/uscode/text/49/14706"},
            {"kind": "case", "citation": "Hughes Aircraft Co. v. North American Van Lines, Inc., 970 F.2d 609", "court": "9th Cir.", "year": 1992,
             "holding": "A limitation is valid only if the shipper had a reasonable opportunity to choose between levels of liability.",
             "relevance": "supports", "url": ""},
        ],
    ),
    (
        "Lopez wrongful termination", "bob", 30,
        "Overtime complaint as protected activity under Labor Code § 1102.5",
        "Is Lopez's report to HR that night-shift overtime went unpaid a protected disclosure, "
        "and what framework governs the retaliation claim?",
        "Yes. A report to the employer of a reasonably believed violation of the Labor Code is "
        "protected, and the § 1102.6 framework (not McDonnell Douglas) applies.",
        "Section 1102.5(b) protects an employee who discloses information to a person with "
        "authority over the employee to investigate or correct a violation, if the employee "
        "reasonably believes the information discloses a violation of state law. Under "
        "Lawson, Lopez need only show by a preponderance that the disclosure was a contributing "
        "factor; the employer must then prove by clear and convincing evidence it would have "
        "fired her for legitimate, independent reasons.",
        [
            {"kind": "statute", "citation": "Cal. Lab. Code § 1102.5", "court": "", "year": None,
             "holding": "Employers may not retaliate against an employee for disclosing a reasonably believed violation of law.",
             "relevance": "supports", "url": "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=LAB&sectionNum=1102.5"},
            {"kind": "statute", "citation": "Cal. Lab. Code § 1102.6", "court": "", "year": None,
             "holding": "Once retaliation is a contributing factor, the employer must show by clear and convincing evidence it would have acted anyway.",
             "relevance": "supports", "url": ""},
            {"kind": "case", "citation": "Lawson v. PPG Architectural Finishes, Inc., 12 Cal. 5th 703", "court": "Cal. Supreme Court", "year": 2022,
             "holding": "Section 1102.6, not McDonnell Douglas burden shifting, governs § 1102.5 retaliation claims.",
             "relevance": "supports", "url": ""},
        ],
    ),
    (
        "Chen v. Bayview Apartments", "tom", 14,
        "Bayview's notice of the broken stair tread",
        "Can Chen establish that Bayview knew or should have known of the broken tread on the "
        "east stairwell before her fall?",
        "Probably, on constructive notice: tenants reported the tread three weeks before the "
        "fall and Bayview has no inspection log for the stairwell.",
        "A property owner owes a duty of ordinary care in managing its property. Actual notice "
        "is disputed, but constructive notice may be shown by evidence that the condition "
        "existed long enough that a reasonable inspection would have discovered it.",
        [
            {"kind": "statute", "citation": "Cal. Civ. Code § 1714(a)", "court": "", "year": None,
             "holding": "Everyone is responsible for an injury caused by a want of ordinary care in the management of their property.",
             "relevance": "supports", "url": ""},
            {"kind": "case", "citation": "Rowland v. Christian, 69 Cal. 2d 108", "court": "Cal. Supreme Court", "year": 1968,
             "holding": "A landowner's duty of care does not turn on the entrant's status as invitee or licensee.",
             "relevance": "background", "url": ""},
            {"kind": "case", "citation": "Ortega v. Kmart Corp., 26 Cal. 4th 1200", "court": "Cal. Supreme Court", "year": 2001,
             "holding": "Constructive notice may be inferred when a dangerous condition existed long enough for a reasonable inspection to find it.",
             "relevance": "supports", "url": ""},
        ],
    ),
]  # fmt: skip


def seed_strategy(firm: DemoFirm) -> None:
    matters = {
        m.title: m for m in Matter.objects.filter(title__in={*STRATEGIES, *(m[0] for m in MEMOS)})
    }
    for title, saves in STRATEGIES.items():
        matter = matters.get(title)
        if matter is None or CaseStrategy.objects.filter(matter=matter).exists():
            continue
        for version, (persona, changes) in enumerate(saves):
            services.strategy_save(
                actor=firm.users[persona], matter=matter, expected_version=version, **changes
            )
        firm.count("case strategies")
    today = timezone.localdate()
    for title, persona, days_ago, memo_title, question, conclusion, body, authorities in MEMOS:
        matter = matters.get(title)
        if matter is None or ResearchMemo.objects.filter(matter=matter, title=memo_title).exists():
            continue
        services.research_memo_create(
            actor=firm.users[persona],
            matter=matter,
            title=memo_title,
            question=question,
            conclusion=conclusion,
            body=body,
            memo_date=today - datetime.timedelta(days=days_ago),
            authorities=authorities,
        )
        firm.count("research memos")
