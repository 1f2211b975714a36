"""A fake X (API v2) server (FastAPI, in-memory) for Heard's tests and demos.

`python -m fakes.x --port 8102`, or create_app(consumer_secret=..., app_bearer_token=...,
stream_keepalive_s=...) and run(host, port). Seeded users, ids and tokens: fakes.x.seed.
Test controls under /_fake: fakes.x.control.

Served (auth: `Authorization: Bearer <app bearer | user token>`; 401 problem JSON otherwise):
- GET  /2/users/me (user), /2/users/by/username/:username, /2/users/:id,
       /2/users/:id/mentions, /2/users/:id/tweets (since_id, until_id, max_results 5-100,
       pagination_token; newest first; meta result_count/newest_id/oldest_id/next_token)
- POST /2/tweets (user): text, reply.in_reply_to_tweet_id, media.media_ids, geo.place_id
       (+ geo.coordinates, the fake's extra); 280 weighted characters (fakes.x.text);
       403 on duplicate content or a reply to an unknown post
- GET  /2/tweets/:id, /2/tweets?ids=, /2/tweets/search/recent (query subset: fakes.x.query)
       with tweet/user/media/place.fields and expansions (fakes.x.fields)
- GET/POST /2/tweets/search/stream/rules, GET /2/tweets/search/stream (app only)
- /2/webhooks (CRC on register and PUT) and /2/account_activity/webhooks/:id/subscriptions
- x-rate-limit-* on every /2/ answer; 429 code 88 per endpoint, per token, per 15 minutes
Not served: OAuth 1.0a (answered 401), media upload (use POST /_fake/media), t.co wrapping,
edits, deletes, likes, DMs, quote posts and retweets.
"""

from fakes.x.app import DEFAULT_PORT, create_app, run
from fakes.x.seed import (
    APP_BEARER_TOKEN,
    CITIZEN_USERS,
    CONSUMER_SECRET,
    OFFICIAL_USERS,
    SEED_USERS,
    SeedUser,
)

__all__ = [
    "APP_BEARER_TOKEN",
    "CITIZEN_USERS",
    "CONSUMER_SECRET",
    "DEFAULT_PORT",
    "OFFICIAL_USERS",
    "SEED_USERS",
    "SeedUser",
    "create_app",
    "run",
]
