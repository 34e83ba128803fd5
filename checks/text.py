"""Plain-text helpers shared by extraction and matching: sentences and content words."""

from __future__ import annotations

import csv
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

from checks.sentences import sentence_spans

__all__ = ["Sentence", "content_words", "split_sentences"]

_WORD = re.compile(r"[^\W\d_][\w'’]*", re.UNICODE)
_STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with as into onto over under than that this these
    those is are was were be been being has have had do does did will would could should may might can
    it its it's he she they them their his her we our you your i not no nor so if then there here which
    who whom whose what when where while also just only more most less such about after before since
    until during per according said says say told added reported some any each other another all both
    quote""".split()
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, with its offsets in the document's text."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in text order; paragraphs (blank lines) always end a sentence."""
    return [Sentence(text=text[start:end], start=start, end=end) for start, end in sentence_spans(text)]


_per_thread = threading.local()


def _stemmer():
    """This thread's stemmer: PyStemmer's Stemmer keeps a cache that threads must not share."""
    stemmer = getattr(_per_thread, "stemmer", None)
    if stemmer is None:
        import Stemmer  # PyStemmer: Snowball's English stemmer in C

        stemmer = _per_thread.stemmer = Stemmer.Stemmer("english")
    return stemmer


@lru_cache(maxsize=1)
def _concepts() -> dict[str, str]:
    """Words news prose uses for the same idea ('captured', 'seized', 'control'), from concepts.csv."""
    text = resources.files("checks.data").joinpath("concepts.csv").read_text(encoding="utf-8")
    return {row["word"]: row["concept"] for row in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's concept or Snowball stem: 'Ukrainian' and 'Ukraine', 'captured' and 'controls' meet."""
    lowered = anyascii(word).lower().strip("'’-")
    lowered = re.sub(r"'s$", "", lowered)
    concept = _concepts().get(lowered)
    return _stemmer().stemWord(concept or lowered)


def content_words(text: str, rename: Callable[[str], str] | None = None) -> list[str]:
    """The stemmed words of a text that carry meaning, in order; `rename` may map names first."""
    words = [w for w in _WORD.findall(text) if w.lower() not in _STOPWORDS and len(w) > 1]
    return [stem(rename(w) if rename else w) for w in words]
