"""Forgiving search of the register by name, in any of the three languages.

The rule, kept simple so that a resident can predict it:

1. Both the query and the names are normalised: case-folded, ё → е, and split into words of
   letters and digits (punctuation and dashes separate words).
2. Every word of the query must match some word of the service's names (in kk, ru or en):
   - a word of the name starts with it ("туу" finds "тууын", "регистр" finds "регистрация"), or
   - for query words of 4 letters or more, the two words are similar:
     ``difflib.SequenceMatcher`` ratio >= 0.8 ("раждения" finds "рождения", ratio 0.875).
3. Short words (1–3 letters) match only as a prefix: "of" or "и" must not match everything.

The register is small (tens to a few hundred services), so the match runs in Python over the
stored, normalised `search_text` of the services; the database query stays one query.
"""

import re
from difflib import SequenceMatcher

SIMILARITY = 0.8
MIN_FUZZY_LENGTH = 4
MAX_QUERY_WORDS = 10
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return text.casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def query_words(query: str) -> list[str]:
    return words(query)[:MAX_QUERY_WORDS]


def word_matches(query_word: str, name_word: str) -> bool:
    if name_word.startswith(query_word):
        return True
    if len(query_word) < MIN_FUZZY_LENGTH:
        return False
    return SequenceMatcher(None, query_word, name_word).ratio() >= SIMILARITY


def text_matches(query: list[str], search_text: str) -> bool:
    """Whether every query word matches some word of `search_text` (already normalised)."""
    name_words = set(search_text.split())
    return all(any(word_matches(q, w) for w in name_words) for q in query)
