"""Matching: which source claims speak of the same thing as each article claim.

Blocking first (same kind; for figures the same measure: pint dimension, currency or counted-noun
family; money in another currency joins when a reference table gives the rate), then scoring each
block as a whole: rapidfuzz's `process.cdist` for the token-set likeness of the words around the
claims, and sparse matrices for an overlap that weighs rare words and
words near the figure most. Corrections that need both claims (same speaker, other names nearby,
shared nearest words, the same exact figure, how far apart the values are) are matrices over the
whole block too, applied to the pairs that can still reach the threshold; only the opposite-words
test runs per pair, and only for figures with such a word beside them. Every match keeps its score
and the reason.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from checks.claims import Claim, ClaimKind, Qualifier
from checks.exchange import ExchangeRates, in_currency
from checks.names import NameBook, default_name_book
from checks.units import FISH_KINDS, size_of

__all__ = ["Match", "MatchSettings", "match_claims", "normalise_quote", "same_event"]


@dataclass(frozen=True)
class MatchSettings:
    """Score thresholds (0-100): below `weak` nothing matches; below `strong` a match is weak."""

    weak: float = 40.0
    strong: float = 45.0
    #: Share of the context score that comes from rare shared words (IDF-weighted overlap) rather
    #: than rapidfuzz's token-set likeness: rare words ("national", "Grellow", "maximum") tell one
    #: figure from another of the same unit.
    rare_words: float = 0.5
    #: Added when the two figures come from the same speaker.
    same_speaker: float = 10.0
    #: Taken off when both claims stand near proper names and share none of them.
    other_names: float = 15.0
    #: Taken off when the words nearest the two figures say opposite things (checks/data/opposites.csv).
    opposite_words: float = 30.0
    #: Added when a word right next to one figure is also right next to the other: "target of 75
    #: percent" is the target, not the "61 percent" of the same sentence.
    near_words: float = 5.0
    #: Added when two figures are the same figure to the last digit in the same unit ("210 camera
    #: traps" and "the 210 camera traps"), unless it is small, round (12 or less, hundreds) or a share: such
    #: a figure is rarely told of two things in one story.
    same_figure: float = 10.0
    #: Added when a source figure is told as the correction of the article's figure ("26 workers
    #: were behind the fall, not 23" against "23 miners"): the source says it is the same figure.
    denied_figure: float = 15.0
    #: Added when two figures of one measure lie within a factor `near_ratio` of each other, taken off
    #: when they lie more than `far_ratio` apart: reporters' figures for one thing differ by tens of
    #: percent, not by multiples (a reserve's 12,000 ha beside a fire's 3,200 ha).
    near_value: float = 8.0
    near_ratio: float = 1.5
    far_ratio: float = 3.0
    #: Figures more than this many times apart lose twice `near_value`: a colliery's 1,400 workers
    #: and four of its miners are not one figure.
    very_far_ratio: float = 30.0
    #: Added when two dates name the same day, month or season: in one story, one day usually means one event.
    same_day: float = 25.0
    #: Added when two dates are told of the same event noun ("meeting", "vote", "launch").
    same_event: float = 10.0
    #: Added when a word right next to one date is also right next to the other ("automated in 1998").
    date_beside: float = 10.0
    #: Added when an article figure and a source figure are each other's best match (the source's
    #: best in that document, the article's best among its figures) and lie within `near_ratio`
    #: (`far_ratio` for a later source): a story's sources report one event, so the figure of a
    #: measure that fits best both ways is likely the same figure, told in other words.
    reciprocal: float = 10.0
    #: Instead, when the article gives one figure of a measure and a source document one too, and they
    #: lie near in value: the only figure of a measure on each side is most likely the same figure,
    #: even when the two sentences share few words ("11 people were injured", "it treated nine
    #: injured people"). `lone_floor` is the least score such a pair needs before it.
    lone_reciprocal: float = 15.0
    lone_floor: float = 15.0
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
    _add_exchanged(blocks, article_claims, source_claims)
    _add_people(blocks, article_claims, source_claims)
    wanted: dict[str, list[Claim]] = defaultdict(list)
    for claim in article_claims:
        if _block_key(claim) in blocks:
            wanted[_block_key(claim)].append(claim)

    rarity = _Rarity([*article_claims, *source_claims])
    matches: list[Match] = []
    for key, claims in wanted.items():
        candidates = blocks[key]
        scores = _block_scores(claims, candidates, names, rarity, settings)
        if settings.reciprocal and claims[0].kind is ClaimKind.QUANTITY:
            scores = _add_reciprocal(claims, candidates, scores, settings)
        for row, claim in enumerate(claims):
            columns = np.flatnonzero(scores[row] >= settings.weak)
            reason = _reason(claim, None)
            for column, score in zip(columns.tolist(), np.round(scores[row, columns], 1).tolist()):
                candidate = candidates[column]
                matches.append(Match(claim.id, candidate.id, score, reason or _reason(claim, candidate)))
    matches.sort(key=lambda m: (m.claim_id, -m.score))
    return matches


def _add_reciprocal(claims: list[Claim], candidates: list[Claim], scores: np.ndarray,
                    settings: MatchSettings) -> np.ndarray:
    """`settings.reciprocal` more for each pair of figures that are each other's best match and near
    in value (within `near_ratio`, or `far_ratio` for a later source), unless they stand near
    different names; `settings.lone_reciprocal` more where each is its side's only figure of the measure."""
    boost = settings.reciprocal * _reciprocal_best(candidates, scores, settings.weak - settings.reciprocal)
    if len(claims) == 1:
        per_document = Counter(c.document_id for c in candidates)
        alone = np.array([per_document[c.document_id] == 1 for c in candidates])
        lone = (alone[None, :] & (scores >= settings.lone_floor)).astype(np.float32)
        boost = np.maximum(boost, settings.lone_reciprocal * lone)
    # a later figure may have moved further: counts grow as an event goes on
    def dated(group: list[Claim]) -> np.ndarray:
        return np.array([c.as_of.toordinal() if c.as_of else np.nan for c in group], dtype=float)

    later = dated(candidates)[None, :] > dated(claims)[:, None]
    with np.errstate(invalid="ignore"):
        too_far = _value_ratios(claims, candidates) > np.where(later, settings.far_ratio, settings.near_ratio)
    boost[too_far | _other_names_matrix(claims, candidates)] = 0.0
    return np.clip(scores + boost, 0.0, 100.0)


def _reciprocal_best(candidates: list[Claim], scores: np.ndarray, floor: float) -> np.ndarray:
    """1 where an article figure and a source figure are each other's best match, the article's
    within that source document and the source's among the article's figures, scoring `floor` or more."""
    documents = np.array([c.document_id for c in candidates])
    order = np.argsort(documents, kind="stable")
    starts = np.flatnonzero(np.r_[True, documents[order][1:] != documents[order][:-1]])
    best_in_document = np.maximum.reduceat(scores[:, order], starts, axis=1)
    document_of = np.empty(len(candidates), dtype=np.intp)
    document_of[order] = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(candidates)]))
    mine = scores >= best_in_document[:, document_of]
    theirs = scores >= scores.max(axis=0, keepdims=True)
    return (mine & theirs & (scores >= floor)).astype(np.float32)


#: Words for everyone that also count each kind: a source's "about 1,200 people marched" for students,
#: and "31,500 children in its primary schools" for pupils.
_COVERING = {
    "person": ("student", "worker", "passenger", "patient", "runner", "member", "protester", "voter", "pedestrian"),
    "child": ("student",),
    "patient": ("person",),  # "1,040 patients admitted with flu" are the article's people admitted
    "customer": ("home",),  # an energy company's "176,000 customers" are the article's homes cut off
    "fish": tuple(sorted(FISH_KINDS)),
}


def _add_people(blocks: dict[str, list[Claim]], article_claims: list[Claim], source_claims: list[Claim]) -> None:
    """A source's count of "people" also meets the article's count of students, workers, patients...,
    its "children" the article's pupils, its "fish" the article's salmon and its "customers" the
    article's homes: the wider word covers each kind (not the other way: "1,100 workers" are not the
    residents)."""
    for word, families in _COVERING.items():
        wanted = {_block_key(c) for c in article_claims if c.quantity and c.quantity.measure in
                  {f"count:{family}" for family in families}}
        covering = [c for c in source_claims
                    if c.quantity and c.quantity.unit and c.quantity.unit.split()[-1] == word
                    and c.quantity.measure == f"count:{word}"]  # "6,350 escaped fish" are fish
        for key in sorted(wanted if covering else ()):
            blocks[key].extend(covering)


def _add_exchanged(blocks: dict[str, list[Claim]], article_claims: list[Claim], source_claims: list[Claim]) -> None:
    """Source money in another currency joins the block of each currency the article uses, converted
    at the rate of its date, when a reference table among the sources gives one (checks.exchange)."""
    rates = ExchangeRates.from_claims(source_claims)
    if not rates:
        return
    wanted = {c.quantity.unit for c in article_claims if c.quantity and c.quantity.measure.startswith("currency:")}
    for claim in source_claims:
        if claim.quantity is None or not claim.quantity.measure.startswith("currency:"):
            continue
        for currency in sorted(wanted - {claim.quantity.unit}):
            converted = in_currency(claim, currency, rates)
            if converted is not None:
                blocks[_block_key(converted)].append(converted)


def _block_key(claim: Claim) -> str:
    if claim.kind is ClaimKind.QUANTITY and claim.quantity:
        measure = claim.quantity.measure
        if measure.startswith("count:"):
            return f"quantity|{measure}"  # "cut 780 jobs" and "780 jobs" count the same jobs
        return f"quantity|{measure}|{'change' if claim.quantity.change else 'level'}"
    return claim.kind.value  # dates of any kind: "since June 9" may be the day something began


def _block_scores(claims: list[Claim], candidates: list[Claim], names: NameBook, rarity: "_Rarity",
                  settings: MatchSettings) -> np.ndarray:
    """Scores (claims x candidates, 0-100) for one block."""
    kind = claims[0].kind
    if kind is ClaimKind.ATTRIBUTION:
        return _same_person_scores(claims, candidates, names)
    if kind is ClaimKind.QUOTE:
        return np.array([_quote_scores(claim, candidates, names, settings) for claim in claims])
    contexts = [c.context for c in candidates]
    likeness = process.cdist([c.context for c in claims], contexts, scorer=fuzz.token_set_ratio,
                             dtype=np.float32, workers=-1)
    scores = (1 - settings.rare_words) * likeness + settings.rare_words * rarity.overlap(claims, candidates)
    if kind is ClaimKind.DATE:
        # Dates stand in most sentences and their contexts are short, so a subset of words is not
        # enough: the order-sensitive score pulls the set score down, and a flat penalty follows.
        ordered = process.cdist([c.context for c in claims], contexts, scorer=fuzz.token_sort_ratio,
                                dtype=np.float32, workers=-1)
        scores = np.clip((likeness + ordered) / 2 - 10.0 + settings.same_day * _same_period(claims, candidates),
                         0.0, 100.0)
        # "at its meeting on May 2" and "at a meeting on April 30": one event (same_event, for whole blocks)
        events = np.array([c.subject or "date" for c in claims], dtype=object)[:, None]
        grains = np.array([_grain(c) for c in claims])[:, None]
        named = (events == np.array([c.subject or "date" for c in candidates], dtype=object)[None, :]) & \
            (events != "date") & ((grains == np.array([_grain(c) for c in candidates])[None, :]) |
                                  np.isin(events, _ANY_GRAIN))
        scores = np.clip(scores + settings.same_event * named, 0.0, 100.0)
        # "empty since the light was automated in 1998" twice: the word right beside a date says its event
        beside = _shared([_near(c) for c in claims], [_near(c) for c in candidates]) & (grains == 3)
        scores = np.clip(scores + settings.date_beside * beside, 0.0, 100.0)
        # "since 1973" meets "last erupted in 1973", but an event on another day is no other start,
        # and a deadline ("by May 30") no other event
        def kinds(group: list[Claim]) -> np.ndarray:
            return np.array([c.detail or "on" for c in group], dtype=object)

        def days(group: list[Claim]) -> np.ndarray:
            return np.array([[d.toordinal() for d in c.date_range] if c.date_range else [-1, -1] for c in group])

        mine, theirs = days(claims), days(candidates)
        same_days = (mine[:, None, 0] == theirs[None, :, 0]) & (mine[:, None, 1] == theirs[None, :, 1])
        kind_pairs = kinds(claims)[:, None] + "|" + kinds(candidates)[None, :]
        # the end of a period ("open until September 12") is the day of its closing ("will close on 26 September"),
        # and a deadline for an event ("hopes to reopen by April 2026") meets the event ("could reopen in May 2026")
        across_kinds = (kind_pairs == "until|on") | (kind_pairs == "on|until") | \
            named & ((kind_pairs == "by|on") | (kind_pairs == "on|by"))
        # two starts of one period overlap: "since 2021" and "since the spring of 2021"
        overlap = (mine[:, None, 0] <= theirs[None, :, 1]) & (theirs[None, :, 0] <= mine[:, None, 1])
        bounds = (kind_pairs == "since|since") & overlap & ~same_days
        scores = np.clip(scores + settings.same_day * bounds, 0.0, 100.0)
        # two dates of one named event that are each other's best of that event are most likely one event
        # told twice; the last one like it ("the first strike since 2011") may be any earlier event
        told_twice = named & ~np.isin(events, _ANY_GRAIN)
        best = _reciprocal_best(candidates, np.where(told_twice, scores, 0.0), settings.weak - 20.0)
        scores = np.clip(scores + settings.reciprocal * told_twice * best, 0.0, 100.0)
        return np.where((kinds(claims)[:, None] != kinds(candidates)[None, :]) & ~same_days & ~across_kinds, 0.0, scores)
    # A bare number has no measure to block on, so it needs closer words around it; a count of
    # a named thing or a physical dimension already says much of what the figure is about.
    measures = [c.quantity.measure if c.quantity else "number" for c in claims]
    scores -= np.array([15.0 if m == "number" else -10.0 if m.startswith(("count:", "[")) else 0.0
                        for m in measures], dtype=np.float32)[:, None]
    # only pairs that can still reach `weak` are corrected: the most a pair can gain decides
    most = settings.same_speaker + settings.near_value + settings.near_words + settings.same_figure + \
        settings.denied_figure
    hopeful = scores + most >= settings.weak
    scores += np.where(hopeful, _pair_corrections(claims, candidates, hopeful, names, settings), 0.0)
    return np.clip(scores, 0.0, 100.0)


def _same_period(claims: list[Claim], candidates: list[Claim]) -> np.ndarray:
    """1 where two dates name the same day, or the same month or season ("spring 2028"), else 0: a
    whole year is named too often to say which event it is."""
    def period(claim: Claim) -> int:
        first, last = claim.date_range or (None, None)
        if first is None or (last - first).days > 92:
            return -1
        return first.toordinal() * 100 + (last - first).days

    mine = np.array([period(c) for c in claims])[:, None]
    theirs = np.array([period(c) for c in candidates])[None, :]
    return ((mine == theirs) & (mine >= 0)).astype(np.float32)


def same_event(claim: Claim, other: Claim) -> bool:
    """Two dates of one grain told of the same event ("at its meeting on May 2", "a meeting on April
    30"); a bridge that "opened in 1962" is not the painting that "will start in July". The last
    storm like this one ("not since 1987", "the last tornado, in June 1983") is one event at any grain,
    and so is the last one as bad ("the worst since 2009")."""
    return claim.kind is ClaimKind.DATE and claim.subject not in (None, "date") and \
        claim.subject == other.subject and (_grain(claim) == _grain(other) or claim.subject in _ANY_GRAIN)


#: Events told at any grain: the last one of its kind, the last one as bad.
_ANY_GRAIN = ("last", "record")


def _grain(claim: Claim) -> int:
    """0 for a day, 1 for up to a month, 2 for up to a season, 3 for longer."""
    if not claim.date_range:
        return -1
    days = (claim.date_range[1] - claim.date_range[0]).days
    return 0 if days == 0 else 1 if days <= 31 else 2 if days <= 92 else 3


def _same_person_scores(claims: list[Claim], candidates: list[Claim], names: NameBook) -> np.ndarray:
    """100 where two roles name one person, else 0."""
    same = _same_speakers(names, [c.subject for c in claims], [c.subject for c in candidates])
    return np.where(same, 100.0, 0.0)


def _pair_corrections(claims: list[Claim], candidates: list[Claim], hopeful: np.ndarray, names: NameBook,
                      settings: MatchSettings) -> np.ndarray:
    """What the two claims' speakers, nearby names, nearest words and figures add or take off, for
    every pair of a block at once; `hopeful` marks the pairs that need the opposite-words test."""
    correction = settings.same_speaker * _same_speakers(names, [c.speaker for c in claims],
                                                        [c.speaker for c in candidates])
    # figures near different names ("Halme's six years", "Enqvist's three years") are about different things
    other_names = _other_names_matrix(claims, candidates)
    mine_near = [_near(c) for c in claims]
    near_words = _shared(mine_near, [_near(c) for c in candidates])
    correction += np.where(other_names, -settings.other_names, settings.near_words * near_words)
    # "120,000 evacuated" and "19,376 remain": the words next to them say the opposite; so do the
    # two ends of a change ("from €1.40", "to €1.70")
    details = np.array([c.detail or "" for c in claims], dtype=object)[:, None], \
        np.array([c.detail or "" for c in candidates], dtype=object)[None, :]
    opposed = ((details[0] == "from") & (details[1] == "to")) | ((details[0] == "to") & (details[1] == "from"))
    for row in np.flatnonzero([bool(near & _opposites().keys()) for near in mine_near]):
        for column in np.flatnonzero(hopeful[row] & ~opposed[row]):
            opposed[row, column] = _opposed(claims[row], candidates[column])
    correction -= settings.opposite_words * opposed
    correction += settings.same_figure * _same_figures(claims, candidates)
    correction += settings.denied_figure * _denied_figures(claims, candidates)
    ratios = _value_ratios(claims, candidates)
    with np.errstate(invalid="ignore"):
        correction += settings.near_value * ((ratios <= settings.near_ratio).astype(np.float32)
                                             - (ratios > settings.far_ratio) - (ratios > settings.very_far_ratio))
    return correction


def _same_speakers(names: NameBook, mine: list[str | None], theirs: list[str | None]) -> np.ndarray:
    """True where two names (speakers, or people holding roles) are one person; each distinct pair of
    names is compared once."""
    distinct = sorted({s or "" for s in theirs})
    column_of = {speaker: index for index, speaker in enumerate(distinct)}
    columns = np.array([column_of[s or ""] for s in theirs], dtype=np.intp)
    same = np.array([[_same_speaker(names, a, b) for b in distinct] for a in mine], dtype=bool).reshape(len(mine), -1)
    return same[:, columns]


def _shared(mine: list[set[str]], theirs: list[set[str]]) -> np.ndarray:
    """True where two sets of words share one."""
    vocabulary = {word: index for index, word in enumerate(sorted(set().union(*mine, *theirs)))}

    def incidence(groups: list[set[str]]) -> sparse.csr_matrix:
        rows = [row for row, group in enumerate(groups) for _ in group]
        columns = [vocabulary[word] for group in groups for word in group]
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)),
                                 shape=(len(groups), len(vocabulary)))

    return (incidence(mine) @ incidence(theirs).T).toarray() > 0


def _other_names_matrix(claims: list[Claim], candidates: list[Claim]) -> np.ndarray:
    """True where both figures stand near proper names and share none of them, or where one is told
    of another place ("in neighbouring Aldercombe") that the other does not name."""
    mine, theirs = [c.entities or set() for c in claims], [c.entities or set() for c in candidates]
    named = np.array([bool(e) for e in mine])[:, None] & np.array([bool(e) for e in theirs])[None, :]
    return named & ~_shared(mine, theirs) | _elsewhere_only(claims, candidates) | _elsewhere_only(candidates, claims).T


def _elsewhere_only(claims: list[Claim], candidates: list[Claim]) -> np.ndarray:
    """True where a candidate is told of another place that the claim's words do not name."""
    told = [(column, c.elsewhere) for column, c in enumerate(candidates) if c.elsewhere]
    found = np.zeros((len(claims), len(candidates)), dtype=bool)
    for row, claim in enumerate(claims):
        words = claim.entities | set(claim.context.split())
        for column, places in told:
            found[row, column] = not places & words
    return found


def _same_figures(claims: list[Claim], candidates: list[Claim]) -> np.ndarray:
    """True for the same exact figure in the same unit (or counting one family of things), neither
    small, nor round, nor a share: shares coincide too often, "340 operations" and "340
    planned procedures" count one thing, and 5 km are no 5 miles."""
    ids: dict[object, int] = {}

    def keys(group: list[Claim], telling: bool) -> np.ndarray:
        """Per claim: ids of its exact figure, its unit and its counted family (-1 for none)."""
        rows = []
        for claim in group:
            q = claim.quantity
            if q is None or telling and (q.unit is None or q.measure == "percent" or q.value <= 12
                                         or _round(q.value)):
                rows.append((-1, -1, -1))
                continue
            family = ("family", q.measure) if q.measure.startswith("count:") else None
            rows.append(tuple(-1 if key is None else ids.setdefault(key, len(ids))
                              for key in (("figure", q.value, q.low, q.high), ("unit", q.unit) if q.unit else None,
                                          family)))
        return np.array(rows, dtype=np.int64).reshape(len(group), 3).T

    mine, theirs = keys(claims, True), keys(candidates, False)
    same = (mine[0][:, None] == theirs[0][None, :]) & (mine[0] >= 0)[:, None]
    one_unit = (mine[1][:, None] == theirs[1][None, :]) & (mine[1] >= 0)[:, None]
    one_family = (mine[2][:, None] == theirs[2][None, :]) & (mine[2] >= 0)[:, None]
    return same & (one_unit | one_family)


def _round(value: float) -> bool:
    """A round figure: a round hundred below a million ("200 camera traps"), or one significant digit
    ("£2 million"); "£24 million" is as telling as "210 camera traps"."""
    return value % 100 == 0 and value < 1e6 or float(f"{value:.0e}") == value


def _denied_figures(claims: list[Claim], candidates: list[Claim]) -> np.ndarray:
    """True where a candidate sets right the claim's figure: "not 23" beside the article's 23 miners."""
    mine = np.array([c.quantity.value if c.quantity else np.nan for c in claims])[:, None]
    denied = np.array([np.nan if c.denies is None else c.denies for c in candidates])[None, :]
    return mine == denied


def _base_bounds(group: list[Claim]) -> tuple[np.ndarray, np.ndarray]:
    """Each figure's interval in base units: a hedged one ("about 1,200 hectares") its ends, any other its
    value; NaN where unknown (no quantity, a bare number, zero)."""
    lows, highs = np.full(len(group), np.nan), np.full(len(group), np.nan)
    for index, claim in enumerate(group):
        q = claim.quantity
        if q is None or q.unit is None and q.measure == "number":
            continue
        value = abs(size_of(q.value, q.unit or ""))
        if not math.isfinite(value) or value == 0:
            continue
        low, high = value, value
        if q.qualifier in _BOUNDED_HEDGES and q.low > 0 and math.isfinite(q.high):
            low, high = sorted(abs(size_of(end, q.unit or "")) for end in (q.low, q.high))
        lows[index], highs[index] = low, high
    return lows, highs


#: Hedges whose interval has two finite ends; "more than 60" says little of how large the figure is.
_BOUNDED_HEDGES = (Qualifier.APPROX, Qualifier.NEARLY, Qualifier.RANGE)


def _value_ratios(claims: list[Claim], candidates: list[Claim]) -> np.ndarray:
    """How many times larger one figure is than the other (1 or more, 1 where their intervals meet), in
    base units; NaN when unknown."""
    (my_lows, my_highs), (their_lows, their_highs) = _base_bounds(claims), _base_bounds(candidates)
    gaps = np.maximum(my_lows[:, None], their_lows[None, :]) / np.minimum(my_highs[:, None], their_highs[None, :])
    return np.maximum(gaps, 1.0)


@lru_cache(maxsize=65536)
def _same_speaker_cached(names: NameBook, a: str, b: str) -> bool:
    return names.same_speaker(a, b)


def _same_speaker(names: NameBook, a: str | None, b: str | None) -> bool:
    return bool(a and b) and _same_speaker_cached(names, a, b)


def _reason(claim: Claim, candidate: Claim | None) -> str | None:
    """Why two claims were matched; None when that depends on a candidate not given."""
    if claim.kind is ClaimKind.ATTRIBUTION:
        return f"{claim.subject} and {candidate.subject} are one person" if candidate else None
    if claim.kind is ClaimKind.QUOTE:
        return (f"quoted words alike or same occasion; speaker {candidate.speaker or 'not named'}"
                if candidate else None)
    if claim.kind is ClaimKind.DATE:
        return "dates beside alike words"
    if candidate is None:
        return None
    measure = claim.quantity.measure if claim.quantity else "number"
    if claim.quantity and candidate.denies == claim.quantity.value:
        return f"same measure ({measure}); the source sets this figure right"
    return f"same measure ({measure}); words around it alike"


class _Rarity:
    """How telling each context word is: rare words (inverse document frequency over every claim
    being matched) and words near the claim (contexts list the nearest words first) weigh most."""

    def __init__(self, claims: list[Claim]):
        counts: Counter[str] = Counter()
        for claim in claims:
            counts.update(set(claim.context.split()))
        total = len(claims)
        self._column = {word: index for index, word in enumerate(counts)}
        self._idf = np.array([math.log((total + 1) / (count + 1)) + 1 for count in counts.values()])

    def _matrix(self, claims: list[Claim]) -> sparse.csr_matrix:
        """Claims x words, each cell the word's weight in that claim's context (0 when absent)."""
        rows, columns, weights = [], [], []
        for row, claim in enumerate(claims):
            seen: set[int] = set()
            for rank, word in enumerate(claim.context.split()):
                column = self._column.get(word)
                if column is None or column in seen:
                    continue
                seen.add(column)
                rows.append(row)
                columns.append(column)
                weights.append(self._idf[column] / (1 + rank / 4))
        return sparse.csr_matrix((weights, (rows, columns)), shape=(len(claims), len(self._column)))

    def overlap(self, claims: list[Claim], candidates: list[Claim]) -> np.ndarray:
        """Weighted Dice overlap (0-100): the weight of shared words over the weight of both contexts."""
        mine, theirs = self._matrix(claims), self._matrix(candidates)
        mine_present, theirs_present = mine.copy(), theirs.copy()
        mine_present.data[:], theirs_present.data[:] = 1.0, 1.0
        shared = (mine @ theirs_present.T + mine_present @ theirs.T).toarray()
        total = np.asarray(mine.sum(axis=1)) + np.asarray(theirs.sum(axis=1)).T
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total > 0, 100.0 * shared / total, 0.0).astype(np.float32)


@lru_cache(maxsize=1)
def _opposites() -> dict[str, set[str]]:
    text = resources.files("checks.data").joinpath("opposites.csv").read_text(encoding="utf-8")
    pairs: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(text.splitlines()):
        pairs[row["word"]].add(row["opposite"])
        pairs[row["opposite"]].add(row["word"])
    return pairs


def _near(claim: Claim, words: int = 2) -> set[str]:
    """The words right next to a claim (contexts list the nearest first)."""
    return set(claim.context.split(maxsplit=words)[:words])


def _opposed(claim: Claim, other: Claim) -> bool:
    """True when a word next to one figure is the opposite of a word next to the other
    ("evacuated 120,000" against "19,376 remain") and neither side also has the other's word."""
    opposites = _opposites()
    mine, theirs = _near(claim), _near(other)
    return any(word not in theirs and opposites.get(word, set()) & (theirs - mine) for word in mine)


def _quote_scores(claim: Claim, candidates: list[Claim], names: NameBook, settings: MatchSettings) -> list[float]:
    """A source quote is the same quote when its words are alike, or when the same speaker is quoted
    on what reads as the same occasion (then different words are a misquote)."""
    said = normalise_quote(claim.detail or "")
    words = process.cdist([said], [normalise_quote(c.detail or "") for c in candidates], scorer=fuzz.partial_ratio,
                          dtype=np.float32)[0]
    occasions = process.cdist([claim.context], [c.context for c in candidates], scorer=fuzz.token_set_ratio,
                              dtype=np.float32)[0]
    scores = []
    for candidate, word_score, occasion in zip(candidates, words, occasions):
        same_speaker = _same_speaker(names, claim.speaker, candidate.speaker)
        if claim.speaker and candidate.speaker and not same_speaker:
            word_score = word_score if word_score >= 90 else 0.0  # another speaker's quote counts only word for word
        occasion_score = occasion if same_speaker and occasion >= settings.same_occasion else 0.0
        scores.append(float(max(word_score, occasion_score)))
    return scores


def normalise_quote(words: str) -> str:
    """Quotes compared without case, curly marks, punctuation or extra spaces."""
    cleaned = words.lower().replace("’", "'").replace("‘", "'")
    cleaned = re.sub(r"[^\w' -]+", " ", cleaned)
    return " ".join(cleaned.split())
