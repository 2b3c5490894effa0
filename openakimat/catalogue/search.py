"""Finding services the way residents ask for them, in kk, ru or en.

A service is found by its names, its common names (synonyms such as ЗАГС / АХАЖ / civil registry),
what it gives (the result: "Свидетельство о рождении"), its department and its legal basis. The
rule, kept simple so that a resident can predict it and both databases can follow it exactly:

1. Texts and query are normalised: case-folded, ё → е, split into words of letters and digits.
   Query words of one or two letters ("о", "of") are left out unless nothing else is asked.
2. Each query word becomes a *stem*: words of 5–7 letters lose their last letter, longer words
   their last two ("рождении" → "рожден", "свидетельство" → "свидетельст", "куәлік" → "куәлі"),
   so that an inflected word still finds its other forms. A stem matches a word that starts with it.
3. A query word whose stem starts no word of the register at all is taken as a misspelling: it is
   replaced by the most similar word of the register by trigram similarity (pg_trgm's measure, at
   least `SIMILARITY`), and the page offers "did you mean" with the corrected words.
4. A service matches when every stem matches one of its words. Its score adds, for each stem, the
   weight of the best tier where it matches: names and synonyms 4, result and department 2,
   description and legal basis 1. Higher scores come first, then the popular services, then the
   register's order.

On PostgreSQL, steps 3 and 4 run in the database: pg_trgm's `similarity` over the register's words,
and a weighted `tsvector` (`SearchVector` with weights A, B, C, the `simple` configuration, since
there is no Kazakh stemmer) queried with prefix `SearchQuery`s restricted by weight (`stem:*A`). On
SQLite the same arithmetic runs in Python over the stored, normalised texts; tests hold the two to
the same results. The register is small (tens to a few hundred services), so neither needs an index.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SIMILARITY = 0.3  # pg_trgm's own default threshold
MIN_WORD_LENGTH = 3
MIN_FUZZY_LENGTH = 4
MAX_QUERY_WORDS = 10
MAX_WORD_LENGTH = 40  # longer words are cut: no name has one, and tsquery refuses very long ones
# Tier weights, in the order of `PublicService.search_texts()`.
TIER_WEIGHTS = (4, 2, 1)
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    return text.casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def query_words(query: str) -> list[str]:
    """The words of a query that count: short ones only when there is nothing else."""
    found = [w[:MAX_WORD_LENGTH] for w in words(query)]
    long = [w for w in found if len(w) >= MIN_WORD_LENGTH]
    return (long or found)[:MAX_QUERY_WORDS]


def stem(word: str) -> str:
    if len(word) >= 8:
        return word[:-2]
    if len(word) >= 5:
        return word[:-1]
    return word


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: lower case, two spaces before and one after."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity()` for two single words: shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    union = len(ta | tb)
    return len(ta & tb) / union if union else 0.0


def closest(word: str, vocabulary: Iterable[str]) -> str | None:
    """The most similar word of the register; ties go to the first in code-point order."""
    best: tuple[float, str] | None = None
    for candidate in vocabulary:
        score = similarity(word, candidate)
        if score >= SIMILARITY and (best is None or (-score, candidate) < (-best[0], best[1])):
            best = (score, candidate)
    return best[1] if best else None


@dataclass(frozen=True)
class SearchPlan:
    """What a query asks: the words as typed (normalised), the words searched for after the
    misspelling check, and their stems."""

    typed: tuple[str, ...]
    searched: tuple[str, ...]

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.searched)

    @property
    def corrected(self) -> bool:
        return self.typed != self.searched

    def suggest(self, query: str) -> str:
        """Did you mean: the query as typed with its corrected words, when a word was corrected."""
        if not self.corrected:
            return ""
        replaced = dict(zip(self.typed, self.searched, strict=True))
        return " ".join(replaced.get(w, w) for w in words(query))


def plan(typed: Sequence[str], *, known: set[str], corrections: dict[str, str | None]) -> SearchPlan:
    """`known`: the typed words whose stem starts some word of the register; `corrections`: for the
    others, the closest word of the register (or None, and the word stays as typed)."""
    searched = []
    for word in typed:
        if word in known or len(word) < MIN_FUZZY_LENGTH:
            searched.append(word)
        else:
            searched.append(corrections.get(word) or word)
    return SearchPlan(tuple(typed), tuple(searched))


def tier_score(stem_: str, tiers: Sequence[set[str]]) -> int:
    for weight, tier in zip(TIER_WEIGHTS, tiers, strict=True):
        if any(w.startswith(stem_) for w in tier):
            return weight
    return 0


def score(stems: Sequence[str], texts: Sequence[str]) -> int:
    """The score of a service whose normalised tier texts are `texts`; 0 when a stem misses."""
    tiers = [set(t.split()) for t in texts]
    total = 0
    for s in stems:
        found = tier_score(s, tiers)
        if not found:
            return 0
        total += found
    return total
