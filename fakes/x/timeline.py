"""Paging of X timelines: since_id / until_id, max_results, pagination_token, meta."""

from __future__ import annotations

from typing import Any

from fakes.x.models import Post
from fakes.x.store import decode_token, encode_token
from fakes.x.web import id_param, max_results


def page(
    posts: list[Post],
    params: Any,
    *,
    low: int = 5,
    high: int = 100,
    default: int = 10,
    token_param: str = "pagination_token",
) -> tuple[list[Post], dict[str, Any]]:
    """One page of newest-first posts and X's meta (result_count, newest/oldest_id, next_token).

    The client repeats since_id with each pagination_token, as tweepy's Paginator does; the
    token stands for "older than the last post of the previous page".
    """
    since_id = id_param(params, "since_id")
    until_id = id_param(params, "until_id")
    limit = max_results(params, low, high, default)
    token = params.get(token_param) or params.get("pagination_token")
    older_than = decode_token(token) if token else None
    chosen = [
        p
        for p in posts
        if (since_id is None or int(p.id) > since_id)
        and (until_id is None or int(p.id) < until_id)
        and (older_than is None or int(p.id) < older_than)
    ]
    batch = chosen[:limit]
    meta: dict[str, Any] = {"result_count": len(batch)}
    if batch:
        meta["newest_id"] = batch[0].id
        meta["oldest_id"] = batch[-1].id
    if len(chosen) > limit:
        meta["next_token"] = encode_token(batch[-1].id)
    return batch, meta
