"""Extraction: the checkable claims of a document, located in its plain text.

One extractor serves the article and its sources, so both sides speak the same claim model.
It finds quantities (figures with units, counted nouns, money, percentages, hedges, ranges, changes),
dates, direct quotes with their speakers, and who holds which role.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from checks import dates as date_rules
from checks.claims import Claim, ClaimKind, Qualifier, Quantity
from checks.documents import Document
from checks.names import NameBook, default_name_book
from checks.numbers import NUMBER, SCALE, parse_number, scale_factor
from checks.text import Sentence, content_words, split_sentences
from checks.units import CURRENCY_WORDS, PHYSICAL_UNITS, counted_noun, physical_unit

__all__ = ["extract_claims", "HEDGE_MARGIN"]

#: How far a hedged figure reaches either side: "approximately 1,050" is [945, 1155].
HEDGE_MARGIN = 0.10

_HEDGES: dict[str, Qualifier] = {
    "approximately": Qualifier.APPROX, "about": Qualifier.APPROX, "around": Qualifier.APPROX,
    "some": Qualifier.APPROX, "roughly": Qualifier.APPROX, "an estimated": Qualifier.APPROX,
    "estimated": Qualifier.APPROX, "circa": Qualifier.APPROX, "close to": Qualifier.NEARLY,
    "nearly": Qualifier.NEARLY, "almost": Qualifier.NEARLY, "just under": Qualifier.NEARLY,
    "more than": Qualifier.MORE_THAN, "over": Qualifier.MORE_THAN, "above": Qualifier.MORE_THAN,
    "exceeding": Qualifier.MORE_THAN, "upwards of": Qualifier.MORE_THAN,
    "in excess of": Qualifier.MORE_THAN, "just over": Qualifier.MORE_THAN,
    "at least": Qualifier.AT_LEAST, "no fewer than": Qualifier.AT_LEAST, "no less than": Qualifier.AT_LEAST,
    "up to": Qualifier.AT_MOST, "as many as": Qualifier.AT_MOST, "no more than": Qualifier.AT_MOST,
    "at most": Qualifier.AT_MOST, "a maximum of": Qualifier.AT_MOST,
    "fewer than": Qualifier.LESS_THAN, "less than": Qualifier.LESS_THAN, "under": Qualifier.LESS_THAN,
    "below": Qualifier.LESS_THAN,
}
_HEDGE = "|".join(sorted(map(re.escape, _HEDGES), key=len, reverse=True))
_CURRENCY_PREFIX = r"(?:US\$|\$|€|£|¥|₴|₽|₹|(?:USD|EUR|GBP|JPY|CNY|UAH|RUB|CHF)\s?)"


def _one(cur: str, num: str, scale: str) -> str:
    return rf"(?P<{cur}>{_CURRENCY_PREFIX})?(?P<{num}>{NUMBER})(?P<{scale}>{SCALE})?"


_QUANTITY = re.compile(
    rf"(?:(?P<between>\b[Bb]etween |\b[Ff]rom )|(?P<hedge>\b(?:{_HEDGE}) ))?"
    + _one("cur", "num", "scale")
    + r"(?:(?P<sep>\s?[-–]\s?|\s(?:to|and)\s)"
    + _one("cur2", "num2", "scale2")
    + r")?",
    re.IGNORECASE,
)
_UNIT_WORDS = sorted(
    [*PHYSICAL_UNITS, *(w for w in CURRENCY_WORDS if w[0].isalpha()), "percent", "per cent",
     "percentage points", "percentage point", "%", "times", "fold"],
    key=len,
    reverse=True,
)
_UNIT_AFTER = re.compile(
    r"(?:\s|-)?(?P<unit>" + "|".join(re.escape(u) for u in _UNIT_WORDS) + r")(?![\w²])", re.IGNORECASE
)
_NOUN_AFTER = re.compile(
    r"(?P<skip>(?:\s+(?:[A-Z][a-z]+|more|new|other|additional|civilian|foreign|armed|wounded|"
    r"local|military|enemy|elderly|young|small|large|border|frontline|front-line|extra)){0,2})"
    r"\s+(?P<noun>[a-z][a-z]{2,}(?:\s(?:of\swar|members))?)\b"
)
_NOT_NOUNS = {
    "and", "the", "for", "per", "from", "with", "into", "onto", "this", "that", "were", "was", "are",
    "had", "has", "have", "will", "would", "could", "since", "after", "before", "during", "while",
    "who", "which", "when", "where", "than", "more", "less", "times", "percent", "each", "years",
    "a.m", "p.m", "have", "its", "their", "his", "her", "our", "out", "off", "ago", "old",
}
_CHANGE_BEFORE = re.compile(
    r"\b(?P<verb>rose|risen|rises|rise|increased|increases|grew|grown|climbed|jumped|gained|up|"
    r"fell|fallen|falls|fall|dropped|declined|decreased|decreases|shrank|slipped|down|lost|cut|"
    r"a rise of|an increase of|a fall of|a drop of|a decline of)(?:\s+by)?\s+$",
    re.IGNORECASE,
)
_UP_WORDS = {"rose", "risen", "rises", "rise", "increased", "increases", "grew", "grown", "climbed",
             "jumped", "gained", "up", "a rise of", "an increase of"}
_YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)$")
_SPEECH_VERBS = (
    r"said|says|told|added|stated|announced|reported|wrote|declared|warned|claimed|insisted|"
    r"noted|called|described|tweeted|posted|explained|argued|asserted|confirmed|according to"
)
_NAME = r"(?:(?:the|The) )?[A-ZА-ЯЁІЇЄ][\w'’.-]*(?:\s(?:[A-ZА-ЯЁІЇЄ][\w'’.-]*|of|de|von|van|al-))*"
_ROLE = (
    r"(?:(?:acting|deputy|former|army|defence|defense|foreign|interior|prime|regional|top|chief|"
    r"military|press)\s)*(?:president|commander-in-chief|commander|governor|minister|spokesman|"
    r"spokeswoman|spokesperson|general|secretary|coordinator|aide|adviser|advisor|mayor|prosecutor|"
    r"chief of staff|head)"
)
_ROLE_NAME = re.compile(rf"\b(?P<role>(?i:{_ROLE}))\s(?P<name>{_NAME})")
_NAME_ROLE = re.compile(
    rf"(?P<name>{_NAME}),\s(?:the\s)?(?P<role>(?i:{_ROLE})(?:\sof\s(?:the\s)?[A-Z][\w ]*?)?)[,.]"
)
_QUOTE = re.compile(r"\"(?P<a>[^\"]{3,}?)\"|“(?P<b>[^”]{3,}?)”")
_PRONOUNS = re.compile(r"\b(?:he|she|they)\s(?:said|says|added|told|wrote|warned)\b", re.IGNORECASE)
_NOT_SPEAKERS = {
    "there", "we", "it", "the", "this", "that", "they", "he", "she", "i", "our", "in", "on", "a", "an",
    "but", "and", "as", "if", "analysts", "officials", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
}


@dataclass(frozen=True)
class _Span:
    """Where a quote stands, so the figures inside it are not claimed twice."""

    start: int
    end: int


def extract_claims(document: Document, *, names: NameBook | None = None, id_prefix: str | None = None) -> list[Claim]:
    """Every checkable claim of a document, in text order, with ids `<prefix>c<n>`."""
    names = names or default_name_book()
    prefix = f"{document.id}:" if id_prefix is None else id_prefix
    text = document.text
    sentences = split_sentences(text)
    found: list[tuple[int, int, dict]] = []
    taken: list[_Span] = []

    for quote in _quotes(text, sentences, names, document):
        found.append((quote["start"], quote["end"], quote))
        taken.append(_Span(quote["start"], quote["end"]))
    for sentence in sentences:
        reporter = _reporter(sentence, names)
        for claim in _quantities(sentence, document, reporter, names):
            if not _inside(claim["start"], claim["end"], taken):
                found.append((claim["start"], claim["end"], claim))
        for claim in _dates(sentence, document, names):
            if not _inside(claim["start"], claim["end"], taken):
                found.append((claim["start"], claim["end"], claim))
        for claim in _roles(sentence, names, document):
            found.append((claim["start"], claim["end"], claim))

    found.sort(key=lambda item: (item[0], item[1]))
    claims = []
    for number, (_, _, fields) in enumerate(found, start=1):
        claims.append(Claim(id=f"{prefix}c{number}", document_id=document.id, **fields))
    return claims


def _inside(start: int, end: int, spans: list[_Span]) -> bool:
    return any(span.start <= start and end <= span.end for span in spans)


# -- quantities ---------------------------------------------------------------------------------


def _quantities(sentence: Sentence, document: Document, reporter: str | None, names: NameBook) -> list[dict]:
    claims = []
    text = sentence.text
    for match in _QUANTITY.finditer(text):
        fields = _quantity_from_match(match, text)
        if fields is None:
            continue
        quantity, start, end = fields
        claims.append(
            {
                "kind": ClaimKind.QUANTITY,
                "text": text[start:end],
                "start": sentence.start + start,
                "end": sentence.start + end,
                "subject": _measure_subject(quantity),
                "as_of": document.published,
                "quantity": quantity,
                "speaker": reporter,
                "context": _window(text, start, end, names),
            }
        )
    return claims


def _quantity_from_match(match: re.Match, text: str) -> tuple[Quantity, int, int] | None:
    start, end = match.span()
    if match.group("hedge") and text[match.start("hedge") : match.end("hedge")].strip().lower() == "some" \
            and match.group("num").lower() in ("one", "a"):
        return None
    value = parse_number(match.group("num")) * scale_factor(match.group("scale"))
    if math.isnan(value) or _is_identifier(match, text):
        return None
    second = None
    if match.group("num2"):
        second = parse_number(match.group("num2")) * scale_factor(match.group("scale2") or match.group("scale"))
        sep = match.group("sep").strip().lower()
        joined_by_and = sep == "and"
        if (joined_by_and and not match.group("between")) or second <= value or math.isnan(second):
            # "74 towns and 28 villages" style: two figures, not a range; take the first alone.
            second = None
            end = match.end("scale") if match.group("scale") else match.end("num")
    elif match.group("between"):
        start = match.start("cur") if match.group("cur") else match.start("num")

    currency = match.group("cur") or match.group("cur2")
    unit_match = _UNIT_AFTER.match(text, end)
    unit_written = unit_match.group("unit") if unit_match else None
    if unit_written and unit_written.lower() in ("m", "b") and not currency:
        unit_written = None
    unit, measure = None, "number"
    if currency:
        code = CURRENCY_WORDS.get(currency.strip().lower(), currency.strip().upper())
        unit, measure = code, f"currency:{code}"
        if unit_written and unit_written.lower() in CURRENCY_WORDS:
            end = unit_match.end()
    elif unit_written:
        lowered = unit_written.lower()
        if lowered in CURRENCY_WORDS:
            code = CURRENCY_WORDS[lowered]
            unit, measure = code, f"currency:{code}"
        elif lowered in ("%", "percent", "per cent"):
            unit, measure = "percent", "percent"
        elif lowered.startswith("percentage point"):
            unit, measure = "percentage point", "percentage point"
        elif lowered in ("times", "fold"):
            unit, measure = "times", "ratio"
        else:
            meaning = physical_unit(lowered)
            unit, measure = meaning.unit, meaning.measure
        end = unit_match.end()
    else:
        noun = _NOUN_AFTER.match(text, end)
        if noun and noun.group("noun") not in _NOT_NOUNS and _countable(noun.group("noun"), value):
            meaning = counted_noun(noun.group("noun"))
            unit, measure = meaning.unit, meaning.measure
            end = noun.end()
        elif _YEAR.match(match.group("num")) and not match.group("hedge"):
            return None  # a bare year is a date, not an amount
        elif _is_time(text, end):
            return None

    qualifier, low, high = _interval(match, value, second)
    return (
        Quantity(value=value, unit=unit, low=low, high=high, qualifier=qualifier, measure=measure,
                 change=_change(text, start)),
        start,
        end,
    )


def _interval(match: re.Match, value: float, second: float | None) -> tuple[Qualifier, float, float]:
    if second is not None:
        return Qualifier.RANGE, value, second
    hedge = (match.group("hedge") or "").strip().lower()
    qualifier = _HEDGES.get(hedge, Qualifier.EXACT)
    floor = 0.0 if value >= 0 else -math.inf
    return qualifier, *{
        Qualifier.EXACT: (value, value),
        Qualifier.APPROX: (value * (1 - HEDGE_MARGIN), value * (1 + HEDGE_MARGIN)),
        Qualifier.NEARLY: (value * (1 - HEDGE_MARGIN), value),
        Qualifier.MORE_THAN: (value, math.inf),
        Qualifier.AT_LEAST: (value, math.inf),
        Qualifier.AT_MOST: (floor, value),
        Qualifier.LESS_THAN: (floor, value),
    }[qualifier]


def _change(text: str, start: int) -> str | None:
    """'up' or 'down' when the figure is the size of a change ("rose by 3%"), else None."""
    before = _CHANGE_BEFORE.search(text[max(0, start - 30) : start])
    if before:
        return "up" if before.group("verb").lower() in _UP_WORDS else "down"
    return None


def _is_identifier(match: re.Match, text: str) -> bool:
    """Numbers that are names or labels: COVID-19, Boeing 737, Article 5, 3rd, 10:30."""
    start, end = match.start("num"), match.end("num")
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    if before in ("-", "#", "/") or re.match(r"[:/]\d|st\b|nd\b|rd\b|th\b", after):
        return True
    if match.group("cur") or match.group("hedge") or not match.group("num")[0].isdigit():
        return False
    previous = re.search(r"([A-Z][\w-]*)\s$", text[max(0, start - 30) : start])
    return bool(previous) and previous.group(1) not in {"In", "On", "By", "Since", "About", "Some", "Over"} \
        and not _UNIT_AFTER.match(text, end) and start - len(previous.group(0)) > 0


def _is_time(text: str, end: int) -> bool:
    return bool(re.match(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|GMT|UTC|local time)", text[end : end + 12]))


def _countable(noun: str, value: float) -> bool:
    meaning = counted_noun(noun)
    return meaning.measure != f"count:{noun}" or meaning.unit != noun or value == 1


def _measure_subject(quantity: Quantity) -> str:
    if quantity.measure.startswith("count:"):
        return quantity.measure.split(":", 1)[1]
    if quantity.measure.startswith("currency:"):
        return "money"
    return {
        "[length] ** 2": "area", "[length]": "distance", "[mass]": "mass",
        "[length] / [time]": "speed", "[time]": "duration", "[temperature]": "temperature",
        "[length] ** 3": "volume", "[length] ** 2 * [mass] / [time] ** 3": "power",
    }.get(quantity.measure, quantity.measure)


def _window(text: str, start: int, end: int, names: NameBook, before: int = 12, after: int = 8) -> str:
    """The words around a claim that say what it is about, names in their canonical spelling."""
    left = text[:start].split()[-before:]
    right = text[end:].split()[:after]
    return " ".join(content_words(" ".join([*left, *right]), names.token))


# -- dates --------------------------------------------------------------------------------------


def _dates(sentence: Sentence, document: Document, names: NameBook) -> list[dict]:
    claims = []
    for found in date_rules.find_dates(sentence.text, document.published):
        claims.append(
            {
                "kind": ClaimKind.DATE,
                "text": sentence.text[found.start : found.end],
                "start": sentence.start + found.start,
                "end": sentence.start + found.end,
                "subject": "date",
                "as_of": document.published,
                "date_range": (found.first, found.last),
                # a baseline ("since October 2023") is compared only with other baselines
                "detail": "since" if re.search(r"\b(?:since|from)\s+(?:the\s+)?$", sentence.text[: found.start]) else "on",
                # the event a date belongs to is named by the words right next to it
                "context": _window(sentence.text, found.start, found.end, names, before=6, after=4),
            }
        )
    return claims


# -- quotes and speakers ------------------------------------------------------------------------


def _quotes(text: str, sentences: list[Sentence], names: NameBook, document: Document) -> list[dict]:
    claims = []
    last_speaker: str | None = None
    for match in _QUOTE.finditer(text):
        words = match.group("a") or match.group("b")
        if len(words.split()) < 2 and "-" not in words:
            continue
        around = _surrounding(text, sentences, match.start(), match.end())
        speaker = _speaker(around, names) or (last_speaker if _PRONOUNS.search(around) else None)
        if speaker:
            last_speaker = speaker
        claims.append(
            {
                "kind": ClaimKind.QUOTE,
                "text": text[match.start() : match.end()],
                "start": match.start(),
                "end": match.end(),
                "subject": speaker,
                "as_of": document.published,
                "speaker": speaker,
                "detail": words.strip(" ,."),
                "context": " ".join(content_words(around, names.token)),
            }
        )
    return claims


def _surrounding(text: str, sentences: list[Sentence], start: int, end: int) -> str:
    """The text of the sentences a quote stands in, with the quote blanked out."""
    covering = [s for s in sentences if s.end > start and s.start < end] or sentences[:1]
    first, last = covering[0].start, covering[-1].end
    # the sentence after a quote often names the speaker: '"...," Putin said.'
    following = next((s for s in sentences if s.start >= last), None)
    if following and re.match(rf"\s*(?:{_SPEECH_VERBS})\b|[^.]{{0,60}}\b(?:{_SPEECH_VERBS})\b", following.text) \
            and end >= last - 2:
        last = following.end
    return text[first:start] + " QUOTE " + text[end:last]


def _speaker(context: str, names: NameBook) -> str | None:
    """The name that does the saying: before the verb ("Smirnov told Putin"), or right after a
    verb that inverts ("..., said Putin"; "according to ISW")."""
    candidates = []
    for verb in re.finditer(rf"\b(?:{_SPEECH_VERBS})\b", context):
        inverts = verb.group(0) in ("said", "says", "added", "wrote", "according to", "told")
        for name in re.finditer(_NAME, context):
            written = name.group(0)
            first = written.split()[0]
            if written == "QUOTE" or (first.lower() in _NOT_SPEAKERS and len(written.split()) == 1):
                continue
            # "governor of Russia's Kursk region", "Commander-in-Chief of the Armed Forces": not speakers
            if re.search(r"\b(?:of|in|at|from|to)\s(?:the\s)?$", context[: name.start()]) or re.search(r"['’]s\b", written):
                continue
            if name.end() <= verb.start():
                distance = verb.start() - name.end()
            elif inverts and name.start() - verb.end() <= 3 and verb.group(0) != "told":
                distance = name.start() - verb.end()
            else:
                continue
            if names.is_known(written):
                distance -= 40  # a known person beats an unknown capitalised phrase nearby
            candidates.append((distance, written))
    if not candidates:
        return None
    written = min(candidates)[1]
    return names.canonical(re.sub(r"^(?:the|The)\s", "", written))


def _reporter(sentence: Sentence, names: NameBook) -> str | None:
    """Who a sentence's figures come from, when it names a speaker: 'Syrskyi reported ...'."""
    if not re.search(rf"\b(?:{_SPEECH_VERBS})\b", sentence.text):
        return None
    return _speaker(sentence.text, names)


def _roles(sentence: Sentence, names: NameBook, document: Document) -> list[dict]:
    claims = []
    for pattern in (_ROLE_NAME, _NAME_ROLE):
        for match in pattern.finditer(sentence.text):
            written = match.group("name")
            if not written[:1].isupper() or written.split()[0].lower() in _NOT_SPEAKERS:
                continue
            claims.append(
                {
                    "kind": ClaimKind.ATTRIBUTION,
                    "text": sentence.text[match.start() : match.end()].rstrip(",."),
                    "start": sentence.start + match.start(),
                    "end": sentence.start + match.start() + len(sentence.text[match.start() : match.end()].rstrip(",.")),
                    "subject": names.canonical(written),
                    "as_of": document.published,
                    "speaker": names.canonical(written),
                    "detail": match.group("role").lower(),
                    "context": " ".join(content_words(sentence.text, names.token)),
                }
            )
    return claims
