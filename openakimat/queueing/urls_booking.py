"""Online booking: /<lang>/queue/booking/…"""

from django.urls import path

from . import views_booking, views_booking_manage

app_name = "queue_booking"
urlpatterns = [
    path("manage/", views_booking_manage.find, name="find"),
    path("manage/booking/", views_booking_manage.booking_page, name="booking"),
    path("manage/booking/move/", views_booking_manage.move, name="move"),
    path("confirm/", views_booking.confirm, name="confirm"),
    path("<str:kato>/checkin/", views_booking_manage.checkin, name="checkin"),
    path("<str:kato>/", views_booking.hall_page, name="hall"),
    path("<str:kato>/<str:letter>/", views_booking.category_page, name="category"),
    path("<str:kato>/<str:letter>/<str:day>/", views_booking.day_page, name="day"),
]
