"""Fixtures for triage tests: the packaged directory and model, and a Mention factory."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from shared.events.classified import Classification
from shared.events.mention import Mention
from triage.directory import Directory
from triage.engine import Triage

_ids = itertools.count(1)


@pytest.fixture(scope="session")
def directory() -> Directory:
    return Directory.load()


@pytest.fixture(scope="session")
def engine(directory: Directory) -> Triage:
    return Triage(directory)


def make_mention(text: str, *, mentions: list[str] | None = None, geo=None, **extra) -> Mention:
    """A Mention as the contract's section 1 describes it."""
    return Mention.model_validate(
        {
            "platform": extra.pop("platform", "x"),
            "id": extra.pop("id", f"t{next(_ids)}"),
            "author": {"id": "1", "handle": "resident"},
            "text": text,
            "created_at": "2026-08-07T20:08:18+01:00",
            "mentions": mentions or [],
            "geo": geo,
            **extra,
        }
    )


@pytest.fixture()
def mention() -> Callable[..., Mention]:
    return make_mention


def make_classification(
    category: str | None,
    area: str | None,
    *,
    secondary: list[str] | None = None,
    road: str | None = None,
    facility_body: str | None = None,
    mentions: list[str] | None = None,
    text: str = "a report",
) -> Classification:
    """A classification as the model and locator would produce it, for routing tests."""
    return Classification(
        report_id="r1",
        mention=make_mention(text, mentions=mentions),
        is_report=category is not None,
        category=category,
        secondary_categories=secondary or [],
        urgency="normal" if category else "low",
        area=area,
        road=road,
        facility_body=facility_body,
    )


@pytest.fixture()
def classified() -> Callable[..., Classification]:
    return make_classification
