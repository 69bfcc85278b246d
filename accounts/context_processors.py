from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from access.roles import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main navigation, marked with the section the request is in."""
    return {"nav_items": nav_items(getattr(request, "user", None), request.path)}


def nav_items(user: Any, path: str, *, with_roles: bool = True) -> list[dict[str, object]]:
    """The navigation for ``user``; ``with_roles=False`` leaves out the items that
    depend on the user's roles (they cost a query: the 500 page makes none)."""
    if user is None or not user.is_authenticated:
        return []
    items = [
        ("Matters", reverse("cases:matter_list")),
        ("Clients", reverse("clients:contact_list")),
        ("Intake", reverse("clients:intake_list")),
        ("Deadlines", reverse("deadlines:calendar")),
        ("Documents", reverse("documents:list")),
    ]
    if with_roles and user.is_firm_admin:
        items.append(("Admin", reverse("firm:home")))
    elif with_roles and user.has_role(Role.AUDITOR):
        items.append(("Audit log", reverse("firm:audit")))
    return [
        {"label": label, "url": url, "current": bool(url) and path.startswith(url)}
        for label, url in items
    ]
