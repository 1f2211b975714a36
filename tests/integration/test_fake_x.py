"""The fake X, served for real by uvicorn, driven by the real tweepy client (and httpx)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx
import pytest
import tweepy

from fakes.x import APP_BEARER_TOKEN, CONSUMER_SECRET, SEED_USERS
from fakes.x.webhooks import signature
from tests.support import x as support
from tests.support.waiting import wait_until
from tests.support.x import FakeX, WebhookReceiver, serving

# The fixtures (module-scoped server, reset per test) come from the support module.
running_fake_x = support.running_fake_x
fake_x = support.fake_x

REPORT = "🚧 @MonmouthshireCC pothole on Frogmore Street, Abergavenny"
MONMOUTHSHIRE = FakeX.user_id("MonmouthshireCC")


def _tweet(fake: FakeX, citizen: str, text: str, **kwargs: Any) -> str:
    response = fake.client(citizen).create_tweet(text=text, user_auth=False, **kwargs)
    return str(response.data["id"])


def test_every_seeded_user_token_acts_as_its_user(fake_x: FakeX) -> None:
    for seeded in SEED_USERS:
        me = fake_x.client(seeded.username).get_me(user_auth=False).data
        assert (str(me.id), me.username, me.name) == (seeded.user_id, seeded.username, seeded.name)


def test_lookups_work_and_bad_or_wrong_tokens_get_x_errors(fake_x: FakeX) -> None:
    app = fake_x.client()
    assert str(app.get_user(username="tfl").data.id) == FakeX.user_id("TfL")
    assert app.get_user(id=FakeX.user_id("priya")).data.username == "priya"
    with pytest.raises(tweepy.Unauthorized) as unauthorized:
        fake_x.point(tweepy.Client(bearer_token="nope")).get_user(username="TfL")
    assert unauthorized.value.response.json()["title"] == "Unauthorized"
    with pytest.raises(tweepy.Forbidden, match="Application-Only is forbidden"):
        app.get_me(user_auth=False)


def test_a_citizen_mention_reaches_the_timeline_with_code_point_offsets(fake_x: FakeX) -> None:
    post_id = _tweet(fake_x, "lowri", REPORT)
    page = fake_x.client().get_users_mentions(
        MONMOUTHSHIRE,
        tweet_fields=["created_at", "entities", "author_id"],
        expansions=["author_id"],
    )
    assert [t.id for t in page.data] == [int(post_id)]
    mention = page.data[0].entities["mentions"][0]
    # The emoji is one code point: the mention starts at 2, not at its UTF-16 offset 3.
    assert (mention["start"], mention["end"], mention["username"]) == (2, 18, "MonmouthshireCC")
    assert mention["id"] == MONMOUTHSHIRE
    assert page.includes["users"][0].username == "lowri"
    assert page.data[0].created_at is not None
    assert page.meta["newest_id"] == post_id


def test_a_post_has_only_the_default_fields_unless_more_are_asked_for(fake_x: FakeX) -> None:
    post_id = _tweet(fake_x, "tom", "@TfL bus stop sign down & glass <everywhere>")
    raw = fake_x.get(f"/2/tweets/{post_id}").json()["data"]
    assert set(raw) == {"id", "text", "edit_history_tweet_ids"}
    assert raw["text"] == "@TfL bus stop sign down &amp; glass &lt;everywhere&gt;"
    fuller = fake_x.get(f"/2/tweets/{post_id}", **{"tweet.fields": "author_id,lang"}).json()
    assert fuller["data"]["author_id"] == FakeX.user_id("tom")
    bad = fake_x.get(f"/2/tweets/{post_id}", **{"tweet.fields": "colour"})
    assert bad.status_code == 400
    assert "is not one of" in bad.json()["errors"][0]["message"]
    assert "Could not find tweet" in fake_x.get("/2/tweets/1").json()["errors"][0]["detail"]


def test_a_reply_keeps_its_thread(fake_x: FakeX) -> None:
    report = _tweet(fake_x, "priya", "@CityWestminster bins overflowing on Oxford Street")
    reply = _tweet(
        fake_x, "CityWestminster", "@priya Thank you, logged.", in_reply_to_tweet_id=report
    )
    data = (
        fake_x.client()
        .get_tweet(
            reply,
            tweet_fields=["conversation_id", "in_reply_to_user_id", "referenced_tweets"],
        )
        .data
    )
    assert data.conversation_id == int(report)
    assert data.in_reply_to_user_id == int(FakeX.user_id("priya"))
    assert [(r.type, r.id) for r in data.referenced_tweets] == [("replied_to", int(report))]
    with pytest.raises(tweepy.Forbidden, match="deleted or not visible"):
        _tweet(fake_x, "tom", "into the void", in_reply_to_tweet_id="12345")


def test_the_280_limit_is_weighted_and_a_url_counts_23(fake_x: FakeX) -> None:
    _tweet(fake_x, "sam", "x" * 280)
    _tweet(fake_x, "sam", "see https://example.org/" + "a" * 300 + " " + "y" * 252)
    with pytest.raises(tweepy.BadRequest, match="too long"):
        _tweet(fake_x, "sam", "z" * 281)
    with pytest.raises(tweepy.BadRequest, match="too long"):
        _tweet(fake_x, "sam", "🚦" * 141)  # emoji weigh 2: 282
    with pytest.raises(tweepy.Forbidden, match="duplicate content"):
        _tweet(fake_x, "sam", "x" * 280)


def test_mentions_timeline_pages_back_with_next_token_and_honours_since_id(
    fake_x: FakeX,
) -> None:
    ids = [
        _tweet(fake_x, "davy", f"@deptinfra pothole {i} on Main Street, Bangor") for i in range(7)
    ]
    app = fake_x.client()
    user = FakeX.user_id("deptinfra")
    paged = list(tweepy.Paginator(app.get_users_mentions, user, max_results=5).flatten())
    assert [str(t.id) for t in paged] == ids[::-1]
    first = app.get_users_mentions(user, max_results=5)
    assert len(first.data) == 5 and "next_token" in first.meta
    newer = app.get_users_mentions(user, since_id=ids[4])
    assert [str(t.id) for t in newer.data] == [ids[6], ids[5]]
    assert app.get_users_mentions(user, since_id=ids[6]).meta == {"result_count": 0}
    with pytest.raises(tweepy.BadRequest, match="between 5 and 100"):
        app.get_users_mentions(user, max_results=3)


def test_geo_and_media_come_back_through_expansions(fake_x: FakeX) -> None:
    posted = fake_x.post(
        "aoife",
        "@PSNIBangor car on fire outside the marina",
        geo={"lat": 54.6641, "lon": -5.6689, "place_id": "6b2e1d4c3f5a7081"},
        media=[{"type": "photo", "url": "https://pbs.twimg.com/media/fire.png"}],
    )
    photo = fake_x.control("media", {"type": "video"})
    video_post = fake_x.client("aoife").create_tweet(
        text="@PSNIBangor and a video", media_ids=[photo["media_id"]], user_auth=False
    )
    lookup = fake_x.client().get_tweets(
        [posted["id"], video_post.data["id"]],
        tweet_fields=["geo", "attachments"],
        expansions=["geo.place_id", "attachments.media_keys"],
        media_fields=["url", "variants"],
        place_fields=["geo", "place_type"],
    )
    first = lookup.data[0]
    assert first.geo["coordinates"] == {"type": "Point", "coordinates": [-5.6689, 54.6641]}
    assert first.geo["place_id"] == "6b2e1d4c3f5a7081"
    assert lookup.includes["places"][0].full_name == "Bangor, Northern Ireland"
    media = {m.type: m for m in lookup.includes["media"]}
    assert media["photo"].url == "https://pbs.twimg.com/media/fire.png"
    assert media["video"].variants[0]["content_type"] == "video/mp4"


def test_every_response_carries_rate_limit_headers_and_a_429_says_when(fake_x: FakeX) -> None:
    headers = fake_x.get(f"/2/users/{MONMOUTHSHIRE}/mentions").headers
    assert headers["x-rate-limit-limit"] == "450"
    assert headers["x-rate-limit-remaining"] == "449"
    fake_x.control("rate_limit", {"fail_next": 1, "reset_in": 30})
    with pytest.raises(tweepy.TooManyRequests) as raised:
        fake_x.client().get_users_mentions(MONMOUTHSHIRE)
    assert raised.value.api_codes == [88]
    assert raised.value.response.json()["errors"][0]["message"] == "Rate limit exceeded"
    assert 29 <= raised.value.reset_time - time.time() <= 31
    assert fake_x.get(f"/2/users/{MONMOUTHSHIRE}/mentions").status_code == 200


def test_the_window_limit_is_counted_per_endpoint_and_token(fake_x: FakeX) -> None:
    fake_x.control("rate_limit", {"limit": 2})
    path = f"/2/users/{MONMOUTHSHIRE}/mentions"
    assert [fake_x.get(path).status_code for _ in range(3)] == [200, 200, 429]
    assert fake_x.get(path, token="token-monmouthshirecc").status_code == 200
    assert fake_x.get(f"/2/users/{MONMOUTHSHIRE}").status_code == 200


def test_recent_search_finds_a_conversation(fake_x: FakeX) -> None:
    report = _tweet(fake_x, "priya", "@CityWestminster broken paving on Strand")
    reply = _tweet(fake_x, "CityWestminster", "@priya Logged.", in_reply_to_tweet_id=report)
    _tweet(fake_x, "tom", "@CityWestminster something else entirely")
    app = fake_x.client()
    found = app.search_recent_tweets(f"conversation_id:{report}")
    assert {str(t.id) for t in found.data} == {report, reply}
    ours = app.search_recent_tweets(f"conversation_id:{report} from:citywestminster")
    assert [str(t.id) for t in ours.data] == [reply]
    with pytest.raises(tweepy.BadRequest):
        app.search_recent_tweets("(pothole OR bins)")


class Listener(tweepy.StreamingClient):
    """Collects stream responses with posts in them."""

    def __init__(self, fake: FakeX) -> None:
        super().__init__(APP_BEARER_TOKEN, max_retries=1)
        fake.point(self)
        self.responses: list[Any] = []

    def on_response(self, response: Any) -> None:
        if response.data is not None:
            self.responses.append(response)


def test_the_filtered_stream_sends_matching_posts_with_their_rules(fake_x: FakeX) -> None:
    listener = Listener(fake_x)
    added = listener.add_rules(tweepy.StreamRule("@TfL OR @metpoliceuk", tag="heard"))
    assert added.meta["summary"]["created"] == 1
    again = listener.add_rules(tweepy.StreamRule("@TfL OR @metpoliceuk"))
    assert again.errors[0]["title"] == "DuplicateRule"
    assert [r.value for r in listener.get_rules().data] == ["@TfL OR @metpoliceuk"]
    thread: threading.Thread = listener.filter(threaded=True, expansions=["author_id"])
    try:
        wait_until(fake_x.stream_connected, timeout=5, what="tweepy connected")
        _tweet(fake_x, "sam", "@CityWestminster not for this stream")
        post_id = _tweet(fake_x, "sam", "@TfL signals out at Marble Arch")
        got = wait_until(lambda: listener.responses, timeout=5, what="a streamed post")
        assert [str(r.data.id) for r in got] == [post_id]
        assert got[0].matching_rules[0].tag == "heard"
        assert got[0].includes["users"][0].username == "sam"
    finally:
        listener.disconnect()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_the_stream_needs_rules_and_a_second_connection_kicks_the_first(fake_x: FakeX) -> None:
    url = f"{fake_x.base_url}/2/tweets/search/stream"
    app = {"Authorization": f"Bearer {APP_BEARER_TOKEN}"}
    assert httpx.get(url, headers=app).status_code == 409
    rules = httpx.post(f"{url}/rules", headers=app, json={"add": [{"value": "@TfL"}]})
    assert rules.json()["meta"]["summary"]["created"] == 1
    assert httpx.get(url, headers={"Authorization": "Bearer citizen-sam"}).status_code == 403
    with httpx.stream("GET", url, headers=app, timeout=5) as first:
        lines = first.iter_lines()
        assert next(lines) == ""  # a keep-alive arrives within the configured interval
        with httpx.stream("GET", url, headers=app, timeout=5) as second:
            assert second.status_code == 200
            rest = [line for line in lines if line.strip()]
    assert json.loads(rest[0])["errors"][0]["title"] == "operational-disconnect"
    assert len(rest) == 1  # and then the first stream ends


def test_a_webhook_registers_only_after_a_good_crc_and_gets_signed_events(fake_x: FakeX) -> None:
    wrong, right = WebhookReceiver("not-the-secret"), WebhookReceiver(CONSUMER_SECRET)
    app = {"Authorization": f"Bearer {APP_BEARER_TOKEN}"}
    tfl = FakeX.user_id("TfL")
    with serving(wrong.app()) as wrong_url, serving(right.app()) as right_url:
        hooks = f"{fake_x.base_url}/2/webhooks"
        refused = httpx.post(hooks, headers=app, json={"url": wrong_url + "/hook"})
        assert refused.status_code == 400
        assert "CrcValidationFailed" in refused.json()["detail"]
        created = httpx.post(hooks, headers=app, json={"url": right_url + "/hook"}).json()
        assert created["data"]["valid"] is True
        subscribed = httpx.post(
            f"{fake_x.base_url}/2/account_activity/webhooks/{created['data']['id']}"
            "/subscriptions/all",
            headers={"Authorization": "Bearer token-tfl"},
        )
        assert subscribed.json() == {"data": {"subscribed": True}}
        post = fake_x.post("sam", "@TfL lights out at Euston", geo={"lat": 51.5281, "lon": -0.1337})
        body, header = wait_until(lambda: right.deliveries, timeout=5)[0]
        assert header == signature(CONSUMER_SECRET, body)
        payload = json.loads(body)
        assert (payload["for_user_id"], payload["user_has_blocked"]) == (tfl, "false")
        tweet = payload["tweet_create_events"][0]
        assert (tweet["id_str"], tweet["user"]["screen_name"]) == (post["id"], "sam")
        assert tweet["entities"]["user_mentions"][0]["id_str"] == tfl
        assert tweet["coordinates"]["coordinates"] == [-0.1337, 51.5281]  # GeoJSON: lon, lat
        assert fake_x.control("webhooks/replay")["status"] == 200
        assert right.deliveries[1] == right.deliveries[0]
    assert wrong.deliveries == []
