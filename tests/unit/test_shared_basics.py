"""Logging redaction, settings, references and the Mastodon normaliser."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr, ValidationError

from platforms.mastodon.config import MastodonSettings
from platforms.mastodon.inbound import html_to_text, status_to_mention
from services.notifier.config import NotifierSettings
from services.router.reference import reference_for
from shared.logging import RedactingFormatter, redact
from shared.settings import ServiceSettings


@pytest.mark.parametrize(
    ("raw", "hidden"),
    [
        ("call me on 07700 900123 please", "07700 900123"),
        ("ring +44 (0)29 2087 2087 after six", "2087 2087"),
        ("email jo.bloggs+council@example.co.uk now", "jo.bloggs+council@example.co.uk"),
        ("GET /api?access_token=abc123def&x=1", "abc123def"),
        ("Authorization: Bearer token-monmouthshirecc", "token-monmouthshirecc"),
    ],
)
def test_contact_details_and_credentials_are_redacted(raw: str, hidden: str) -> None:
    assert hidden not in redact(raw)


def test_redaction_keeps_references_postcodes_and_handles_readable() -> None:
    text = "HRD-7K3M-Q2AB for @lowri at NP7 5AB on 2026-11-25"
    assert redact(text) == text


def test_log_records_are_redacted_including_arguments() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "from %s", ("a@b.org",), None)
    assert "a@b.org" not in RedactingFormatter(as_json=True).format(record)


def test_tokens_never_show_in_settings_repr() -> None:
    settings = NotifierSettings(
        mastodon=MastodonSettings(base_url="https://m.example", accounts={"TfL": "s3cret-token"})
    )
    assert "s3cret-token" not in repr(settings)
    assert "s3cret-token" not in str(settings.model_dump())


def test_production_refuses_placeholder_secrets() -> None:
    with pytest.raises(ValidationError, match="real secret"):

        class WithSecret(ServiceSettings):
            api_secret: SecretStr = SecretStr("changeme")

        WithSecret(environment="production")


def test_platform_settings_come_from_nested_environment_variables(monkeypatch) -> None:
    monkeypatch.setenv("HEARD_MASTODON__BASE_URL", "https://m.example")
    monkeypatch.setenv("HEARD_MASTODON__ACCOUNTS", '{"TfL": "tok"}')
    settings = NotifierSettings()
    assert settings.mastodon is not None
    assert settings.mastodon.accounts["TfL"].get_secret_value() == "tok"
    assert settings.x is None


def test_production_refuses_a_placeholder_token_inside_platform_settings() -> None:
    mastodon = MastodonSettings(base_url="https://m.example", accounts={"TfL": "changeme"})
    with pytest.raises(ValidationError, match=r"HEARD_MASTODON_ACCOUNTS\[TfL\]"):
        NotifierSettings(environment="production", mastodon=mastodon)


def test_database_url_defaults_to_a_sqlite_file_per_service(tmp_path) -> None:
    settings = ServiceSettings(service_name="router", data_dir=tmp_path)
    assert settings.resolved_database_url() == f"sqlite+aiosqlite:///{tmp_path}/router.db"
    pg = ServiceSettings(database_url="postgresql://u@h/db").resolved_database_url()
    assert pg == "postgresql+psycopg://u@h/db"


def test_references_are_stable_and_avoid_ambiguous_letters() -> None:
    ref = reference_for("report-1")
    assert ref == reference_for("report-1")
    assert ref != reference_for("report-2")
    assert not set(ref[4:].replace("-", "")) & set("ILOU")


def test_mastodon_html_becomes_the_text_the_citizen_wrote() -> None:
    html = (
        '<p><span class="h-card"><a href="https://m.example/@MonmouthshireCC" class="u-url '
        'mention">@<span>MonmouthshireCC</span></a></span> pothole &amp; broken kerb</p>'
        "<p>Frogmore St<br>Abergavenny</p>"
    )
    expected = "@MonmouthshireCC pothole & broken kerb\n\nFrogmore St\nAbergavenny"
    assert html_to_text(html) == expected


def test_a_mastodon_status_normalises_to_the_contract_mention() -> None:
    status = {
        "id": "1103",
        "created_at": "2026-11-25T09:00:00.000Z",
        "content": "<p>@gwentpolice bike stolen in Usk</p>",
        "visibility": "unlisted",
        "in_reply_to_id": None,
        "account": {"id": "9", "username": "tom", "acct": "tom", "display_name": "Tom Evans"},
        "mentions": [{"id": "2", "username": "gwentpolice", "acct": "gwentpolice"}],
        "media_attachments": [{"type": "image", "url": "https://m.example/1.jpg"}],
    }
    mention = status_to_mention(status, received_by="gwentpolice")
    assert mention.platform == "mastodon" and mention.id == "1103"
    assert mention.mentions == ["@gwentpolice"]
    assert mention.geo is None
    assert mention.media[0].content_type == "image/jpeg"
    assert mention.visibility == "unlisted" and mention.received_by == "gwentpolice"
