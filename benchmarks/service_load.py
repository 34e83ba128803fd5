"""Many on-demand checks at once through the Prefect API, as if clicked in the UI at the same moment.

    python -m benchmarks.service_load [--runs 50] [--limit 8] [--database postgres|sqlite]

Starts a Prefect server on a free loopback port, serves the deployments (`crosscheck serve
--api-url ... --limit N`: at most N flow runs at a time on this machine, the rest wait their
turn), creates `--runs` check-article runs of distinct Kursk article variants at once through
POST /deployments/{id}/create_flow_run, and waits for all of them. Then it checks that none was
lost or mixed up: every run completed, every article has exactly one complete report, and each
report's article hash is that of the file its run was given. Peak memory is the largest sum of
resident memory of the serving process and its flow-run processes, sampled every 0.5 s.

The server's database is a PostgreSQL of its own by default (PostgreSQL 15's `initdb` and `pg_ctl`
on PATH, Debian package `postgresql`; run as the `postgres` user when this runs as root), as in
infra/compose.yaml: with SQLite, fifty runs at once lock the database and the API answers 503.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KURSK = ROOT / "examples" / "kursk"
RESULTS = Path(__file__).resolve().parent / "results"


def kursk_variants(folder: Path, count: int, same: int = 0) -> list[Path]:
    """`count` articles made from the Kursk article, each with its own url (so its own store id) and
    figure; the last `same` of them are copies of the first, to race for one article's latest.json."""
    text = (KURSK / "article.md").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        own = number if number < count - same else 0
        variant = text.replace("ukraine-kursk-incursion-week-one", f"kursk-variant-{own:03d}").replace(
            "approximately 1,050 square", f"approximately {1000 + own:,} square")
        path = folder / f"article-{number:03d}.md"
        path.write_text(variant, encoding="utf-8")
        paths.append(path)
    return paths


def check_reports(store: str, articles: list[Path]) -> dict:
    """Every complete report in the store, matched to its input by hash: how many, how many inputs have
    none (lost), how many match no input (mixed up)."""
    from checks.stores import open_store

    opened = open_store(store)
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in articles}
    found: list[str] = []
    for ref in opened.runs():
        report = json.loads(opened.read(ref.article_id, ref.run_id, "report.json"))
        found.append(report["article"]["sha256"])
    return {"reports": len(found), "inputs_without_report": len(expected - set(found)),
            "reports_of_no_input": len(set(found) - expected)}


class MemorySampler(threading.Thread):
    """The largest total resident memory of a process and its descendants, sampled until stopped."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_bytes = pid, every, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psutil

        root = psutil.Process(self.pid)
        while not self._stop_event.wait(self.every):
            total = 0
            try:
                family = [root, *root.children(recursive=True)]
            except psutil.Error:
                continue  # a child ended while it was listed: sample again
            for process in family:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak_bytes = max(self.peak_bytes, total)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@contextlib.contextmanager
def local_postgres(folder: Path) -> Iterator[str]:
    """A throw-away PostgreSQL on a free loopback port; its SQLAlchemy URL for Prefect."""
    folder.mkdir(parents=True, exist_ok=True)
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data"
    subprocess.run([*as_user, "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=200"
    subprocess.run([*as_user, "pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        subprocess.run([*as_user, "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "prefect"],
                       check=True, capture_output=True)
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/prefect"
    finally:
        subprocess.run([*as_user, "pg_ctl", "-D", str(data), "-m", "fast", "stop"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--limit", type=int, default=8, help="flow runs at a time on this machine")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crosscheck-load-"))
    os.chmod(work, 0o755)
    articles = kursk_variants(work / "articles", args.runs)
    with contextlib.ExitStack() as stack:
        database = {}
        if args.database == "postgres":
            url = stack.enter_context(local_postgres(work / "postgres"))
            database = {"PREFECT_API_DATABASE_CONNECTION_URL": url}
        figures = run_load(work, articles, args.runs, args.limit, database)
    figures["database"] = args.database
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"service-load-{datetime.now(timezone.utc):%Y-%m-%d}.json"
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


def run_load(work: Path, articles: list[Path], runs: int, limit: int, database: dict[str, str]) -> dict:
    """Serve, create the runs at once, wait for them, check the reports; the figures."""
    from tests.prefect_server import PrefectServer, PrefectService

    store = work / "reports"
    server = PrefectServer(work / "prefect", extra_env=database)
    server.start()
    service = PrefectService(server)
    try:
        server.ready()
        service.start(dict(os.environ), extra_args=["--limit", str(limit)])
        sampler = MemorySampler(service.pid)
        sampler.start()
        started = time.monotonic()
        run_ids = []
        for path in articles:
            response = service.create_run("check-article", {"parameters": {
                "article": str(path), "sources": [str(KURSK / "sources"), str(KURSK / "reference")],
                "store": str(store)}})
            response.raise_for_status()
            run_ids.append(response.json()["id"])
        created = time.monotonic() - started
        states = {}
        for run_id in run_ids:
            states[run_id] = service.wait(run_id, timeout=3600)["state"]["type"]
        wall = time.monotonic() - started
        sampler.stop()
    finally:
        service.stop()
        server.stop()
    return {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores",
        "runs": runs,
        "limit": limit,
        "created_seconds": round(created, 2),
        "wall_seconds": round(wall, 1),
        "runs_per_minute": round(runs / wall * 60, 1),
        "completed": sum(s == "COMPLETED" for s in states.values()),
        "peak_memory_mib": round(sampler.peak_bytes / 2**20),
        **check_reports(str(store), articles),
    }


if __name__ == "__main__":
    main()
