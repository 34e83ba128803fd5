"""A scheduled batch: the watch list of a seeded corpus through verify-watchlist, beside the engine alone.

    python -m benchmarks.batch [--articles 1000] [--sources 10000] [--phases engine,threads,rerun,dask]

The corpus (benchmarks/corpus.py) gives each article its own story's sources (sources / articles
documents each). Each phase runs in a fresh process with an empty claims cache and store:

    engine     the same work without Prefect: the flow's groups of articles (load, extract, match,
               judge, then validate and report the group), and their stores, one after another
    threads    verify-watchlist with the default ThreadPoolTaskRunner
    rerun      verify-watchlist again over the unchanged inputs (same store and cache as threads)
    dask       verify-watchlist on a temporary two-worker Dask cluster

and reports wall seconds, articles per minute and peak memory (the phase's process and its
children, sampled every 0.5 s). Prefect's share is 1 - engine / threads; the re-run speed-up is
threads / rerun.

The flow phases talk to a Prefect server that the harness starts first (SQLite, its own home), as
scheduled runs talk to the server of `crosscheck serve`: the clock does not count a server's
start. (Prefect's embedded API would add its own start, about 10 s, to every phase.)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.corpus import generate, write_watchlist
from benchmarks.service_load import MemorySampler

RESULTS = Path(__file__).resolve().parent / "results"
PHASES = ("engine", "threads", "rerun", "dask")


def run_phase(phase: str, corpus: Path, work: Path) -> dict:
    """One phase in this process; its figures."""
    os.environ["CROSSCHECK_CACHE_DIR"] = str(work / ("cache-threads" if phase == "rerun" else f"cache-{phase}"))
    store = str(work / ("reports-threads" if phase == "rerun" else f"reports-{phase}"))
    watchlist = corpus / "watchlist.yaml"
    sampler = MemorySampler(os.getpid())
    sampler.start()
    started = time.perf_counter()
    if phase == "engine":
        articles = engine_only(watchlist, store)
    else:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
        from flows.runners import make_task_runner
        from flows.settings import ServiceSettings
        from flows.verify_watchlist import verify_watchlist

        runner = make_task_runner(ServiceSettings(task_runner="dask" if phase == "dask" else "threads"))
        outcome = verify_watchlist.with_options(task_runner=runner)(str(watchlist), store)
        articles = len(outcome["articles"])
    seconds = time.perf_counter() - started
    sampler.stop()
    return {"phase": phase, "articles": articles, "wall_seconds": round(seconds, 1),
            "articles_per_minute": round(articles / seconds * 60, 1),
            "peak_memory_mib": round(sampler.peak_bytes / 2**20)}


def engine_only(watchlist: Path, store: str) -> int:
    """The watch list's checks on the engine alone: the flow's groups and stores, one after another."""
    from checks.rechecks import NotChecked, recheck, store_checked
    from checks.watchlist import load_watchlist
    from crosscheck.settings import CrosscheckSettings
    from flows.settings import ServiceSettings

    options = CrosscheckSettings().input_options()
    plan = load_watchlist(str(watchlist))
    for start, end in ServiceSettings().group_bounds(len(plan.articles)):
        for outcome in recheck(list(plan.articles[start:end]), store, options):
            if isinstance(outcome, NotChecked):
                raise SystemExit(f"{outcome.location}: {outcome.error}")
            store_checked(store, outcome)
    return len(plan.articles)


def run_child(phase: str, work: Path, env: dict[str, str]) -> dict:
    """One phase in a fresh process; its figures (printed as they come)."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.batch", "--phase", phase, "--work", str(work)],
                          capture_output=True, text=True, check=True, env={**os.environ, **env})
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(figures), flush=True)
    return figures


@contextmanager
def prefect_server(work: Path, needed: bool) -> Iterator[str | None]:
    """A Prefect server for the flow phases (its API address), stopped at the end; None if not needed."""
    if not needed:
        yield None
        return
    from tests.prefect_server import PrefectServer

    server = PrefectServer(work / "prefect")
    server.start()
    try:
        server.ready()
        yield server.api_url
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=10000)
    parser.add_argument("--phases", default=",".join(PHASES), help=f"some of {','.join(PHASES)}")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # one phase, in a child process
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.work / "corpus", args.work)))
        return
    work = Path(tempfile.mkdtemp(prefix="crosscheck-batch-"))
    generate(work / "corpus", args.articles, args.sources)
    write_watchlist(work / "corpus", args.articles)
    figures: dict = {"measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "machine": f"{os.cpu_count()} cores", "articles": args.articles, "sources": args.sources}
    phases = args.phases.split(",")
    if "engine" in phases:  # before the server starts: its background services take CPU too
        figures["engine"] = run_child("engine", work, {})
    flow_phases = [p for p in phases if p != "engine"]
    with prefect_server(work, needed=bool(flow_phases)) as api_url:
        for phase in flow_phases:
            figures[phase] = run_child(phase, work, {"PREFECT_API_URL": api_url})
    if "engine" in figures and "threads" in figures:
        figures["prefect_share"] = round(1 - figures["engine"]["wall_seconds"] / figures["threads"]["wall_seconds"], 3)
    if "rerun" in figures and "threads" in figures:
        figures["rerun_speedup"] = round(figures["threads"]["wall_seconds"] / figures["rerun"]["wall_seconds"], 1)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"batch-{args.articles}x{args.sources}-{datetime.now(timezone.utc):%Y-%m-%d}.json"
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
