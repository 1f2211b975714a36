"""The fake Graph API, served for real by uvicorn, driven by pyfacebook (python-facebook-api).

pyfacebook is used because its GraphAPI takes a base_url; facebook-sdk hard-codes
graph.facebook.com and rejects versions after 3.1.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from pyfacebook import FacebookError

from fakes.facebook import APP_ID, DEFAULT_APP_SECRET, SEED_PAGES, SEED_USERS, page_for, user_for
from tests.support.facebook import FakeFacebook, facebook, running_facebook  # noqa: F401
from tests.support.mastodon import serve_in_thread

GRAPH_ID = re.compile(r"^\d+_\d+$")


@dataclass
class Recorder:
    """A bare webhook endpoint: echoes the challenge for one token, records raw deliveries."""

    base_url: str = ""
    token: str = "right-token"
    bodies: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    refuse_next: int = 0

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/hook")
        async def verify(request: Request) -> Response:
            q = request.query_params
            if q.get("hub.mode") == "subscribe" and q.get("hub.verify_token") == self.token:
                return PlainTextResponse(q.get("hub.challenge", ""))
            return PlainTextResponse("no", status_code=403)

        @app.post("/hook")
        async def deliver(request: Request) -> Response:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return PlainTextResponse("busy", status_code=500)
            self.bodies.append((await request.body(), dict(request.headers)))
            return PlainTextResponse("ok")

        return app


@pytest.fixture(scope="module")
def running_recorder() -> Iterator[Recorder]:
    recorder = Recorder()
    server, thread, recorder.base_url = serve_in_thread(recorder.app())
    try:
        yield recorder
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def recorder(facebook: FakeFacebook, running_recorder: Recorder) -> Recorder:  # noqa: F811
    """The app's webhook pointed at the recorder, verified with Meta's handshake."""
    running_recorder.bodies.clear()
    running_recorder.refuse_next = 0
    app = facebook.client(f"{APP_ID}|{DEFAULT_APP_SECRET}")
    answer = app.post_object(
        APP_ID,
        "subscriptions",
        data={
            "object": "page",
            "callback_url": running_recorder.base_url + "/hook",
            "verify_token": running_recorder.token,
            "fields": "feed,mention",
        },
    )
    assert answer == {"success": True}
    return running_recorder


def test_every_seeded_token_acts_as_its_page_or_citizen(facebook: FakeFacebook) -> None:  # noqa: F811
    for page in SEED_PAGES:
        me = facebook.client(page.token).get_object("me", fields="id,name,username")
        assert (me["id"], me["username"]) == (page.page_id, page.handle)
    for user in SEED_USERS:
        assert facebook.client(user.token).get_object("me")["name"] == user.name
    assert page_for("TfL").page_id == "100000000000012"
    assert user_for("lowri").user_id == "200000000000001"


def test_comments_and_replies_have_graph_ids_and_read_back_with_their_parent(
    facebook: FakeFacebook,  # noqa: F811
) -> None:
    council = facebook.page("MonmouthshireCC")
    post = council.post_object("me", "feed", data={"message": "Roadworks on Frogmore Street"})
    comment = facebook.citizen("lowri").post_object(
        post["id"],
        "comments",
        data={
            "message": "Pothole by the café",
            "attachment_url": "https://example.org/pothole.png",
        },
    )
    reply = council.post_object(comment["id"], "comments", data={"message": "Logged, thanks"})

    page_id = page_for("MonmouthshireCC").page_id
    assert GRAPH_ID.match(post["id"]) and post["id"].startswith(page_id + "_")
    assert comment["id"].split("_")[0] == post["id"].split("_")[1]
    assert reply["id"].split("_")[0] == post["id"].split("_")[1]
    read = council.get_object(reply["id"], fields="message,from,created_time,parent")
    assert read["from"] == {"name": "Monmouthshire County Council", "id": page_id}
    assert read["parent"]["id"] == comment["id"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$", read["created_time"])
    top = council.get_object(comment["id"], fields="message,parent,attachment")
    assert "parent" not in top  # a top-level comment has no parent field at all
    assert top["attachment"]["media"]["image"]["src"] == "https://example.org/pothole.png"
    listed = council.get_connection(post["id"], "comments", fields="id,from,message")
    assert [c["id"] for c in listed["data"]] == [comment["id"]]
    assert council.get_connection(comment["id"], "comments")["data"][0]["id"] == reply["id"]


def test_a_post_with_a_place_and_photo_reads_back_with_location_and_attachment(
    facebook: FakeFacebook,  # noqa: F811
) -> None:
    place = {"name": "Frogmore Street", "location": {"latitude": 51.8218, "longitude": -3.0172}}
    post = facebook.citizen("tom").post_object(
        page_for("MonmouthshireCC").page_id,
        "feed",
        data={
            "message": "Flooding outside the library",
            "place": json.dumps(place),
            "attachment_url": "https://example.org/flood.jpg",
        },
    )
    read = facebook.page("MonmouthshireCC").get_object(
        post["id"], fields="message,from,place,attachments,permalink_url"
    )
    assert read["place"]["location"] == {"latitude": 51.8218, "longitude": -3.0172}
    assert (
        read["attachments"]["data"][0]["media"]["image"]["src"] == "https://example.org/flood.jpg"
    )
    assert read["from"]["name"] == "Tom Evans"
    assert read["permalink_url"].startswith("https://www.facebook.com/")


def test_errors_come_in_metas_shape_with_its_codes(facebook: FakeFacebook) -> None:  # noqa: F811
    council = facebook.page("TfL")
    post = council.post_object("me", "feed", data={"message": "Night Tube update"})
    cases: list[tuple[Any, int]] = [
        (lambda: council.get_object(post["id"], fields="parent"), 100),  # not a Post field
        (lambda: facebook.client("not-a-token").get_object("me"), 190),
        (lambda: council.get_object("123_456"), 100),
        (lambda: facebook.page("TfL", app_secret="wrong").get_object("me"), 100),
        (
            lambda: facebook.citizen("sam").get_connection(
                post["id"].split("_")[0], "subscribed_apps"
            ),
            210,
        ),
        (lambda: council.post_object(post["id"], "comments", data={"message": " "}), 100),
    ]
    for call, code in cases:
        with pytest.raises(FacebookError) as raised:
            call()
        assert raised.value.code == code
    bad = httpx.get(f"{facebook.base_url}/v25.0/me", params={"access_token": "nope"})
    assert bad.status_code == 400
    assert bad.json()["error"]["type"] == "OAuthException"
    assert "invalid_token" in bad.headers["WWW-Authenticate"]


def test_usage_headers_parse_with_pyfacebook_and_throttling_is_http_400_with_80001(
    facebook: FakeFacebook,  # noqa: F811
) -> None:
    facebook.control("rate_limit", {"limit": 10})
    council = facebook.page("CityWestminster")
    council.get_object("me")
    council.get_object("me")
    page_id = page_for("CityWestminster").page_id
    assert council.rate_limit.get_limit(page_id, "pages").call_count == 20
    assert council.rate_limit.get_limit().call_count == 20

    facebook.control("rate_limit", {"fail_next": 1, "estimated_time_to_regain_access": 3})
    with pytest.raises(FacebookError) as raised:
        council.get_object("me")
    assert raised.value.code == 80001
    usage = council.rate_limit.get_limit(page_id, "pages")
    assert (usage.call_count, usage.estimated_time_to_regain_access) == (100, 3)
    facebook.control("rate_limit", {"fail_next": 1, "code": 17})
    answer = httpx.get(f"{facebook.base_url}/v25.0/me", params={"access_token": "citizen-sam"})
    assert (answer.status_code, answer.json()["error"]["code"]) == (400, 17)
    assert answer.json()["error"]["is_transient"] is True


def test_subscription_needs_the_challenge_echoed_and_an_app_token(
    facebook: FakeFacebook,
    running_recorder: Recorder,  # noqa: F811
) -> None:
    app = facebook.client(f"{APP_ID}|{DEFAULT_APP_SECRET}")
    hook = running_recorder.base_url + "/hook"
    with pytest.raises(FacebookError) as wrong:
        app.post_object(
            APP_ID,
            "subscriptions",
            data={
                "object": "page",
                "callback_url": hook,
                "verify_token": "wrong",
                "fields": "feed",
            },
        )
    assert wrong.value.code == 2200
    with pytest.raises(FacebookError) as not_app:
        facebook.page("TfL").post_object(
            APP_ID,
            "subscriptions",
            data={"object": "page", "callback_url": hook, "verify_token": running_recorder.token},
        )
    assert not_app.value.code == 15
    assert app.get_connection(APP_ID, "subscriptions")["data"] == []


def test_deliveries_are_signed_over_metas_escaped_bytes(
    facebook: FakeFacebook,
    recorder: Recorder,  # noqa: F811
) -> None:
    council = facebook.page("ArdsNorthDown")
    assert council.post_object(
        "me", "subscribed_apps", params={"subscribed_fields": "feed,mention"}
    ) == {"success": True}
    post = council.post_object("me", "feed", data={"message": "Bin collections this week"})
    comment = facebook.citizen("davy").post_object(
        post["id"], "comments", data={"message": "Bin not emptied on Main St, Bangor — café side"}
    )
    facebook.settle()

    mine = [
        b
        for b in recorder.bodies
        if json.loads(b[0])["entry"][0]["changes"][0]["value"].get("comment_id") == comment["id"]
    ]
    assert len(mine) == 1
    raw, headers = mine[0]
    key = DEFAULT_APP_SECRET.encode()
    assert headers["x-hub-signature-256"] == "sha256=" + hmac.new(key, raw, "sha256").hexdigest()
    assert headers["x-hub-signature"] == "sha1=" + hmac.new(key, raw, hashlib.sha1).hexdigest()
    assert b"\\u2014 caf\\u00e9" in raw and b"https:\\/\\/www.facebook.com" in raw
    entry = json.loads(raw)["entry"][0]
    value = entry["changes"][0]["value"]
    assert entry["id"] == page_for("ArdsNorthDown").page_id
    assert (value["item"], value["verb"], value["parent_id"]) == ("comment", "add", post["id"])
    assert value["from"] == {"id": user_for("davy").user_id, "name": "Davy Gilmore"}
    assert isinstance(value["created_time"], int)


def test_a_tag_is_a_mention_change_without_text_and_replays_byte_for_byte(
    facebook: FakeFacebook,
    recorder: Recorder,  # noqa: F811
) -> None:
    facebook.page("PSNIBangor").post_object(
        "me", "subscribed_apps", params={"subscribed_fields": "mention"}
    )
    post = facebook.citizen("aoife").post_object(
        "me", "feed", data={"message": "@PSNIBangor car parked on the pavement on High Street"}
    )
    facebook.settle()
    assert len(recorder.bodies) == 1
    value = json.loads(recorder.bodies[0][0])["entry"][0]["changes"][0]["value"]
    assert value == {
        "item": "post",
        "verb": "add",
        "post_id": post["id"],
        "sender_id": user_for("aoife").user_id,
        "sender_name": "Aoife Kelly",
    }
    replayed = facebook.control("webhooks/replay")
    assert replayed["delivered"] and replayed["replay_of"] == 1
    assert recorder.bodies[1][0] == recorder.bodies[0][0]


def test_a_refused_delivery_is_retried_until_it_is_taken(
    facebook: FakeFacebook,
    recorder: Recorder,  # noqa: F811
) -> None:
    facebook.page("gwentpolice").post_object(
        "me", "subscribed_apps", params={"subscribed_fields": "mention"}
    )
    recorder.refuse_next = 1
    facebook.citizen("lowri").post_object("me", "feed", data={"message": "@gwentpolice thanks"})
    facebook.settle()
    [delivery] = facebook.deliveries()
    assert (delivery["attempts"], delivery["status"], delivery["delivered"]) == (2, 200, True)
    assert len(recorder.bodies) == 1
