from django.urls import path

from . import views_staff as views

app_name = "meetings-staff"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:meeting>/", views.meeting_detail, name="detail"),
    path("<int:meeting>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting>/publish/", views.meeting_publish, name="publish"),
    path("<int:meeting>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:meeting>/agenda/", views.agenda_add, name="agenda-add"),
    path("<int:meeting>/agenda/<int:item>/", views.agenda_move, name="agenda-move"),
    path("<int:meeting>/agenda/<int:item>/edit/", views.agenda_edit, name="agenda-edit"),
    path("<int:meeting>/documents/", views.document_add, name="document-add"),
    path("<int:meeting>/documents/<int:document>/", views.document_download, name="document"),
    path("<int:meeting>/documents/<int:document>/remove/", views.document_remove, name="document-remove"),
    path("<int:meeting>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:meeting>/minutes/publish/", views.minutes_publish, name="minutes-publish"),
    path("<int:meeting>/attendance/", views.attendance, name="attendance"),
    path("<int:meeting>/transcripts/", views.transcripts, name="transcripts"),
    path("<int:meeting>/decisions/", views.decision_add, name="decision-add"),
    path("<int:meeting>/decisions/<int:decision>/instruct/", views.decision_instruct, name="instruct"),
    path("<int:meeting>/questions/", views.questions, name="questions"),
    path("<int:meeting>/questions/<int:question>/", views.question_moderate, name="question"),
]
