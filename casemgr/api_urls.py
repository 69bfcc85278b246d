"""The REST API under /api/: one router, each app registers its viewsets here."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from cases.api import MatterViewSet
from cases.api_tasks import TaskViewSet
from cases.views.research_api import ResearchMemoViewSet
from clients.api import ContactViewSet
from deadlines.api import DeadlineViewSet, RuleSetCatalogueView
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

urlpatterns = [
    # The OpenAPI description (no Swagger UI: it would load its assets from a CDN).
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("rulesets/", RuleSetCatalogueView.as_view(), name="ruleset-catalogue"),
    *router.urls,
]
