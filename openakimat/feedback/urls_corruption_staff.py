from django.urls import path

from . import views_corruption_staff as views

app_name = "corruption-staff"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:report>/", views.report_detail, name="detail"),
    path("<int:report>/status/", views.report_status, name="status"),
    path("<int:report>/notes/", views.report_note, name="note"),
    path("<int:report>/files/<int:file>/", views.report_file, name="file"),
]
