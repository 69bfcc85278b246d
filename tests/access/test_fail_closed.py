"""The system check refuses views, viewsets and admins of matter data that do
not come through the access kernel (access.checks)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLResolver, path
from django.urls.resolvers import RegexPattern
from django.views.generic import DetailView, TemplateView
from rest_framework import serializers, viewsets

from access.admin import MatterScopedAdmin
from access.api import MatterScopedReadOnlyViewSet
from access.checks import check_admin, check_urlconf, check_view, matter_data_apps
from access.views import VIEW_ONLY, MatterViewMixin, matter_view, no_matter_data
from cases.models import Matter, Task
from deadlines.models import Deadline


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "title"]


class LeakyTaskDetail(DetailView):
    """What a hurried developer writes: every task of the firm, by id."""

    model = Task


class LeakyTaskViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Task.objects.all()
    serializer_class = TaskSerializer


class UndeclaredScopedViewSet(MatterScopedReadOnlyViewSet):
    serializer_class = TaskSerializer  # forgot scoped_queryset()


class DeclaredTaskViewSet(MatterScopedReadOnlyViewSet):
    serializer_class = TaskSerializer

    def scoped_queryset(self):
        return Task.objects.select_related("matter")


class DeclaredTab(MatterViewMixin, TemplateView):
    matter_actions = VIEW_ONLY
    template_name = "cases/matter_base.html"


def _resolver(*patterns):
    return URLResolver(RegexPattern(r"^/"), list(patterns))


def _ids(errors):
    return sorted(error.id for error in errors)


def test_the_apps_holding_matter_data_are_found_from_their_querysets():
    assert {"cases", "deadlines"} <= matter_data_apps()
    assert "clients" not in matter_data_apps()


def test_an_unprotected_view_of_matter_data_is_refused_at_start_up():
    errors = check_urlconf(_resolver(path("t/<int:pk>/", LeakyTaskDetail.as_view())))
    assert _ids(errors) == ["access.E001"]
    assert "LeakyTaskDetail" in errors[0].msg


def test_an_unprotected_viewset_of_matter_data_is_refused_at_start_up():
    view = LeakyTaskViewSet.as_view({"get": "list"})
    assert _ids(check_urlconf(_resolver(path("api/t/", view)))) == ["access.E001"]


def test_a_scoped_viewset_that_declares_no_queryset_is_refused():
    view = UndeclaredScopedViewSet.as_view({"get": "list"})
    assert _ids(check_urlconf(_resolver(path("api/t/", view)))) == ["access.E002"]


def test_declared_views_pass():
    patterns = [
        path("api/t/", DeclaredTaskViewSet.as_view({"get": "list"})),
        path("m/<int:pk>/", DeclaredTab.as_view()),
    ]
    assert check_urlconf(_resolver(*patterns)) == []


def test_a_function_view_of_a_matter_data_app_must_declare_itself():
    def bare(request, pk):  # pragma: no cover - never called
        return None

    bare.__module__ = "cases.views.leaky"
    assert _ids(check_view("x/", bare, {"cases"})) == ["access.E001"]
    declared = matter_view("change")(bare)
    assert check_view("x/", declared, {"cases"}) == []
    marked = no_matter_data("a calculator")(bare)
    assert check_view("x/", marked, {"cases"}) == []


def test_a_plain_model_admin_of_matter_data_is_refused():
    site = admin.AdminSite(name="leaky")
    site.register(Deadline, admin.ModelAdmin)
    site.register(Matter, MatterScopedAdmin)
    errors = check_admin(site)
    assert _ids(errors) == ["access.E003"]
    assert "deadlines.Deadline" in errors[0].msg


def test_the_project_itself_passes_the_check():
    assert check_urlconf() == []
    assert check_admin() == []
