from django.urls import path

from cases.views import imports, matters, negotiations, notes, research, strategy, tasks

app_name = "cases"

urlpatterns = [
    path("", matters.MatterListView.as_view(), name="matter_list"),
    path("open/", matters.matter_open, name="matter_open"),
    path("import-parties/", imports.parties_import_upload, name="parties_import_upload"),
    path("import-parties/<int:pk>/", imports.parties_import_job, name="parties_import_job"),
    path("import-parties/<int:pk>/map/", imports.parties_import_map, name="parties_import_map"),
    path("import-parties/<int:pk>/run/", imports.parties_import_run, name="parties_import_run"),
    path("contact-picker/", matters.contact_picker, name="contact_picker"),
    path("contact-picker/create/", matters.contact_picker_create, name="contact_picker_create"),
    path("<int:pk>/", matters.MatterOverviewView.as_view(), name="matter_detail"),
    path("<int:pk>/edit/", matters.matter_edit, name="matter_edit"),
    path("<int:pk>/stage/", matters.matter_stage, name="matter_stage"),
    path("<int:pk>/close/", matters.matter_close, name="matter_close"),
    path("<int:pk>/reopen/", matters.matter_reopen, name="matter_reopen"),
    path("<int:pk>/parties/", matters.MatterPartiesView.as_view(), name="matter_parties"),
    path("<int:pk>/parties/<int:party_pk>/remove/", matters.party_remove, name="party_remove"),
    path("<int:pk>/team/", matters.MatterTeamView.as_view(), name="matter_team"),
    path(
        "<int:pk>/team/<int:user_pk>/remove/", matters.team_member_remove, name="team_member_remove"
    ),
    path("<int:pk>/activity/", matters.MatterActivityView.as_view(), name="matter_activity"),
    path("<int:pk>/strategy/", strategy.StrategyTabView.as_view(), name="matter_strategy"),
    path("<int:pk>/research/", research.ResearchTabView.as_view(), name="matter_research"),
    path("<int:pk>/research/new/", research.MemoEditView.as_view(), name="research_memo_create"),
    path(
        "<int:pk>/research/<int:memo_pk>/edit/",
        research.MemoEditView.as_view(),
        name="research_memo_edit",
    ),
    path(
        "<int:pk>/research/<int:memo_pk>/delete/",
        research.memo_delete,
        name="research_memo_delete",
    ),
    path("research/", research.ResearchSearchView.as_view(), name="research_search"),
    # Tasks, notes, negotiation
    path("<int:pk>/tasks/", tasks.MatterTasksView.as_view(), name="matter_tasks"),
    path("<int:pk>/tasks/add/", tasks.MatterTasksView.as_view(), name="task_add"),
    path("<int:pk>/tasks/<int:task_pk>/edit/", tasks.TaskEditView.as_view(), name="task_edit"),
    path("<int:pk>/tasks/<int:task_pk>/complete/", tasks.task_complete, name="task_complete"),
    path("<int:pk>/tasks/<int:task_pk>/reopen/", tasks.task_reopen, name="task_reopen"),
    path("<int:pk>/tasks/<int:task_pk>/cancel/", tasks.task_cancel, name="task_cancel"),
    path("<int:pk>/notes/", notes.MatterNotesView.as_view(), name="matter_notes"),
    path("<int:pk>/notes/<int:note_pk>/", notes.NoteDetailView.as_view(), name="note_detail"),
    path("<int:pk>/notes/<int:note_pk>/edit/", notes.NoteEditView.as_view(), name="note_edit"),
    path(
        "<int:pk>/notes/<int:note_pk>/delete/", notes.NoteDeleteView.as_view(), name="note_delete"
    ),
    path(
        "<int:pk>/negotiation/",
        negotiations.MatterNegotiationView.as_view(),
        name="matter_negotiation",
    ),
    path(
        "<int:pk>/negotiation/<int:offer_pk>/status/",
        negotiations.offer_status,
        name="offer_status",
    ),
]
