"""The fake Bluesky, served for real by uvicorn, driven by the real atproto client and by
Jetstream v1 read with `websockets`, as the platform contract describes."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
import websockets
from atproto import client_utils, models
from atproto_client.exceptions import BadRequestError, RateLimitExceededError, UnauthorizedError

from fakes.bluesky import SEED_ACCOUNTS, did_for, seed_account
from tests.support.bluesky import (  # noqa: F401 - fixtures
    FakeBluesky,
    bluesky_fixture,
    decode,
    running_bluesky_fixture,
)

COUNCIL = seed_account("MonmouthshireCC")
REPORT = " pothole on Frogmore Street, Abergavenny"


def _report(fake: FakeBluesky, citizen: str = "lowri", prefix: str = "🚧 ") -> Any:
    text = client_utils.TextBuilder().text(prefix).mention(f"@{COUNCIL.handle}", COUNCIL.did)
    return fake.client(citizen).send_post(text.text(REPORT))


async def _next(socket: Any, wait_s: float = 3.0) -> dict[str, Any]:
    return decode(await asyncio.wait_for(socket.recv(), wait_s))


async def _silent(socket: Any, wait_s: float = 0.3) -> bool:
    try:
        await asyncio.wait_for(socket.recv(), wait_s)
    except TimeoutError:
        return True
    return False


def test_login_gives_a_session_whose_jwts_the_client_can_decode(bluesky: FakeBluesky) -> None:
    client = bluesky.client("lowri")
    assert (client.me.handle, client.me.did) == ("lowri.bsky.social", did_for("lowri.bsky.social"))
    assert client.me.display_name == "Lowri Powell"
    payload = client._session.access_jwt_payload
    assert payload.sub == client.me.did and payload.exp > time.time() + 3600
    assert client._base_url == f"{bluesky.base_url}/xrpc"  # the didDoc names the fake as the PDS


def test_every_seeded_app_password_logs_in_as_its_account(bluesky: FakeBluesky) -> None:
    for account in SEED_ACCOUNTS:
        body = {"identifier": account.handle, "password": account.password}
        session = bluesky.xrpc("POST", "com.atproto.server.createSession", json=body).json()
        assert (session["handle"], session["did"], session["active"]) == (
            account.handle,
            account.did,
            True,
        )
    assert len({a.did for a in SEED_ACCOUNTS}) == len(SEED_ACCOUNTS) == 23
    assert all(a.did.startswith("did:plc:") and len(a.did) == 32 for a in SEED_ACCOUNTS)


def test_a_wrong_app_password_is_refused_as_authentication_required(bluesky: FakeBluesky) -> None:
    from atproto import Client

    with pytest.raises(UnauthorizedError) as raised:
        Client(base_url=f"{bluesky.base_url}/xrpc").login("lowri.bsky.social", "citizen-tom")
    assert raised.value.response.content.error == "AuthenticationRequired"


def test_text_builder_mention_is_stored_with_utf8_byte_offsets(bluesky: FakeBluesky) -> None:
    post = _report(bluesky)
    assert post.uri.startswith(f"at://{did_for('lowri.bsky.social')}/app.bsky.feed.post/")
    assert post.cid.startswith("bafyrei")
    [stored] = bluesky.posts()
    [facet] = stored["record"]["facets"]
    index = (facet["index"]["byteStart"], facet["index"]["byteEnd"])
    assert index == (5, 5 + len("@monmouthshirecc.bsky.social"))  # the emoji is 4 bytes
    assert facet["features"][0]["did"] == COUNCIL.did
    assert stored["text"] == f"🚧 @{COUNCIL.handle}{REPORT}"


def test_a_reply_appears_in_the_thread_under_its_parent(bluesky: FakeBluesky) -> None:
    post = _report(bluesky)
    parent = models.create_strong_ref(post)
    council = bluesky.client("MonmouthshireCC")
    reply = council.send_post(
        "Thanks, logged for the highways team.",
        reply_to=models.AppBskyFeedPost.ReplyRef(parent=parent, root=parent),
    )
    thread = bluesky.client("lowri").get_post_thread(post.uri).thread
    assert thread.post.author.handle == "lowri.bsky.social"
    assert thread.post.reply_count == 1
    [child] = thread.replies
    assert (child.post.uri, child.post.author.did) == (reply.uri, COUNCIL.did)
    assert child.post.record.reply.root.uri == post.uri
    assert bluesky.client("tom").get_posts([reply.uri, post.uri]).posts[1].uri == post.uri


def test_missing_records_and_posts_answer_with_their_lexicon_errors(bluesky: FakeBluesky) -> None:
    client = bluesky.client("lowri")
    with pytest.raises(BadRequestError) as record:
        client.com.atproto.repo.get_record(
            {"repo": client.me.did, "collection": "app.bsky.feed.post", "rkey": "3l3qo2vuowo2b"}
        )
    with pytest.raises(BadRequestError) as thread:
        client.get_post_thread(f"at://{client.me.did}/app.bsky.feed.post/3l3qo2vuowo2b")
    assert record.value.response.content.error == "RecordNotFound"
    assert thread.value.response.content.error == "NotFound"
    stored = client.com.atproto.repo.get_record(
        {
            "repo": client.me.handle,
            "collection": "app.bsky.feed.post",
            "rkey": _report(bluesky).uri.rsplit("/", 1)[1],
        }
    )
    assert stored.value.text.endswith(REPORT)


def test_a_reply_whose_root_is_not_the_thread_root_is_refused(bluesky: FakeBluesky) -> None:
    root = models.create_strong_ref(_report(bluesky))
    council = bluesky.client("MonmouthshireCC")
    answer = models.AppBskyFeedPost.ReplyRef(parent=root, root=root)
    first = models.create_strong_ref(council.send_post("Logged.", reply_to=answer))
    wrong = models.AppBskyFeedPost.ReplyRef(parent=first, root=first)
    with pytest.raises(BadRequestError) as raised:
        bluesky.client("lowri").send_post("Thank you!", reply_to=wrong)
    assert raised.value.response.content.error == "InvalidRequest"
    assert "root" in raised.value.response.content.message


def test_text_limit_is_300_graphemes_not_code_points(bluesky: FakeBluesky) -> None:
    client = bluesky.client("tom")
    with pytest.raises(BadRequestError, match="300 graphemes"):
        client.send_post("a" * 301)
    accented = "e\u0301" * 300  # 600 code points, 300 graphemes
    flags = "🇬🇧" * 300  # 600 code points, 2400 bytes, 300 graphemes
    assert client.send_post(accented).uri and client.send_post(flags).uri
    with pytest.raises(BadRequestError):
        client.send_post("👨‍👩‍👧" * 200)  # 200 graphemes but 3600 bytes: over the byte limit


def test_handles_resolve_and_profiles_show_display_names(bluesky: FakeBluesky) -> None:
    client = bluesky.client("priya")
    assert client.resolve_handle("tfl.bsky.social").did == did_for("tfl.bsky.social")
    assert client.get_profile("tfl.bsky.social").display_name == "Transport for London"
    with pytest.raises(BadRequestError):
        client.resolve_handle("nobody.bsky.social")


def test_expired_access_token_answers_expired_token_and_refresh_rotates(
    bluesky: FakeBluesky,
) -> None:
    body = {"identifier": "davy.bsky.social", "password": "citizen-davy"}
    session = bluesky.xrpc("POST", "com.atproto.server.createSession", json=body).json()
    bluesky.control("sessions/expire")
    stale = bluesky.xrpc("GET", "com.atproto.server.getSession", session["accessJwt"])
    assert (stale.status_code, stale.json()["error"]) == (400, "ExpiredToken")
    fresh = bluesky.xrpc("POST", "com.atproto.server.refreshSession", session["refreshJwt"]).json()
    again = bluesky.xrpc("GET", "com.atproto.server.getSession", fresh["accessJwt"])
    assert again.json()["handle"] == "davy.bsky.social"
    reused = bluesky.xrpc("POST", "com.atproto.server.refreshSession", session["refreshJwt"])
    assert (reused.status_code, reused.json()["error"]) == (400, "ExpiredToken")
    missing = bluesky.xrpc("GET", "com.atproto.server.getSession")
    assert (missing.status_code, missing.json()["error"]) == (401, "AuthenticationRequired")


def test_every_answer_carries_ratelimit_headers_and_a_forced_429_names_its_reset(
    bluesky: FakeBluesky,
) -> None:
    answer = bluesky.xrpc(
        "GET", "com.atproto.identity.resolveHandle", params={"handle": "tfl.bsky.social"}
    )
    assert answer.headers["RateLimit-Policy"] == "3000;w=300"
    assert int(answer.headers["RateLimit-Remaining"]) < 3000
    client = bluesky.client("sam")
    bluesky.control("rate_limit", {"fail_next": 1, "reset_in": 2})
    with pytest.raises(RateLimitExceededError) as raised:
        client.get_profile("tfl.bsky.social")
    assert raised.value.response.content.error == "RateLimitExceeded"
    assert raised.value.remaining == 0 and raised.value.policy == "3000;w=300"
    assert 1 <= raised.value.reset_at.timestamp() - time.time() <= 3
    assert client.get_profile("tfl.bsky.social").handle == "tfl.bsky.social"


def test_methods_the_fake_does_not_serve_answer_method_not_implemented(
    bluesky: FakeBluesky,
) -> None:
    answer = bluesky.xrpc("GET", "app.bsky.feed.getTimeline")
    assert (answer.status_code, answer.json()["error"]) == (501, "MethodNotImplemented")


async def test_jetstream_replays_after_the_cursor_then_follows_live(bluesky: FakeBluesky) -> None:
    first, second = _report(bluesky, "lowri"), _report(bluesky, "davy")
    first_us = bluesky.posts()[0]["time_us"]
    url = bluesky.subscribe_url(wantedCollections="app.bsky.feed.post", cursor=first_us)
    async with websockets.connect(url) as socket:
        replayed = await _next(socket)
        third = _report(bluesky, "tom")
        live = await _next(socket)
    assert set(replayed) == {"did", "time_us", "kind", "commit"}
    commit = replayed["commit"]
    assert set(commit) == {"rev", "operation", "collection", "rkey", "record", "cid"}
    assert (replayed["kind"], commit["operation"]) == ("commit", "create")
    assert f"at://{replayed['did']}/{commit['collection']}/{commit['rkey']}" == second.uri
    assert commit["cid"] == second.cid and replayed["time_us"] > first_us
    assert commit["record"]["facets"][0]["features"][0]["did"] == COUNCIL.did
    assert live["commit"]["cid"] == third.cid
    assert first.uri != second.uri


async def test_jetstream_without_a_cursor_tails_live_only(bluesky: FakeBluesky) -> None:
    _report(bluesky, "lowri")
    async with websockets.connect(bluesky.subscribe_url()) as socket:
        assert await _silent(socket)
        posted = _report(bluesky, "aoife")
        assert (await _next(socket))["commit"]["cid"] == posted.cid


async def test_jetstream_filters_by_collection_prefix_and_did_and_takes_options_updates(
    bluesky: FakeBluesky,
) -> None:
    lowri, tom = did_for("lowri.bsky.social"), did_for("tom.bsky.social")
    url = bluesky.subscribe_url(wantedCollections="app.bsky.*", wantedDids=lowri)
    async with websockets.connect(url) as socket:
        _report(bluesky, "tom")
        mine = _report(bluesky, "lowri")
        assert (await _next(socket))["commit"]["cid"] == mine.cid
        update = {"wantedCollections": ["app.bsky.feed.post"], "wantedDids": [tom]}
        await socket.send(json.dumps({"type": "options_update", "payload": update}))
        await asyncio.sleep(0.1)
        _report(bluesky, "lowri")
        toms = _report(bluesky, "tom")
        event = await _next(socket)
    assert (event["did"], event["commit"]["cid"]) == (tom, toms.cid)


async def test_identity_and_account_events_pass_the_collection_filter(bluesky: FakeBluesky) -> None:
    url = bluesky.subscribe_url(wantedCollections="app.bsky.feed.post")
    async with websockets.connect(url) as socket:
        created = bluesky.control("accounts", {"handle": "nia", "display_name": "Nia Jones"})
        identity, account = await _next(socket), await _next(socket)
    assert identity["kind"] == "identity" and identity["identity"]["handle"] == "nia.bsky.social"
    assert account["kind"] == "account" and account["account"]["active"] is True
    assert identity["did"] == account["did"] == created["did"] == did_for("nia.bsky.social")


async def test_require_hello_holds_events_until_the_first_options_update(
    bluesky: FakeBluesky,
) -> None:
    posted = _report(bluesky, "sam")
    url = bluesky.subscribe_url(requireHello="true", cursor=0)
    async with websockets.connect(url) as socket:
        assert await _silent(socket)
        hello = {"wantedCollections": ["app.bsky.feed.post"], "wantedDids": []}
        await socket.send(json.dumps({"type": "options_update", "payload": hello}))
        assert (await _next(socket))["commit"]["cid"] == posted.cid


async def test_deletes_arrive_without_record_or_cid(bluesky: FakeBluesky) -> None:
    client = bluesky.client("aoife")
    post = client.send_post("wrong council, sorry")
    async with websockets.connect(bluesky.subscribe_url()) as socket:
        assert client.delete_post(post.uri)
        event = await _next(socket)
    assert event["commit"]["operation"] == "delete"
    assert "record" not in event["commit"] and "cid" not in event["commit"]


async def test_compressed_streams_are_refused_with_http_400(bluesky: FakeBluesky) -> None:
    with pytest.raises(websockets.InvalidStatus) as raised:
        async with websockets.connect(bluesky.subscribe_url(compress="true")):
            pass
    assert raised.value.response.status_code == 400
    bad = bluesky.subscribe_url(wantedCollections="app.bsky.graph.fo*")
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(bad):
            pass
    assert bluesky.connections() == []
