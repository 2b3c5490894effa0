"""Reads for the register of public services: querysets with their joins already made."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.http import Http404

from openakimat.territory.models import heavy_fields

from . import search
from .models import LifeSituation, PublicService, ServiceOffering

POPULAR_COUNT = 6


def _offered_at(kato: str) -> Exists:
    return Exists(
        ServiceOffering.objects.filter(
            service=OuterRef("pk"), department__is_active=True, department__akimat__territory__kato=kato
        )
    )


def _register_order(qs: QuerySet[PublicService]) -> QuerySet[PublicService]:
    return qs.order_by("department_kind", "code")


@dataclass
class ServiceSearch:
    """The services found, best first, and the corrected query when a word looked misspelt."""

    services: QuerySet[PublicService]
    suggestion: str = ""


# --- PostgreSQL: pg_trgm for misspellings, a weighted tsvector for the match and the score ----------

_PG_WORDS = """
WITH vocabulary AS (
    SELECT DISTINCT regexp_split_to_table(concat_ws(' ', search_text, search_text_related, search_text_context), ' ')
        AS word
    FROM catalogue_publicservice WHERE is_active
)
SELECT typed.word,
    EXISTS (SELECT 1 FROM vocabulary v WHERE starts_with(v.word, typed.stem)),
    (SELECT v.word FROM vocabulary v WHERE v.word <> '' AND similarity(v.word, typed.word) >= %s
     ORDER BY similarity(v.word, typed.word) DESC, v.word COLLATE "C" LIMIT 1)
FROM unnest(%s::text[], %s::text[]) AS typed(word, stem)
"""


def _plan_postgresql(typed: list[str], using: str) -> search.SearchPlan:
    with connections[using].cursor() as cursor:
        cursor.execute(_PG_WORDS, [search.SIMILARITY, typed, [search.stem(w) for w in typed]])
        rows = cursor.fetchall()
    known = {word for word, found, _closest in rows if found}
    return search.plan(typed, known=known, corrections={word: closest for word, _found, closest in rows})


def _search_postgresql(qs: QuerySet[PublicService], plan: search.SearchPlan) -> QuerySet[PublicService]:
    vector = (
        SearchVector("search_text", weight="A", config="simple")
        + SearchVector("search_text_related", weight="B", config="simple")
        + SearchVector("search_text_context", weight="C", config="simple")
    )
    # Stems are letters and digits only (search.words), so they are safe in a raw tsquery.
    every = SearchQuery(" & ".join(f"{s}:*" for s in plan.stems), search_type="raw", config="simple")
    scores = [
        Case(
            *(
                When(search_vector=SearchQuery(f"{s}:*{tier}", search_type="raw", config="simple"), then=Value(weight))
                for tier, weight in zip("ABC", search.TIER_WEIGHTS, strict=True)
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        for s in plan.stems
    ]
    total: Combinable = scores[0]
    for more in scores[1:]:
        total = total + more
    return (
        qs.annotate(search_vector=vector)
        .filter(search_vector=every)
        .annotate(search_score=total)
        .order_by("-search_score", F("popular_rank").asc(nulls_last=True), "department_kind", "code")
    )


# --- SQLite (and any other database): the same arithmetic in Python over the stored texts ------------


def _search_python(qs: QuerySet[PublicService], typed: list[str], query: str) -> ServiceSearch:
    rows = list(
        PublicService.objects.using(qs.db)
        .filter(is_active=True)
        .values_list("pk", "search_text", "search_text_related", "search_text_context")
    )
    vocabulary = {w for _pk, *texts in rows for text in texts for w in text.split()}
    known = {w for w in typed if any(v.startswith(search.stem(w)) for v in vocabulary)}
    corrections = {w: search.closest(w, vocabulary) for w in typed if w not in known}
    plan = search.plan(typed, known=known, corrections=corrections)
    scores = {pk: s for pk, *texts in rows if (s := search.score(plan.stems, texts))}
    found = qs.filter(pk__in=list(scores)).annotate(
        search_score=Case(
            *(When(pk=pk, then=Value(s)) for pk, s in scores.items()), default=Value(0), output_field=IntegerField()
        )
    )
    ordered = found.order_by("-search_score", F("popular_rank").asc(nulls_last=True), "department_kind", "code")
    return ServiceSearch(ordered, plan.suggest(query))


CODE_TYPED = re.compile(r"[A-Z0-9]{2,}(?:-[A-Z0-9]+)+")


def public_service_search(
    *, q: str | None = None, department_kind: str | None = None, akimat: str | None = None
) -> ServiceSearch:
    """Active services, filtered by department kind and by the akimat (KATO) that offers them, and
    found by the rule of `search.py`: best first, with "did you mean" when a word was corrected.
    Without words, the register's order."""
    qs = PublicService.objects.filter(is_active=True).defer("search_text", "search_text_related", "search_text_context")
    if department_kind:
        qs = qs.filter(department_kind=department_kind)
    if akimat:
        qs = qs.filter(_offered_at(akimat))
    typed = search.query_words(q or "")
    if not typed:
        return ServiceSearch(_register_order(qs))
    # A register code typed whole ("CONS-09", "cons 09") is that one service, as an operator means it.
    code = re.sub(r"[\s_]+", "-", (q or "").strip()).upper()
    if CODE_TYPED.fullmatch(code) and (exact := qs.filter(code=code)).exists():
        return ServiceSearch(exact)
    if connections[qs.db].vendor == "postgresql":
        plan = _plan_postgresql(typed, qs.db)
        return ServiceSearch(_search_postgresql(qs, plan), plan.suggest(q or ""))
    return _search_python(qs, typed, q or "")


def public_service_list(
    *, q: str | None = None, department_kind: str | None = None, akimat: str | None = None
) -> QuerySet[PublicService]:
    """The services of `public_service_search`, best first."""
    return public_service_search(q=q, department_kind=department_kind, akimat=akimat).services


def popular_services() -> QuerySet[PublicService]:
    """The services shown first on the catalogue's empty page, in their curated order."""
    return (
        PublicService.objects.filter(is_active=True, popular_rank__isnull=False)
        .only("code", "name_kk", "name_ru", "name_en", "popular_rank")
        .order_by("popular_rank", "code")[:POPULAR_COUNT]
    )


def life_situation_list() -> QuerySet[LifeSituation]:
    """Life situations with their active services, in order: two queries however many."""
    services = PublicService.objects.filter(is_active=True).defer(
        "search_text", "search_text_related", "search_text_context"
    )
    return (
        LifeSituation.objects.prefetch_related(Prefetch("services", queryset=_register_order(services)))
        .filter(Q(services__is_active=True))
        .distinct()
    )


def life_situation_get(*, slug: str) -> LifeSituation:
    try:
        return life_situation_list().get(slug=slug)
    except LifeSituation.DoesNotExist:
        raise Http404 from None


def public_service_get(*, code: str) -> PublicService:
    """One active service with its documents and the active departments that offer it."""
    offerings = (
        ServiceOffering.objects.filter(department__is_active=True)
        .select_related("department__akimat__territory")
        .defer(*heavy_fields("department__akimat__territory"))
        .order_by("department__akimat__territory__kato", "department__name_en")
    )
    try:
        return (
            PublicService.objects.filter(is_active=True)
            .prefetch_related(
                "documents",
                Prefetch("offerings", queryset=offerings),
                Prefetch("life_situations", queryset=LifeSituation.objects.order_by("order", "slug")),
            )
            .get(code=code)
        )
    except PublicService.DoesNotExist:
        raise Http404 from None
