"""Sentence boundaries in news prose.

A sentence ends at ".", "!" or "?" (with any closing quote or bracket after it) followed by
space and something that can start a sentence, unless the full stop belongs to an abbreviation
("Gen.", "U.S.", "Jan."), an initial ("John F. Kennedy") or a number ("3.5"). Paragraphs (blank
lines) always end a sentence. Hand-written because pysbd, the library choice, costs about 1.4 ms
a sentence here, which was half of all extraction time; benchmarks/sentence_split.py measures
the two side by side.
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col maj lt sgt capt cmdr adm gov sen rep rev st mt ft jr sr inc ltd co corp
    plc llc bros no nos vs etc al approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun u.s u.k u.n e.g i.e ph.d"""
    .split()
)
_PARAGRAPH = re.compile(r"\n\s*\n")
#: A candidate end: terminal punctuation, closing quotes or brackets, then white space.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+)")
#: What may start the next sentence: a capital, a digit, or an opening quote or bracket.
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-ÞА-ЯЁІЇЄ]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without the white space between them."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _paragraphs(text):
        start = block_start
        for end in _ends(text, block_start, block_end):
            spans.append(_trimmed(text, start, end))
            start = end
        spans.append(_trimmed(text, start, block_end))
    return [span for span in spans if span[0] < span[1]]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    blocks, start = [], 0
    for gap in _PARAGRAPH.finditer(text):
        blocks.append((start, gap.start()))
        start = gap.end()
    blocks.append((start, len(text)))
    return blocks


def _ends(text: str, start: int, end: int) -> list[int]:
    ends = []
    for match in _END.finditer(text, start, end):
        if not _NEXT_START.match(text, match.end(), end):
            continue
        if match.group(0)[0] == "." and _abbreviation(text, start, match.start()):
            continue
        ends.append(match.end())
    return ends


def _abbreviation(text: str, start: int, dot: int) -> bool:
    """True when the full stop at `dot` ends an abbreviation, an initial or a number, not a sentence."""
    word = _WORD_BEFORE.search(text, start, dot)
    if word is None:
        return False
    token = word.group(1).lower().strip("'’")
    if token in ("a.m", "p.m"):
        return False  # before a capital, "2 a.m. The ..." ends a sentence
    if token in _ABBREVIATIONS or token.rstrip(".") in _ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isalpha() and text[word.start()].isupper():
        return True  # an initial: "John F. Kennedy"
    parts = [part for part in token.split(".") if part]
    return "." in token and all(len(part) <= 2 and part.isalpha() for part in parts)  # "U.S", "e.g"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
