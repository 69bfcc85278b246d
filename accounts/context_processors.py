from django.http import HttpRequest
from django.urls import reverse

from access.roles import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main navigation, marked with the section the request is in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        ("Matters", reverse("cases:matter_list")),
        ("Clients", reverse("clients:contact_list")),
        ("Intake", reverse("clients:intake_list")),
        ("Deadlines", reverse("deadlines:calendar")),
        ("Documents", reverse("documents:list")),
    ]
    if user.is_firm_admin:
        items.append(("Admin", reverse("firm:home")))
    elif user.has_role(Role.AUDITOR):
        items.append(("Audit log", reverse("firm:audit")))
    path = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "current": bool(url) and path.startswith(url)}
            for label, url in items
        ]
    }
