"""The display board of a hall, for a TV: the page, and the small JSON a screen polls every second.

A poll carries the version the screen shows (`?v=`). When nothing has changed the answer is an
empty 204 with no database query (and mostly no cache read: see board_snapshot.py); otherwise
the snapshot of the current version, made once for all the screens (board_snapshot.py). Each
poll is a short request, so a board never holds a worker. Never in the page cache (not in
PAGE_CACHE_VIEWS) and `no-store`."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from openakimat.common.cache import CACHE_ERRORS

from . import board_snapshot
from .models import Hall


@never_cache
@require_GET
def board_page(request: HttpRequest, kato: str) -> HttpResponse:
    hall = get_object_or_404(Hall.objects.select_related("akimat__territory"), akimat__territory__kato=kato)
    try:
        snapshot = board_snapshot.snapshot(hall.pk)
    except CACHE_ERRORS:
        snapshot = board_snapshot.build(hall.pk, 0)
    context = {"hall": hall, "kato": kato, "snapshot": snapshot, "now": timezone.localtime()}
    return render(request, "queueing/board.html", context)


@never_cache
@require_GET
def board_json(request: HttpRequest, kato: str) -> HttpResponse:
    hall_id = board_snapshot.hall_id_for(kato)
    if hall_id is None:
        raise Http404
    try:
        current = board_snapshot.current_version(hall_id)
    except CACHE_ERRORS:
        return JsonResponse(board_snapshot.build(hall_id, 0))
    if request.GET.get("v") == str(current):
        return HttpResponse(status=204)
    try:
        return JsonResponse(board_snapshot.snapshot(hall_id, current))
    except CACHE_ERRORS:
        return JsonResponse(board_snapshot.build(hall_id, current))
