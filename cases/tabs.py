"""The tabs of the matter page. Each feature adds its Tab here, in display order;
its view uses MatterTabMixin (cases/views/base.py) with the same key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str  # reversed with the matter's pk


TABS: list[Tab] = [
    Tab("overview", "Overview", "cases:matter_detail"),
    Tab("parties", "Parties", "cases:matter_parties"),
    Tab("team", "Team", "cases:matter_team"),
    Tab("tasks", "Tasks", "cases:matter_tasks"),
    Tab("notes", "Notes", "cases:matter_notes"),
    Tab("deadlines", "Deadlines", "deadlines:matter_deadlines"),
    Tab("documents", "Documents", "documents:matter_documents"),
    Tab("strategy", "Strategy", "cases:matter_strategy"),
    Tab("research", "Research", "cases:matter_research"),
    Tab("negotiation", "Negotiation", "cases:matter_negotiation"),
    Tab("activity", "Activity", "cases:matter_activity"),
]
