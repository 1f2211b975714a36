"""How a citizen posts on each fake, and how to see Heard's reply in that post's thread."""

from __future__ import annotations

from typing import NamedTuple

import httpx

from fakes.bluesky.seed import SEED_ACCOUNTS as BLUESKY_ACCOUNTS
from fakes.facebook.seed import SEED_PAGES, page_for
from fakes.x.seed import APP_BEARER_TOKEN
from heard.devstack import StackConfig


class Reply(NamedTuple):
    author: str  # the official handle for official accounts
    text: str


async def post(config: StackConfig, platform: str, citizen: str, text: str, to: str) -> str:
    """Post as the citizen through the platform's own API; returns the platform id."""
    async with httpx.AsyncClient(base_url=config.fake_url(platform), timeout=10) as http:
        token = {"Authorization": f"Bearer citizen-{citizen}"}
        if platform == "mastodon":
            response = await http.post("/api/v1/statuses", json={"status": text}, headers=token)
            response.raise_for_status()
            return str(response.json()["id"])
        if platform == "x":
            response = await http.post("/2/tweets", json={"text": text}, headers=token)
            response.raise_for_status()
            return str(response.json()["data"]["id"])
        if platform == "facebook":
            # A visitor post on the addressed body's Page; Meta announces it by webhook.
            page = page_for(to)
            response = await http.post(
                f"/v25.0/{page.page_id}/feed",
                data={"message": text, "access_token": f"citizen-{citizen}"},
            )
            response.raise_for_status()
            return str(response.json()["id"])
        if platform == "bluesky":
            # The fake's control API builds the mention facets a real client would.
            response = await http.post("/_fake/posts", json={"author": citizen, "text": text})
            response.raise_for_status()
            return str(response.json()["uri"])
    raise ValueError(f"no demo poster for {platform}")


async def thread_replies(config: StackConfig, platform: str, post_id: str) -> list[Reply]:
    """The direct replies to a post on its platform's fake: who answered, and what they said."""
    async with httpx.AsyncClient(base_url=config.fake_url(platform), timeout=10) as http:
        if platform == "mastodon":
            statuses = (await http.get("/_fake/statuses")).json()
            return [
                Reply(s["account"]["acct"], s.get("text") or s["content"])
                for s in statuses
                if str(s.get("in_reply_to_id")) == post_id
            ]
        if platform == "x":
            found = await http.get(
                "/2/tweets/search/recent",
                params={
                    "query": f"conversation_id:{post_id}",
                    "tweet.fields": "referenced_tweets,author_id",
                    "expansions": "author_id",
                },
                headers={"Authorization": f"Bearer {APP_BEARER_TOKEN}"},
            )
            body = found.json()
            users = {u["id"]: u["username"] for u in body.get("includes", {}).get("users", [])}
            return [
                Reply(users.get(t["author_id"], t["author_id"]), t["text"])
                for t in body.get("data", [])
                if any(r["id"] == post_id for r in t.get("referenced_tweets", []))
            ]
        if platform == "facebook":
            comments = await http.get(
                f"/v25.0/{post_id}/comments", params={"access_token": "citizen-lowri"}
            )
            pages = {p.page_id: p.handle for p in SEED_PAGES}
            return [
                Reply(pages.get(c["from"]["id"], c["from"]["name"]), c["message"])
                for c in comments.json().get("data", [])
            ]
        if platform == "bluesky":
            posts = (await http.get("/_fake/posts")).json()
            names = {a.handle: a.name for a in BLUESKY_ACCOUNTS}
            return [
                Reply(names.get(p["handle"], p["handle"]), p["text"])
                for p in posts
                if ((p["record"].get("reply") or {}).get("parent") or {}).get("uri") == post_id
            ]
    raise ValueError(f"no thread reader for {platform}")


async def replied_in_thread(config: StackConfig, platform: str, post_id: str) -> bool:
    """True when the post's thread on the fake holds a reply to it."""
    return bool(await thread_replies(config, platform, post_id))
