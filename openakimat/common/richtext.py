"""Rich text that staff write (a news item's body, a meeting's minutes), made safe to show.

One allow-list for the whole site: paragraphs, line breaks, emphasis, lists, links, second- and
third-level headings, quotations and simple tables. Everything else is removed — a tag outside the
list keeps its text, a `<script>` or `<style>` loses its content too — and so is every attribute but
a link's `href`, whose address must be http, https or mailto (no `javascript:`, no `data:`). Links
get `rel="noopener noreferrer"`. Stored cleaned, so a page marks it safe without cleaning again.
"""

import html as _html

import nh3

TAGS = frozenset(
    {
        "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote",
        "table", "thead", "tbody", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "th": {"scope"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content, not just their tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})


def clean(html: str) -> str:
    """The fragment with only the allowed tags, attributes and link schemes; relative links are
    dropped too (a news item is read in feeds and elsewhere, where they would point nowhere)."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
        url_relative="deny",
    ).strip()


def text_of(html: str) -> str:
    """The plain text of a fragment (for a feed's summary or a search): every tag removed."""
    return _html.unescape(nh3.clean(html or "", tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))).strip()
