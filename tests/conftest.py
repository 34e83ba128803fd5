"""Shared test set-up: a real SeaweedFS server (tests/s3_server.py), a real Prefect API, a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.s3_server", "tests.prefect_server"]

ROOT = Path(__file__).resolve().parent.parent
KURSK = ROOT / "examples" / "kursk"

# Prefect reads these when first imported: no telemetry, quiet logs, its database in a temporary home.
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def _claims_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("claims-cache"))


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, _claims_cache: str) -> None:
    """No crosscheck or AWS setting from the developer's shell leaks into a test, and the claims
    cache lives in a temporary folder, not in the user's home."""
    for name in list(os.environ):
        if name.startswith(("CROSSCHECK_", "AWS_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CROSSCHECK_CACHE_DIR", _claims_cache)


@pytest.fixture(scope="session")
def prefect_api():
    """One real Prefect API (a temporary database and server process) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield
