"""Matching: which source claims speak of the same thing as each article claim.

Blocking first (same kind; for figures the same measure: pint dimension, currency or counted-noun
family; for roles the same person), then scoring within each block with rapidfuzz, vectorised with
`process.cdist`. Every match keeps its score and the reason it was made.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from checks.claims import Claim, ClaimKind
from checks.names import NameBook, default_name_book

__all__ = ["Match", "MatchSettings", "match_claims", "normalise_quote"]


@dataclass(frozen=True)
class MatchSettings:
    """Score thresholds (0-100): below `weak` nothing matches; below `strong` a match is weak."""

    weak: float = 45.0
    strong: float = 55.0


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

    matches: list[Match] = []
    for claim in article_claims:
        candidates = blocks.get(_block_key(claim), [])
        if not candidates:
            continue
        scores, reason = _scores(claim, candidates, names)
        for candidate, score in zip(candidates, scores):
            if score >= settings.weak:
                matches.append(Match(claim.id, candidate.id, round(float(score), 1), reason(candidate)))
    matches.sort(key=lambda m: (m.claim_id, -m.score))
    return matches


def _block_key(claim: Claim) -> str:
    if claim.kind is ClaimKind.QUANTITY and claim.quantity:
        return f"quantity|{claim.quantity.measure}|{'change' if claim.quantity.change else 'level'}"
    if claim.kind is ClaimKind.ATTRIBUTION:
        return f"attribution|{claim.subject}"
    if claim.kind is ClaimKind.DATE:
        return f"date|{claim.detail}"
    return claim.kind.value


def _scores(claim: Claim, candidates: list[Claim], names: NameBook):
    if claim.kind is ClaimKind.QUOTE:
        return _quote_scores(claim, candidates, names)
    if claim.kind is ClaimKind.ATTRIBUTION:
        return np.full(len(candidates), 100.0), lambda c: f"both name {claim.subject}"
    contexts = process.cdist([claim.context], [c.context for c in candidates], scorer=fuzz.token_set_ratio,
                             dtype=np.float32)[0]
    if claim.kind is ClaimKind.QUANTITY:
        measure = claim.quantity.measure if claim.quantity else "number"
        # A bare number has no measure to block on, so it needs closer words around it; a count of
        # a named thing or a physical dimension already says much of what the figure is about.
        penalty = 15.0 if measure == "number" else -10.0 if measure.startswith(("count:", "[")) else 0.0
        same_speaker = np.array([10.0 if names.same_speaker(claim.speaker, c.speaker) else 0.0 for c in candidates])
        scores = np.minimum(contexts + same_speaker - penalty, 100.0)
        return scores, lambda c: f"same measure ({measure}); words around it alike"
    # Dates stand in most sentences and their contexts are short, so a subset of words is not
    # enough: the order-sensitive score pulls the set score down, and a flat penalty follows.
    ordered = process.cdist([claim.context], [c.context for c in candidates], scorer=fuzz.token_sort_ratio,
                            dtype=np.float32)[0]
    return (contexts + ordered) / 2 - 10.0, lambda c: "dates beside alike words"


def _quote_scores(claim: Claim, candidates: list[Claim], names: NameBook):
    said = normalise_quote(claim.detail or "")
    words = process.cdist([said], [normalise_quote(c.detail or "") for c in candidates], scorer=fuzz.partial_ratio,
                          dtype=np.float32)[0]
    scores = []
    for candidate, score in zip(candidates, words):
        if claim.speaker and candidate.speaker and not names.same_speaker(claim.speaker, candidate.speaker):
            score = score if score >= 90 else 0.0  # other speakers' quotes count only if the words are the same
        scores.append(score)
    return np.array(scores), lambda c: f"quoted words alike; speaker {c.speaker or 'not named'}"


def normalise_quote(words: str) -> str:
    """Quotes compared without case, curly marks, punctuation or extra spaces."""
    cleaned = words.lower().replace("’", "'").replace("‘", "'")
    cleaned = re.sub(r"[^\w' -]+", " ", cleaned)
    return " ".join(cleaned.split())
