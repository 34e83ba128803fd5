"""Matching: which source claims speak of the same thing as each article claim.

Blocking first (same kind; for figures the same measure: pint dimension, currency or counted-noun
family; for roles the same person), then scoring within each block with rapidfuzz, vectorised with
`process.cdist`. Every match keeps its score and the reason it was made.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from checks.claims import Claim, ClaimKind
from checks.names import NameBook, default_name_book

__all__ = ["Match", "MatchSettings", "match_claims", "normalise_quote"]


@dataclass(frozen=True)
class MatchSettings:
    """Score thresholds (0-100): below `weak` nothing matches; below `strong` a match is weak."""

    weak: float = 40.0
    strong: float = 45.0
    #: Share of the context score that comes from rare shared words (IDF-weighted overlap) rather
    #: than rapidfuzz's token-set likeness: rare words ("national", "Grellow", "maximum") tell one
    #: figure from another of the same unit.
    rare_words: float = 0.5
    #: Taken off when both claims stand near proper names and share none of them.
    other_names: float = 15.0
    #: Taken off when the words nearest the two figures say opposite things (checks/data/opposites.csv).
    opposite_words: float = 30.0
    #: Context likeness (0-100) at which two quotes of one speaker are taken as said on one occasion.
    same_occasion: float = 70.0


@dataclass(frozen=True)
class Match:
    """An article claim paired with a source claim about the same thing."""

    claim_id: str
    source_claim_id: str
    score: float
    reason: str


def match_claims(
    article_claims: list[Claim],
    source_claims: list[Claim],
    *,
    settings: MatchSettings | None = None,
    names: NameBook | None = None,
) -> list[Match]:
    """All matches scoring at least `settings.weak`, best first for each article claim."""
    settings = settings or MatchSettings()
    names = names or default_name_book()
    blocks: dict[str, list[Claim]] = defaultdict(list)
    for claim in source_claims:
        blocks[_block_key(claim)].append(claim)

    rarity = _Rarity([*article_claims, *source_claims])
    matches: list[Match] = []
    for claim in article_claims:
        candidates = blocks.get(_block_key(claim), [])
        if not candidates:
            continue
        scores, reason = _scores(claim, candidates, names, rarity, settings)
        for candidate, score in zip(candidates, scores):
            if score >= settings.weak:
                matches.append(Match(claim.id, candidate.id, round(float(score), 1), reason(candidate)))
    matches.sort(key=lambda m: (m.claim_id, -m.score))
    return matches


def _block_key(claim: Claim) -> str:
    if claim.kind is ClaimKind.QUANTITY and claim.quantity:
        measure = claim.quantity.measure
        if measure.startswith("count:"):
            return f"quantity|{measure}"  # "cut 780 jobs" and "780 jobs" count the same jobs
        return f"quantity|{measure}|{'change' if claim.quantity.change else 'level'}"
    if claim.kind is ClaimKind.DATE:
        return f"date|{claim.detail}"
    return claim.kind.value


class _Rarity:
    """How telling each context word is: rare words (inverse document frequency over every claim
    being matched) and words near the claim (contexts list the nearest words first) weigh most."""

    def __init__(self, claims: list[Claim]):
        counts: Counter[str] = Counter()
        for claim in claims:
            counts.update(set(claim.context.split()))
        total = len(claims)
        self._idf = {word: math.log((total + 1) / (count + 1)) + 1 for word, count in counts.items()}

    def weights(self, claim: Claim) -> dict[str, float]:
        weights: dict[str, float] = {}
        for rank, word in enumerate(claim.context.split()):
            weights.setdefault(word, self._idf.get(word, 1.0) / (1 + rank / 4))
        return weights

    def overlap(self, claim: Claim, candidates: list[Claim]) -> np.ndarray:
        """Weighted Dice overlap (0-100) of the claim's context words with each candidate's."""
        mine = self.weights(claim)
        own = sum(mine.values())
        scores = np.zeros(len(candidates), dtype=np.float32)
        for index, candidate in enumerate(candidates):
            theirs = self.weights(candidate)
            total = own + sum(theirs.values())
            if total:
                shared = sum(mine[w] + theirs[w] for w in mine.keys() & theirs.keys())
                scores[index] = 100.0 * shared / total
        return scores


def _scores(claim: Claim, candidates: list[Claim], names: NameBook, rarity: _Rarity, settings: MatchSettings):
    if claim.kind is ClaimKind.QUOTE:
        return _quote_scores(claim, candidates, names, settings)
    if claim.kind is ClaimKind.ATTRIBUTION:
        same = np.array([100.0 if names.same_speaker(claim.subject, c.subject) else 0.0 for c in candidates])
        return same, lambda c: f"{claim.subject} and {c.subject} are one person"
    likeness = process.cdist([claim.context], [c.context for c in candidates], scorer=fuzz.token_set_ratio,
                             dtype=np.float32)[0]
    contexts = (1 - settings.rare_words) * likeness + settings.rare_words * rarity.overlap(claim, candidates)
    if claim.kind is ClaimKind.QUANTITY:
        measure = claim.quantity.measure if claim.quantity else "number"
        # A bare number has no measure to block on, so it needs closer words around it; a count of
        # a named thing or a physical dimension already says much of what the figure is about.
        penalty = 15.0 if measure == "number" else -10.0 if measure.startswith(("count:", "[")) else 0.0
        same_speaker = np.array([10.0 if names.same_speaker(claim.speaker, c.speaker) else 0.0 for c in candidates])
        # figures near different names ("Halme's six years", "Enqvist's three years") are about different things
        other_names = np.array([settings.other_names if claim.entities and c.entities and not claim.entities & c.entities
                                else 0.0 for c in candidates])
        # "120,000 evacuated" and "19,376 remain": near words that say the opposite
        opposed = np.array([settings.opposite_words if _opposed(claim, c) else 0.0 for c in candidates])
        scores = np.minimum(contexts + same_speaker - penalty - other_names - opposed, 100.0)
        return scores, lambda c: f"same measure ({measure}); words around it alike"
    # Dates stand in most sentences and their contexts are short, so a subset of words is not
    # enough: the order-sensitive score pulls the set score down, and a flat penalty follows.
    ordered = process.cdist([claim.context], [c.context for c in candidates], scorer=fuzz.token_sort_ratio,
                            dtype=np.float32)[0]
    return (contexts + ordered) / 2 - 10.0, lambda c: "dates beside alike words"


@lru_cache(maxsize=1)
def _opposites() -> dict[str, set[str]]:
    text = resources.files("checks.data").joinpath("opposites.csv").read_text(encoding="utf-8")
    pairs: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(text.splitlines()):
        pairs[row["word"]].add(row["opposite"])
        pairs[row["opposite"]].add(row["word"])
    return pairs


def _opposed(claim: Claim, other: Claim, near: int = 2) -> bool:
    """True when a word next to one figure is the opposite of a word next to the other
    ("evacuated 120,000" against "19,376 remain") and neither side also has the other's word."""
    opposites = _opposites()
    mine, theirs = set(claim.context.split()[:near]), set(other.context.split()[:near])
    return any(word not in theirs and opposites.get(word, set()) & (theirs - mine) for word in mine)


def _quote_scores(claim: Claim, candidates: list[Claim], names: NameBook, settings: MatchSettings):
    """A source quote is the same quote when its words are alike, or when the same speaker is quoted
    on what reads as the same occasion (then different words are a misquote)."""
    said = normalise_quote(claim.detail or "")
    words = process.cdist([said], [normalise_quote(c.detail or "") for c in candidates], scorer=fuzz.partial_ratio,
                          dtype=np.float32)[0]
    occasions = process.cdist([claim.context], [c.context for c in candidates], scorer=fuzz.token_set_ratio,
                              dtype=np.float32)[0]
    scores = []
    for candidate, word_score, occasion in zip(candidates, words, occasions):
        same_speaker = names.same_speaker(claim.speaker, candidate.speaker)
        if claim.speaker and candidate.speaker and not same_speaker:
            word_score = word_score if word_score >= 90 else 0.0  # another speaker's quote counts only word for word
        occasion_score = occasion if same_speaker and occasion >= settings.same_occasion else 0.0
        scores.append(max(word_score, occasion_score))
    return np.array(scores), lambda c: f"quoted words alike or same occasion; speaker {c.speaker or 'not named'}"


def normalise_quote(words: str) -> str:
    """Quotes compared without case, curly marks, punctuation or extra spaces."""
    cleaned = words.lower().replace("’", "'").replace("‘", "'")
    cleaned = re.sub(r"[^\w' -]+", " ", cleaned)
    return " ".join(cleaned.split())
