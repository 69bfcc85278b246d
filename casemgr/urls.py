from django.contrib import admin
from django.urls import include, path

from casemgr import views
from deadlines.home import home

admin.site.site_header = "casemgr administration"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("firm/practice-areas/", include("cases.firm_urls")),
    path("firm/", include("accounts.firm_urls")),
    path("matters/", include("cases.urls")),
    path("clients/", include("clients.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("documents/", include("documents.urls")),
    # The API, versioned: /api/v1/ is the documented path; /api/ serves the same
    # router as an alias (README, "REST API").
    path("api/v1/", include(("casemgr.api_urls", "v1"))),
    path("api/", include("casemgr.api_urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "accounts.views.errors.permission_denied"
handler404 = "accounts.views.errors.page_not_found"
handler500 = "accounts.views.errors.server_error"
