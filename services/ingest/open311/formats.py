"""GeoReport v2 answers in JSON or XML (chosen by the URL's extension), errors included."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from fastapi.responses import JSONResponse, Response

FORMATS = ("json", "xml")
# XML element names the spec gives each list's items.
_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


def answer(body: Any, fmt: str, *, root: str, status: int = 200) -> Response:
    """`body` (a list of objects, or one object for a service definition) in `fmt`."""
    if fmt == "xml":
        element = _element(root, body)
        xml = ElementTree.tostring(element, encoding="unicode", short_empty_elements=True)
        content = '<?xml version="1.0" encoding="utf-8"?>\n' + xml
        return Response(content, status, media_type="text/xml; charset=utf-8")
    return JSONResponse(body, status)


def error(status: int, description: str, fmt: str = "json") -> Response:
    """The spec's error form: [{"code": 400, "description": "..."}]."""
    return answer([{"code": status, "description": description}], fmt, root="errors", status=status)


def _element(name: str, value: Any) -> ElementTree.Element:
    element = ElementTree.Element(name)
    if isinstance(value, list):
        for item in value:
            element.append(_element(_ITEMS.get(name, "item"), item))
    elif isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element
