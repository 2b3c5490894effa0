"""Rich text that staff write and residents read (the minutes of meetings, the news): HTML cleaned
by nh3 (the ammonia library, a Rust HTML sanitiser) against one allow-list, kept here so every app
cleans alike.

What stays: paragraphs, line breaks, headings h2–h4, lists, emphasis, quotes, tables and links
(http, https, mailto, tel; no relative address: the text is read in feeds and elsewhere too,
where it would point nowhere) — links get rel="noopener noreferrer nofollow". What goes:
everything else, with its content for harmless tags and without it for `script` and `style`;
every attribute not listed (so `style`, `class`, `on*` handlers), and any URL with another scheme
(`javascript:`, `data:`, `vbscript:`).

Staff may also type plain text: `to_html` turns blank-line separated paragraphs and line breaks into
HTML when the text holds no tag, then cleans it.
"""

import re
from html import unescape

import nh3
from django.utils.html import escape

TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "u", "s",
        "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "hr", "sub", "sup",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Dropped with everything inside them, not only the tags.
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template", "iframe", "object", "noscript", "svg", "math"})
# A whole tag ("<p>", "</li>", "<a href=…>"): text with none is taken as plain text.
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def clean(html: str) -> str:
    """`html` with only the allowed tags, attributes and URL schemes left."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        url_relative="deny",
    ).strip()


def to_html(text: str) -> str:
    """Staff input, HTML or plain text, as clean HTML."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    return clean(text)


def plain(html: str) -> str:
    """The text of clean HTML without its tags (for a summary or a search)."""
    text = nh3.clean((html or "").replace("<", " <"), tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS))
    return " ".join(unescape(text).split())
