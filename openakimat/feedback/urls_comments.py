from django.urls import path

from . import views_comments as views

app_name = "comments"
urlpatterns = [
    path("report/<int:pk>/", views.comment_report, name="report"),
    path("<str:kind>/<int:target_id>/", views.comment_new, name="new"),
]
