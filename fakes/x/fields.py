"""The fields and expansions query parameters of X API v2, validated like X does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from fakes.x.models import invalid_request

TWEET_FIELDS = frozenset(
    [
        "attachments",
        "author_id",
        "context_annotations",
        "conversation_id",
        "created_at",
        "edit_controls",
        "edit_history_tweet_ids",
        "entities",
        "geo",
        "id",
        "in_reply_to_user_id",
        "lang",
        "non_public_metrics",
        "note_tweet",
        "organic_metrics",
        "possibly_sensitive",
        "promoted_metrics",
        "public_metrics",
        "referenced_tweets",
        "reply_settings",
        "source",
        "text",
        "withheld",
    ]
)
EXPANSIONS = frozenset(
    [
        "attachments.media_keys",
        "attachments.poll_ids",
        "author_id",
        "edit_history_tweet_ids",
        "entities.mentions.username",
        "geo.place_id",
        "in_reply_to_user_id",
        "referenced_tweets.id",
        "referenced_tweets.id.author_id",
    ]
)
USER_FIELDS = frozenset(
    [
        "created_at",
        "description",
        "entities",
        "id",
        "location",
        "name",
        "pinned_tweet_id",
        "profile_image_url",
        "protected",
        "public_metrics",
        "url",
        "username",
        "verified",
        "verified_type",
        "withheld",
    ]
)
MEDIA_FIELDS = frozenset(
    [
        "alt_text",
        "duration_ms",
        "height",
        "media_key",
        "non_public_metrics",
        "organic_metrics",
        "preview_image_url",
        "promoted_metrics",
        "public_metrics",
        "type",
        "url",
        "variants",
        "width",
    ]
)
PLACE_FIELDS = frozenset(
    ["contained_within", "country", "country_code", "full_name", "geo", "id", "name", "place_type"]
)
_ALLOWED = {
    "tweet.fields": TWEET_FIELDS,
    "expansions": EXPANSIONS,
    "user.fields": USER_FIELDS,
    "media.fields": MEDIA_FIELDS,
    "place.fields": PLACE_FIELDS,
    "poll.fields": frozenset(
        ["duration_minutes", "end_datetime", "id", "options", "voting_status"]
    ),
}


@dataclass(frozen=True)
class Fields:
    """What the caller asked for, per object type."""

    tweet: frozenset[str] = frozenset()
    expansions: frozenset[str] = frozenset()
    user: frozenset[str] = frozenset()
    media: frozenset[str] = frozenset()
    place: frozenset[str] = frozenset()


def parse_fields(params: Mapping[str, str]) -> Fields:
    """Fields and expansions from query params; 400 for values X does not know."""
    chosen: dict[str, frozenset[str]] = {}
    for name, allowed in _ALLOWED.items():
        values = frozenset(v for v in (params.get(name) or "").split(",") if v)
        unknown = sorted(values - allowed)
        if unknown:
            raise invalid_request(
                f"The `{name}` query parameter value [{unknown[0]}] is not one of "
                f"[{','.join(sorted(allowed))}]",
                name,
                ",".join(sorted(values)),
            )
        chosen[name] = values
    return Fields(
        chosen["tweet.fields"],
        chosen["expansions"],
        chosen["user.fields"],
        chosen["media.fields"],
        chosen["place.fields"],
    )


def timestamp(moment: datetime) -> str:
    """X's timestamps: ISO-8601 UTC with milliseconds and a Z."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )
