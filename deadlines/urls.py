from django.urls import path

from deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.CalendarView.as_view(), name="calendar"),
    path("calculator/", views.calculator_page, name="calculator"),
    path("rules/", views.rules_catalogue, name="rules_catalogue"),
    path("closures/", views.closures, name="closures"),
    path("closures/<int:pk>/delete/", views.closure_delete, name="closure_delete"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("notifications/", views.notifications, name="notifications"),
    path("matters/<int:pk>/", views.DeadlinesTabView.as_view(), name="matter_deadlines"),
    path("matters/<int:pk>/trigger/", views.TriggerEventView.as_view(), name="trigger_event"),
    path(
        "matters/<int:pk>/trigger/<int:event_pk>/change/",
        views.TriggerChangeView.as_view(),
        name="trigger_change",
    ),
    path("matters/<int:pk>/new/", views.deadline_add, name="deadline_add"),
    path("<int:pk>/complete/", views.deadline_complete, name="deadline_complete"),
    path("<int:pk>/reopen/", views.deadline_reopen, name="deadline_reopen"),
    path("<int:pk>/waive/", views.deadline_waive, name="deadline_waive"),
    path("<int:pk>/override/", views.deadline_override, name="deadline_override"),
    path("<int:pk>/reminders/", views.deadline_reminders, name="deadline_reminders"),
]
