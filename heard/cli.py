"""The `heard` command line: run services, the broker, the fakes, the whole stack, the demo."""

from __future__ import annotations

import asyncio
import importlib
import shutil
import signal
from pathlib import Path
from typing import Annotated

import typer

from heard.devstack import SERVICES
from heard.dlq import dlq_app
from heard.operator import deliveries_app, keys_app
from triage.cli import app as triage_app

app = typer.Typer(
    help="Heard: hear citizens on social media and answer them.", no_args_is_help=True
)
topics_app = typer.Typer(help="Kafka topics.")
app.add_typer(topics_app, name="topics")
app.add_typer(triage_app, name="triage")
app.add_typer(keys_app, name="keys")
app.add_typer(deliveries_app, name="deliveries")
app.add_typer(dlq_app, name="dlq")


@app.command()
def serve(service: Annotated[str, typer.Argument(help=" | ".join(SERVICES))]) -> None:
    """Run one service as a process (settings from HEARD_* variables)."""
    if service not in SERVICES:
        raise typer.BadParameter(f"unknown service {service!r}; choose from {', '.join(SERVICES)}")
    importlib.import_module(f"services.{service}.main").main()


FAKE_PORTS = {"mastodon": 8101, "x": 8102, "facebook": 8103, "bluesky": 8104}


@app.command("fake")
def fake(
    platform: Annotated[str, typer.Argument(help=" | ".join(FAKE_PORTS))],
    host: str = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Listen port (default per platform).")] = None,
) -> None:
    """Serve a fake of one social platform's API (state in memory)."""
    if platform not in FAKE_PORTS:
        raise typer.BadParameter(
            f"unknown platform {platform!r}; choose from {', '.join(FAKE_PORTS)}"
        )
    from shared.serve import exit_zero_after_graceful_stop

    exit_zero_after_graceful_stop()
    importlib.import_module(f"fakes.{platform}.app").run(
        host=host, port=port or FAKE_PORTS[platform]
    )


@topics_app.command("create")
def topics_create(
    bootstrap: Annotated[
        str, typer.Option(envvar="HEARD_KAFKA_BOOTSTRAP_SERVERS")
    ] = "127.0.0.1:9092",
    partitions: int = 3,
) -> None:
    """Create every event topic and its dead-letter topic."""
    from shared.kafka.admin import all_topics, ensure_topics

    asyncio.run(ensure_topics(bootstrap, partitions=partitions))
    typer.echo("\n".join(all_topics()))


def _run_stack(*, exit_when_answered: bool, data_dir: Path) -> int:
    from heard.demo import play_demo
    from heard.departments import DEMO_SCENARIOS
    from heard.devstack import Stack, StackConfig

    # The broker and fakes keep nothing between runs, so neither may the services.
    shutil.rmtree(data_dir, ignore_errors=True)
    # The clock runs 120 times fast so the demo's deadlines pass and escalations show.
    stack = Stack(
        StackConfig(data_dir=data_dir, clock_speed=120, department_scenarios=DEMO_SCENARIOS)
    )
    # Ctrl-C and SIGTERM both end in the same orderly stop below.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    code = 1
    try:
        typer.echo("starting the broker, the platform fakes and the four services ...")
        stack.start()
        code = asyncio.run(play_demo(stack.config, keep_serving=not exit_when_answered))
    except KeyboardInterrupt:
        code = 0
    finally:
        typer.echo("stopping ...")
        codes = stack.stop()
        typer.echo("stopped: " + ", ".join(f"{name}={rc}" for name, rc in codes.items()))
    return code


@app.command()
def run(data_dir: Path = Path("var/run")) -> None:
    """Broker, fakes, services and a demo feed; keeps serving until Ctrl-C."""
    raise typer.Exit(_run_stack(exit_when_answered=False, data_dir=data_dir))


@app.command()
def demo(data_dir: Path = Path("var/demo")) -> None:
    """Like run, but exits when the feed is answered: 0 only if every report got its reply."""
    raise typer.Exit(_run_stack(exit_when_answered=True, data_dir=data_dir))
