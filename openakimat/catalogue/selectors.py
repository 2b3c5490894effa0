"""Reads for the register of public services: querysets with their joins already made."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from .models import PublicService, ServiceOffering
from .search import query_words, text_matches


def _offered_at(kato: str) -> Exists:
    return Exists(
        ServiceOffering.objects.filter(
            service=OuterRef("pk"), department__is_active=True, department__akimat__territory__kato=kato
        )
    )


def public_service_list(
    *, q: str | None = None, department_kind: str | None = None, akimat: str | None = None
) -> QuerySet[PublicService]:
    """Active services, filtered by department kind and by the akimat (KATO) that offers them,
    and matched by name with the forgiving search of `search.py`: one query for the match, one
    for the page, however long the register."""
    qs = PublicService.objects.filter(is_active=True).defer("search_text")
    if department_kind:
        qs = qs.filter(department_kind=department_kind)
    if akimat:
        qs = qs.filter(_offered_at(akimat))
    words = query_words(q or "")
    if words:
        candidates = qs.values_list("pk", "search_text").order_by()
        qs = qs.filter(pk__in=[pk for pk, text in candidates if text_matches(words, text)])
    return qs.order_by("department_kind", "code")


def public_service_get(*, code: str) -> PublicService:
    """One active service with its documents and the active departments that offer it."""
    offerings = (
        ServiceOffering.objects.filter(department__is_active=True)
        .select_related("department__akimat__territory")
        .defer("department__akimat__territory__boundary", "department__akimat__territory__search_text")
        .order_by("department__akimat__territory__kato", "department__name_en")
    )
    try:
        return (
            PublicService.objects.filter(is_active=True)
            .prefetch_related("documents", Prefetch("offerings", queryset=offerings))
            .get(code=code)
        )
    except PublicService.DoesNotExist:
        raise Http404 from None
