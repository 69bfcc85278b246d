from django.urls import path

from clients import import_views, intake_views, online_views, views
from clients.imports import CONTACTS

app_name = "clients"

urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("new/", views.contact_create, name="contact_create"),
    path(
        "import/", import_views.import_upload, {"importer": CONTACTS}, name="contacts_import_upload"
    ),
    path(
        "import/<int:pk>/",
        import_views.import_job,
        {"importer": CONTACTS},
        name="contacts_import_job",
    ),
    path(
        "import/<int:pk>/map/",
        import_views.import_map,
        {"importer": CONTACTS},
        name="contacts_import_map",
    ),
    path(
        "import/<int:pk>/run/",
        import_views.import_run,
        {"importer": CONTACTS},
        name="contacts_import_run",
    ),
    path("conflict-check/", views.conflict_check, name="conflict_check"),
    path("<int:pk>/", views.contact_detail, name="contact_detail"),
    path("<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/status/", views.contact_change_status, name="contact_change_status"),
    path("intake/", intake_views.intake_list, name="intake_list"),
    path("intake/new/", intake_views.intake_edit, name="intake_create"),
    path("intake/online-form/", online_views.intake_form_settings, name="intake_form_settings"),
    # The public online form (no sign-in): the path carries the firm's current token.
    path("intake/online/<str:token>/", online_views.intake_online, name="intake_online"),
    path(
        "intake/online/<str:token>/thanks/",
        online_views.intake_online_thanks,
        name="intake_online_thanks",
    ),
    path("intake/<int:pk>/", intake_views.intake_detail, name="intake_detail"),
    path("intake/<int:pk>/edit/", intake_views.intake_edit, name="intake_edit"),
    path("intake/<int:pk>/review/", intake_views.intake_review, name="intake_review"),
    path("intake/<int:pk>/check/", intake_views.intake_check, name="intake_check"),
    path(
        "intake/<int:pk>/check/<int:check_pk>/decide/",
        intake_views.intake_decide,
        name="intake_decide",
    ),
    path("intake/<int:pk>/open/", intake_views.intake_open_matter, name="intake_open_matter"),
    path("intake/<int:pk>/decline/", intake_views.intake_decline, name="intake_decline"),
    path("intake/<int:pk>/refer/", intake_views.intake_refer, name="intake_refer"),
    path("intake/<int:pk>/letter/", intake_views.intake_letter, name="intake_letter"),
    path("checks/<int:pk>/waiver/", intake_views.check_waiver, name="check_waiver"),
]
