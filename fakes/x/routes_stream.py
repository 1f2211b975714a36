"""Filtered stream routes: rules (add, delete, list) and the streaming connection."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from fakes.x import query
from fakes.x.fields import parse_fields, timestamp
from fakes.x.models import ApiError, Rule, invalid_request
from fakes.x.store import Store
from fakes.x.web import hub_of, json_body, require_app, store_of

Json = dict[str, Any]
MAX_RULE_LENGTH = 1024
MAX_RULES = 1000


def _rule_json(rule: Rule) -> Json:
    return {"id": rule.id, "value": rule.value} | ({"tag": rule.tag} if rule.tag else {})


def stream_router() -> APIRouter:
    """GET/POST /2/tweets/search/stream/rules and GET /2/tweets/search/stream (app only)."""
    router = APIRouter()

    @router.get("/2/tweets/search/stream/rules")
    async def list_rules(request: Request) -> Json:
        require_app(request)
        store = store_of(request)
        ids = [i for i in (request.query_params.get("ids") or "").split(",") if i]
        rules = [r for r in store.rules.values() if not ids or r.id in ids]
        body: Json = {"meta": {"sent": timestamp(store.clock()), "result_count": len(rules)}}
        if rules:
            body["data"] = [_rule_json(r) for r in rules]
        return body

    @router.post("/2/tweets/search/stream/rules")
    async def change_rules(request: Request) -> Json:
        """{"add": [{value, tag?}]} or {"delete": {"ids": [...]} | {"values": [...]}}."""
        require_app(request)
        store = store_of(request)
        body = await json_body(request)
        dry_run = request.query_params.get("dry_run") == "true"
        sent = timestamp(store.clock())
        if "add" in body:
            return _add(store, body["add"], dry_run, sent)
        if "delete" in body:
            return _delete(store, body["delete"] or {}, dry_run, sent)
        raise invalid_request("Request must contain `add` or `delete`", "body", str(body))

    @router.get("/2/tweets/search/stream")
    async def connect(request: Request) -> StreamingResponse:
        require_app(request)
        fields = parse_fields(request.query_params)
        if not store_of(request).rules:
            raise ApiError(
                409, "ConnectionException", "This stream has no rules.", "streaming-connection"
            )
        hub = hub_of(request)
        connection = hub.connect(fields)
        return StreamingResponse(hub.lines(connection), media_type="application/json")

    return router


def _add(store: Store, items: Any, dry_run: bool, sent: str) -> Json:
    created: list[Json] = []
    errors: list[Json] = []
    for item in items or []:
        value, tag = str(item.get("value") or ""), item.get("tag")
        existing = store.rule_with_value(value)
        problem = None
        try:
            query.parse(value)
        except query.QueryError as error:
            problem = str(error)
        if len(value) > MAX_RULE_LENGTH:
            problem = f"Rules may be at most {MAX_RULE_LENGTH} characters"
        if problem:
            errors.append(
                {
                    "value": value,
                    "details": [problem],
                    "title": "UnprocessableEntity",
                    "type": "https://api.twitter.com/2/problems/invalid-rules",
                }
            )
        elif existing is not None:
            errors.append(
                {
                    "value": value,
                    "id": existing.id,
                    "title": "DuplicateRule",
                    "type": "https://api.twitter.com/2/problems/duplicate-rules",
                }
            )
        elif len(store.rules) + len(created) >= MAX_RULES:
            errors.append(
                {
                    "value": value,
                    "title": "RulesCapExceeded",
                    "type": "https://api.twitter.com/2/problems/rule-cap",
                }
            )
        else:
            # A dry run validates and answers the same, but stores nothing.
            rule = Rule(store.next_id(), value, tag) if dry_run else store.add_rule(value, tag)
            created.append(_rule_json(rule))
    invalid = sum(1 for e in errors if e["title"] == "UnprocessableEntity")
    body: Json = {
        "meta": {
            "sent": sent,
            "summary": {
                "created": len(created),
                "not_created": len(errors),
                "valid": len(created) + len(errors) - invalid,
                "invalid": invalid,
            },
        }
    }
    if created:
        body["data"] = created
    if errors:
        body["errors"] = errors
    return body


def _delete(store: Store, spec: Json, dry_run: bool, sent: str) -> Json:
    wanted_ids = [str(i) for i in spec.get("ids") or []]
    wanted_values = [str(v) for v in spec.get("values") or []]
    deleted = 0
    errors: list[Json] = []
    for rule_id in wanted_ids:
        if rule_id in store.rules:
            deleted += 1
            if not dry_run:
                del store.rules[rule_id]
        else:
            errors.append(
                {
                    "value": rule_id,
                    "title": "Not Found",
                    "type": "about:blank",
                    "detail": "Rule does not exist",
                }
            )
    for value in wanted_values:
        rule = store.rule_with_value(value)
        if rule is None:
            errors.append(
                {
                    "value": value,
                    "title": "Not Found",
                    "type": "about:blank",
                    "detail": "Rule does not exist",
                }
            )
            continue
        deleted += 1
        if not dry_run:
            del store.rules[rule.id]
    body: Json = {
        "meta": {"sent": sent, "summary": {"deleted": deleted, "not_deleted": len(errors)}}
    }
    if errors:
        body["errors"] = errors
    return body
