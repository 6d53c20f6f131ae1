"""GeoReport v2 responses in JSON or XML, and its error format.

JSON is the list (or object) the specification shows; XML wraps the same fields in the
specification's element names: <services><service>…, <service_requests><request>…,
<service_definition>…<attributes><attribute>…<values><value>…, <discovery>…<endpoints><endpoint>…
<formats><format>…, and <errors><error><code/><description/></error></errors>.
"""

from __future__ import annotations

import json
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse

JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"

# For XML: the element name of each item of a list, by the list's own element name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(SubElement(parent, key), child)
    elif isinstance(value, list):
        item_name = ITEM_NAMES.get(parent.tag, "item")
        for child in value:
            _fill(SubElement(parent, item_name), child)
    else:
        parent.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = Element(root)
    _fill(element, value)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="unicode").encode()
    )


def respond(fmt: str, root: str, value, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(root, value), content_type=XML, status=status)
    return HttpResponse(json.dumps(value, ensure_ascii=False), content_type=JSON, status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The specification's error: a list of {code, description} (XML: <errors><error>…)."""
    return respond(fmt, "errors", [{"code": status, "description": description}], status=status)
