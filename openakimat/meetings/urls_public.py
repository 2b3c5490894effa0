from django.urls import path

from . import views_public as views

# The public pages are built on the `meetings-public` branch; `meetings:detail` (kwarg pk) is the
# name the calendar source, the API and execution control link to.
app_name = "meetings"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
]
