"""Precision, recall and F1 of quantity extraction on the labelled sentences of tests/data/quantities.

    python -m benchmarks.extraction_quality [--split dev|test] [--errors N] [--json PATH]

A found quantity meets a labelled one when their spans overlap. It counts for "value" when the
values agree, for "value+unit" when the units agree too (both sides normalised by the engine's own
unit tables), and for "value+qualifier" when the qualifiers agree too.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

from checks.claims import ClaimKind, Quantity
from checks.documents import Document
from checks.extraction import extract_claims
from checks.quantities import currency_code
from checks.units import CURRENCY_WORDS, counted_noun, physical_unit

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "quantities"
LEVELS = ("value", "value+unit", "value+qualifier")


@dataclass
class Tally:
    found: int = 0
    labelled: int = 0
    correct: dict | None = None

    def __post_init__(self):
        self.correct = {level: 0 for level in LEVELS}

    def scores(self) -> dict:
        out = {}
        for level in LEVELS:
            precision = self.correct[level] / self.found if self.found else 0.0
            recall = self.correct[level] / self.labelled if self.labelled else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out[level] = {"precision": round(100 * precision, 1), "recall": round(100 * recall, 1),
                          "f1": round(100 * f1, 1)}
        return out


def load(split: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line]


def found_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    document = Document(id="s", uri="s", text=text, sha256="")
    return [(c.start, c.end, c.quantity) for c in extract_claims(document, id_prefix="")
            if c.kind is ClaimKind.QUANTITY and c.quantity]


def canonical_unit(written: str | None) -> str | None:
    """A labelled unit as written ("square kilometres", "$", "towns") in the engine's canonical form."""
    if not written:
        return None
    lowered = written.strip().lower()
    if lowered in ("%", "percent", "per cent"):
        return "percent"
    if lowered.startswith("percentage point"):
        return "percentage point"
    if lowered.startswith("basis point"):
        return "basis point"
    if lowered in ("times", "fold", "time"):
        return "times"
    if lowered in ("pence", "p"):
        return "GBX"
    if lowered in ("c", "°c", "f", "°f"):
        return "degC" if "c" in lowered else "degF"
    if lowered.endswith("$") or lowered in CURRENCY_WORDS:
        return currency_code(lowered)
    meaning = physical_unit(lowered)
    return meaning.unit if meaning else counted_noun(lowered).unit


def same_value(found: float, labelled: float) -> bool:
    return math.isclose(found, labelled, rel_tol=1e-3, abs_tol=1e-3)


def score(rows: list[dict], errors: list | None = None) -> Tally:
    tally = Tally()
    for row in rows:
        found = found_quantities(row["text"])
        gold = row["quantities"]
        tally.found += len(found)
        tally.labelled += len(gold)
        used: set[int] = set()
        for label in gold:
            pair = next(((i, f) for i, f in enumerate(found)
                         if i not in used and f[0] < label["end"] and label["start"] < f[1]), None)
            if pair is None:
                if errors is not None:
                    errors.append((row["id"], "missed", label["span"], row["text"]))
                continue
            used.add(pair[0])
            quantity = pair[1][2]
            if not same_value(quantity.value, label["value"]):
                if errors is not None:
                    errors.append((row["id"], f"value {quantity.value} != {label['value']}", label["span"], row["text"]))
                continue
            tally.correct["value"] += 1
            if quantity.unit == canonical_unit(label["unit"]):
                tally.correct["value+unit"] += 1
            elif errors is not None:
                errors.append((row["id"], f"unit {quantity.unit!r} != {canonical_unit(label['unit'])!r}", label["span"], row["text"]))
            if quantity.qualifier.value == label["qualifier"]:
                tally.correct["value+qualifier"] += 1
            elif errors is not None:
                errors.append((row["id"], f"qualifier {quantity.qualifier.value} != {label['qualifier']}", label["span"], row["text"]))
        if errors is not None:
            for i, (start, end, _) in enumerate(found):
                if i not in used:
                    errors.append((row["id"], "spurious", row["text"][start:end], row["text"]))
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args()
    errors: list = []
    rows = load(args.split)
    tally = score(rows, errors)
    scores = tally.scores()
    print(f"{args.split}: {len(rows)} sentences, {tally.labelled} labelled quantities, {tally.found} found")
    for level in LEVELS:
        s = scores[level]
        print(f"  {level:16} P {s['precision']:5.1f}  R {s['recall']:5.1f}  F1 {s['f1']:5.1f}")
    for error in errors[: args.errors]:
        print("  ", *error[:3], "|", error[3][:140])
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, "sentences": len(rows), **scores}, indent=2))


if __name__ == "__main__":
    main()
