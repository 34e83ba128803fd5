"""Verdicts: what the matched sources say of each article claim, with the evidence.

Rules (README, "How verdicts are decided"):
- a figure agrees when its interval overlaps the article's after unit conversion (money in another
  currency only at a rate a reference table gives, checks.exchange);
- only sources dated at or before the article's date (and not older than `stale_days` before it)
  can dispute or contradict it; a later, different figure makes it `outdated`; an agreeing figure
  more than `earlier_year_days` older than the claim speaks for another time and supports nothing;
- contradicted, then disputed, then outdated, then supported; the explanation names the others;
- weak matches never decide a verdict alone; a disagreeing figure that fits another article claim
  more than `better_elsewhere` points better speaks of that one;
- severity: how far apart the figures are, one step lower when every disagreeing source is of
  low credibility (its manifest rates it below `low_credibility`).

An explanation is one line a reviewer can check: the article's figure and date, then each source
that agrees, disagrees or came later, by publisher (and speaker), date and value, with the
direction of a difference ("Disputed. Article, 14 Aug: about 1,050 km². Agree: Ukrinform, 12 Aug:
'nearly 1,000 square kilometres'. Disagree: ISW, 13 Aug: '800 km²', lower.").
"""

from __future__ import annotations

import enum
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date, timedelta

from checks.claims import Claim, ClaimKind, Quantity
from checks.documents import Document
from checks.exchange import ExchangeRates, in_currency
from checks.matching import Match, MatchSettings, normalise_quote, same_event
from checks.names import ROLE_VERBS, TOP_POSTS, default_name_book
from checks.text import content_words
from checks.units import size_of, to_base

__all__ = ["Evidence", "Finding", "Severity", "SourceNote", "Verdict", "VerdictSettings", "judge_claims"]


class Verdict(str, enum.Enum):
    """Exactly one per claim (DESIGN.md section 3)."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    OUTDATED = "outdated"
    DISPUTED = "disputed"
    UNVERIFIED = "unverified"


class Severity(str, enum.Enum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class VerdictSettings:
    """How the sources' dates and match scores weigh."""

    #: A disagreeing figure this many days older than the claim is an earlier state, not a dispute.
    stale_days: int = 3
    #: An agreeing figure this many days older than the claim (the 1973 lava field's 380 ha) speaks
    #: for another time: it does not support a figure of today.
    earlier_year_days: int = 365
    #: Relative slack when comparing figures, for rounding in conversions (0.5%).
    rounding: float = 0.005
    #: The slack when the two figures are in different units: a converted figure is rounded again
    #: ("the 4-mile extension" is 6.44 km, "6.4 km" in the article).
    converted_rounding: float = 0.01
    #: A differing date disagrees only when the words of its clause match this closely (0-100).
    date_conflict_score: float = 70.0
    #: A disagreeing source figure that matches another article claim this many points better than
    #: this one speaks of that other thing (a bank's loan beside a bridge's budget), not against it.
    better_elsewhere: float = 10.0
    #: Two baselines ("mayor since 2015", "has run the city since 2017"), two ends of a period ("shut
    #: until March 17", "closed until 21 March"), two deadlines, or two dates of one named event ("at its
    #: meeting on May 2", "at a meeting on April 30"), disagree at this score: a story names few such, so
    #: less alike words suffice than for two dates in passing.
    named_conflict_score: float = 48.0
    #: Within one statement, a figure that agrees and scores within this much of the best match is
    #: the one that speaks for the claim ("from £9,250 to £10,400" states the £9,250).
    same_statement: float = 15.0
    #: A disagreement only from sources rated below this (0-1, by their manifest) is one step less severe.
    low_credibility: float = 0.5
    matching: MatchSettings = MatchSettings()


@dataclass(frozen=True)
class SourceNote:
    """What a verdict tells of a source document beyond its claims: who published it, how far it is trusted."""

    publisher: str | None = None
    credibility: float = 1.0
    #: When the document came out: one published after the article is later whatever time its figures
    #: speak for ("the final figure for 2024" in April revises the article's January figure).
    published: date | None = None


@dataclass(frozen=True)
class Evidence:
    """One source claim that bears on an article claim."""

    source_id: str
    text: str
    start: int
    end: int
    published: date | None
    agrees: bool
    claim: Claim
    score: float
    #: Who said it where, for the explanation ("Syrskyi via Ukrinform"); not part of the report's evidence.
    label: str = ""
    credibility: float = 1.0
    #: The source document's own publication date, when known.
    document_published: date | None = None

    def to_report(self) -> dict:
        return {
            "source_id": self.source_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "published": self.published.isoformat() if self.published else None,
            "agrees": self.agrees,
        }


@dataclass(frozen=True)
class Finding:
    """The verdict on one article claim, why, and the evidence behind it."""

    claim_id: str
    verdict: Verdict
    severity: Severity
    explanation: str
    evidence: tuple[Evidence, ...]

    def to_report(self) -> dict:
        return {
            "claim_id": self.claim_id,
            "verdict": self.verdict.value,
            "severity": self.severity.value,
            "explanation": self.explanation,
            "evidence": [e.to_report() for e in self.evidence],
        }


def judge_claims(
    article: Document,
    claims: list[Claim],
    source_claims: list[Claim],
    matches: list[Match],
    *,
    as_of: date | None = None,
    settings: VerdictSettings | None = None,
    sources: Mapping[str, SourceNote] | None = None,
) -> list[Finding]:
    """One finding per article claim, in the claims' order; `sources` by document id."""
    settings = settings or VerdictSettings()
    sources = sources or {}
    by_id = {c.id: c for c in source_claims}
    rates = ExchangeRates.from_claims(source_claims)
    matched: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        matched[match.claim_id].append(match)
    elsewhere = _better_elsewhere(matches, settings.better_elsewhere)
    return [
        _judge(claim, [(_in_terms_of(claim, by_id[m.source_claim_id], rates), m) for m in matched[claim.id]],
               as_of or claim.as_of or article.published, settings, sources, elsewhere, as_of or article.published)
        for claim in claims
    ]


def _better_elsewhere(matches: list[Match], margin: float) -> set[tuple[str, str]]:
    """(article claim, source claim) pairs where the source claim fits another article claim more
    than `margin` points better: it speaks of that other thing."""
    best: dict[str, float] = {}
    for match in matches:
        best[match.source_claim_id] = max(best.get(match.source_claim_id, 0.0), match.score)
    return {(m.claim_id, m.source_claim_id) for m in matches if best[m.source_claim_id] - m.score > margin}


def _in_terms_of(claim: Claim, other: Claim, rates: ExchangeRates) -> Claim:
    """A source figure in the article claim's currency when matching converted it (checks.exchange)."""
    mine = claim.quantity
    if rates and mine and mine.unit and mine.measure.startswith("currency:"):
        return in_currency(other, mine.unit, rates) or other
    return other


def _judge(claim: Claim, pairs: list[tuple[Claim, Match]], as_of: date | None, settings: VerdictSettings,
           sources: Mapping[str, SourceNote], elsewhere: Set[tuple[str, str]] = frozenset(),
           told: date | None = None) -> Finding:
    """The verdict on one claim, for its date `as_of`, in an article published on `told`."""
    strong = [(c, m) for c, m in pairs if m.score >= settings.matching.strong]
    if any(_agrees(claim, c, settings) for c, _ in strong):
        # beside an agreeing source, a figure many times the claim's counts something larger
        strong = [(c, m) for c, m in strong if not _far_apart(claim, c, settings)]
        # and a later figure may update it on a weak match: a short "now seven farms" beside a
        # strong agreeing source does not decide alone that the claim is wrong, only that it aged
        if claim.kind is ClaimKind.QUANTITY and as_of is not None:
            strong += [(c, m) for c, m in pairs if m.score < settings.matching.strong and c.as_of and c.as_of > as_of
                       and not _agrees(claim, c, settings) and not _far_apart(claim, c, settings)]
    weak_count = len(pairs) - len(strong)
    evidence = tuple(
        Evidence(c.document_id, c.text, c.start, c.end, c.as_of, _agrees(claim, c, settings), c, m.score,
                 label=_label(c, note), credibility=note.credibility, document_published=note.published)
        for c, m in _one_per_source(strong, claim, settings, elsewhere, pairs)
        for note in [sources.get(c.document_id) or SourceNote()]
    )
    if claim.kind is ClaimKind.DATE:
        # another date near alike words is usually another event, so only a close match can disagree
        # and a wider date that holds this one ("last year" for "September 22") says nothing of it
        evidence = tuple(e for e in evidence if e.agrees or e.score >= _date_conflict_score(claim, e.claim, settings)
                         and not _holds(e.claim, claim))
        # a week that holds both the claim's day and another source's other day ("last week", "April 14",
        # "Wednesday 16 April") does not say which of the two it was
        exact = [e.claim for e in evidence if not e.agrees and not _coarser(e.claim, claim)]
        evidence = tuple(e for e in evidence if not (e.agrees and _coarser(e.claim, claim)
                                                     and any(_within(other, e.claim) for other in exact)))
    if claim.kind is ClaimKind.QUOTE:
        evidence = tuple(e for e in evidence if e.agrees or _quote_conflicts(claim, e, settings))
    if not evidence:
        note = f"; {weak_count} weak match(es) only" if weak_count else ""
        return Finding(claim.id, Verdict.UNVERIFIED, _unverified_severity(claim), f"No source covers this claim{note}.", ())

    # Sources dated after the claim cannot contradict it; a later figure can only update it (a later
    # date, quote or role is another event, not an update), and a later date does not bear one out
    # ("last week" in a paper a fortnight on is another week).
    def after(e: Evidence) -> bool:
        return as_of is not None and e.published is not None and e.published > as_of or \
            told is not None and e.document_published is not None and e.document_published > told

    current = [e for e in evidence if not after(e)]
    later = [e for e in evidence if after(e)]
    timed = claim.kind is ClaimKind.QUANTITY and as_of is not None
    # a planned date moves too: "will start on 1 September", told weeks ago, is an earlier plan beside
    # "began on Monday 8 September, a week later than planned"
    dated = timed or claim.kind is ClaimKind.DATE and as_of is not None
    stale_before = as_of - timedelta(days=settings.stale_days) if dated else None
    long_ago = as_of - timedelta(days=settings.earlier_year_days) if timed else None
    agreeing = [e for e in current if e.agrees and (long_ago is None or e.published is None or e.published >= long_ago)]

    def fresh(e: Evidence) -> bool:
        if timed and told is not None and e.document_published is not None and \
                e.document_published < told - timedelta(days=settings.stale_days):
            return False  # January's provisional count for last year, beside June's final one
        if stale_before is None or e.published is None or e.published >= stale_before:
            return True
        # a date already past when it was told is history, which does not move as a plan does
        return not timed and bool(e.claim.date_range) and e.claim.date_range[0] <= e.published

    def of_one_time(e: Evidence, others: list[Evidence]) -> bool:
        return any(o.published and e.published and abs((o.published - e.published).days) <= settings.stale_days
                   for o in others)

    # a disagreeing figure that fits another of the article's claims much better is about that one; one
    # of weeks ago is an earlier state, unless every agreeing figure is of its time too (two sources'
    # figures for last year disagree with each other however old they are)
    dated_agreement = not any(fresh(e) for e in agreeing)
    disputing = [e for e in current if not e.agrees and (claim.id, e.claim.id) not in elsewhere
                 and (fresh(e) or dated_agreement and of_one_time(e, agreeing))]
    if disputing:  # against a figure of these days, an agreeing one of weeks ago is an earlier state
        agreeing = [e for e in agreeing if fresh(e) or of_one_time(e, disputing)]
    # the level a change started from ("will rise from €1.40") is history that a later figure does not update
    newer = [e for e in later if not e.agrees] if timed and claim.detail != "from" else []
    evidence = tuple(e for e in evidence if e in current or e.agrees or e in newer)

    if disputing and not agreeing:
        verdict, severity = Verdict.CONTRADICTED, _contradiction_severity(claim, disputing)
    elif disputing:
        verdict, severity = Verdict.DISPUTED, Severity.MEDIUM
    elif newer and (agreeing or not current):
        verdict, severity = Verdict.OUTDATED, Severity.LOW
    elif agreeing or claim.kind is not ClaimKind.DATE and any(e.agrees for e in later):
        verdict, severity = Verdict.SUPPORTED, Severity.NONE
    else:
        verdict, severity = Verdict.UNVERIFIED, _unverified_severity(claim)

    if disputing and all(e.credibility < settings.low_credibility for e in disputing):
        severity = _ONE_STEP_LOWER[severity]
    notes = _notes(claim, evidence)
    if verdict is Verdict.SUPPORTED and notes:
        severity = Severity.LOW
    explanation = _explain(verdict, agreeing, disputing, newer, [e for e in later if e.agrees], notes, claim, as_of,
                           told)
    ordered = tuple(sorted(evidence, key=lambda e: (e.published or date.min, e.source_id)))
    return Finding(claim.id, verdict, severity, explanation, ordered)


def _far_apart(claim: Claim, other: Claim, settings: VerdictSettings) -> bool:
    """Two figures more than `far_ratio` times apart (in base units)."""
    mine, theirs = claim.quantity, other.quantity
    if not (mine and theirs and mine.value and theirs.value) or claim.kind is not ClaimKind.QUANTITY:
        return False
    ratio = abs(size_of(mine.value, mine.unit or "") / size_of(theirs.value, theirs.unit or ""))
    return max(ratio, 1 / ratio) > settings.matching.far_ratio if ratio else False


def _one_per_source(pairs: list[tuple[Claim, Match]], claim: Claim, settings: VerdictSettings,
                    elsewhere: Set[tuple[str, str]] = frozenset(),
                    beside: list[tuple[Claim, Match]] = ()) -> list[tuple[Claim, Match]]:
    """Each statement's best match only, so one document does not count several times.

    A statement is a document's claims by one speaker on one date: a reference table's rows are
    separate statements, a news story's repeated figure is one. Where the statement also holds a
    figure that agrees, scoring within `settings.same_statement` of its best, that one speaks for
    it: "fees rise from £9,250 to £10,400" states the £9,250 it is matched against; else a figure
    of the claim's size rather than one many times larger. A figure that speaks of another of the
    article's claims (`elsewhere`) speaks for the statement only when no other does: "batches baked on
    3 and 4 June" answers "June 5" by its "4 June", the "3" being the article's "June 3". The statement
    of a strong match may speak by a weakly matched figure of it (`beside`): "two of the viaduct's four
    lanes" states the two lanes.
    """
    statements: dict[tuple, list[tuple[Claim, Match]]] = defaultdict(list)
    for other, match in pairs:
        statements[(other.document_id, other.as_of, other.speaker)].append((other, match))
    for other, match in beside:
        key = (other.document_id, other.as_of, other.speaker)
        if key in statements and (other, match) not in statements[key]:
            statements[key].append((other, match))
    chosen = []
    for found in statements.values():
        found = [pair for pair in found if (claim.id, pair[0].id) not in elsewhere] or found
        best = max(found, key=lambda pair: pair[1].score)
        close = [pair for pair in found if pair[1].score >= best[1].score - settings.same_statement]
        agreeing = [pair for pair in close if _agrees(claim, pair[0], settings)]
        # else a figure of the claim's size before one many times larger: "14,200 people" beside the
        # same statement's "more than 200,000 patients"
        near = [pair for pair in close if not _far_apart(claim, pair[0], settings)]
        chosen.append(max(agreeing or near or [best], key=lambda pair: pair[1].score))
    return chosen


def _wider(other: Claim, claim: Claim) -> bool:
    """The other date spans more days than the claim's, and more than a month: "this week" or
    "February" may bear out a day, "last year" may not."""
    return _coarser(other, claim) and (other.date_range[1] - other.date_range[0]).days > 31


def _coarser(other: Claim, claim: Claim) -> bool:
    """The other date spans more days than the claim's."""
    return bool(other.date_range and claim.date_range) and \
        other.date_range[1] - other.date_range[0] > claim.date_range[1] - claim.date_range[0]


def _within(inner: Claim, outer: Claim) -> bool:
    """The outer date holds all of the inner one's days."""
    return bool(inner.date_range and outer.date_range) and \
        outer.date_range[0] <= inner.date_range[0] and inner.date_range[1] <= outer.date_range[1]


def _holds(other: Claim, claim: Claim) -> bool:
    """The other, wider date holds the claim's days."""
    return _within(claim, other) and _wider(other, claim)


def _date_conflict_score(claim: Claim, other: Claim, settings: VerdictSettings) -> float:
    both_bounds = claim.detail in ("since", "until", "by") and claim.detail == other.detail
    return settings.named_conflict_score if both_bounds or same_event(claim, other) else settings.date_conflict_score


def _agrees(claim: Claim, other: Claim, settings: VerdictSettings) -> bool:
    if claim.kind is ClaimKind.QUANTITY and claim.quantity and other.quantity:
        # "workers" beside "employees" is other words, not a conversion
        converted = claim.quantity.unit != other.quantity.unit and not claim.quantity.measure.startswith("count:")
        return _overlap(claim.quantity, other.quantity, settings.converted_rounding if converted else settings.rounding)
    if claim.kind is ClaimKind.DATE and claim.date_range and other.date_range:
        return claim.date_range[0] <= other.date_range[1] and other.date_range[0] <= claim.date_range[1] \
            and not _wider(other, claim)
    if claim.kind is ClaimKind.QUOTE:
        return _same_words(claim.detail or "", other.detail or "")
    if claim.kind is ClaimKind.ATTRIBUTION:
        mine, theirs = _role_heads(claim.detail), _role_heads(other.detail)
        # a seat on a body ("Councillor Priya Nandakumar") holds whatever post within it the other names
        return bool(mine & theirs) or mine <= _MEMBERSHIP or theirs <= _MEMBERSHIP
    return False


#: Role heads that say only that a person sits on a body.
_MEMBERSHIP = {"councillor", "councilor"}


def _quote_conflicts(claim: Claim, evidence: Evidence, settings: VerdictSettings) -> bool:
    """A quote that does not agree disagrees when it is this quote changed (two fifths of its words
    shared) or the same speaker's other words on the same occasion; another speaker's other words
    are simply something else said."""
    said, found = set(content_words(claim.detail or "")), set(content_words(evidence.claim.detail or ""))
    if said and found and len(said & found) / min(len(said), len(found)) >= 0.4:
        return True
    same_speaker = default_name_book().same_speaker(claim.speaker, evidence.claim.speaker)
    return same_speaker and evidence.score >= settings.matching.same_occasion


def _same_words(said: str, found: str) -> bool:
    """Quotes agree when the shorter one's words stand in the longer one, bar a quarter.

    Quotes reach English through different translations of one speech, so word-for-word identity
    would reject most faithful renderings; a quarter of the words may differ.
    """
    said_words, found_words = set(content_words(said)), set(content_words(found))
    shorter = min(said_words, found_words, key=len)
    if not shorter:
        return False
    return len(said_words & found_words) / len(shorter) >= 0.75


def _overlap(a: Quantity, b: Quantity, rounding: float) -> bool:
    low_a, high_a = to_base(a.low, a.unit or ""), to_base(a.high, a.unit or "")
    low_b, high_b = to_base(b.low, b.unit or ""), to_base(b.high, b.unit or "")
    # slack on the size above the unit's own zero: 0.5% of 46.4C, not of 319.55 K
    zero_a, zero_b = to_base(0.0, a.unit or ""), to_base(0.0, b.unit or "")
    sizes = [abs(x - zero) for x, zero in ((low_a, zero_a), (high_a, zero_a), (low_b, zero_b), (high_b, zero_b))]
    slack = rounding * max(x for x in sizes if math.isfinite(x))
    return low_a - slack <= high_b and low_b - slack <= high_a


_ROLE_SYNONYMS = {"commander-in-chief": "commander", "ceo": "executive", "spokesman": "spokesperson",
                  "spokeswoman": "spokesperson", "advisor": "adviser", "chairman": "chair", "chairwoman": "chair",
                  "head": "chief", "headmaster": "headteacher", "headmistress": "headteacher",
                  "principal": "headteacher", "lead": "leader"}


#: Titles whose "general" says rank, not the job: a secretary general is a secretary.
_BEFORE_GENERAL = {"secretary", "attorney", "director", "surgeon", "solicitor", "governor", "inspector", "consul",
                   "auditor", "comptroller", "postmaster"}


def _role_heads(role: str | None) -> set[str]:
    """The head of a role, with its synonyms: 'army commander' and 'Commander-in-Chief of ...' meet;
    each of two roles held at once ("founder and chief executive")."""
    heads: set[str] = set()
    for one in re.split(r"\s(?:and|&)\s", (role or "").lower().replace("head teacher", "headteacher")):
        # "minister for housing": minister; "secretary-general": secretary general
        words = re.split(r"\s(?:of|for)\s", one)[0].replace("-general", " general").split()
        if not words:
            continue
        if words[0] in ROLE_VERBS:  # "leads the growers' federation": the leader, whatever the post's title
            heads |= {ROLE_VERBS[words[0]], *(TOP_POSTS if words[0] in ("leads", "heads", "runs") else ())}
            continue
        head = words[-1]
        if words[0] == "head" and len(words) > 1:
            heads |= {"head", "chief"}  # a head midwife is the head of midwifery
        if head == "general" and len(words) > 1 and words[-2] in _BEFORE_GENERAL:
            head = words[-2]  # "secretary general" is a general secretary, not a general
        heads |= {head, _ROLE_SYNONYMS.get(head, head)}
        if head == "officer" and words[0] == "chief":
            heads.add("chief")  # a chief information officer heads the IT department
        if words[-2:] == ["executive", "officer"]:
            heads.add("executive")  # a chief executive officer is the chief executive
    return heads


def _notes(claim: Claim, evidence: tuple[Evidence, ...]) -> list[str]:
    notes = []
    if claim.kind is ClaimKind.QUANTITY and claim.quantity and claim.quantity.measure.startswith("count:"):
        units = {e.claim.quantity.unit for e in evidence if e.claim.quantity}
        others = sorted(units - {claim.quantity.unit})
        if others and claim.quantity.unit not in units:
            notes.append(f"the article counts '{claim.quantity.unit}' where sources count '{', '.join(others)}'")
    if claim.kind is ClaimKind.QUOTE:
        said = normalise_quote(claim.detail or "")
        if any(e.agrees and normalise_quote(e.claim.detail or "") != said for e in evidence):
            notes.append("sources carry these words in another rendering or in part")
        # A note, not a contradiction: a speaker read from the wrong name would make false alarms
        # (it made two of sixty on the held-out stories).
        others = sorted({e.claim.speaker for e in evidence if e.agrees and e.claim.speaker and claim.speaker
                         and not default_name_book().same_speaker(claim.speaker, e.claim.speaker)})
        if others:
            notes.append(f"a source gives these words to {', '.join(others)}, not {claim.speaker}")
    if claim.kind is ClaimKind.ATTRIBUTION:
        # a role told by its verb reads "the one who leads the growers' federation"
        roles = sorted({f"the one who {e.claim.detail}" if e.claim.detail.split()[0] in ROLE_VERBS else e.claim.detail
                        for e in evidence if e.claim.detail and e.claim.detail != claim.detail})
        if roles:
            notes.append(f"{claim.subject} is given as {'; '.join(roles)}")
    return notes


def _explain(verdict: Verdict, agreeing, disputing, newer, later_agreeing, notes: list[str], claim: Claim,
             as_of: date | None, told: date | None = None) -> str:
    """One line: the verdict, the article's claim when sources differ, then each side's sources."""
    if verdict is Verdict.UNVERIFIED:
        parts = ["Unverified: no source at or before the article's date covers it"]
    else:
        parts = [verdict.value.capitalize()]
        if disputing or newer:
            parts.append(f"Article, {_when(told, as_of, as_of)}: {claim.text!r}")
        if agreeing or (verdict is Verdict.SUPPORTED and later_agreeing):
            parts.append(f"Agree: {_cite(agreeing or later_agreeing, claim, as_of)}")
        if disputing:
            parts.append(f"Disagree: {_cite(disputing, claim, as_of)}")
        if newer:
            parts.append(f"Later: {_cite(newer, claim, as_of)}")
    if notes:
        parts.append("Note: " + "; ".join(notes))
    return ". ".join(parts) + "."


def _cite(evidence: list[Evidence], claim: Claim, as_of: date | None, limit: int = 3) -> str:
    """'Ukrinform, 12 Aug: 'nearly 1,000 square kilometres', ISW, 13 Aug: '800 km²', lower and 2 more'."""
    shown = []
    for e in evidence[:limit]:
        direction = "" if e.agrees else _direction(claim, e.claim)
        shown.append(f"{e.label}, {_when(e.document_published, e.published, as_of)}: {_value_text(e.claim)!r}"
                     f"{_converted(e.claim, claim)}"
                     f"{', ' + direction if direction else ''}")
    more = f" and {len(evidence) - limit} more" if len(evidence) > limit else ""
    return "; ".join(shown) + more


def _label(claim: Claim, note: SourceNote) -> str:
    """Who said it, where: 'Oleksandr Syrskyi via Ukrinform', 'AFP (reference table)', 'Reuters'."""
    publisher = note.publisher or claim.document_id
    who = (claim.speaker or "").split(",")[0].strip() if claim.kind is ClaimKind.QUANTITY else ""
    if not who or who.lower() in publisher.lower():
        return publisher
    if publisher == "reference table":
        return f"{who} (reference table)"
    return f"{who} via {publisher}"


def _when(told: date | None, speaks_for: date | None, as_of: date | None) -> str:
    """When a text was published, and the year its figure speaks for when that is an earlier one: '15 Apr
    2025 (for 2024)'."""
    told = told or speaks_for
    if speaks_for and told and speaks_for.year < told.year:
        return f"{_day(told, as_of)} (for {speaks_for.year})"
    return _day(told, as_of)


def _day(day: date | None, as_of: date | None) -> str:
    """'12 Aug', with the year when it is not the article's."""
    if day is None:
        return "undated"
    return f"{day.day} {day:%b}" + (f" {day.year}" if as_of is None or day.year != as_of.year else "")


def _value_text(claim: Claim) -> str:
    """A source's words for a figure; a table row's bare number with its unit ('1000 km²')."""
    quantity = claim.quantity
    if quantity and quantity.unit and not re.search(r"[^\d.,\s-]", claim.text):
        if quantity.measure.startswith("count:"):
            return f"{claim.text} ({quantity.unit})"
        return f"{claim.text} {_unit_label(quantity.unit)}"
    return claim.text


def _direction(claim: Claim, other: Claim) -> str:
    """How a disagreeing source differs: 'lower'/'higher' for figures, 'earlier'/'later' for dates."""
    if claim.quantity and other.quantity:
        mine = to_base(claim.quantity.value, claim.quantity.unit or "")
        theirs = to_base(other.quantity.value, other.quantity.unit or "")
        return "lower" if theirs < mine else "higher" if theirs > mine else ""
    if claim.date_range and other.date_range:
        return "earlier" if other.date_range[1] < claim.date_range[0] else "later"
    if claim.kind is ClaimKind.QUOTE:
        return "other words"
    return ""


def _converted(other: Claim, claim: Claim) -> str:
    """A source figure in the article's unit when the two differ: " (= 777 km²)", " (= EUR 1.11bn at
    1.08 USD per EUR on 2024-03-01)"."""
    mine, theirs = claim.quantity, other.quantity
    if theirs and theirs.exchanged:
        return f" (= {theirs.unit} {_money(theirs.value)} {theirs.exchanged})"
    if not mine or not theirs or not mine.unit or not theirs.unit or mine.unit == theirs.unit:
        return ""
    if mine.measure != theirs.measure or mine.measure.startswith(("count:", "currency:")):
        return ""
    scale = to_base(1.0, theirs.unit) / to_base(1.0, mine.unit) if to_base(1.0, mine.unit) else 0.0
    if not scale or mine.measure == "[temperature]":
        return ""
    return f" (= {theirs.value * scale:,.0f} {_unit_label(mine.unit)})"


def _money(amount: float) -> str:
    """'1.11bn', '42.6m', '30,000': a converted sum as a reporter would round it."""
    for size, suffix in ((1e9, "bn"), (1e6, "m")):
        if abs(amount) >= size:
            scaled = amount / size
            return f"{scaled:.3g}{suffix}" if abs(scaled) < 1000 else f"{scaled:,.0f}{suffix}"
    return f"{amount:,.0f}"


def _unit_label(unit: str) -> str:
    """How a reporter writes a unit: 'km²', 'tonnes', 'ha', not pint's 'metric_ton'."""
    return _UNIT_LABELS.get(unit, unit.replace("_", " "))


_UNIT_LABELS = {"kilometer ** 2": "km²", "mile ** 2": "sq mi", "meter ** 2": "m²", "meter ** 3": "m³",
                "foot ** 3": "cu ft", "kilometer": "km", "mile": "mi",
                "meter": "m", "centimeter": "cm", "millimeter": "mm", "foot": "ft", "inch": "in",
                "kilometer / hour": "km/h", "mile / hour": "mph", "metric_ton": "tonnes", "kilogram": "kg",
                "gram": "g", "pound": "lb", "ounce": "oz", "yard": "yd", "gallon": "gallons", "hectare": "ha", "acre": "acres", "liter": "litres",
                "oil_barrel": "barrels", "degC": "°C", "degF": "°F", "megawatt": "MW", "gigawatt": "GW",
                "kilowatt": "kW", "second": "s", "minute": "min", "hour": "h"}


_ONE_STEP_LOWER = {Severity.HIGH: Severity.MEDIUM, Severity.MEDIUM: Severity.LOW, Severity.LOW: Severity.LOW,
                   Severity.NONE: Severity.NONE}


def _contradiction_severity(claim: Claim, disputing: list[Evidence]) -> Severity:
    """High when the stated figures are more than a tenth apart, or it is not a figure; else medium."""
    if claim.quantity is None:
        return Severity.HIGH
    gaps = [_relative_gap(claim.quantity, e.claim.quantity) for e in disputing if e.claim.quantity]
    return Severity.HIGH if not gaps or min(gaps) > 0.10 else Severity.MEDIUM


def _relative_gap(a: Quantity, b: Quantity) -> float:
    """How far apart two stated figures are, as a share of the first (1,050 against 800: 0.24)."""
    mine, theirs = to_base(a.value, a.unit or ""), to_base(b.value, b.unit or "")
    return abs(mine - theirs) / (abs(mine) or 1.0)


def _unverified_severity(claim: Claim) -> Severity:
    return Severity.LOW if claim.kind in (ClaimKind.QUANTITY, ClaimKind.QUOTE) else Severity.NONE
