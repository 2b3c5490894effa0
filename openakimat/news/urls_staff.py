from django.urls import path

from . import views_staff as views

app_name = "news-staff"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("<int:item_id>/", views.item_page, name="item"),
    path("<int:item_id>/edit/", views.item_edit, name="edit"),
    path("<int:item_id>/preview/", views.item_preview, name="preview"),
    path("<int:item_id>/state/", views.item_state, name="state"),
    path("<int:item_id>/photos/", views.photo_add, name="photo"),
    path("<int:item_id>/photos/<int:photo_id>/remove/", views.photo_remove, name="photo-remove"),
    path("<int:item_id>/links/", views.link_add, name="link"),
    path("<int:item_id>/links/<int:link_id>/remove/", views.link_remove, name="link-remove"),
]
