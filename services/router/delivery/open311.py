"""Open311 GeoReport v2: a routed report as a service request (POST requests.json)."""

from __future__ import annotations

from typing import Any

import httpx

from services.router.delivery.config import DepartmentEndpoint

# GeoReport v2 does not fix a limit; 4000 is what common servers (FixMyStreet, SeeClickFix) take.
MAX_DESCRIPTION = 4000


def requests_url(endpoint: DepartmentEndpoint) -> str:
    """The service request endpoint under the body's Open311 base URL."""
    return endpoint.url.rstrip("/") + "/requests.json"


def request_form(endpoint: DepartmentEndpoint, payload: dict[str, Any]) -> dict[str, str]:
    """The form fields; never the citizen's name, e-mail, phone or device id."""
    category = payload.get("category") or "other"
    reference = payload["reference"]
    footer = f"\n\nHeard reference: {reference}\nStatus: {payload['links']['status_page']}"
    text = payload.get("text") or ""
    form = {
        "service_code": endpoint.service_code(category),
        "description": text[: MAX_DESCRIPTION - len(footer)] + footer,
        # A custom attribute, so a server that knows Heard can link back without parsing text.
        "attribute[heard_reference]": reference,
    }
    if endpoint.open311_api_key is not None:
        form["api_key"] = endpoint.open311_api_key.get_secret_value()
    if endpoint.open311_jurisdiction_id:
        form["jurisdiction_id"] = endpoint.open311_jurisdiction_id
    location = payload.get("location")
    if location:
        form["lat"], form["long"] = str(location["lat"]), str(location["lon"])
    else:
        # GeoReport v2 needs a location of some kind; the words are the best there is.
        parts = [p for p in (payload.get("road"), payload.get("area")) if p]
        form["address_string"] = ", ".join(parts) or "Location not given; see description"
    media = payload.get("media") or []
    if media:
        form["media_url"] = media[0]["url"]
    return form


def external_id(response: httpx.Response) -> str | None:
    """The service_request_id, or the batch token a deferred server answers with."""
    try:
        body = response.json()
    except ValueError:
        return None
    # The spec answers with a one-element array; some servers send the object alone.
    item = body[0] if isinstance(body, list) and body else body
    if not isinstance(item, dict):
        return None
    value = item.get("service_request_id") or item.get("token")
    return str(value) if value not in (None, "") else None


def error_description(response: httpx.Response) -> str | None:
    """An Open311 error's description ([{"code", "description"}]), if the server sent one."""
    try:
        body = response.json()
    except ValueError:
        return None
    item = body[0] if isinstance(body, list) and body else body
    if isinstance(item, dict) and item.get("description"):
        return str(item["description"])
    return None
