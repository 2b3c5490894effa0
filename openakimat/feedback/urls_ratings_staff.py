"""The residents' comments on ratings, for the akimats' staff: /<lang>/staff/ratings/…"""

from django.urls import path

from . import views_ratings as views

app_name = "ratings-staff"
urlpatterns = [
    path("", views.staff_comments, name="comments"),
]
