from django.urls import path

from . import views_comments_staff as views

app_name = "comments-staff"
urlpatterns = [
    path("", views.moderation_queue, name="queue"),
    path("<int:comment_id>/decide/", views.moderation_decide, name="decide"),
]
