"""A placeholder of the public meeting page, so that links to it resolve; the public pages are
built on the `meetings-public` branch, which replaces this module."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Meeting


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk, published=True)
    return HttpResponse(meeting.title, content_type="text/plain; charset=utf-8")
