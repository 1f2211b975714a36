"""In-memory state of the fake X: users, posts, media, places, stream rules, webhooks."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from fakes.x import text as post_text
from fakes.x.models import (
    ApiError,
    MediaItem,
    MentionEntity,
    Place,
    Post,
    Rule,
    User,
    Webhook,
    invalid_request,
)
from fakes.x.ratelimit import RateLimiter
from fakes.x.seed import SEED_USERS

TWITTER_EPOCH_MS = 1288834974657
MENTIONS_REACH = 800  # only the most recent 800 mentions are reachable, as on X
DUPLICATE_WINDOW = timedelta(hours=24)
MEDIA_TYPE_DIGIT = {"photo": "3", "video": "7", "animated_gif": "16"}
Clock = Callable[[], datetime]
Listener = Callable[[Post], None]

# A few places with real bounding boxes (west, south, east, north) for geo-tagged posts.
SEED_PLACES = (
    Place(
        "5a1f0c3b2d4e6f70",
        "Abergavenny, Wales",
        "Abergavenny",
        "United Kingdom",
        "GB",
        "city",
        (-3.0480, 51.8050, -2.9920, 51.8400),
    ),
    Place(
        "6b2e1d4c3f5a7081",
        "Bangor, Northern Ireland",
        "Bangor",
        "United Kingdom",
        "GB",
        "city",
        (-5.7200, 54.6250, -5.6300, 54.6750),
    ),
    Place(
        "7c3f2e5d4a6b8192",
        "Westminster, London",
        "Westminster",
        "United Kingdom",
        "GB",
        "city",
        (-0.2170, 51.4840, -0.1110, 51.5390),
    ),
)


def encode_token(post_id: str) -> str:
    """An opaque pagination token for "older than post_id"."""
    return base64.urlsafe_b64encode(f"older:{post_id}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int:
    """The post id a pagination token stands for; 400 if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, post_id = raw.partition(":")
        if kind != "older":
            raise ValueError(raw)
        return int(post_id)
    except ValueError as error:
        raise invalid_request(
            f"The `pagination_token` query parameter value [{token}] is not valid",
            "pagination_token",
            token,
        ) from error


class Store:
    """All state of one fake X; public methods are thread-safe."""

    def __init__(self, seed: bool = True, clock: Clock | None = None) -> None:
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.rate_limiter = RateLimiter(self.clock)
        self._lock = threading.RLock()
        self._last_id = 0
        self.users: dict[str, User] = {}
        self.posts: dict[str, Post] = {}
        self.media: dict[str, MediaItem] = {}
        self.places: dict[str, Place] = {p.id: p for p in SEED_PLACES}
        self.rules: dict[str, Rule] = {}
        self.webhooks: dict[str, Webhook] = {}
        self.listeners: list[Listener] = []
        if seed:
            for s in SEED_USERS:
                self.users[s.user_id] = User(
                    s.user_id, s.username, s.name, s.token, self.clock(), s.official
                )

    def next_id(self) -> str:
        """A snowflake: milliseconds since X's epoch << 22, strictly increasing."""
        with self._lock:
            millis = int(self.clock().timestamp() * 1000) - TWITTER_EPOCH_MS
            self._last_id = max(self._last_id + 1, millis << 22)
            return str(self._last_id)

    # Users

    def user_for_token(self, token: str) -> User | None:
        """The user an OAuth2 user token acts as."""
        return next((u for u in self.users.values() if u.token == token), None)

    def user_by_username(self, username: str) -> User | None:
        """A user by username, case-insensitively, as X matches them."""
        wanted = username.lower().lstrip("@")
        return next((u for u in self.users.values() if u.username.lower() == wanted), None)

    # Media

    def add_media(
        self, kind: str, url: str | None = None, alt_text: str | None = None
    ) -> MediaItem:
        """Register an uploaded photo/video/animated_gif and return it."""
        if kind not in MEDIA_TYPE_DIGIT:
            raise invalid_request(f"Unsupported media type [{kind}]", "type", kind)
        media_id = self.next_id()
        extension = "jpg" if kind == "photo" else "mp4"
        item = MediaItem(
            media_id,
            f"{MEDIA_TYPE_DIGIT[kind]}_{media_id}",
            kind,
            url or f"https://pbs.twimg.com/media/fake{media_id}.{extension}",
            alt_text=alt_text,
        )
        with self._lock:
            self.media[item.media_key] = item
        return item

    def media_by_id(self, media_id: str) -> MediaItem | None:
        """Media by its numeric media_id (what POST /2/tweets references)."""
        return next((m for m in self.media.values() if m.media_id == media_id), None)

    # Posts

    def create_post(
        self,
        author: User,
        text: str,
        *,
        in_reply_to: str | None = None,
        media_ids: Iterable[str] = (),
        coordinates: tuple[float, float] | None = None,
        place_id: str | None = None,
    ) -> Post:
        """Validate like X, store the post, then tell the listeners (stream, webhooks)."""
        media = []
        for media_id in media_ids:
            item = self.media_by_id(str(media_id))
            if item is None:
                raise invalid_request("Your media IDs are invalid.", "media.media_ids", media_id)
            media.append(item)
        if not text.strip() and not media:
            raise invalid_request("text must not be empty", "text", text)
        if post_text.weighted_length(text) > post_text.MAX_WEIGHTED_LENGTH:
            raise invalid_request(
                f"Text is too long: the weighted length may be at most "
                f"{post_text.MAX_WEIGHTED_LENGTH} (URLs count {post_text.URL_WEIGHT}).",
                "text",
                text,
            )
        if place_id is not None and place_id not in self.places:
            raise invalid_request("Invalid place_id.", "geo.place_id", place_id)
        with self._lock:
            parent = self.posts.get(in_reply_to) if in_reply_to else None
            if in_reply_to and parent is None:
                raise ApiError(
                    403,
                    "Forbidden",
                    "You attempted to reply to a Tweet that is deleted or not visible to you.",
                )
            now = self.clock()
            if any(
                p.author_id == author.id
                and p.text == text
                and now - p.created_at < DUPLICATE_WINDOW
                for p in self.posts.values()
            ):
                raise ApiError(
                    403,
                    "Forbidden",
                    "You are not allowed to create a Tweet with duplicate content.",
                )
            post_id = self.next_id()
            mentions = []
            for start, end, username in post_text.find_mentions(text):
                user = self.user_by_username(username)
                mentions.append(
                    MentionEntity(
                        start, end, user.username if user else username, user.id if user else None
                    )
                )
            post = Post(
                id=post_id,
                author_id=author.id,
                text=text,
                created_at=now,
                conversation_id=parent.conversation_id if parent else post_id,
                in_reply_to_user_id=parent.author_id if parent else None,
                replied_to=parent.id if parent else None,
                mentions=mentions,
                urls=post_text.find_urls(text),
                media_keys=[m.media_key for m in media],
                coordinates=coordinates,
                place_id=place_id,
            )
            self.posts[post.id] = post
            listeners = list(self.listeners)
        for listener in listeners:
            listener(post)
        return post

    def newest_first(self, posts: Iterable[Post]) -> list[Post]:
        """Reverse chronological order, as every X timeline answers."""
        return sorted(posts, key=lambda p: int(p.id), reverse=True)

    def mentions_of(self, user_id: str) -> list[Post]:
        """Posts by others that @mention the user, newest first, capped like X's timeline."""
        with self._lock:
            found = [
                p
                for p in self.posts.values()
                if p.author_id != user_id and any(m.user_id == user_id for m in p.mentions)
            ]
        return self.newest_first(found)[:MENTIONS_REACH]

    def posts_by(self, user_id: str) -> list[Post]:
        """The user's own posts, newest first."""
        with self._lock:
            return self.newest_first(p for p in self.posts.values() if p.author_id == user_id)

    # Stream rules

    def add_rule(self, value: str, tag: str | None) -> Rule:
        """Store a rule (the caller validated it)."""
        with self._lock:
            rule = Rule(self.next_id(), value, tag)
            self.rules[rule.id] = rule
            return rule

    def rule_with_value(self, value: str) -> Rule | None:
        """An existing rule with exactly this value (X refuses duplicates)."""
        return next((r for r in self.rules.values() if r.value == value), None)

    # Webhooks

    def add_webhook(self, url: str) -> Webhook:
        """Register a webhook whose CRC has passed."""
        with self._lock:
            webhook = Webhook(self.next_id(), url, self.clock())
            self.webhooks[webhook.id] = webhook
            return webhook

    def reset(self) -> None:
        """Forget posts, media, rules, webhooks and rate-limit state; users and places stay."""
        with self._lock:
            self.posts.clear()
            self.media.clear()
            self.rules.clear()
            self.webhooks.clear()
            self.rate_limiter.reset()
