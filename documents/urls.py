from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("search/", views.document_search, name="search"),
    path("matters/<int:pk>/", views.MatterDocumentsView.as_view(), name="matter_documents"),
    path("matters/<int:pk>/summary/", views.summary_request, name="summary_request"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/versions/", views.version_add, name="version_add"),
    path("<int:pk>/delete/", views.document_delete, name="delete"),
    path("<int:pk>/trigger-event/", views.trigger_event_add, name="trigger_event_add"),
    path("<int:pk>/deadline/", views.deadline_add, name="deadline_add"),
    path("versions/<int:pk>/download/", views.version_download, name="download"),
    path("versions/<int:pk>/restore/", views.version_restore, name="restore"),
    path("summaries/<int:pk>/", views.summary_status, name="summary"),
    path("summaries/all/", views.summary_request_all, name="summary_request_all"),
    path("summaries/batches/<int:pk>/", views.summary_batch, name="summary_batch"),
]
