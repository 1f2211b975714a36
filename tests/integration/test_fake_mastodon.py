"""The fake Mastodon, served for real by uvicorn, driven by the real Mastodon.py client."""

from __future__ import annotations

import re
import time

import pytest
from mastodon import (
    MastodonAPIError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonUnauthorizedError,
)

from fakes.mastodon import SEED_ACCOUNTS
from fakes.mastodon.seed import token_for
from tests.support.mastodon import FakeMastodon

REPORT = "@MonmouthshireCC pothole on Frogmore Street, Abergavenny"


def test_verify_credentials_names_the_account_behind_the_token(fake: FakeMastodon) -> None:
    me = fake.client("lowri").account_verify_credentials()
    assert (me.username, me.acct, me.display_name) == ("lowri", "lowri", "Lowri Powell")
    assert me.source.privacy == "public"
    assert fake.client("lowri").account(me.id).url == "https://mastodon.local/@lowri"


def test_every_seeded_token_acts_as_its_account(fake: FakeMastodon) -> None:
    names = {fake.client_with_token(a.token).me().username for a in SEED_ACCOUNTS}
    assert names == {a.username for a in SEED_ACCOUNTS}


def test_instance_reports_a_4_3_version_and_a_500_character_limit(fake: FakeMastodon) -> None:
    api = fake.client("tom")
    assert api.retrieve_mastodon_version().startswith("4.3.")
    assert api.verify_minimum_version("4.3.0", cached=True)
    assert api.instance_v2().configuration.statuses.max_characters == 500
    assert api.instance_v2().configuration.urls.streaming.startswith("ws://127.0.0.1:")


def test_citizen_mention_reaches_the_council_as_a_mention_notification(fake: FakeMastodon) -> None:
    posted = fake.client("lowri").status_post(REPORT)
    assert [m.acct for m in posted.mentions] == ["MonmouthshireCC"]
    assert posted.content.startswith('<p><span class="h-card"')
    assert "pothole on Frogmore Street, Abergavenny</p>" in posted.content

    notifications = fake.client("MonmouthshireCC").notifications(types=["mention"])
    assert [(n.type, n.status.id, n.account.acct) for n in notifications] == [
        ("mention", posted.id, "lowri")
    ]
    assert fake.client("MonmouthshireCC").notifications(exclude_types=["mention"]) == []
    assert fake.client("lowri").notifications() == []  # the author is not notified


def test_mentions_match_case_insensitively_and_only_for_this_domain(fake: FakeMastodon) -> None:
    fake.client("davy").status_post("@monmouthshirecc@mastodon.local and @TfL@mastodon.social")
    assert len(fake.client("MonmouthshireCC").notifications()) == 1
    assert fake.client("TfL").notifications() == []


def test_reply_with_same_idempotency_key_posts_once(fake: FakeMastodon) -> None:
    report = fake.client("lowri").status_post(REPORT)
    council = fake.client("MonmouthshireCC")
    reply = "@lowri Thanks, we have logged this for the highways team."
    first = council.status_post(reply, in_reply_to_id=report.id, idempotency_key="reply-1")
    again = council.status_post(reply, in_reply_to_id=report.id, idempotency_key="reply-1")

    assert again.id == first.id
    assert len(council.status_context(report.id).descendants) == 1
    assert len(fake.statuses()) == 2
    assert len(fake.client("lowri").notifications(types=["mention"])) == 1


def test_status_context_shows_the_reply_as_descendant(fake: FakeMastodon) -> None:
    report = fake.client("lowri").status_post(REPORT)
    reply = fake.client("MonmouthshireCC").status_post(
        "@lowri Logged, thank you.", in_reply_to_id=report
    )
    assert (reply.in_reply_to_id, reply.in_reply_to_account_id) == (report.id, report.account.id)

    down = fake.client("tom").status_context(report.id)
    assert ([s.id for s in down.ancestors], [s.id for s in down.descendants]) == ([], [reply.id])
    up = fake.client("tom").status_context(reply.id)
    assert ([s.id for s in up.ancestors], up.descendants) == ([report.id], [])
    assert fake.client("tom").status(report.id).replies_count == 1


def test_reply_notifies_the_citizen_only_when_it_mentions_them(fake: FakeMastodon) -> None:
    report = fake.client("lowri").status_post(REPORT)
    council = fake.client("MonmouthshireCC")
    council.status_post("Logged, thank you.", in_reply_to_id=report.id)
    assert fake.client("lowri").notifications() == []
    council.status_post("@lowri Fixed today.", in_reply_to_id=report.id)
    assert [n.status.content for n in fake.client("lowri").notifications()][0].endswith(
        " Fixed today.</p>"
    )


def test_since_id_returns_only_newer_notifications(fake: FakeMastodon) -> None:
    citizen, council = fake.client("priya"), fake.client("MonmouthshireCC")
    citizen.status_post("@MonmouthshireCC bins not collected")
    seen = council.notifications()[0].id
    newer = citizen.status_post("@MonmouthshireCC street light out").id

    assert [n.status.id for n in council.notifications(since_id=seen)] == [newer]
    assert council.notifications(since_id=council.notifications()[0].id) == []


def test_min_id_returns_the_page_just_above_it_newest_first(fake: FakeMastodon) -> None:
    citizen, council = fake.client("sam"), fake.client("MonmouthshireCC")
    for n in range(5):
        citizen.status_post(f"@MonmouthshireCC report {n}")
    ids = [n.id for n in council.notifications()]  # newest first
    page = council.notifications(min_id=ids[-1], limit=2)
    assert [n.id for n in page] == [ids[-3], ids[-2]]


def test_fetch_next_follows_the_link_header(fake: FakeMastodon) -> None:
    citizen, council = fake.client("aoife"), fake.client("MonmouthshireCC")
    for n in range(5):
        citizen.status_post(f"@MonmouthshireCC flooding report {n}")
    everything = [n.id for n in council.notifications()]

    page = council.notifications(types=["mention"], limit=2)
    walked: list[str] = []
    while page:
        walked += [n.id for n in page]
        page = council.fetch_next(page)
    assert walked == everything

    newest = council.notifications(limit=2)
    fresh = citizen.status_post("@MonmouthshireCC and another").id
    newer = council.fetch_previous(newest)
    assert newer is not None
    assert [n.status.id for n in newer] == [fresh]


def test_link_header_has_mastodons_exact_form(fake: FakeMastodon) -> None:
    token = token_for("MonmouthshireCC")
    assert "Link" not in fake.get("/api/v1/notifications", token).headers
    for n in range(3):
        fake.client("tom").status_post(f"@MonmouthshireCC noise complaint {n}")
    response = fake.get("/api/v1/notifications", token)
    newest, oldest = response.json()[0]["id"], response.json()[-1]["id"]
    base = f"{fake.base_url}/api/v1/notifications"
    assert response.headers["Link"] == (
        f'<{base}?max_id={oldest}>; rel="next", <{base}?min_id={newest}>; rel="prev"'
    )


def test_every_api_response_carries_rate_limit_headers(fake: FakeMastodon) -> None:
    first = fake.get("/api/v1/accounts/verify_credentials", token_for("tom"))
    second = fake.get("/api/v1/statuses/1", token_for("tom"))  # a 404 is counted too
    assert second.status_code == 404
    assert first.headers["X-RateLimit-Limit"] == "300"
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in (first, second)]
    assert remaining[0] - remaining[1] == 1
    reset = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"
    assert re.fullmatch(reset, second.headers["X-RateLimit-Reset"])


def test_forced_429_raises_when_ratelimit_method_is_throw(fake: FakeMastodon) -> None:
    api = fake.client("tom", ratelimit_method="throw")
    fake.control("rate_limit", {"fail_next": 1})
    with pytest.raises(MastodonRatelimitError):
        api.status_post("@TfL bus shelter glass smashed")
    assert api.ratelimit_remaining == 0
    assert api.status_post("@TfL bus shelter glass smashed").visibility == "public"
    assert len(fake.statuses()) == 1


def test_forced_429_is_waited_out_by_the_default_wait_method(fake: FakeMastodon) -> None:
    fake.control("rate_limit", {"fail_next": 1, "reset_in": 0.5})
    started = time.monotonic()
    assert fake.client("tom").me().username == "tom"
    assert time.monotonic() - started >= 0.4


def test_exceeding_the_request_limit_answers_429(fake: FakeMastodon) -> None:
    fake.control("rate_limit", {"limit": 2})
    codes = [fake.get("/api/v1/accounts/verify_credentials", "citizen-tom") for _ in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].json() == {"error": "Too many requests"}
    assert codes[2].headers["X-RateLimit-Remaining"] == "0"


def test_bad_token_is_unauthorized(fake: FakeMastodon) -> None:
    with pytest.raises(MastodonUnauthorizedError) as raised:
        fake.client_with_token("not-a-token").account_verify_credentials()
    assert raised.value.args[1] == 401
    assert raised.value.args[3] == "The access token is invalid"


def test_empty_status_is_rejected_with_422(fake: FakeMastodon) -> None:
    with pytest.raises(MastodonAPIError) as raised:
        fake.client("tom").status_post("   ")
    assert raised.value.args[1] == 422
    assert raised.value.args[3] == "Validation failed: Text can't be blank"
    assert fake.statuses() == []


def test_status_over_500_characters_is_rejected_with_422(fake: FakeMastodon) -> None:
    with pytest.raises(MastodonAPIError) as raised:
        fake.client("tom").status_post("x" * 501)
    assert raised.value.args[1] == 422
    assert fake.client("tom").status_post("x" * 500).content == "<p>" + "x" * 500 + "</p>"


def test_reply_to_an_unknown_status_is_not_found(fake: FakeMastodon) -> None:
    with pytest.raises(MastodonNotFoundError) as raised:
        fake.client("MonmouthshireCC").status_post("@tom ok", in_reply_to_id="12345")
    assert raised.value.args[3] == "Record not found"


def test_notification_can_be_fetched_by_id_and_cleared(fake: FakeMastodon) -> None:
    fake.client("davy").status_post("@deptinfra pothole on the A2 at Bangor")
    roads = fake.client("deptinfra")
    notification = roads.notifications()[0]
    assert roads.notifications(id=notification.id).status.account.acct == "davy"
    roads.notifications_clear()
    assert roads.notifications() == []


def test_control_api_adds_an_account_that_can_post(fake: FakeMastodon) -> None:
    created = fake.control(
        "accounts", {"username": "ceredigion", "display_name": "Ceredigion", "token": "tok-c"}
    )
    assert created["acct"] == "ceredigion"
    posted = fake.client_with_token("tok-c").status_post("@lowri we can help")
    assert posted.account.id == created["id"]
    assert fake.client("lowri").notifications()[0].account.display_name == "Ceredigion"
