"""One on-demand check of the Kursk article: engine time per stage, and the command's cold wall time.

    python -m benchmarks.kursk_timing [--repeats 5] [--with-prefect]

Engine time is measured in this process after one warm-up run (imports and first-use set-up
done), as a median per stage. Cold wall time is `crosscheck check` in a fresh process, median of
`--repeats` runs; `--with-prefect` adds one run through the flow on Prefect's embedded API.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from checks import pipeline
from checks.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
KURSK = ROOT / "examples" / "kursk"
RESULTS = Path(__file__).resolve().parent / "results"
STAGES = ("load", "extract", "match", "judge", "validate", "report", "store")


def one_run(store: str) -> dict[str, float]:
    """Seconds per stage of one check, engine only."""
    seconds: dict[str, float] = {}
    settings = pipeline.VerdictSettings()

    def clock(stage, function, *args):
        start = time.perf_counter()
        value = function(*args)
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - start
        return value

    article = clock("load", pipeline.load_article, str(KURSK / "article.md"))
    sources = clock("load", load_sources, [str(KURSK / "sources"), str(KURSK / "reference")])
    claims = clock("extract", pipeline.extract_article, article)
    source_claims = clock("extract", pipeline.extract_sources, sources)
    matches = clock("match", pipeline.match, claims, source_claims, settings)
    findings = clock("judge", pipeline.judge, article, claims, source_claims, matches, None, settings, sources)
    expectations = clock("validate", pipeline.validate, article, claims, findings, sources)
    report = clock("report", pipeline.make_report, article, sources, source_claims, claims, findings, expectations)
    clock("store", pipeline.store_report, store, article, report)
    return seconds


def cold_wall(extra: list[str], store: str) -> float:
    command = [str(Path(sys.executable).parent / "crosscheck"), "check", str(KURSK / "article.md"),
               "--sources", str(KURSK / "sources"), "--sources", str(KURSK / "reference"),
               "--store", store, "--output", "json", *extra]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--with-prefect", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as store:
        one_run(store)  # warm-up: imports, first-use set-up
        runs = [one_run(store) for _ in range(args.repeats)]
        per_stage = {stage: round(statistics.median(r.get(stage, 0.0) for r in runs), 4) for stage in STAGES}
        engine = sum(per_stage[s] for s in ("load", "extract", "match", "judge", "report"))
        walls = [cold_wall(["--engine-only"], store) for _ in range(max(1, args.repeats // 2))]
        result = {
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "warm_seconds_per_stage": per_stage,
            "warm_engine_seconds": round(engine, 4),
            "warm_engine_with_expectations_seconds": round(engine + per_stage["validate"], 4),
            "cold_wall_engine_only_seconds": {"median": round(statistics.median(walls), 2),
                                              "min": round(min(walls), 2), "max": round(max(walls), 2)},
        }
        if args.with_prefect:
            result["cold_wall_prefect_embedded_seconds"] = round(cold_wall([], store), 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"kursk-{datetime.now(timezone.utc):%Y-%m-%d}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
