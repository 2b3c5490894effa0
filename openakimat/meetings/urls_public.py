from django.urls import path

from . import views_public as views

# `meetings:detail` (kwarg pk) is the name the calendar source, the API and execution control link to.
app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/questions/", views.ask, name="ask"),
    path("<int:pk>/questions/sent/", views.asked, name="asked"),
    path("<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("<int:pk>/transcripts/<int:transcript_id>/", views.transcript_file, name="transcript-file"),
]
