from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main navigation, marked with the section the request is in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        ("Matters", "/matters/"),
        ("Clients", "/clients/"),
        ("Deadlines", "/deadlines/"),
        ("Documents", "/documents/"),
    ]
    if user.is_firm_admin:
        items.append(("Admin", reverse("admin:index")))
    path = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "current": path.startswith(url)} for label, url in items
        ]
    }
