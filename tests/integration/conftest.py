"""A real tansu broker for the integration tests, on a free port."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from heard.devstack import TANSU, free_port, wait_for_port
from tests.support.mastodon import fake, running_fake  # noqa: F401 - fixtures


@pytest.fixture(scope="session")
def broker() -> Iterator[str]:
    port = free_port()
    listener = f"tcp://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            str(TANSU),
            "broker",
            "--listener-url",
            listener,
            "--advertised-listener-url",
            listener,
            "--storage-engine",
            "memory://tansu/",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
