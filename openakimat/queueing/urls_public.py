from django.urls import path

from . import views_board, views_public

app_name = "queueing"
urlpatterns = [
    path("<str:kato>/kiosk/", views_public.kiosk, name="kiosk"),
    path("<str:kato>/kiosk/ticket/", views_public.kiosk_ticket, name="kiosk-ticket"),
    path("<str:kato>/board/", views_board.board_page, name="board"),
    path("<str:kato>/board.json", views_board.board_json, name="board-json"),
    # The resident's ticket, by the unguessable token of its QR code (never anything personal).
    path("ticket/<str:token>/", views_public.ticket, name="ticket"),
]
