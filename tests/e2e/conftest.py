"""One running system for the end-to-end tests: broker, fake Mastodon, four service processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mastodon import Mastodon

from heard.devstack import Stack, StackConfig
from tests.support.databases import drop_database, fresh_database_url
from tests.support.otlp import OtlpReceiver
from triage.directory import Directory


@pytest.fixture(scope="session")
def otlp() -> Iterator[OtlpReceiver]:
    receiver = OtlpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, otlp: OtlpReceiver) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("stack")
    database_url = fresh_database_url(data_dir)
    # Departments stay silent unless a test gives one a scenario; the clock runs 60 times
    # fast, so an emergency's ladder (15 minutes) climbs in seconds while slower ones never do.
    running = Stack(
        StackConfig.ephemeral(
            data_dir,
            database_url=database_url,
            otlp_endpoint=otlp.endpoint,
            clock_speed=60,
            department_scenarios={body: {"mode": "silent"} for body in Directory.load(None).bodies},
        )
    )
    try:
        running.start()
        yield running
    finally:
        codes = running.stop()
        drop_database(database_url)
    # Every service must have shut down cleanly on SIGTERM.
    assert {name: codes.get(name) for name in ("ingest", "classifier", "router", "notifier")} == {
        "ingest": 0,
        "classifier": 0,
        "router": 0,
        "notifier": 0,
    }


def citizen(stack: Stack, username: str) -> Mastodon:
    """A citizen's real Mastodon.py client against the fake instance."""
    return Mastodon(
        access_token=f"citizen-{username}",
        api_base_url=stack.config.mastodon_url,
        ratelimit_method="throw",
    )
