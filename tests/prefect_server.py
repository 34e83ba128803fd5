"""A real Prefect server serving crosscheck's deployments, for the service tests.

A pytest plugin module (tests/conftest.py lists it in `pytest_plugins`).

    prefect_server   (session)   one `prefect server start` on a free loopback port, its own PREFECT_HOME
                                 in a temporary folder, telemetry off; .api_url, .ui_url
    prefect_service  (function)  the deployments of prefect.yaml served by `crosscheck serve --api-url`
                                 against that server (one process for the session), started from inside
                                 a test that has `s3_env`: the served process, and every flow run it starts,
                                 inherits exactly the AWS_* settings s3_env made. Yields a PrefectService,
                                 which talks to the server the way the UI does: plain REST calls to /api.

A fresh server takes half a minute to answer (it migrates its database first), so when the collected
tests use `prefect_service` the server is started as soon as collection ends, and those tests run
last: the server starts while the other tests run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from crosscheck.service_cli import stop_process

__all__ = ["PrefectServer", "PrefectService", "free_port", "prefect_server", "prefect_service"]

ROOT = Path(__file__).resolve().parent.parent
#: A fresh server migrates its database first: about 25 s on an idle 2-core machine, more when busy.
START_TIMEOUT = 240.0
STOP_TIMEOUT = 30.0
FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
DEPLOYMENTS = {"check-article", "verify-watchlist", "review-report"}
_SERVER_KEY = pytest.StashKey["PrefectServer"]()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return f"(no log at {path})"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return f"--- last lines of {path} ---\n" + "\n".join(text)


class PrefectServer:
    """`prefect server start` on a free loopback port, with its own PREFECT_HOME."""

    def __init__(self, base_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.base_dir = base_dir
        #: More settings of the server process (e.g. its database's), over the defaults below.
        self.extra_env = dict(extra_env or {})
        self.home = base_dir / "prefect-home"
        self.log_path = base_dir / "server.log"
        self.port = free_port()
        self.ui_url = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.ui_url}/api"
        self.started_at: float | None = None
        #: Seconds from start() until the first test needing the server found it answering.
        self.ready_seconds: float | None = None
        #: Seconds that test waited for it (less than ready_seconds when it started during other tests).
        self.waited_seconds: float | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AWS_", "CROSSCHECK_"))}
        env.update(
            PREFECT_HOME=str(self.home),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT="false",
            # The UI in the browser must call this server, not the default port 4200.
            PREFECT_UI_API_URL=self.api_url,
            PREFECT_LOGGING_LEVEL="WARNING",
        )
        env.update(self.extra_env)
        return env

    def start(self) -> None:
        """Start the process; ready() waits for it."""
        self.home.mkdir(parents=True, exist_ok=True)
        from crosscheck.service_cli import server_command

        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(server_command("127.0.0.1", self.port), env=self.environment(),
                                             stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        self.started_at = time.monotonic()

    def ready(self) -> float:
        """Wait until /api/health answers; the seconds since start()."""
        if self.ready_seconds is not None:
            return self.ready_seconds
        if self._process is None:
            self.start()
        from crosscheck.service_cli import wait_for_api

        assert self.started_at is not None
        try:
            # Started after collection, it has had the other tests' time already; never less than 30 s more.
            self.waited_seconds = wait_for_api(
                self.api_url, max(START_TIMEOUT - (time.monotonic() - self.started_at), 30.0), self._process,
                self.log_path)
        except RuntimeError as exc:
            self.stop()
            pytest.fail(str(exc))
        self.ready_seconds = time.monotonic() - self.started_at
        return self.ready_seconds

    def stop(self) -> None:
        process, self._process = self._process, None
        stop_process(process, STOP_TIMEOUT)


class PrefectService:
    """The served deployments (`crosscheck serve --api-url`) and the REST calls the UI makes."""

    def __init__(self, server: PrefectServer) -> None:
        self.server = server
        self.ui_url = server.ui_url
        self.api_url = server.api_url
        self.log_path = server.base_dir / "serve.log"
        self.startup_seconds: float | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._http = httpx.Client(base_url=self.api_url, timeout=30)

    def __repr__(self) -> str:
        return f"PrefectService({self.ui_url}, {'serving' if self.running else 'stopped'})"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self, base_env: dict[str, str], extra_args: list[str] = ()) -> float:
        """Serve the deployments with base_env (plus the server's settings); wait until all are there.

        `extra_args` go to `crosscheck serve`, e.g. ["--limit", "8"].
        """
        env = {k: v for k, v in base_env.items() if not k.startswith("PREFECT_")}
        env.update(
            PREFECT_HOME=str(self.server.home),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_LOGGING_LEVEL="INFO",
            # A paused review looks for the reviewer's input every second, not every 10 s.
            CROSSCHECK_REVIEW_POLL_SECONDS="1",
            PYTHONUNBUFFERED="1",
        )
        command = [str(Path(sys.executable).parent / "crosscheck"), "serve", "--api-url", self.api_url,
                   "--poll-seconds", "1", *extra_args]
        started = time.monotonic()
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                             stdout=log, stderr=subprocess.STDOUT)
        while time.monotonic() - started < START_TIMEOUT:
            if self._process.poll() is not None:
                raise RuntimeError(f"crosscheck serve exited with {self._process.returncode}\n{self.log_tail()}")
            if DEPLOYMENTS <= {d["name"] for d in self.post("/deployments/filter", {}).json()}:
                self.startup_seconds = time.monotonic() - started
                return self.startup_seconds
            time.sleep(0.25)
        raise RuntimeError(f"the deployments were not served within {START_TIMEOUT:.0f} s\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM: the runner shuts down gracefully (and pauses the schedules, as Prefect does)."""
        process, self._process = self._process, None
        stop_process(process, STOP_TIMEOUT)
        self._http.close()

    def log_tail(self, lines: int = 60) -> str:
        return _tail(self.log_path, lines) + "\n" + _tail(self.server.log_path, lines)

    # -- the REST API, as the UI calls it --------------------------------------------------

    def get(self, path: str) -> httpx.Response:
        return self._request("GET", path)

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self._request("POST", path, json=body)

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One call; retried on 503, which the server answers when SQLite stays locked for a while
        (a busy 2-core machine). Prefect's own client retries these the same way."""
        for attempt in range(6):
            response = self._http.request(method, path, **kwargs)
            if response.status_code != 503:
                return response
            time.sleep(0.5 * 2**attempt)
        return response

    def deployment(self, name: str) -> dict:
        [found] = self.post("/deployments/filter", {"deployments": {"name": {"any_": [name]}}}).json()
        return found

    def create_run(self, deployment: str, parameters: dict[str, Any]) -> httpx.Response:
        """What the UI's Run button sends: POST /api/deployments/{id}/create_flow_run."""
        deployment_id = self.deployment(deployment)["id"]
        return self.post(f"/deployments/{deployment_id}/create_flow_run",
                         {"parameters": parameters, "state": {"type": "SCHEDULED", "message": "Run from the test"}})

    def flow_run(self, run_id: str) -> dict:
        response = self.get(f"/flow_runs/{run_id}")
        response.raise_for_status()
        return response.json()

    def wait(self, run_id: str, states: set[str] = FINAL_STATES, timeout: float = 120.0) -> dict:
        """The flow run once its state type is one of states; a clear failure otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            run = self.flow_run(run_id)
            if run["state"]["type"] in states:
                return run
            if run["state"]["type"] in FINAL_STATES or time.monotonic() > deadline:
                raise AssertionError(
                    f"flow run {run_id} is {run['state']['type']} ({run['state'].get('message')}), "
                    f"not one of {sorted(states)}\n{self.log_tail()}"
                )
            time.sleep(0.25)

    def flow_runs(self, deployment: str) -> list[dict]:
        deployment_id = self.deployment(deployment)["id"]
        return self.post("/flow_runs/filter", {"deployments": {"id": {"any_": [deployment_id]}},
                                              "sort": "EXPECTED_START_TIME_DESC"}).json()

    def artifacts(self, flow_run_id: str) -> list[dict]:
        return self.post("/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}}).json()

    def resume(self, run_id: str, run_input: dict[str, Any]) -> dict:
        """POST /api/flow_runs/{id}/resume with the reviewer's input, as the UI's Resume form does."""
        response = self.post(f"/flow_runs/{run_id}/resume", {"run_input": run_input})
        response.raise_for_status()
        return response.json()


# -- start early, run last ------------------------------------------------------------------------


def _needs_service(item: pytest.Item) -> bool:
    return "prefect_service" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests on the served deployments run last (in their order), so the server starts meanwhile."""
    items[:] = [i for i in items if not _needs_service(i)] + [i for i in items if _needs_service(i)]


def pytest_collection_finish(session: pytest.Session) -> None:
    if any(_needs_service(item) for item in session.items) and not session.config.option.collectonly:
        server = PrefectServer(Path(tempfile.mkdtemp(prefix="crosscheck-prefect-")))
        server.start()
        session.config.stash[_SERVER_KEY] = server


def pytest_sessionfinish(session: pytest.Session) -> None:
    server = session.config.stash.get(_SERVER_KEY, None)
    if server is not None:
        server.stop()
        if session.testsfailed:
            print(f"\nthe Prefect server's and crosscheck serve's logs are kept in {server.base_dir}")
        else:
            shutil.rmtree(server.base_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """The session's Prefect server: the one started after collection, or a new one."""
    server = request.config.stash.get(_SERVER_KEY, None)
    if server is None:
        server = PrefectServer(tmp_path_factory.mktemp("prefect-server"))
        request.config.stash[_SERVER_KEY] = server
    server.ready()
    yield server


@pytest.fixture(scope="session")
def _served(prefect_server: PrefectServer) -> Iterator[PrefectService]:
    service = PrefectService(prefect_server)
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def prefect_service(_served: PrefectService, s3_env: str) -> PrefectService:
    """The served deployments; started on first use with this test's environment (AWS_* of s3_env)."""
    if not _served.running:
        if _served.startup_seconds is not None:
            pytest.fail(f"crosscheck serve stopped during the session\n{_served.log_tail()}")
        try:
            _served.start(dict(os.environ))
        except RuntimeError as exc:
            pytest.fail(str(exc))
    return _served
