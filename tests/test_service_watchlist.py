"""verify-watchlist under a real Prefect server: served runs, and the same flow on a local Dask cluster."""

from __future__ import annotations

import importlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.prefect_server import PrefectService

WATCHLIST = ROOT / "examples" / "watchlist.yaml"
ARTICLES = {"ukraine-kursk-incursion-week-one", "kelmsford-ferry-repairs"}
#: The verdicts of the served run on the default runner, per article and claim, once a test has them:
#: the Dask test compares with these instead of checking both articles a third time.
DEFAULT_RUNNER_VERDICTS: dict[str, dict[str, str]] = {}


def stored_verdicts(store: Path) -> dict[str, dict[str, str]]:
    """The verdicts of each article's latest report in a folder store."""
    verdicts = {}
    for article in sorted(p.name for p in store.iterdir()):
        run_id = json.loads((store / article / "latest.json").read_text())["run_id"]
        report = json.loads((store / article / run_id / "report.json").read_text())
        verdicts[article] = {f["claim_id"]: f["verdict"] for f in report["findings"]}
    return verdicts


def _summary(service: PrefectService, run_id: str) -> str:
    [summary] = [a for a in service.artifacts(run_id) if a["type"] == "markdown"]
    assert summary["key"] == "example-watchlist-watchlist"
    return summary["data"]


def test_a_watch_list_run_stores_a_report_per_article_and_a_second_run_reports_no_change(
    prefect_service: PrefectService, tmp_path: Path
):
    store = tmp_path / "reports"
    parameters = {"watchlist": str(WATCHLIST), "store": str(store)}

    first = prefect_service.create_run("verify-watchlist", parameters)
    assert first.status_code == 201, first.text
    first_run = prefect_service.wait(first.json()["id"], {"COMPLETED"}, timeout=150)
    assert {p.name for p in store.iterdir()} == ARTICLES
    latest = {a: json.loads((store / a / "latest.json").read_text()) for a in ARTICLES}
    assert all((store / a / latest[a]["run_id"] / "report.json").is_file() for a in ARTICLES)
    summary = _summary(prefect_service, first_run["id"])
    assert summary.count("first check") >= 2
    assert "Kelmsford ferry" in summary and "Kursk" in summary
    assert "new: 'about 1,200 daily passengers': contradicted" in summary
    DEFAULT_RUNNER_VERDICTS.update(stored_verdicts(store))

    second = prefect_service.create_run("verify-watchlist", parameters)
    assert second.status_code == 201, second.text
    second_run = prefect_service.wait(second.json()["id"], {"COMPLETED"}, timeout=150)
    for article in ARTICLES:
        runs = [p for p in (store / article).iterdir() if p.is_dir()]
        assert len(runs) == 1  # unchanged inputs: the run is reused, nothing is checked or stored again
    summary = _summary(prefect_service, second_run["id"])
    table = [line for line in summary.splitlines() if line.startswith("| ") and "report.html" in line]
    assert len(table) == 2 and all("| no change (inputs unchanged) |" in line for line in table)
    assert "new:" not in summary and "resolved:" not in summary and "moved:" not in summary


class WarmCluster:
    """A local Dask cluster of two worker processes, made and warmed in a background thread.

    The workers import the flows and Great Expectations (about 15 s of CPU each) while the served
    runs of the test before keep only one of the machine's two cores busy; the Dask test then waits
    only for what is left.
    """

    def __init__(self) -> None:
        self.cluster = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._start, name="warm-dask-cluster", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            from distributed import Client, LocalCluster

            self.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            with Client(self.cluster) as client:
                for module in ("flows.verify_watchlist", "great_expectations"):
                    client.run(importlib.import_module, module)
        except BaseException as exc:  # noqa: BLE001 - reported by ready()
            self.error = exc

    def ready(self):
        self._thread.join(timeout=240)
        if self.error is not None:
            raise self.error
        assert self.cluster is not None, "the Dask cluster did not start within 240 s"
        return self.cluster

    def close(self) -> None:
        self._thread.join(timeout=240)
        if self.cluster is not None:
            self.cluster.close()


@pytest.fixture(scope="module", autouse=True)
def warm_cluster() -> Iterator[WarmCluster]:
    """Started when this module's first test starts; the Dask test uses it."""
    warm = WarmCluster()
    try:
        yield warm
    finally:
        warm.close()


def test_the_watch_list_on_a_two_worker_dask_cluster_gives_the_default_runner_verdicts(
    prefect_service: PrefectService, warm_cluster: WarmCluster, tmp_path: Path
):
    from distributed import Client, get_task_stream
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.runners import make_task_runner
    from flows.settings import ServiceSettings
    from flows.verify_watchlist import verify_watchlist

    with temporary_settings({PREFECT_API_URL: prefect_service.api_url}):
        if not DEFAULT_RUNNER_VERDICTS:  # this test alone: run the default runner here first
            verify_watchlist(watchlist=str(WATCHLIST), store=str(tmp_path / "threads"))
            DEFAULT_RUNNER_VERDICTS.update(stored_verdicts(tmp_path / "threads"))
        cluster = warm_cluster.ready()
        with Client(cluster) as client:
            assert len(set(client.run(os.getpid).values())) == 2  # two worker processes
            settings = ServiceSettings(task_runner="dask", dask_address=cluster.scheduler_address)
            with get_task_stream(client) as stream:
                outcome = verify_watchlist.with_options(task_runner=make_task_runner(settings))(
                    watchlist=str(WATCHLIST), store=str(tmp_path / "dask"))
    # Each article's check ran on the cluster's workers.
    assert len([t for t in stream.data if str(t["key"]).startswith("check_group")]) == 2

    on_dask = {a["article_id"]: a["verdicts"] for a in outcome["articles"]}
    assert on_dask == stored_verdicts(tmp_path / "dask")
    assert set(DEFAULT_RUNNER_VERDICTS) == ARTICLES
    assert on_dask == DEFAULT_RUNNER_VERDICTS
    assert on_dask["kelmsford-ferry-repairs"] == {
        "c1": "unverified", "c2": "contradicted", "c3": "supported", "c4": "outdated",
        "c5": "supported", "c6": "supported", "c7": "supported", "c8": "supported"}
