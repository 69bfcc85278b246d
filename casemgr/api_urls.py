"""The REST API: one router, each app registers its viewsets here. Served under
/api/v1/ (the documented paths) and, unchanged, under /api/ (aliases kept for
clients written before versioning; casemgr/urls.py mounts both)."""

from typing import Any

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from accounts.api import AuditEventViewSet, FirmUserViewSet
from cases.api import MatterViewSet
from cases.api_firm import MatterAccessViewSet, WallViewSet
from cases.api_notes import NoteViewSet, OfferViewSet
from cases.api_tasks import TaskViewSet
from cases.views.research_api import ResearchMemoViewSet
from clients.api import ContactViewSet
from deadlines.api import (
    CalculatorView,
    CalendarApiView,
    DeadlineViewSet,
    NotificationViewSet,
    RuleSetCatalogueView,
    TriggerEventViewSet,
)
from documents.api import DocumentViewSet

# No format-suffix twins (.json): every answer is JSON already, and the twins
# passed a "format" argument that the custom actions did not take (a 500).
router = DefaultRouter()
router.include_format_suffixes = False
# Each app registers its viewsets here.
router.register("matters", MatterViewSet, basename="matter")
router.register("contacts", ContactViewSet, basename="contact")
router.register("research-memos", ResearchMemoViewSet, basename="research-memo")
router.register("tasks", TaskViewSet, basename="task")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("documents", DocumentViewSet, basename="document")
router.register("notes", NoteViewSet, basename="note")
router.register("offers", OfferViewSet, basename="offer")
router.register("trigger-events", TriggerEventViewSet, basename="trigger-event")
router.register("notifications", NotificationViewSet, basename="notification")
# The firm admin area (404 for everyone else; auditors read the audit log).
router.register("firm/users", FirmUserViewSet, basename="firm-user")
router.register("firm/matter-access", MatterAccessViewSet, basename="firm-matter-access")
router.register("firm/walls", WallViewSet, basename="firm-wall")
router.register("firm/audit", AuditEventViewSet, basename="firm-audit")


def only_v1(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """drf-spectacular preprocessing hook: the schema describes /api/v1/ only
    (the /api/ aliases are the same operations)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


# Swagger UI and Redoc from drf-spectacular-sidecar's static files (no CDN). The
# page CSP stays 'self'-only; the docs pages add only what the bundles need at
# run time: data: images (icons in swagger-ui.css), and for Redoc the <style>
# elements its styled-components insert and its search worker (blob:).
swagger = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)
redoc = csp_update(
    {"img-src": ["data:"], "style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}
)(SpectacularRedocView.as_view(url_name="api-schema"))

urlpatterns = [
    # The OpenAPI description, with token auth (accounts.tokens.TokenScheme).
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", swagger, name="api-docs"),
    path("redoc/", redoc, name="api-redoc"),
    path("rulesets/", RuleSetCatalogueView.as_view(), name="ruleset-catalogue"),
    path("calculator/", CalculatorView.as_view(), name="calculator"),
    path("calendar/", CalendarApiView.as_view(), name="calendar"),
    *router.urls,
]
