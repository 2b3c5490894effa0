"""Staff pages of meetings (filled in below)."""

from django.http import HttpRequest, HttpResponse


def meeting_list(request: HttpRequest) -> HttpResponse:  # replaced by the staff pages
    return HttpResponse(status=404)
