"""Open311 answers in JSON and in XML, from the same Python values.

A value is a dict (its keys become child elements in order), a list (each item becomes an element
named by the list's item tag), a bool ("true"/"false"), None (an empty element) or anything else
(its text). Characters XML 1.0 forbids are dropped, so every answer parses.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from openakimat.common.calendar import ALMATY

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
# The element name of the items of a list, by the name of the list's element.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "jurisdictions": "jurisdiction",
    "service_request_updates": "request_update",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in Kazakhstan time with its offset, e.g. 2026-12-01T10:00:00+05:00."""
    if value is None:
        return None
    return timezone.localtime(value, ALMATY).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        tag = ITEM_TAGS.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def render(
    fmt: str, root: str, value: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    """`value` as JSON, or as XML under the element `root`."""
    if fmt == "xml":
        body, content_type = to_xml(root, value), XML_TYPE
    else:
        body, content_type = json.dumps(value, ensure_ascii=False).encode(), JSON_TYPE
    return HttpResponse(body, status=status, content_type=content_type, headers=headers)


def error(fmt: str, status: int, description: str, *, headers: dict[str, str] | None = None) -> HttpResponse:
    """The Open311 error answer: a list of {code, description}."""
    return render(fmt, "errors", [{"code": status, "description": description}], status=status, headers=headers)
