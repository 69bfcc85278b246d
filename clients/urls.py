from django.urls import path

from clients import views

app_name = "clients"

urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("new/", views.contact_create, name="contact_create"),
    path("conflict-check/", views.conflict_check, name="conflict_check"),
    path("<int:pk>/", views.contact_detail, name="contact_detail"),
    path("<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/status/", views.contact_change_status, name="contact_change_status"),
]
