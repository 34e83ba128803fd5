"""Matching throughput beside a naive all-pairs loop, and how it grows with the source claims.

    python -m benchmarks.matching_speed [--sizes 1000 10000 100000] [--repeats 3]

Claims come from the seeded corpus (benchmarks/corpus.py), extracted for real. Throughput is
article claims x source claims per second, the pairs a matcher must consider; crosscheck blocks
and scores whole blocks at once, the naive loop scores every pair with rapidfuzz one by one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from rapidfuzz import fuzz

from benchmarks.corpus import generate
from checks.documents import load_document
from checks.extraction import extract_claims
from checks.matching import match_claims

RESULTS = Path(__file__).resolve().parent / "results"


def corpus_claims(articles: int, source_claims: int, seed: int = 7):
    """Article claims and at least `source_claims` source claims, extracted from a fresh corpus."""
    with tempfile.TemporaryDirectory() as folder:
        sources = max(10, source_claims // 4)
        article_paths, source_paths = generate(Path(folder), articles, sources, seed)
        article = [c for p in article_paths for c in extract_claims(load_document(p))]
        found = []
        for path in source_paths:
            found.extend(extract_claims(load_document(path)))
            if len(found) >= source_claims:
                break
    return article, found[:source_claims]


def timed(function, repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return timings


def naive(article, sources) -> None:
    """Every pair scored alone: what a matcher without blocking or vectorising does."""
    for claim in article:
        for other in sources:
            fuzz.token_set_ratio(claim.context, other.context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    article, sources = corpus_claims(args.articles, max(args.sizes))
    rows = []
    for size in args.sizes:
        subset = sources[:size]
        ours = timed(lambda: match_claims(article, subset), args.repeats)
        pairs = len(article) * len(subset)
        row = {"source_claims": len(subset), "article_claims": len(article), "pairs": pairs,
               "seconds_median": round(statistics.median(ours), 4), "seconds_min": round(min(ours), 4),
               "seconds_max": round(max(ours), 4), "pairs_per_second": round(pairs / statistics.median(ours))}
        if size <= 10000:
            theirs = timed(lambda: naive(article, subset), 1)
            row["naive_pairs_per_second"] = round(pairs / theirs[0])
            row["ratio_to_naive"] = round(theirs[0] / statistics.median(ours), 1)
        rows.append(row)
        print(json.dumps(row), flush=True)
    result = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "matching": rows}
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["seconds_median"] / first["seconds_median"]) / (last["source_claims"] / first["source_claims"])
        result["time_growth_over_linear"] = round(growth, 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"matching-{datetime.now(timezone.utc):%Y-%m-%d}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
