from django.urls import path

from . import views_staff

app_name = "appeals-staff"

urlpatterns = [
    path("", views_staff.inbox, name="inbox"),
    path("<str:appeal_number>/", views_staff.detail, name="detail"),
    path("<str:appeal_number>/route/", views_staff.route, name="route"),
    path("<str:appeal_number>/extend/", views_staff.extend, name="extend"),
    path("<str:appeal_number>/draft/", views_staff.draft, name="draft"),
    path("<str:appeal_number>/answer/", views_staff.answer, name="answer"),
    path("<str:appeal_number>/publication/", views_staff.publication, name="publication"),
    path("<str:appeal_number>/publish/", views_staff.publish, name="publish"),
    path("<str:appeal_number>/files/<int:file_id>/", views_staff.attachment, name="attachment"),
]
