"""In-memory state of the fake Graph API: Pages, people, posts, comments and who a token is.

The fake runs on one event loop, so no locks: every mutation happens between awaits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fakes.facebook.models import (
    Comment,
    GraphError,
    Page,
    Place,
    Post,
    User,
    invalid_parameter,
    unsupported,
)
from fakes.facebook.ratelimit import Throttle
from fakes.facebook.seed import APP_ID, APP_NAME, SEED_PAGES, SEED_USERS

MAX_MESSAGE_LENGTH = 8000  # Facebook's limit for a post or comment message
# "@Handle" tags a Page whose username matches, as a typed tag does on facebook.com.
TAG_RE = re.compile(r"(?<![\w@])@(\w{1,50})")
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Actor:
    """Who an access token acts as."""

    kind: str  # "page" | "user" | "app"
    id: str
    name: str


class Store:
    """All state of one fake Graph API."""

    def __init__(self, app_secret: str, *, seed: bool = True, clock: Clock | None = None) -> None:
        self.app_id = APP_ID
        self.app_name = APP_NAME
        self.app_secret = app_secret
        self.clock: Clock = clock or (lambda: datetime.now(UTC).replace(microsecond=0))
        self.throttle = Throttle(self.clock)
        self.pages: dict[str, Page] = {}
        self.users: dict[str, User] = {}
        self.posts: dict[str, Post] = {}
        self.comments: dict[str, Comment] = {}
        self._last_number = 0
        if seed:
            for p in SEED_PAGES:
                self.pages[p.page_id] = Page(p.page_id, p.handle, p.name, p.token)
            for u in SEED_USERS:
                self.users[u.user_id] = User(u.user_id, u.name, u.token)

    def _next_number(self) -> str:
        self._last_number += 1
        return str(300_000_000_000_000 + self._last_number)

    # Tokens and nodes

    def actor_for_token(self, token: str) -> Actor | None:
        """The Page, person or app a token acts as; None if the token is unknown."""
        if token == f"{self.app_id}|{self.app_secret}":
            return Actor("app", self.app_id, self.app_name)
        for page in self.pages.values():
            if page.token == token:
                return Actor("page", page.id, page.name)
        for user in self.users.values():
            if user.token == token:
                return Actor("user", user.id, user.name)
        return None

    def page(self, ref: str) -> Page | None:
        """A Page by id or (case-insensitive) username."""
        if ref in self.pages:
            return self.pages[ref]
        return next((p for p in self.pages.values() if p.username.lower() == ref.lower()), None)

    def node(self, ref: str, actor: Actor) -> Page | User | Post | Comment | Actor:
        """Resolve an id in a path ("me", a Page username, any object id) or raise (#100)."""
        if ref == "me":
            if actor.kind == "app":
                raise GraphError(
                    "An active access token must be used to query information about the "
                    "current user.",
                    code=2500,
                )
            return self.pages.get(actor.id) or self.users[actor.id]
        found = (
            self.page(ref)
            or self.users.get(ref)
            or self.posts.get(ref)
            or self.comments.get(ref)
            or (Actor("app", self.app_id, self.app_name) if ref == self.app_id else None)
        )
        if found is None:
            raise unsupported("GET", ref)
        return found

    def name_of(self, node_id: str) -> str:
        """Display name of a Page or person."""
        node = self.pages.get(node_id) or self.users.get(node_id)
        return node.name if node else ""

    def tagged_pages(self, text: str) -> list[Page]:
        """Pages tagged with @username in the text, in order, without repeats."""
        tagged: list[Page] = []
        for match in TAG_RE.finditer(text):
            page = self.page(match.group(1))
            if page is not None and page not in tagged:
                tagged.append(page)
        return tagged

    # Posts and comments

    def create_post(self, author: Actor, owner_id: str, params: dict[str, Any]) -> Post:
        """Post on a Page's feed (by the Page or a visitor) or on a person's own timeline."""
        if author.kind == "app":
            raise GraphError("(#200) Permissions error", code=200, status=403)
        if owner_id in self.users and owner_id != author.id:
            raise GraphError("(#200) Permissions error", code=200, status=403)
        message, photo_url = _message_and_photo(params, "attachment_url", "url")
        number = self._next_number()
        post = Post(
            id=f"{owner_id}_{number}",
            owner_id=owner_id,
            author_id=author.id,
            message=message,
            created_at=self.clock(),
            place=self._place(params.get("place")),
            photo_url=photo_url,
            photo_id=self._next_number() if photo_url else None,
            tagged_page_ids=[p.id for p in self.tagged_pages(message)],
        )
        self.posts[post.id] = post
        return post

    def create_comment(self, author: Actor, target_id: str, params: dict[str, Any]) -> Comment:
        """Comment on a post, or reply to a comment (ids "<POST_ID>_<COMMENT_ID>")."""
        if author.kind == "app":
            raise GraphError("(#200) Permissions error", code=200, status=403)
        parent: Post | Comment | None = self.posts.get(target_id) or self.comments.get(target_id)
        if parent is None:
            raise unsupported("POST", target_id)
        post = parent if isinstance(parent, Post) else self.posts[parent.post_id]
        message, photo_url = _message_and_photo(params, "attachment_url")
        comment = Comment(
            id=f"{post.number}_{self._next_number()}",
            post_id=post.id,
            parent_id=parent.id,
            author_id=author.id,
            message=message,
            created_at=self.clock(),
            photo_url=photo_url,
            photo_id=self._next_number() if photo_url else None,
            tagged_page_ids=[p.id for p in self.tagged_pages(message)],
        )
        self.comments[comment.id] = comment
        return comment

    def comments_of(self, object_id: str, *, stream: bool = False) -> list[Comment]:
        """Direct replies, oldest first; stream=True on a post gives every comment in it."""
        if object_id not in self.posts and object_id not in self.comments:
            raise unsupported("GET", object_id)
        if stream and object_id in self.posts:
            found = [c for c in self.comments.values() if c.post_id == object_id]
        else:
            found = [c for c in self.comments.values() if c.parent_id == object_id]
        return sorted(found, key=lambda c: int(c.id.split("_")[1]))

    def feed_of(self, owner_id: str) -> list[Post]:
        """Posts on a feed, newest first."""
        found = [p for p in self.posts.values() if p.owner_id == owner_id]
        return sorted(found, key=lambda p: int(p.number), reverse=True)

    def tagging(self, page_id: str) -> list[Post]:
        """Posts that tag a Page (its /tagged edge), newest first."""
        found = [p for p in self.posts.values() if page_id in p.tagged_page_ids]
        return sorted(found, key=lambda p: int(p.number), reverse=True)

    def _place(self, raw: Any) -> Place | None:
        if raw in (None, ""):
            return None
        try:
            data = json.loads(raw) if isinstance(raw, str) else raw
            location = data["location"]
            return Place(
                id=str(data.get("id") or self._next_number()),
                name=str(data.get("name") or "Tagged place"),
                latitude=float(location["latitude"]),
                longitude=float(location["longitude"]),
            )
        except (ValueError, TypeError, KeyError) as error:
            raise invalid_parameter(
                "Param place must be an object with location{latitude, longitude}"
            ) from error

    def reset(self) -> None:
        """Forget posts, comments, Page subscriptions and throttle state; keep Pages and people."""
        self.posts.clear()
        self.comments.clear()
        self._last_number = 0
        for page in self.pages.values():
            page.subscribed_fields.clear()
        self.throttle.reset()


def _message_and_photo(params: dict[str, Any], *photo_keys: str) -> tuple[str, str | None]:
    message = str(params.get("message") or "")
    photo_url = next((str(params[k]) for k in photo_keys if params.get(k)), None)
    if not message.strip() and not photo_url:
        raise invalid_parameter("Missing message or attachment")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise invalid_parameter(f"Param message must be at most {MAX_MESSAGE_LENGTH} characters")
    return message, photo_url
