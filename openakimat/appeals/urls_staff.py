from django.urls import path

from . import views_staff

app_name = "appeals-staff"

urlpatterns = [
    path("", views_staff.inbox, name="inbox"),
    path("<str:number>/", views_staff.detail, name="detail"),
    path("<str:number>/route/", views_staff.route, name="route"),
    path("<str:number>/extend/", views_staff.extend, name="extend"),
    path("<str:number>/draft/", views_staff.draft, name="draft"),
    path("<str:number>/answer/", views_staff.answer, name="answer"),
    path("<str:number>/publication/", views_staff.publication, name="publication"),
    path("<str:number>/publish/", views_staff.publish, name="publish"),
    path("<str:number>/files/<int:pk>/", views_staff.attachment, name="attachment"),
]
