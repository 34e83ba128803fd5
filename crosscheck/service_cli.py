"""`crosscheck serve`: crosscheck as a Prefect service on one machine.

Starts `prefect server start` (API and UI) on a loopback port, waits until it answers, then serves
the deployments of prefect.yaml (check-article, verify-watchlist, review-report) from this process:
runs started in the UI, by the API or by the schedule execute here, in subprocesses that inherit
this environment (AWS_* for an S3 store, CROSSCHECK_* settings). Ctrl-C (or SIGTERM) stops both.

Prefect is imported only once its settings are in the environment.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

__all__ = ["app", "server_command", "server_environment", "stop_process", "wait_for_api"]

app = typer.Typer(add_completion=False)

#: A fresh database is migrated on the first start: that can take half a minute on a small machine.
STARTUP_TIMEOUT = 180.0
STOP_TIMEOUT = 20.0


def server_command(host: str, port: int) -> list[str]:
    """`prefect server start` for this Python's Prefect."""
    return [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)]


def server_environment(host: str, port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the server and of the served runs: the API and UI addresses, no telemetry."""
    env = dict(os.environ if base is None else base)
    api_url = f"http://{host}:{port}/api"
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT", "false")
    env["PREFECT_SERVER_API_HOST"] = host
    env["PREFECT_SERVER_API_PORT"] = str(port)
    # The UI is a page in the browser: it must call this server, not the default port.
    env["PREFECT_UI_API_URL"] = api_url
    env["PREFECT_API_URL"] = api_url
    return env


def wait_for_api(api_url: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None) -> float:
    """Poll {api_url}/health until it answers; the seconds it took. RuntimeError on timeout or exit."""
    import httpx

    started = time.monotonic()
    while True:  # at least one look, whatever the timeout
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with status {process.returncode}{_tail(log)}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        if time.monotonic() - started >= timeout:
            break
        time.sleep(0.25)
    raise RuntimeError(f"the Prefect API at {api_url} did not answer within {timeout:.0f} s{_tail(log)}")


def _tail(log: Path | None, lines: int = 30) -> str:
    if log is None or not log.exists():
        return ""
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return f"\n--- last lines of {log} ---\n" + "\n".join(text)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_process(process: subprocess.Popen | None, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM, wait up to timeout seconds, then kill; nothing for a process that has ended."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port of the Prefect server (API and UI).", min=1, max=65535)] = 4200,
    host: Annotated[str, typer.Option(help="Address the Prefect server listens on.")] = "127.0.0.1",
    api_url: Annotated[Optional[str], typer.Option(
        "--api-url", help="Serve against this running Prefect API instead of starting a server.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many runs at a time.", min=1)] = None,
    poll_seconds: Annotated[int, typer.Option(
        "--poll-seconds", help="How often the runner looks for runs to start.", min=1)] = 2,
    deployment: Annotated[list[str], typer.Option(
        "--deployment", "-d", help="Serve only this deployment of prefect.yaml (repeatable).")] = [],
    server_log: Annotated[Optional[Path], typer.Option(
        help="Where the server's output goes (default: $PREFECT_HOME/crosscheck-server.log).")] = None,
) -> None:
    """Start a Prefect server with its UI and serve crosscheck's deployments (prefect.yaml) on this machine."""
    server: subprocess.Popen | None = None
    if api_url is None:
        if not _port_free(host, port):
            typer.echo(f"error: {host}:{port} is in use (another Prefect server?): use --port, or --api-url "
                       "to serve against a running server", err=True)
            raise typer.Exit(2)
        env = server_environment(host, port)
        api_url = env["PREFECT_API_URL"]
        home = Path(env.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
        home.mkdir(parents=True, exist_ok=True)
        log_path = server_log or home / "crosscheck-server.log"
        with open(log_path, "ab") as log:
            server = subprocess.Popen(server_command(host, port), env=env, stdin=subprocess.DEVNULL,
                                      stdout=log, stderr=subprocess.STDOUT)
        typer.echo(f"Prefect server starting (pid {server.pid}, log {log_path}) ...")
        os.environ.update({k: v for k, v in env.items() if k.startswith("PREFECT_")})
    else:
        api_url = api_url.rstrip("/")
        log_path = None
        os.environ["PREFECT_API_URL"] = api_url
    os.environ["PREFECT_RUNNER_POLL_FREQUENCY"] = str(poll_seconds)
    # SIGTERM (docker stop, a supervisor) stops the server too, like Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        try:
            seconds = wait_for_api(api_url, STARTUP_TIMEOUT, server, log_path)
        except RuntimeError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        ui_url = api_url.removesuffix("/api")
        typer.echo(f"Prefect API ready in {seconds:.1f} s: {api_url}")
        typer.echo(f"Prefect UI: {ui_url}  (deployments: {ui_url}/deployments)")
        sys.stdout.flush()
        signal.signal(signal.SIGTERM, previous)  # from here the runner shuts down gracefully on SIGTERM
        from prefect.settings import PREFECT_API_URL, PREFECT_RUNNER_POLL_FREQUENCY, temporary_settings

        from flows.deployments import serve as serve_deployments

        with temporary_settings({PREFECT_API_URL: api_url, PREFECT_RUNNER_POLL_FREQUENCY: poll_seconds}):
            serve_deployments(limit=limit, names=deployment or None)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            typer.echo("stopping the Prefect server ...")
            stop_process(server)
