"""Extraction throughput beside quantulum3, on the same sentences in the same run.

    python -m benchmarks.extraction_speed [--repeats 5] [--rounds 3]

Sentences: every sentence of tests/data/quantities (dev and test). Each figure is the median of
`--repeats` passes over all sentences, with min and max. The first-call pause of each extractor is
measured in a fresh interpreter (import plus the first sentence). Also scores quantulum3's value
and value+unit F1 on the same labels, so speed is compared at known accuracy.
Writes benchmarks/results/extraction-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.extraction_quality import LEVELS, canonical_unit, load, same_value, score
from checks.quantities import find_quantities

RESULTS = Path(__file__).resolve().parent / "results"

_FIRST_CALL = {
    "crosscheck": "from checks.quantities import find_quantities as f; f({s!r})",
    "quantulum3": "import warnings; warnings.simplefilter('ignore'); from quantulum3 import parser; parser.parse({s!r})",
}


def first_call_seconds(extractor: str, sentence: str) -> float:
    """Wall time of import plus the first sentence, in a fresh interpreter (interpreter start excluded)."""
    code = f"import time; t = time.perf_counter(); {_FIRST_CALL[extractor].format(s=sentence)}; " \
           "print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def passes(extract, sentences: list[str], repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for sentence in sentences:
            extract(sentence)
        timings.append(time.perf_counter() - start)
    return timings


def quantulum_scores(rows: list[dict]) -> dict:
    """quantulum3's value and value+unit F1 on the labelled sentences (spans overlap, as for ours)."""
    from quantulum3 import parser

    found_total = labelled_total = 0
    correct = {"value": 0, "value+unit": 0}
    for row in rows:
        found = [(q.span[0], q.span[1], q) for q in parser.parse(row["text"])]
        found_total += len(found)
        labelled_total += len(row["quantities"])
        used: set[int] = set()
        for label in row["quantities"]:
            pair = next(((i, f) for i, f in enumerate(found)
                         if i not in used and f[0] < label["end"] and label["start"] < f[1]), None)
            if pair is None:
                continue
            used.add(pair[0])
            quantity = pair[1][2]
            if not same_value(float(quantity.value), label["value"]):
                continue
            correct["value"] += 1
            unit = quantity.unit.name if quantity.unit.name != "dimensionless" else None
            if _quantulum_unit(unit, quantity) == canonical_unit(label["unit"]):
                correct["value+unit"] += 1
    return {level: _f1(correct[level], found_total, labelled_total) for level in correct}


def _quantulum_unit(name: str | None, quantity) -> str | None:
    """quantulum3's unit in the form our labels normalise to, as generously as its names allow."""
    if name is None:
        return None
    surface = quantity.surface.lower()
    for word in (name, name + "s", surface.split()[-1] if surface.split() else ""):
        unit = canonical_unit(word)
        if unit and unit != word:
            return unit
    return canonical_unit(name)


def _f1(correct: int, found: int, labelled: int) -> float:
    precision = correct / found if found else 0.0
    recall = correct / labelled if labelled else 0.0
    return round(100 * 2 * precision * recall / (precision + recall), 1) if precision + recall else 0.0


def summary(timings: list[float], sentences: int, chars: int) -> dict:
    median = statistics.median(timings)
    return {
        "seconds_median": round(median, 4), "seconds_min": round(min(timings), 4), "seconds_max": round(max(timings), 4),
        "sentences_per_second": round(sentences / median), "mb_per_second": round(chars / median / 1e6, 3),
        "ms_per_sentence": round(1000 * median / sentences, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = load("dev") + load("test")
    sentences = [row["text"] for row in rows]
    chars = sum(len(s.encode("utf-8")) for s in sentences)

    from quantulum3 import parser as quantulum

    find_quantities(sentences[0])
    quantulum.parse(sentences[0])
    ours = passes(find_quantities, sentences, args.repeats)
    theirs = passes(quantulum.parse, sentences, args.repeats)
    ours_tally = score(rows)
    result = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "processor": platform.processor() or platform.machine(),
                    "cores": __import__("os").cpu_count()},
        "sentences": len(sentences),
        "crosscheck": {**summary(ours, len(sentences), chars),
                       "first_call_seconds": round(first_call_seconds("crosscheck", sentences[0]), 3),
                       "f1": {level: ours_tally.scores()[level]["f1"] for level in LEVELS}},
        "quantulum3": {**summary(theirs, len(sentences), chars),
                       "first_call_seconds": round(first_call_seconds("quantulum3", sentences[0]), 3),
                       "f1": quantulum_scores(rows)},
    }
    result["throughput_ratio"] = round(statistics.median(theirs) / statistics.median(ours), 1)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"extraction-{datetime.now(timezone.utc):%Y-%m-%d}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
