from django.contrib import admin
from django.urls import include, path

from casemgr import views

admin.site.site_header = "casemgr administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("django-admin/", admin.site.urls),
]
