"""The firm's roles. Each is a Django group carrying model permissions.

Model permissions say what a role may do in general (an attorney may open
matters); whether a user may act on one particular matter is decided by the
object permissions and walls of the access kernel (access.rules).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Role(StrEnum):
    FIRM_ADMIN = "Firm admin"
    ATTORNEY = "Attorney"
    PARALEGAL = "Paralegal"
    CASE_MANAGER = "Case manager"
    AUDITOR = "Auditor"


ALL_ROLES: tuple[Role, ...] = tuple(Role)

# What each role is for, as the firm admin pages show it.
ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.FIRM_ADMIN: "Manages users, roles, matter access, ethical walls and firm settings; "
    "sees every matter except those a wall screens them from.",
    Role.ATTORNEY: "Opens and works matters; sees the matters whose team they are on or "
    "that they are granted.",
    Role.PARALEGAL: "Works the matters whose team they are on or that they are granted.",
    Role.CASE_MANAGER: "Works the matters whose team they are on or that they are granted.",
    Role.AUDITOR: "Reads the whole firm's audit trail and exports it, including lines about "
    "matters they cannot open, but never those of a matter an ethical wall screens them "
    "from; opens no matter.",
}

# Model permissions per role, as "app_label.codename". Codenames of models that
# do not exist yet are skipped, so each app adds its own as it lands.
# "clients.review_conflicts" (a conflicts reviewer: sees conflict-check hits in
# matters they are not on, walls aside, and may decide any check) comes with "*"
# to firm admins only; give it to others one by one.
ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.FIRM_ADMIN: {"*"},
    Role.ATTORNEY: {
        "clients.add_contact", "clients.change_contact", "clients.view_contact",
        "clients.add_intake", "clients.change_intake", "clients.view_intake",
        "cases.add_matter", "cases.change_matter", "cases.view_matter",
        "documents.add_document", "documents.change_document", "documents.view_document",
        "deadlines.add_deadline", "deadlines.change_deadline", "deadlines.view_deadline",
    },
    Role.PARALEGAL: {
        "clients.add_contact", "clients.change_contact", "clients.view_contact",
        "clients.add_intake", "clients.change_intake", "clients.view_intake",
        "cases.add_matter", "cases.change_matter", "cases.view_matter",
        "documents.add_document", "documents.change_document", "documents.view_document",
        "deadlines.add_deadline", "deadlines.change_deadline", "deadlines.view_deadline",
    },
    Role.CASE_MANAGER: {
        "clients.add_contact", "clients.change_contact", "clients.view_contact",
        "clients.add_intake", "clients.change_intake", "clients.view_intake",
        "cases.add_matter", "cases.change_matter", "cases.view_matter",
        "documents.add_document", "documents.change_document", "documents.view_document",
        "deadlines.add_deadline", "deadlines.change_deadline", "deadlines.view_deadline",
    },
    Role.AUDITOR: {"casemgr.view_auditevent", "accounts.view_auditevent"},
}  # fmt: skip


def sync_role_groups(**kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    permissions = Permission.objects.select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS[role]
        if "*" in wanted:
            group.permissions.set(by_name.values())
        else:
            group.permissions.set([by_name[name] for name in wanted if name in by_name])
