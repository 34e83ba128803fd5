"""Sentence splitting beside pysbd: boundary agreement and speed on every text the project holds.

    python -m benchmarks.sentence_split

Texts: the Kursk article and sources, the labelled stories, and the labelled quantity sentences
joined into paragraphs of five. A boundary is the offset where a sentence ends.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from checks.documents import load_document
from checks.sentences import sentence_spans

ROOT = Path(__file__).resolve().parent.parent


def texts() -> list[str]:
    found = [load_document(p).text for p in sorted((ROOT / "examples").rglob("*.md")) if p.name != "README.md"]
    found += [load_document(p).text for p in sorted((ROOT / "tests" / "data" / "stories").rglob("*.md"))
              if p.name != "README.md"]
    for split in ("dev", "test"):
        lines = [json.loads(x)["text"] for x in (ROOT / "tests/data/quantities" / f"{split}.jsonl").read_text().splitlines()]
        found += [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]
    return found


def pysbd_ends(text: str, segmenter) -> set[int]:
    ends = set()
    offset = 0
    for paragraph in text.split("\n\n"):
        start = text.index(paragraph, offset)
        offset = start + len(paragraph)
        for span in segmenter.segment(paragraph):
            ends.add(start + len(span.sent.rstrip()) + span.start)
    return {e for e in ends if text[:e].strip()}


def main() -> None:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    corpus = texts()
    ours_ends = [{end for _, end in sentence_spans(t)} for t in corpus]
    theirs_ends = [pysbd_ends(t, segmenter) for t in corpus]
    both = sum(len(a & b) for a, b in zip(ours_ends, theirs_ends))
    only_ours = [(t, sorted(a - b)) for t, a, b in zip(corpus, ours_ends, theirs_ends) if a - b]
    only_theirs = [(t, sorted(b - a)) for t, a, b in zip(corpus, ours_ends, theirs_ends) if b - a]
    timings = {}
    for name, split in (("crosscheck", sentence_spans), ("pysbd", lambda t: pysbd_ends(t, segmenter))):
        start = time.perf_counter()
        for text in corpus:
            split(text)
        timings[name] = time.perf_counter() - start
    sentences = sum(len(e) for e in theirs_ends)
    result = {
        "texts": len(corpus), "pysbd_sentences": sentences, "boundaries_agreed": both,
        "only_crosscheck": sum(len(x) for _, x in only_ours), "only_pysbd": sum(len(x) for _, x in only_theirs),
        "crosscheck_ms_per_sentence": round(1000 * timings["crosscheck"] / sentences, 4),
        "pysbd_ms_per_sentence": round(1000 * timings["pysbd"] / sentences, 4),
        "speed_ratio": round(timings["pysbd"] / timings["crosscheck"], 1),
    }
    print(json.dumps(result, indent=2))
    for text, ends in (only_ours + only_theirs)[:12]:
        for end in ends:
            print(" ", "ours" if (text, ends) in only_ours else "pysbd", "|", repr(text[max(0, end - 50) : end + 30]))


if __name__ == "__main__":
    main()
