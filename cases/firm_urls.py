"""Firm configuration pages of the cases app, under /firm/practice-areas/
(namespace "practice"): firm admins only."""

from django.urls import path

from cases.views import practice_areas

app_name = "practice"

urlpatterns = [
    path("", practice_areas.practice_area_list, name="list"),
    path("<int:pk>/", practice_areas.practice_area_detail, name="detail"),
    path("<int:pk>/templates/new/", practice_areas.task_template_edit, name="template_create"),
    path(
        "<int:pk>/templates/<int:template_pk>/",
        practice_areas.task_template_edit,
        name="template_edit",
    ),
]
