"""The quantity grammar: figures in a sentence, each as a Quantity with the span it covers.

A figure is a hedge (optional), a number with an optional currency and scale, an optional second
number (a range), then a unit: a pint unit, a currency word, a percentage, or a counted noun
("74 towns", "3,000 artillery systems"). Hand-written: measured on tests/data/quantities it is more
accurate and far faster than quantulum3 (README, "Extraction").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from checks.claims import Qualifier, Quantity
from checks.dates import WEEKDAY_NAMES
from checks.numbers import FRACTION_WORDS, NUMBER, SCALE, VAGUE, parse_number, scale_factor
from checks.units import CURRENCY_WORDS, PHYSICAL_UNITS, counted_noun, physical_unit, singular

__all__ = ["FoundQuantity", "HEDGE_MARGIN", "count_adjectives", "currency_code", "find_quantities"]

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
    "at most": Qualifier.AT_MOST, "a maximum of": Qualifier.AT_MOST, "as much as": Qualifier.AT_MOST,
    "as high as": Qualifier.AT_MOST, "within": Qualifier.AT_MOST,
    "fewer than": Qualifier.LESS_THAN, "less than": Qualifier.LESS_THAN, "under": Qualifier.LESS_THAN,
    "below": Qualifier.LESS_THAN,
}
_HEDGE = "|".join(sorted(map(re.escape, _HEDGES), key=len, reverse=True))
_DOLLARS = {"us$": "USD", "hk$": "HKD", "a$": "AUD", "c$": "CAD", "nz$": "NZD", "s$": "SGD", "r$": "BRL"}
_CURRENCY_CODES = "|".join(sorted(set(CURRENCY_WORDS.values())))
#: Words after which a code and a figure are a sum paid or charged ("a car pays VDP 165", "the current
#: penalty is NVK 950"); each is a lookbehind of its own, as lookbehinds need a fixed width.
_PAID_WORDS = ("pay", "pays", "paid", "cost", "costs", "charge", "charges",
               *(rf"{noun}\s{link}" for noun in ("fine", "fare", "fee", "toll", "price", "penalty", "charge", "rent",
                                                "wage", "salary") for link in ("of", "is", "was", "at")))
# looked behind from after the code, so that they are tried only where three capitals stand
_PAID_BEFORE = "|".join(rf"(?<=\b{words}\s[A-Z]{{3}})" for words in _PAID_WORDS)
#: Any other three-letter code in capitals is a currency before a figure that only money takes: millions
#: or thousands ("SZD 3.4 billion", "VLK 500,000"), a price per thing ("ALR 97 per litre", "ALR 135 for a
#: litre"), or a sum paid; a reference table may give its rate ("ISO 9001" stays a number).
_OTHER_CODE = (r"(?-i:[A-Z]{3})\s(?=[\d.,]+\s?(?:million|billion|bn)\b|\d{1,3}(?:,\d{3})+(?!\d|,\d)|"
               r"\d+(?:\.\d+)?\s(?:a|per|for\sa)\s[a-z])|"
               rf"(?-i:[A-Z]{{3}})(?:{_PAID_BEFORE})\s(?=\d)")
#: Codes in capitals and whole: "takes 160 minutes" holds no Kenyan shillings.
_CURRENCY_PREFIX = rf"(?:(?:US|HK|NZ|A|C|S|R)\$|\$|€|£|¥|₴|₽|₹|\b(?-i:{_CURRENCY_CODES})\s?|{_OTHER_CODE})"
_PERCENT_SIGN = r"(?:\s?%|\s(?:per\s?cent|percent)\b)"


def _one(cur: str, num: str, scale: str) -> str:
    return rf"(?P<{cur}>{_CURRENCY_PREFIX})?(?P<{num}>{NUMBER})(?P<{scale}>{SCALE})?"


_QUANTITY = re.compile(
    rf"(?:(?P<between>\b[Bb]etween |\b[Ff]rom )|(?P<hedge>\b(?:{_HEDGE}) ))?(?P<minus>minus |(?<![\w-])-(?=\d))?"
    + _one("cur", "num", "scale")
    + rf"(?:(?P<pct1>{_PERCENT_SIGN})?(?P<sep>\s?[-–]\s?|\s(?:to|and)\s)"
    + _one("cur2", "num2", "scale2")
    + r")?",
    re.IGNORECASE,
)
_UNIT_WORDS = sorted(
    [*PHYSICAL_UNITS, *(w for w in CURRENCY_WORDS if w[0].isalpha()), "percent", "per cent",
     "percentage points", "percentage point", "basis points", "basis point", "%", "times", "fold",
     "magnitude", "pence"],
    key=len,
    reverse=True,
)
#: A unit of two words may be hyphenated after its number: "the 26-nautical-mile route", "6,500-square-foot".
_UNIT_AFTER = re.compile(
    r"(?:\s|-)?(?P<unit>" + "|".join(re.escape(u).replace(r"\ ", r"[\s-]") for u in _UNIT_WORDS) + r")(?![\w²])",
    re.IGNORECASE
)
#: Units written against their number: "40.3C", "-5F", "138.5p".
_ATTACHED_AFTER = re.compile(r"(?P<unit>[CFp])(?![\w])")
_ATTACHED = {"C": ("degC", "[temperature]"), "F": ("degF", "[temperature]"), "p": ("GBX", "currency:GBX")}
_RATE_AFTER = re.compile(r"\s(?P<unit>per\s[\d,]+(?:\s(?:people|residents|inhabitants|population|births|"
                         r"live births|adults|children))?)\b")
_OR_MORE = re.compile(r"\s(?:or|and)\s(?P<which>more|over|above|less|fewer|under)\b", re.IGNORECASE)
_ADJECTIVES = {
    "more", "new", "other", "additional", "civilian", "foreign", "armed", "wounded", "local", "military",
    "enemy", "elderly", "young", "small", "large", "border", "frontline", "front-line", "extra", "former",
    "likely", "registered", "eligible", "consecutive", "junior", "senior", "full-time", "part-time",
    "confirmed", "suspected", "active", "daily", "weekly", "extra", "further", "separate", "different",
    "mostly", "mainly", "undocumented", "displaced", "injured", "missing", "dead", "rival", "fellow",
    "previous", "earlier", "prior", "recent", "past",
}
#: "the lynx population at 24 to 28 animals": the species before "population" is what is counted.
_POPULATION_BEFORE = re.compile(r"\b(?P<species>[a-z]+)\s+population\s+(?:\w+\s+){0,6}?(?:at|of|to|is|was)\s+"
                                r"(?:(?:about|around|some|between|nearly|roughly)\s+)?$")
_COUNT_OF_BEFORE = re.compile(r"\b(?:count|number|total|tally|census)\s+of\s+(?P<species>(?:[a-z-]+\s+)?[a-z]+s)\b"
                              r"[^.;:]{0,60}$")
_GENERIC_ANIMALS = {"animal", "individual", "specimen", "head", "adult", "breeding pair"}
#: Collective nouns counted without a plural s.
_COLLECTIVE = {"people", "crew", "staff", "personnel", "police", "cattle", "livestock", "aircraft", "sheep",
               "troops", "children", "men", "women", "deer", "fish", "offspring", "spacecraft", "pence", "lynx",
               "moose", "bison", "elk", "reindeer", "caribou", "salmon", "trout"}
_NOT_NOUNS = {
    "and", "the", "for", "per", "from", "with", "into", "onto", "this", "that", "were", "was", "are",
    "had", "has", "have", "will", "would", "could", "since", "after", "before", "during", "while",
    "who", "which", "when", "where", "than", "more", "less", "times", "percent", "each", "years",
    "its", "their", "his", "her", "our", "out", "off", "ago", "old", "is", "was", "as", "also", "across",
    "last", "next", "this", "ahead", "behind", "later", "earlier", "apart", "away", "long", "wide", "high",
    "deep", "tall", "between", "among", "against", "but", "or", "nor", "yet", "so", "such", "says", "said",
}
_CHANGE_BEFORE = re.compile(
    r"\b(?P<verb>rose|risen|rises|rise|increased|increases|increase|grew|grown|grow|climbed|climb|jumped|gained|"
    r"(?:(?:is|was|are|were|be|been|,)\s)(?:up|down)|(?:go|goes|went|gone|going)\s(?:up|down)|"
    r"fell|fallen|falls|fall|dropped|drop|declined|decline|decreased|decreases|decrease|shrank|slipped|(?<!was\s)(?<!were\s)lost|cut|slumped|"
    r"plunged|plummeted|tumbled|sank|dipped|soared|surged|rallied|jumped|expanded|contracted|lowered|"
    r"cuts|reduced|reduces|slashed|trimmed|boosted|"
    # "raised by 10%" is a change; "has raised £85,000 for the lifeboats" is money collected
    r"raised(?=\s+by\b)|"
    # "a rise of", "a further cut of", "a pay increase of", "a council tax increase of"
    r"(?:an?|the|its)\s(?:[a-z]+\s){0,2}(?:rise|increase|fall|drop|decline|cut|reduction|decrease|jump|gain|hike)\sof|"
    # "will raise its excise duty on cigarettes by 28 percent"
    r"(?:raise|raises|raised|raising|increase|increases|increased|increasing|cut|cuts|cutting|reduce|reduces|"
    r"reduced|reducing|lower|lowers|lowered|lowering|lift|lifts|lifted|lifting|"
    # "will put up the price of a loaf by 12 percent"
    r"(?:put|puts|putting|push|pushes|pushed|pushing)\s(?:up|down))\s(?:[\w'’-]+\s){1,7}?by|"
    # a pay offer or claim is a rise: "an improved pay offer of 4.5 percent"
    r"(?:an?|the|its|their)\s(?:[a-z]+\s)?(?:pay|wage|salary)\s(?:offer|claim|demand|award|settlement|deal)\sof|"
    # "the increase on the current fare is therefore 14.3%"
    r"(?:the|its)\s(?:[a-z]+\s)?(?:rise|increase|fall|drop|decline|cut|reduction|decrease|jump|gain|hike)"
    r"(?:\s(?:on|in|for)\s[\w'’ ]{1,40}?)?\s(?:is|was|will\sbe|would\sbe)(?:\s(?:therefore|now|thus|then))?)(?:\s+by(?:\s+an\s+average\s+of)?)?(?:\s+(?:almost|nearly|about|"
    r"more than|less than|some|around|roughly|over|just over|just under))?\s+$",
    re.IGNORECASE,
)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
#: The word a change ends on before its figure ("rose", "cut of", "raise ... by", "is therefore"): the
#: search above scans every position, so a window whose last word is none of these is passed over.
_CHANGE_LAST_WORDS = frozenset("""rose risen rises rise increased increases increase grew grown grow climbed climb jumped
gained up down fell fallen falls fall dropped drop declined decline decreased decreases decrease shrank slipped lost cut
slumped plunged plummeted tumbled sank dipped soared surged rallied expanded contracted raised lowered cuts reduced
reduces slashed trimmed boosted of by is was be therefore now thus then""".split())
_CHANGE_HEDGES = {"almost", "nearly", "about", "more", "less", "than", "some", "around", "roughly", "over", "just",
                  "under"}


def _change_before(window: str) -> re.Match | None:
    """`_CHANGE_BEFORE` in `window`, after a quick look at its last words."""
    words = window.lower().split()
    while words and words[-1] in _CHANGE_HEDGES:
        words.pop()
    if not words or words[-1].rstrip(",") not in _CHANGE_LAST_WORDS:
        return None
    return _CHANGE_BEFORE.search(window)


_CHANGE_AFTER = re.compile(r"\s+(?:(?P<way>higher|lower|up|down|more|less|above|below|smaller|larger|bigger|"
                           r"greater|fewer|cheaper|dearer)\s+"
                           # "€150 more per month", "will pay 18 percent more for their heat": on top of what there was
                           # "41% fewer salmon than in 2024": a counted noun may stand before "than"
                           r"(?:(?:[a-z]+\s+)?than|on|from|for|compared\s+with|compared\s+to|(?:per|a|an|each)\s(?:day|week|month|year|hour))\b"
                           # "3.0 points above March 2024": a difference from an earlier time
                           rf"|(?P<side>above|below)\s+(?:(?:the\s+)?(?:same\s+)?(?:month|quarter|period|level)\b|{_MONTHS}|(?:19|20)\d\d\b|last\s+year"
                           # "22 percent above our price in September": a difference from an earlier level
                           r"|(?:its|our|their|the)\s+(?:(?:current|present|existing)\s+(?:price|level|rate|fare|cost)s?\b|"
                           r"(?:price|level|rate|fare|cost)s?\s+(?:in|of|last)\b))"
                           r"|(?:(?:pay|wage|salary|price|fare|rent|tax|duty)\s)?(?P<noun>rise|increase|gain|jump|fall|drop|decline|decrease|cut)\b"
                           # "puts the crop up about 9 percent on last year": a change from a year before
                           r"|(?P<base>on\s+(?:last|the\s+previous)\s+year|on\s+a\s+year\s+(?:earlier|ago|before))\b)",
                           re.IGNORECASE)
_UP_WORDS = {"rose", "risen", "rises", "rise", "increased", "increases", "grew", "grown", "climbed",
             "jumped", "gained", "up", "increase", "grow", "climb", "soared", "surged", "rallied", "expanded", "raised", "boosted"}
_UP_NOUNS = {"rise", "increase", "jump", "gain", "hike"}
#: Words after a figure that tell a rise ("12 percent higher than", "a crop 35 percent larger than").
_UP_AFTER = {"higher", "up", "more", "above", "larger", "bigger", "greater", "dearer", "rise", "increase", "gain", "jump"}
_RAISE_WORDS = {"raise", "raises", "raising", "increasing", "lift", "lifts", "lifted", "lifting"}
_PAY_WORDS = {"pay", "wage", "salary"}  # "a pay offer of 4.5 percent" is a rise
_MULTIPLIED = re.compile(r"\b(?P<word>doubled|tripled|trebled|quadrupled|halved)\b", re.IGNORECASE)
_MULTIPLIERS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}
_YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)$")
_DETERMINER_BEFORE = re.compile(r"\b(?:[Tt]he|its|their|his|her|this|that|[\w’']+['’]s)\s$")
#: "At the end of March 1,904,000 people", "On Tuesday 2,640 members": no label like "Boeing 737".
_MONTH_OR_DAY = re.compile(f"{_MONTHS}|{WEEKDAY_NAMES}")
_MONTH_BESIDE = re.compile(rf"(?:st|nd|rd|th)?\s(?:of\s)?{_MONTHS}\b")
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s$")
_TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "decade"}
#: Words that may stand before a number at the start of a clause without naming it ("In 2023").
_FUNCTION_WORDS = {
    "In", "On", "By", "Since", "About", "Some", "Over", "The", "Nearly", "Almost", "Only", "Just", "At",
    "For", "Of", "With", "After", "Before", "Around", "Roughly", "More", "Less", "Fewer", "Up", "Under",
    "Between", "From", "To", "And", "But", "All", "Another", "Last", "This", "Those", "These", "Of",
    "Another", "Exactly", "Approximately", "Another", "Its", "Their", "His", "Her", "Our", "Those",
}


@dataclass(frozen=True)
class FoundQuantity:
    """A figure found in a sentence: its quantity and the span it covers."""

    quantity: Quantity
    start: int
    end: int


def find_quantities(text: str) -> list[FoundQuantity]:
    """Every figure in a sentence, left to right, without overlaps."""
    found: list[FoundQuantity] = []
    position = 0
    while (match := _QUANTITY.search(text, position)) is not None:
        result = _from_match(match, text)
        if result is not None:
            found.append(result)
        # a figure split from a false range ("aged 15 and 16") leaves its second number to scan
        position = max(result.end if result else match.end("num"), match.start() + 1)
    for seconds in _SECONDS_WRITTEN_S.finditer(text):  # "2 min 41 s": the bare 41 is seconds
        value = float(seconds.group("num"))
        found = [f for f in found if not (f.start == seconds.start() and f.quantity.measure == "number")]
        found.append(FoundQuantity(Quantity(value=value, unit="second", low=value, high=value, qualifier=Qualifier.EXACT,
                                            measure="[time]"), seconds.start(), seconds.end()))
    found = _joined_durations(sorted(found, key=lambda f: f.start), text)
    clocks = [clock for clock in map(_clock_duration, _CLOCK.finditer(text)) if clock is not None]
    if clocks:  # "2:04:38" is one time, not the numbers 2, 04 and 38
        found = [f for f in found if not any(c.start < f.end and f.start < c.end for c in clocks)] + clocks
    for one in filter(None, map(_one_unit, _ONE_UNIT.finditer(text))):
        overlapping = [f for f in found if f.start < one.end and one.start < f.end]
        # "a year and a half of talks" is 1.5 years, not the number "a half"
        if one.quantity.value == 1.5:
            found = [f for f in found if f not in overlapping]
        if one.quantity.value == 1.5 or not overlapping:
            found.append(one)
    for match in _MULTIPLIED.finditer(text):
        word = match.group("word").lower()
        quantity = Quantity(value=_MULTIPLIERS[word], unit="times", low=_MULTIPLIERS[word], high=_MULTIPLIERS[word],
                            qualifier=Qualifier.EXACT, measure="ratio", change="down" if word == "halved" else "up")
        found.append(FoundQuantity(quantity, match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


#: One unit spelt with "a": "an hour and a half", "about a mile", "nearly a year" (bare "a mile" is
#: usually a manner of speaking, "a mile-long queue", so one needs a hedge or a half).
_ONE_UNIT = re.compile(
    rf"\b(?:(?P<hedge>{_HEDGE})\s)?\b(?:an?|one)\s(?P<unit>hour|minute|day|week|month|year|mile|kilometre|kilometer|"
    r"metre|meter|foot|kilogram|tonne|ton|litre|liter)(?P<half>\sand\sa\shalf)?\b(?![-\w])"
    r"(?!\s+(?:ago|later|earlier|before|after|on)\b)", re.IGNORECASE)  # "over a year later" dates, not measures


def _one_unit(match: re.Match) -> FoundQuantity | None:
    if not match.group("hedge") and not match.group("half"):
        return None
    meaning = physical_unit(match.group("unit").lower())
    if meaning is None:
        return None
    value = 1.5 if match.group("half") else 1.0
    qualifier = _HEDGES.get((match.group("hedge") or "").lower(), Qualifier.EXACT)
    low, high = _bounds(qualifier, value)
    quantity = Quantity(value=value, unit=meaning.unit, low=low, high=high, qualifier=qualifier,
                        measure=meaning.measure)
    return FoundQuantity(quantity, match.start(), match.end())


#: A race or journey time written h:mm:ss ("2:04:38"); a clock time of day is left alone.
_CLOCK = re.compile(r"(?<![\d:.,])(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d)(?![\d:]|\.\d)")
_TIME_OF_DAY = re.compile(r"\s*(?:[ap]\.?m\b|GMT|UTC|CET|EST|local|o'clock)", re.IGNORECASE)


#: Seconds written "s" after a figure of minutes ("2 min 41 s"); a lone "s" is too often something else.
_SECONDS_WRITTEN_S = re.compile(r"(?:(?<=\bmin\s)|(?<=\bmins\s))(?P<num>\d{1,2}(?:\.\d+)?)\ss\b(?![\w'’])")
_SECONDS_IN = {"week": 604800, "day": 86400, "hour": 3600, "minute": 60, "second": 1}
_DURATION_JOINT = re.compile(r"(?:,\s*|\s+)(?:and\s+)?")


def _joined_durations(found: list[FoundQuantity], text: str) -> list[FoundQuantity]:
    """'two hours, four minutes and 38 seconds', '38 days and 7 hours' or '2 min 41 s' as one time in
    seconds, not several figures (exact parts only)."""
    joined: list[FoundQuantity] = []
    smallest: list[int] = []  # per joined figure: its last part's unit, in seconds
    for item in found:
        unit = item.quantity.unit
        last = joined[-1] if joined else None
        if (last is not None and unit in _SECONDS_IN and smallest[-1] > _SECONDS_IN[unit]
                and last.quantity.qualifier is item.quantity.qualifier is Qualifier.EXACT and not item.quantity.change
                and _DURATION_JOINT.fullmatch(text[last.end : item.start])):
            seconds = last.quantity.value * (_SECONDS_IN[last.quantity.unit]) + item.quantity.value * _SECONDS_IN[unit]
            quantity = Quantity(value=seconds, unit="second", low=seconds, high=seconds,
                                qualifier=Qualifier.EXACT, measure="[time]")
            joined[-1], smallest[-1] = FoundQuantity(quantity, last.start, item.end), _SECONDS_IN[unit]
        else:
            joined.append(item)
            smallest.append(_SECONDS_IN.get(unit or "", 0))
    return joined


def _clock_duration(match: re.Match) -> FoundQuantity | None:
    text = match.string
    if _TIME_OF_DAY.match(text, match.end()) or re.search(r"\b(?:at|from|until|till|by)\s$", text[: match.start()]):
        return None
    seconds = float(int(match.group("h")) * 3600 + int(match.group("m")) * 60 + int(match.group("s")))
    quantity = Quantity(value=seconds, unit="second", low=seconds, high=seconds, qualifier=Qualifier.EXACT,
                        measure="[time]")
    return FoundQuantity(quantity, match.start(), match.end())


def _from_match(match: re.Match, text: str) -> FoundQuantity | None:
    start, end = match.span()
    written = match.group("num").lower()
    if _is_identifier(match, text) or _is_pronoun_one(written, text, match.end("num")):
        return None
    if written.split("-")[-1].split()[-1] in FRACTION_WORDS and not _fraction_is_amount(match, text):
        return None
    value = parse_number(match.group("num")) * scale_factor(match.group("scale"))
    if math.isnan(value):
        return None
    if match.group("minus"):
        value = -value
    second = None
    if match.group("num2"):
        second = parse_number(match.group("num2")) * scale_factor(match.group("scale2") or match.group("scale"))
        separator = match.group("sep").strip().lower()
        between = (match.group("between") or "").strip().lower()
        # "rose 18% to 412 million euros" gives a change and the level reached; "rose by 21 to 24 cm" a range
        first_has_unit = bool(match.group("pct1") or match.group("cur2") and not match.group("cur"))
        # and "fell by 800,000 to 123.9 million" a change and the level, however its figures are written
        changed = separator == "to" and _change(text, match.start())
        level_after_change = separator == "to" and ((changed and (first_has_unit or second > 10 * value)) or (
            between == "from" and not re.search(r"\b(?:rang\w*|var\w*)\s+$", text[: match.start()])))
        if (separator == "and" and between != "between") or match.group("hedge") or math.isnan(second) \
                or second <= value or level_after_change:
            # "74 towns and 28 villages", "by more than a third to 8.1 million": two figures, not a range
            second = None
            end = _end_of_first(match)
    if second is None and match.group("between"):
        start = match.start("minus") if match.group("minus") else match.start("cur") if match.group("cur") \
            else match.start("num")

    unit_found = _unit(match, text, end, value, split=second is None and bool(match.group("num2")))
    if unit_found is None:
        return None
    unit, measure, end = unit_found
    qualifier, low, high = _interval(match, value, second, unit, text, end)
    if qualifier is not Qualifier.RANGE and written in VAGUE:
        qualifier, low, high = Qualifier.MORE_THAN, value, math.inf
    or_more = _OR_MORE.match(text, end)
    if or_more and qualifier is Qualifier.EXACT:
        more = or_more.group("which").lower() in ("more", "over", "above")
        qualifier = Qualifier.AT_LEAST if more else Qualifier.AT_MOST
        low, high = (value, math.inf) if more else (0.0, value)
        end = or_more.end()
    quantity = Quantity(value=value, unit=unit, low=low, high=high, qualifier=qualifier, measure=measure,
                        change=_change(text, start, end, measure))
    return FoundQuantity(quantity, start, end)


def _end_of_first(match: re.Match) -> int:
    for group in ("pct1", "scale", "num"):
        if match.group(group):
            return match.end(group)
    return match.end("num")


#: An earthquake's magnitude told before its figure, and the scale told after it.
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]+$", re.IGNORECASE)
_RICHTER_AFTER = re.compile(r"\s+on\s+the\s+Richter\s+scale\b", re.IGNORECASE)


def _unit(match: re.Match, text: str, end: int, value: float, split: bool) -> tuple[str | None, str, int] | None:
    """The unit after a figure: (canonical unit, measure, new end), or None when it is no amount.

    `split` is true when a second number was matched but belongs to a figure of its own.
    """
    currency = match.group("cur") or (None if split else match.group("cur2"))
    if currency:
        code = currency_code(currency)
        after = _UNIT_AFTER.match(text, end)
        if after and after.group("unit").lower() in CURRENCY_WORDS:
            end = after.end()
        return code, f"currency:{code}", end
    if match.group("pct1"):
        return "percent", "percent", end
    attached = _ATTACHED_AFTER.match(text, end)
    if attached and match.group("num")[0].isdigit():
        unit, measure = _ATTACHED[attached.group("unit")]
        return unit, measure, attached.end()
    after = _UNIT_AFTER.match(text, end)
    written = after.group("unit").replace("-", " ") if after else None
    if written == "M":  # "500 m" is metres ("$500m", million, is read with the number); "M" is no unit
        written = None
    if written:
        lowered = written.lower()
        end = after.end()
        rate = _RATE_AFTER.match(text, end)
        if lowered in CURRENCY_WORDS:
            code = CURRENCY_WORDS[lowered]
            return code, f"currency:{code}", end
        if lowered in ("%", "percent", "per cent"):
            return "percent", "percent", end
        if lowered.startswith("percentage point"):
            return "percentage point", "percentage point", end
        if lowered.startswith("basis point"):
            return "basis point", "percentage point", end
        if lowered in ("times", "fold"):
            return "times", "ratio", end
        if lowered == "magnitude":
            return "magnitude", "magnitude", end
        if lowered == "pence":
            return "GBX", "currency:GBX", end
        meaning = physical_unit(lowered)
        if rate:
            return f"{meaning.unit} {rate.group('unit')}", f"rate:{meaning.measure}", rate.end()
        return meaning.unit, meaning.measure, end
    if _MAGNITUDE_BEFORE.search(text, max(0, match.start() - 16), match.start()):
        return "magnitude", "magnitude", end  # "a magnitude 6.1 earthquake", "a magnitude of 4.5"
    richter = _RICHTER_AFTER.match(text, end)
    if richter:
        return "magnitude", "magnitude", richter.end()  # "5.8 on the Richter scale"
    rate = _RATE_AFTER.match(text, end)
    if rate:
        return rate.group("unit"), "rate", rate.end()
    if _YEAR.match(match.group("num")) and not match.group("hedge") and _DETERMINER_BEFORE.search(text, 0, match.start()):
        return None  # "the 1973 eruption", "last year's 2024 budget": a year naming the thing, not a count
    if _age(text, match):
        return "year", "age", end  # an age meets only ages, not "seven years" in prison
    noun = _counted_noun(text, end, match.group("num").lower() in VAGUE, value == 1)
    if noun:
        words, noun_end = noun
        members_of = _MEMBERS_OF.match(text, noun_end) if singular(words) == "member" else None
        if members_of:  # "2,640 members of our nursing staff": nursing staff
            words, noun_end = members_of.group("noun"), members_of.end()
        if words in ("point", "points") and _ABOUT_RATES.search(text):
            return "percentage point", "percentage point", noun_end  # "the rate was 17.4 percent, 2.3 points higher"
        if singular(words) in _GENERIC_ANIMALS:
            # "the lynx population at 24 to 28 animals": lynx; "its count of snow leopards ... to 51
            # individuals": snow leopards
            named = _POPULATION_BEFORE.search(text, max(0, match.start() - 60), match.start()) or \
                _COUNT_OF_BEFORE.search(text, max(0, match.start() - 100), match.start())
            words = named.group("species") if named else words
        meaning = counted_noun(words)
        before = text[max(0, match.start() - 120) : match.start()]
        if _WHOLE_AFTER_PART.search(before):
            return meaning.unit, meaning.measure, noun_end  # "two of the three prisoners ... were arrested": not all three
        measure = _what_befell(meaning.measure, text, noun_end, before=before, between=text[end:noun_end])
        return meaning.unit, measure, noun_end
    part = _PART_OF.match(text, end) if value >= 1 else None  # "half of the town's 8,000 residents" is a share
    whole = _counted_noun(text, part.end(), False, False) if part else None
    if whole:  # "won 14 of the 31 seats": 14 seats
        meaning = counted_noun(whole[0])
        return meaning.unit, _what_befell(meaning.measure, text, whole[1]), end
    plain = _PART_OF_PLURAL.match(text, end)
    if plain and value >= 2 and (plain.group("noun") in _COLLECTIVE or singular(plain.group("noun")) != plain.group("noun")):
        meaning = counted_noun(plain.group("noun"))  # "two of the men were recaptured": two of them
        return meaning.unit, _what_befell(meaning.measure, text, plain.end()), end
    of_them = _OF_THEM.match(text, end)
    if of_them and _FATE.match(text[of_them.end() : of_them.end() + 60]):  # "two of them died": two deaths
        return "person", _what_befell("count:person", text, of_them.end()), end
    if _YEAR.match(match.group("num")) and not match.group("hedge"):
        return None  # a bare year is a date, not an amount
    if _is_time(text, end) or _is_phone(match):
        return None
    whole_number = value >= 1 and value == int(value) and not match.group("hedge")
    if whole_number and not _change_before(text[max(0, match.start() - 80) : match.start()]) and (
            _TALLY_FIRST.search(text, max(0, match.start() - 30), match.start()) and _TALLY_NEXT.match(text, end)
            or _TALLY_SECOND.search(text, max(0, match.start() - 60), match.start())):
        return "vote", "count:vote", end  # "backed the plan by 43 to 18", "43 votes in favour and 18 against"
    whole = _OF_THE_WHOLE.search(text, 0, match.start())
    if whole:  # "Of the 112,400 members entitled to vote, 71,936 returned a ballot": 71,936 members
        meaning = counted_noun(whole.group("noun"))  # "Of the 34 pupils in the hall, 11 were injured": injuries
        return meaning.unit, _what_befell(meaning.measure, text, end), end
    crowd = _CROWD_BEFORE.search(text, 0, match.start())
    if crowd:  # "the crowd of 2,314", "an attendance of 2,143", "a workforce of about 90"
        meaning = counted_noun(_CROWD_NOUNS[crowd.group("noun").lower()])
        return meaning.unit, meaning.measure, end
    counted = _COUNT_BEFORE.search(text, 0, match.start())
    if counted:  # "the number of dead birds has risen to 1,150": 1,150 birds
        if counted.group("toll"):  # "the death toll has risen to 312", "bringing the number of dead to three"
            return "death", "count:death", end
        meaning = counted_noun((counted.group("a") or counted.group("b") or counted.group("c") or counted.group("d")).lower())
        return meaning.unit, meaning.measure, end
    named = _NUMBER_OF.search(text, 0, match.start()) if value >= 1 else None
    if named:  # "the number of weekday services will fall from 64 to 48"; "the population has grown to 8.42 million"
        meaning = counted_noun(named.group("noun") or "people")
        return meaning.unit, meaning.measure, end
    return None, "number", end


_RISEN = r"(?:risen|rose|climbed|grown|grew|increased|reached|jumped|fallen|fell|dropped|cut|reduced|lowered|raised|revised)"
#: A counted noun in the plural: "birds", and the plurals without an s.
_PLURAL = r"(?:[a-z]+s|people|children|men|women|staff|police|sheep|deer|fish|cattle|livestock|aircraft|crew|unemployed|homeless)"
#: Plurals that name a measure, not things counted ("prices have risen to 300"), and singular nouns
#: that end in s ("the number of measles cases": the cases are counted).
_NOT_COUNTED = r"(?!(?:prices|rates|costs|levels|temperatures|figures|numbers|sales|values|speeds|totals|" \
               r"measles|mumps|rabies|diabetes|news|series|species|crisis|virus|census|status|campus|bus|gas)\b)"
#: A bare figure whose counted noun came before it, as a count's new level: "the number of dead
#: birds has risen to 1,150", "cases in the district have risen to 297" (a plural subject takes
#: "have": "the toll from the floods has risen to 312" counts no floods), "cameras put the number
#: of spectators at 340,000".
_COUNT_BEFORE = re.compile(
    rf"\b(?P<toll>death toll|number of (?:the\s)?(?:dead|deaths|fatalities)"
    rf"(?=\s(?:has|have|had|now|to|stands|stood|from|in|at|after|since|{_RISEN})\b))\b[^.;:]{{0,60}}?"
    rf"\b(?:(?:has|have|had)\s)?(?:now\s)?(?:{_RISEN}|stands|stood|to)\s(?:(?:to|at)\s)?$"
    rf"|\b(?:number|total|tally|count) of (?:[A-Za-z-]+\s){{0,2}}?{_NOT_COUNTED}(?P<a>{_PLURAL})\b[^.;:]{{0,100}}?"
    rf"\b(?:(?:has|have|had)\s)?(?:now\s)?(?:(?:{_RISEN}|stands|stood)\s(?:to|at)|reached)\s$"
    rf"|\b{_NOT_COUNTED}(?P<b>{_PLURAL})(?:\s(?:in|at|across|among)\s[A-Za-z' -]{{1,40}}?)?\s(?:have|had)\s(?:now\s)?{_RISEN}\sto\s$"
    rf"|\b(?:put|puts|putting|placed?|places|placing|estimated?|estimates|estimating)\sthe\s(?:number|total|tally|count)"
    rf"\sof\s(?:[a-z-]+\s){{0,2}}?{_NOT_COUNTED}(?P<c>{_PLURAL})\sat\s$"
    # "visitor numbers at the zoo reached 214,000"
    rf"|\b(?P<d>[A-Za-z]+[a-rt-z])\s(?:numbers|figures)\b[^.;:]{{0,60}}?\b(?:(?:has|have|had)\s)?{_RISEN}\s(?:to\s)?$"
)


#: A body of people told by its noun before the figure ("The crowd of 2,314", "an attendance of 2,143",
#: "a workforce of about 90"), with what it counts.
_CROWD_NOUNS = {"crowd": "spectators", "attendance": "spectators", "audience": "spectators", "gate": "spectators",
                "workforce": "workers", "membership": "members"}
_CROWD_BEFORE = re.compile(rf"\b(?P<noun>{'|'.join(_CROWD_NOUNS)})\s+(?:was\s+|of\s+|(?:estimated|put|counted)\s+at\s+)"
                           r"(?:about\s+|around\s+|some\s+|"
                           r"nearly\s+|almost\s+|more\s+than\s+|over\s+)?$", re.IGNORECASE)
_MEMBERS_OF = re.compile(r"\s+of\s+(?:(?:the|our|its|their|his|her)\s+)?(?P<noun>(?:[a-z-]+\s){0,2}?(?:staff|crew|[a-z]+s))\b")
#: A sentence about rates, where "points" are percentage points.
_ABOUT_RATES = re.compile(r"%|\bper\s?cent\b|\brates?\b", re.IGNORECASE)
#: The two sides of a vote: "by 43 to 18", "voted 43 votes to 18", "43 votes in favour and 18 against".
_TALLY_FIRST = re.compile(r"\b(?:by|voted|vote\s+of)\s+$", re.IGNORECASE)
_TALLY_NEXT = re.compile(r"\s+(?:votes?\s+)?to\s+\d")
_TALLY_SECOND = re.compile(r"(?:\b(?:by|voted|vote\s+of)\s+\d+\s+(?:votes?\s+)?to|\bvotes?\s+in\s+favou?r\s+and)\s+$",
                           re.IGNORECASE)
#: A part of a counted whole: "14 of the 31 seats", "three out of 12 schools".
_PART_OF = re.compile(rf"\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|our\s+|all\s+)?(?:[\w-]+['’]s\s+)?{NUMBER}(?!\s+of\b)",
                      re.IGNORECASE)  # "fourteen of the train's 32 wagons"
_OF_THE_WHOLE = re.compile(rf"\b[Oo]f\s(?:the\s|its\s|their\s)?{NUMBER}\s(?:[a-z-]+\s){{0,2}}?{_NOT_COUNTED}"
                           rf"(?P<noun>[a-z]+s)\b[^.;:,]{{0,60}},\s(?:[^.;:,\d]{{0,40}}\s)?$")
#: The thing a sentence's bare figures count, named anywhere before them: "the number of weekday
#: services on the line will fall from 64 to 48"; a population, or "the number who came", counts people.
_NUMBER_OF = re.compile(rf"\b(?:(?i:number)\s+of\s+(?:[a-z-]+\s+){{0,2}}?{_NOT_COUNTED}(?P<noun>{_PLURAL})|"
                        r"(?i:population)|(?i:number)\s+who)\b(?![^.;:]*\b(?:number\s+(?:of|who)|population)\b)")
_OF_THEM = re.compile(r"\s+of\s+(?:them|those|these|whom)\b", re.IGNORECASE)
#: Before the whole of "two of the three prisoners": what befalls the part does not befall the whole.
_WHOLE_AFTER_PART = re.compile(rf"{NUMBER}\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|our\s+|all\s+)?(?:[\w-]+['’]s\s+)?$",
                               re.IGNORECASE)
#: "Two of the men", "three of the victims": a part of a whole named without its number.
#: "Four of the rescued miners"; "12 of its own flights" are another's, not a part of the story's.
_PART_OF_PLURAL = re.compile(rf"\s+of\s+(?:the|its|their|these|those)\s+(?:(?!own\s)[a-z]+\s+)?(?P<noun>{_PLURAL})\b"
                             rf"(?!\s+of\b)")
_NEXT_WORD = re.compile(r"\s+(?P<of>of\s+)?(?P<word>[A-Za-z][\w'’-]*)")


def _counted_noun(text: str, end: int, vague: bool, single: bool) -> tuple[str, int] | None:
    """The counted noun after a number: skip adjectives and names, keep a compound up to its plural head."""
    collected: list[str] = []
    skipping = True
    position = end
    for number in range(6):
        word = _NEXT_WORD.match(text, position)
        if word is None:
            return None
        position = word.end()
        token = word.group("word")
        if word.group("of") and (number > 0 or not vague):
            return None
        lowered = token.lower()
        named = token[0].isupper() and not re.fullmatch(r"[A-Z]{2,}s", token)  # "HGVs", "GPs" are nouns
        if skipping and (named or any(ch.isdigit() for ch in token) or lowered in _ADJECTIVES):
            continue
        skipping = False
        if lowered in _NOT_NOUNS or not token.isalpha() and "-" not in token or named:
            return None
        collected.append(lowered)
        if lowered in _COLLECTIVE or singular(lowered) != lowered or (single and len(collected) == 1):
            # "measles patients": a word that only looks plural is a modifier when a plural follows
            following = _NEXT_WORD.match(text, position)
            if following and not following.group("of") and len(collected) < 3:
                word_after = following.group("word")
                if word_after.islower() and word_after not in _NOT_NOUNS and singular(word_after) != word_after:
                    return " ".join([*collected, word_after]), following.end()
            return " ".join(collected), position
        if len(collected) == 3:
            return None
    return None


_EMPLOYS = re.compile(r"\b(?:employ(?:s|ed|ing)?|workforce\s+of|payroll\s+of|staff\s+of|hire[sd]?|hiring)"
                      r"(?:\s+(?:about|around|some|nearly|almost|more\s+than|over|roughly))?\s+$", re.IGNORECASE)
#: Counts of people, whom a fate or an arrest befalls (not "412 dead seabirds": birds stay birds).
_PEOPLE = {f"count:{family}" for family in ("person", "worker", "passenger", "runner", "student", "soldier",
                                          "prisoner", "patient")}
_INJURY_WORDS = {"injured", "injuring", "wounded", "wounding", "hurt", "hurting", "injuries", "wounds", "burns"}
_FATE_BESIDE = re.compile(r"\b(?P<fate>dead|injured|wounded)\b", re.IGNORECASE)
_FATE_BEFORE = re.compile(r"\b(?:(?P<fate>killing|killed|kills|injuring|injured|wounding|wounded|hurting))\s+"
                          r"(?:about|around|some|nearly|at\s+least|more\s+than|over)?\s*$", re.IGNORECASE)
_FATE_COUNTED = re.compile(rf"\bnumber of (?:\w+\s)?(?P<fate>injured|dead|wounded|killed)\b[^.;:]{{0,80}}?\b"
                           rf"(?:(?:has|have|had)\s)?(?:{_RISEN}|stands|stood)\s(?:to|at)\s$", re.IGNORECASE)
_ARRESTED_BEFORE = re.compile(r"\b(?:arrested|detained)\s+(?:about|around|some|nearly|more\s+than|over)?\s*$",
                              re.IGNORECASE)
#: "Two people, a man aged 38 and a woman aged 29, were arrested": an apposition may stand between.
_APPOSITION = r"(?:,[^,.;:]{1,60},)?"
_ARRESTED_AFTER = re.compile(rf"^{_APPOSITION}(?:\s+\w+){{0,5}}?\s+(?:were|was|have\s+been|had\s+been|been)\s+"
                             r"(?:since\s+)?(?:arrested|detained|recaptured|rearrested|caught)\b", re.IGNORECASE)
_FATE = re.compile(rf"^{_APPOSITION}(?:\s+(?!and\b|or\b|but\b)\w+){{0,3}}?\s+"
                   r"(?P<fate>died|dies|die|dead|killed|perished|lost their lives|injured|wounded|hurt)\b",
                   re.IGNORECASE)

#: "Hospitals treated 11 people for injuries", "14 people were treated for minor burns"
_TREATED_FOR = re.compile(rf"^{_APPOSITION}(?:\s+\w+){{0,4}}?\s+for\s+(?:\w+\s+)?(?P<fate>injuries|wounds|burns)\b",
                          re.IGNORECASE)


_LOSE_JOBS = re.compile(r"^(?:\s+\w+){0,3}?\s+(?:(?:lose|losing|lost)\s+)?(?:their\s+jobs|(?:be\s+|were\s+|are\s+)?(?:laid\s+off|"
                        r"made\s+redundant))\b", re.IGNORECASE)


_SIGNED_BEFORE = re.compile(r"\bsigned\s+by\s+(?:more\s+than\s+|over\s+|some\s+|about\s+|nearly\s+|almost\s+)?$",
                            re.IGNORECASE)
_SIGNED_AFTER = re.compile(r"\s+(?:have\s+|had\s+)?(?:now\s+)?signed\b", re.IGNORECASE)


def _what_befell(measure: str, text: str, end: int, before: str = "", between: str = "") -> str:
    """People counted by what befell them are counted as that: "two workers died" and "nine injured
    people" meet "two deaths" and "nine injuries"; "officers arrested 19 people" and "19 fans were
    detained" count arrests; workers who lose their jobs are jobs cut ("2,300 employees will lose
    their jobs", "will cost 2,300 employees their jobs"); people a firm employs are its workers."""
    if measure not in _PEOPLE:
        return measure
    after = text[end : end + 120]
    if measure == "count:worker" and _LOSE_JOBS.match(after):
        return "count:job"
    fate = _FATE_BEFORE.search(before) or _FATE_COUNTED.search(before) or _FATE_BESIDE.search(between) or \
        _FATE.match(after) or _TREATED_FOR.match(after)
    if fate:
        return "count:injury" if fate.group("fate").lower() in _INJURY_WORDS else "count:death"
    if _ARRESTED_BEFORE.search(before) or _ARRESTED_AFTER.match(after):
        return "count:arrest"
    if measure == "count:person" and _EMPLOYS.search(before):
        return "count:worker"  # "employs nearly 16,000 people": 16,000 employees
    if _SIGNED_BEFORE.search(before) or _SIGNED_AFTER.match(after):
        return "count:signature"  # "a petition signed by 12,400 people": 12,400 signatures
    return measure


def _age(text: str, match: re.Match) -> bool:
    """"aged 15", "The senator, 81, ...", "raise the pension age to 67" are ages in years."""
    before = text[: match.start()]
    if re.search(r"\b(?:aged\s+(?:between\s+)?(?:\d+\s(?:and|to|or)\s)?|"
                 r"age\s(?:(?:will\s|would\s)?(?:rise|fall|go\sup|be\sraised|be\slowered)\s)?(?:of|to|at|from)\s)$",
                 before, re.IGNORECASE):
        return True
    value = match.group("num")
    return value.isdigit() and int(value) <= 120 and bool(re.search(r"[A-Za-z],\s$", before)) \
        and text[match.end() : match.end() + 1] == ","


def count_adjectives(written: str) -> list[str]:
    """The adjectives of a written count that its counted noun leaves out: "confirmed" of "23
    confirmed cases", which tells them from "38 suspected cases"."""
    return [word for word in written.split() if word.lower() in _ADJECTIVES]


def currency_code(written: str) -> str:
    """An ISO code for a written currency: "HK$" -> HKD, "€" -> EUR, "roubles" -> RUB."""
    lowered = written.strip().lower()
    return _DOLLARS.get(lowered) or CURRENCY_WORDS.get(lowered) or written.strip().upper()


_MOVED_BEFORE = re.compile(r"\b(?:revised|raised|moved|pushed|went|gone|go|goes|going|shot|jumped|climbed|"
                           r"bumped|rounded|marked|revise|raise|move|push)\s+$", re.IGNORECASE)


def _interval(match: re.Match, value: float, second: float | None, unit: str | None, text: str,
              end: int) -> tuple[Qualifier, float, float]:
    if second is not None:
        return Qualifier.RANGE, value, second
    hedge = (match.group("hedge") or "").strip().lower()
    qualifier = _HEDGES.get(hedge, Qualifier.EXACT)
    if hedge == "over" and (singular(unit or "") in _TIME_UNITS or re.search(r"\b(?:spread|stretch\w*|extend\w*)\s+$",
                                                                             text[: match.start()])):
        qualifier = Qualifier.EXACT  # "over four years", "spread over 1,400 hectares": a span, not a floor
    if hedge == "up to" and _MOVED_BEFORE.search(text[: match.start()]):
        qualifier = Qualifier.EXACT  # "has been revised up to 18.1 percent": the new level, not a ceiling
    return qualifier, *_bounds(qualifier, value)


def _bounds(qualifier: Qualifier, value: float) -> tuple[float, float]:
    """The interval a hedged figure covers."""
    floor = 0.0 if value >= 0 else -math.inf
    return {
        Qualifier.EXACT: (value, value),
        Qualifier.APPROX: (value * (1 - HEDGE_MARGIN), value * (1 + HEDGE_MARGIN)),
        Qualifier.NEARLY: (value * (1 - HEDGE_MARGIN), value),
        Qualifier.MORE_THAN: (value, math.inf),
        Qualifier.AT_LEAST: (value, math.inf),
        Qualifier.AT_MOST: (floor, value),
        Qualifier.LESS_THAN: (floor, value),
    }[qualifier]


def _change(text: str, start: int, end: int | None = None, measure: str | None = None) -> str | None:
    """'up' or 'down' when the figure is the size of a change ("rose by 3%", "6.2% higher than a
    year earlier", "a 12% fall"), else None; without `end`, only the words before it count."""
    before = _change_before(text[max(0, start - 80) : start])
    if before:
        verb = before.group("verb").lower()
        if verb == "lost" and measure and measure.startswith(("currency:", "[")):
            return None  # "lost £40 million", "lost 190 million litres a day": an amount lost, not a fall
        words = verb.split()
        if len(words) > 2 and words[-1] == "by":  # "will raise its excise duty on cigarettes by"
            return "up" if words[0] in _UP_WORDS | _RAISE_WORDS or words[1] == "up" else "down"
        return "up" if verb in _UP_WORDS or verb.endswith(" up") or (_UP_NOUNS | _PAY_WORDS) & set(verb.split()) else "down"
    after = _CHANGE_AFTER.match(text, end) if end is not None else None
    if after and after.group("base"):
        return "down" if re.search(r"\b(?:down|fell|lower|dropped)\b", text[max(0, start - 30) : start]) else "up"
    if after:
        way = (after.group("way") or after.group("side") or after.group("noun")).lower()
        return "up" if way in _UP_AFTER else "down"
    return None


def _fraction_is_amount(match: re.Match, text: str) -> bool:
    """"a third of", "more than a third", "grew by a third": amounts; "a third runway": an ordinal."""
    after = text[match.end("num") : match.end("num") + 4]
    return bool(match.group("hedge")) or after.startswith(" of") or bool(_CHANGE_BEFORE.search(text[: match.start()])) \
        or bool(_UNIT_AFTER.match(text, match.end()))


def _is_pronoun_one(written: str, text: str, end: int) -> bool:
    """"One of the candidates", "one another": not an amount."""
    return written == "one" and bool(re.match(r"\s+(?:of\b|another\b|day\b)", text[end : end + 10]))


def _is_identifier(match: re.Match, text: str) -> bool:
    """Numbers that are names or labels: COVID-19, Boeing 737, Formula 1, Route 66, 3rd, 10:30."""
    start, end = match.start("num"), match.end("num")
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    if (before in ("-", "#", "/") and not match.group("minus")) or re.match(r"[:/]\d|st\b|nd\b|rd\b|th\b", after):
        return True
    day_sized = len(match.group("num")) <= 2  # "March 1,904,000 people" is no day
    if day_sized and (_MONTH_BESIDE.match(text, end) or _MONTH_BEFORE.search(text[max(0, start - 12) : start])):
        return True  # "on 31 May", "May 31": a day of the month
    if match.group("cur") or match.group("hedge") or not match.group("num")[0].isdigit():
        return False
    previous = re.search(r"([A-Z][\w-]*)\s$", text[max(0, start - 30) : start])
    return bool(previous) and previous.group(1) not in _FUNCTION_WORDS and not _UNIT_AFTER.match(text, end) \
        and not _ATTACHED_AFTER.match(text, end) and not _MONTH_OR_DAY.fullmatch(previous.group(1))


def _is_time(text: str, end: int) -> bool:
    return bool(re.match(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|GMT|UTC|local time)", text[end : end + 12]))


def _is_phone(match: re.Match) -> bool:
    """Emergency and phone numbers are called, not counted."""
    return bool(re.search(r"\b(?:call|called|calling|dial|dialled|dialed|phone|ring)\s+$",
                          match.string[: match.start()], re.IGNORECASE))
