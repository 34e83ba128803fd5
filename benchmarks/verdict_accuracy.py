"""Verdict accuracy on the labelled stories of tests/data/stories (an article, its sources, expected verdicts).

    python -m benchmarks.verdict_accuracy [--held-out] [--show-errors]

Stories whose folder starts with "heldout-" are kept aside: scored only with --held-out.
A labelled claim the engine does not extract counts as wrong ("missed"). A false alarm is a claim
labelled supported that the engine calls contradicted or disputed.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from checks.pipeline import extract_article, extract_sources, judge, load_article, match
from checks.sources import load_sources
from checks.verdicts import Verdict, VerdictSettings

STORIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "stories"
VERDICTS = [v.value for v in Verdict]


def story_dirs(held_out: bool) -> list[Path]:
    return sorted(p for p in STORIES.iterdir() if p.is_dir() and p.name.startswith("heldout-") == held_out)


def judge_story(folder: Path, settings: VerdictSettings | None = None) -> list[tuple[dict, str, str]]:
    """(expected claim, expected verdict, verdict given) for each labelled claim of one story."""
    settings = settings or VerdictSettings()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    article = load_article(str(folder / "article.md"))
    sources = load_sources([str(folder / "sources")])
    claims = extract_article(article)
    source_claims = extract_sources(sources)
    findings = judge(article, claims, source_claims, match(claims, source_claims, settings), None, settings, sources)
    given = {claim.id: finding for claim, finding in zip(claims, findings)}
    rows = []
    for label in expected["claims"]:
        at = article.text.find(label["text"])
        found = [c for c in claims if at >= 0 and c.start < at + len(label["text"]) and at < c.end
                 and c.kind.value == label["kind"]]
        verdict = given[found[0].id].verdict.value if found else "missed"
        rows.append((label, label["verdict"], verdict))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="score the held-out stories instead")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    rows = []
    for folder in story_dirs(args.held_out):
        for label, want, got in judge_story(folder):
            rows.append((folder.name, label, want, got))
    total = len(rows)
    right = sum(want == got for _, _, want, got in rows)
    supported = sum(want == "supported" for _, _, want, _ in rows)
    false_alarms = sum(want == "supported" and got in ("contradicted", "disputed") for _, _, want, got in rows)
    confusion = Counter((want, got) for _, _, want, got in rows)
    print(f"{'held-out' if args.held_out else 'development'} stories: {len({r[0] for r in rows})}, claims: {total}")
    print(f"verdict accuracy: {100 * right / total:.1f}%  ({right}/{total})")
    print(f"false alarms: {false_alarms} ({100 * false_alarms / total:.1f}% of claims, "
          f"{100 * false_alarms / max(supported, 1):.1f}% of supported claims)")
    columns = [*VERDICTS, "missed"]
    print("\nexpected \\ given " + " ".join(f"{c[:7]:>8}" for c in columns))
    for want in VERDICTS:
        print(f"{want:16} " + " ".join(f"{confusion.get((want, got), 0):8d}" for got in columns))
    print("\nper story (accuracy, false alarms):")
    for story in sorted({r[0] for r in rows}):
        mine = [r for r in rows if r[0] == story]
        alarms = sum(want == "supported" and got in ("contradicted", "disputed") for _, _, want, got in mine)
        print(f"  {story:40} {sum(w == g for _, _, w, g in mine):3d}/{len(mine):<3d} {alarms}")
    if args.show_errors:
        for story, label, want, got in rows:
            if want != got:
                print(f"  {story}: {label['text']!r}: expected {want}, given {got} ({label.get('why', '')[:120]})")
    if args.json:
        args.json.write_text(json.dumps({"claims": total, "accuracy": round(100 * right / total, 1),
                                         "false_alarms": false_alarms,
                                         "confusion": {f"{w}->{g}": n for (w, g), n in confusion.items()}}, indent=2))


if __name__ == "__main__":
    main()
