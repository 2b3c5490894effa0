from django.urls import path

from . import views_config, views_staff

app_name = "queue_staff"
urlpatterns = [
    path("", views_staff.halls, name="halls"),
    path("setup/", views_staff.hall_setup, name="setup"),
    path("<int:hall>/", views_staff.hall, name="hall"),
    path("<int:hall>/desks/<int:desk_number>/", views_staff.desk, name="desk"),
    path("<int:hall>/desks/<int:desk_number>/<slug:action>/", views_staff.desk_act, name="desk-act"),
    path("<int:hall>/desks/<int:desk_number>/tickets/<int:ticket>/register/", views_staff.register, name="register"),
    path("<int:hall>/configure/", views_config.configure, name="configure"),
    path("<int:hall>/configure/rules/", views_config.rules, name="rules"),
    path("<int:hall>/configure/categories/", views_config.category, name="category-add"),
    path("<int:hall>/configure/categories/<int:category>/", views_config.category, name="category"),
    path("<int:hall>/configure/desks/", views_config.desk, name="desk-add"),
    path("<int:hall>/configure/desks/<int:desk>/", views_config.desk, name="desk-change"),
    path("<int:hall>/configure/desks/<int:desk>/remove/", views_config.desk_remove, name="desk-remove"),
    path("<int:hall>/configure/desks/<int:desk>/hours/", views_config.hours, name="hours"),
    path("<int:hall>/configure/priorities/<int:group>/", views_config.priority, name="priority"),
]
