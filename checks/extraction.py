"""Extraction: the checkable claims of a document, located in its plain text.

One extractor serves the article and its sources, so both sides speak the same claim model.
It finds quantities (figures with units, counted nouns, money, percentages, hedges, ranges, changes),
dates, direct quotes with their speakers, and who holds which role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from itertools import zip_longest

from checks import dates as date_rules
from checks.claims import Claim, ClaimKind, Qualifier, Quantity
from checks.documents import Document
from checks.names import ROLE_HEADS, ROLE_LOGIST, ROLE_VERBS, NameBook, default_name_book
from checks.numbers import parse_number
from checks.text import Sentence, content_words, split_sentences
from checks.quantities import count_adjectives, find_quantities
from checks.units import FISH_KINDS, counted_noun

__all__ = ["extract_claims"]

_SPEECH_VERBS = (
    r"said|says|told|added|stated|announced|reported|wrote|declared|warned|claimed|insisted|"
    r"noted|called|described|tweeted|posted|explained|argued|asserted|confirmed|according to"
)
#: A capital letter, with accented Latin ones ("Ålbrek", "Ørsted", "Łukasz"); Extended-A mixes upper and
#: lower case, and callers check `isupper()` where it matters.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄ"
_NAME = rf"(?:(?:the|The) )?[{_UPPER}][\w'’.-]*(?:\s(?:[{_UPPER}][\w'’.-]*|(?:of|de|von|van|der|den|du|da|di|del|la|le)\b|al-))*"
# Heads of more than one word first, so "chief executive" is one head and not "chief" alone.
_ROLE_HEAD = "|".join(["commander-in-chief", "chief of staff", "chief executive",
                       r"(?:clinical|project|programme|team|technical|policy)\slead",
                       r"(?:secretary|director|attorney|governor|surgeon|inspector)[- ]general",
                       *sorted(ROLE_HEADS, key=len, reverse=True), ROLE_LOGIST])
_ROLE_PREFIX = (
    r"(?:(?i:acting|deputy|former|outgoing|incoming|interim|army|defence|defense|foreign|interior|prime|"
    r"regional|top|military|press|presiding|fire|health|police|district|state|provincial|national|economy|"
    r"finance|union|club|team|chief|head|senior|managing|executive|general|director|secretary|attorney|surgeon|"
    r"harbour|harbor|port|project|site|station|ward|lead|cabinet|board|committee|council|shadow|assistant|"
    r"associate|opposition|inspector)\s|(?i:vice)[-\s]|(?!(?:The|A|An)\s)[A-Z][a-z]+\s(?:[a-z]+\s)?|[A-Z]{2,}\s){0,3}"
)
_ROLE = rf"{_ROLE_PREFIX}(?i:{_ROLE_HEAD})\b"
# "Fire Chief Tomas Brandt"
_ROLE_NAME = re.compile(rf"\b(?P<role>{_ROLE}(?:\s(?:of|for)\s(?:the\s)?(?!the\b)[a-z][\w’'-]*(?:\s[a-z][\w’'-]*){{0,2}})?)"
                        rf"(?<!['’]s)\s(?P<name>{_NAME})")  # "cabinet member for culture Priya Nandakumar"
# "Director of Public Health Ines Harkavy": the last two capitalised words are the name
_ROLE_OF_NAME = re.compile(rf"\b(?P<role>(?=[{_UPPER}]){_ROLE}\s(?:of|for)\s(?:the\s)?(?:[{_UPPER}][\w'’-]+\s)+?)"
                           rf"(?P<name>[{_UPPER}][\w-]+\s[{_UPPER}][\w-]+)\b(?![\w'’]|\s[{_UPPER}])")
# "Tomasz Brant, the province's fire chief," / "Alexei Smirnov, the acting governor of the Kursk region,"
# A role's own field or organisation: "of the Kursk region", "of operations", "for housing".
# ("of the council's Green group", "of the city's Parks Department").
_ROLE_OF = r"(?:\s(?:of|for)\s(?:the\s)?(?:[A-Z][\w’' -]*?|[a-z][\w’'-]*(?:\s[a-z][\w’'-]*){0,2}" \
           r"(?:\s[A-Z][\w’'-]*){0,3}(?:\s[a-z][\w’'-]*)?))?"
# "Tomasz Brant, the province's fire chief," / "Alexei Smirnov, the acting governor of the Kursk region,"
# / "Pawel Nowinsky, director of education for the region," / "Aino Virtanen, Brask Shipping's chief
# operating officer,"
# / "Signe Halvorssen, media officer": up to two plain words may lead the role, but not a clause's
# ("Anna Berg, who became director")
_ROLE_MODIFIERS = (r"(?:(?!(?:who|whom|whose|which|that|was|is|were|are|had|has|have|became|becomes|been|now|"
                   r"also|then|a|an|his|her|their|its|and|or|but|as|not|still|later|once|to|in|at|on|by)\b)"
                   r"[a-z][a-z-]*\s){0,2}")
_NAME_ROLE = re.compile(
    rf"(?P<name>{_NAME}),\s(?:the\s|an?\s)?(?:(?:[A-Za-z][\w’'-]*\s){{0,2}}[\w’'-]+['’]s\s)?"
    rf"(?P<role>{_ROLE_MODIFIERS}{_ROLE}{_ROLE_OF}(?:\sand\s{_ROLE}{_ROLE_OF})?)"
    # "..., a structural engineer advising the fire service", "..., a local historian who has traced ..."
    rf"(?=[,.;:]|\s(?:for|in|at|with|since)\s|\s[a-z]+ing\b|\swho\b)"
)
# "the health minister, Irina Dvorak" / "the minister for housing, Tomas Wielgos" / "Ostrand's chief fire
# officer, Anneli Strand" / "Its secretary, Maureen Telfor"
_THE_ROLE_NAME = re.compile(rf"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Oo]ur|[{_UPPER}][\w-]*['’]s)\s(?:[a-z][\w’'-]*\s){{0,3}}?(?P<role>{_ROLE}{_ROLE_OF}),"
                            rf"\s(?P<name>{_NAME})")
# "Ursina Bezola, who has been the hut's warden since 2016,": a role told after "who is"
_NAME_IS_ROLE = re.compile(
    rf"(?P<name>{_NAME}),\swho\s(?:is|has\sbeen|serves\sas|has\sserved\sas)\s(?:the\s|an?\s)?"
    rf"(?:(?:[A-Za-z][\w’'-]*\s){{0,2}}[\w’'-]+['’]s\s)?(?P<role>{_ROLE_MODIFIERS}{_ROLE}{_ROLE_OF})"
    rf"(?=[,.;:]|\s(?:for|in|at|with|since)\s)"
)
# "Mirela Bostan, who chairs the tenants' association,": a role told by its verb
_NAME_VERB_ROLE = re.compile(
    rf"(?P<name>{_NAME}),\swho\s(?:now\s|also\s)?(?P<verb>{'|'.join(ROLE_VERBS)})\s"
    rf"(?:the\s)?(?P<field>[\w’'-]+(?:\s[\w’'-]+){{0,4}}?)(?=[,.;:])"
)
# "Council Leader Priya Halloran": the role before a speaker's name
_LEADING_ROLE = re.compile(rf"(?:{_ROLE}\s)+(?=[{_UPPER}])")
# "said union president Tobias Lindqvist", "said Tenants' Association chair Mirela Bostan"
_ROLE_GAP = re.compile(rf"\s+(?:the\s)?(?:[\w’'-]+\s){{0,3}}?(?i:{_ROLE_HEAD})\s+")
# A person's name runs up to "of": what follows is where they work, not their name.
_ORGANISATION_AFTER = re.compile(r"\s+of\s.*$")
# "spokesperson Amara Nkemba of the UN agency": a name's pattern may end on the "of" that follows it
_TRAILING_PARTICLE = re.compile(r"\s(?:of|de|von|van|der|den|du|da|di|del|la|le)$")
_QUOTE = re.compile(r"\"(?P<a>[^\"]{3,}?)\"|“(?P<b>[^”]{3,}?)”")
_PRONOUNS = re.compile(r"\b(?:he|she|they)\s(?:said|says|added|told|wrote|warned)\b", re.IGNORECASE)
_NOT_SPEAKERS = {
    "there", "we", "it", "the", "this", "that", "they", "he", "she", "i", "our", "in", "on", "a", "an",
    "but", "and", "as", "if", "analysts", "officials", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "of", "for", "with", "to", "from", "at", "by",
    "about", "nearly", "some", "more", "around", "almost", "over", "up", "roughly", "only", "all", "most",
    "many", "several", "after", "before", "during", "since", "when", "while", "once",
    "last", "next", "this", "every", "each", "yesterday", "today", "tomorrow",  # "Last year 31 cyclists ..."
    "fahrenheit", "celsius", "centigrade", "richter",  # "touched 76.1 degrees Fahrenheit on Monday, bailiffs said"
}
#: "of the Kursk region", "near Sennick": a place or an employer, not who speaks.
_PLACE_BEFORE = re.compile(r"\b(?:of|in|at|from|(?<!according\s)to|near|on|into|across|outside|around|off)\s(?:the\s)?$")
#: "..., the ministry said": an unnamed sayer right before the verb.
_UNNAMED_SAYER = re.compile(r"(?:,\s+|\b(?:the|a|its|their)\s+(?:[a-z]+(?:['’]s|s['’])\s+)?)[a-z]+\s*$")
#: Words that may stand between a speaker's name and the verb ("Syrskyi also said").
_BEFORE_SPEECH = {"also", "has", "had", "have", "then", "later", "earlier", "previously", "again", "once", "himself",
                  "herself", "themselves", "recently", "reportedly", "would", "will", "had", "later", "separately",
                  "publicly", "repeatedly", "personally", "today", "yesterday", "now", "only", "first", "finally",
                  "further", "just", "had", "is", "was", "were", "be", "been", "has", "not", "never", "still", "directly"}
#: A lone "Ukrainian" or "Japanese" before "officials said" is an adjective, not who spoke.
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ese)")
#: "Ukrainian officials", "Russian authorities": a country's officials as a speaker
_OFFICIALS_AFTER = re.compile(r"\s(?P<who>officials|authorities)\b")


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
    topic = _main_names(document, names)
    found: list[tuple[int, int, dict]] = []
    taken: list[_Span] = []

    for quote in _quotes(text, sentences, names, document):
        found.append((quote["start"], quote["end"], quote))
        taken.append(_Span(quote["start"], quote["end"]))
    carried: Quantity | None = None  # the last count of the sentence before
    before: Sentence | None = None
    for sentence in sentences:
        reporter = _reporter(sentence, names)
        dates = [d for d in _dates(sentence, document, names, topic) if not _inside(d["start"], d["end"], taken)]
        date_spans = [_Span(d["start"], d["end"]) for d in dates]
        # "... has set its list price for bread flour at €485. That is 22 percent above September":
        # the figure is about what the sentence before ended on
        told_of = _last_words(before, names) if before and _POINTS_BACK.match(sentence.text) else ""
        quantities = _quantities(sentence, document, reporter, names, taken + date_spans,
                                 f"{told_of} {topic}".strip(), carried)
        before = sentence
        for claim in [*quantities, *dates]:
            found.append((claim["start"], claim["end"], claim))
        counts = [c["quantity"] for c in quantities if c["quantity"].measure.startswith("count:")]
        carried = counts[-1] if counts else None
        for claim in _roles(sentence, names, document):
            found.append((claim["start"], claim["end"], claim))

    found.sort(key=lambda item: (item[0], item[1]))
    _name_generic_animals([fields for _, _, fields in found])
    claims = []
    for number, (_, _, fields) in enumerate(found, start=1):
        claims.append(Claim(id=f"{prefix}c{number}", document_id=document.id, **fields))
    return claims


#: "A pod of 34 pilot whales stranded ... Rescuers refloated 12 of the animals": the animals are whales.
_GENERIC_ANIMAL_COUNTS = {"count:animal", "count:creature", "count:mammal"}
_ANIMALS = set("""whale dolphin porpoise seal walrus otter bird seabird eagle owl stork swan penguin wolf lynx bear
fox deer moose elk reindeer caribou bison boar horse pony donkey camel cow cattle calf sheep lamb goat pig dog
cat turtle tortoise shark fish bee elephant rhino giraffe lion tiger leopard cheetah
monkey ape gorilla chimpanzee orangutan panda crocodile alligator snake frog bat rat mouse hen chicken duck
goose turkey poultry""".split()) | FISH_KINDS


def _name_generic_animals(claims: list[dict]) -> None:
    """Give a count of animals by a generic name the counted noun of the document's last count of animals."""
    last: Quantity | None = None
    for fields in claims:
        quantity = fields.get("quantity")
        if quantity is None or not quantity.unit or not quantity.measure.startswith("count:"):
            continue
        if last is not None and (quantity.measure in _GENERIC_ANIMAL_COUNTS or
                                 # "about 2,900 fish" after "1,146 returning salmon" counts salmon
                                 quantity.measure == "count:fish" and last.unit.split()[-1] in FISH_KINDS):
            fields["quantity"] = replace(quantity, unit=last.unit, measure=last.measure)
            fields["subject"] = _measure_subject(fields["quantity"])
        elif quantity.unit.split()[-1] in _ANIMALS:
            last = quantity


def _inside(start: int, end: int, spans: list[_Span]) -> bool:
    return any(span.start <= start and end <= span.end for span in spans)


# -- quantities ---------------------------------------------------------------------------------


#: The two levels of a change: "will rise from €1.40 to €1.70", "cut the fee to £9,000".
_FROM_BEFORE = re.compile(r"(?:\bfrom\s+(?:(?:its|the|their|an?)\s+)?(?:current\s+|present\s+|existing\s+)?"
                          r"(?:(?:average|total|level|peak|high|low)\s+of\s+)?|"
                          r"\b(?:currently|now)\s+(?:(?:costs?|sells?\s+for|stands?\s+at|charges?|pays?)\s+)?)"
                          r"(?:about\s+|around\s+|roughly\s+|some\s+)?$", re.IGNORECASE)
#: The level a figure is compared with: "compared with sixteen today", "down from 16".
_COMPARED_BEFORE = re.compile(r"\b(?:compar(?:ed|es?)\s+(?:with|to)|against|(?:down|up)\s+from|versus|vs\.?)\s+$",
                              re.IGNORECASE)
#: An average told without its unit: "far below the five-year average of 2,870".
_AVERAGE_BEFORE = re.compile(r"\baverage\s+(?:of\s+)?(?:about\s+|around\s+|roughly\s+|some\s+)?$", re.IGNORECASE)
#: "Of these, 1,240 have been found damaged": a part of what the sentence before counted.
_OF_THESE_FIRST = re.compile(r"^\s*(?:Of|Among)\s+(?:these|those|them)\b")
#: "37,500 of them": a part of what the sentence counted before.
_OF_THEM_AFTER = re.compile(r"\s+of\s+(?:them|those|these)\b")
#: "11 round trips a day from October 6, down from 16 now": the level reached, told before the start.
_FROM_AFTER = re.compile(r"[^.;:]{0,120}?\b(?:down|up)\s+from\s", re.IGNORECASE)
_TO_AFTER = re.compile(r"[^.;:]{0,60}?\bto\s+(?:about\s+|around\s+|roughly\s+|some\s+)?[€£$]?\d")
#: "now sells for £1.50 ..., will cost £1.68": the level the sentence's future figure replaces.
#: "now pay VMK 259 ..., a price that will rise sharply next month": the same.
_FUTURE_AFTER = re.compile(r"[^.;:]{0,80}?\bwill\s+(?:(?:[a-z]+\s+){1,3}?(?:about\s+|around\s+|roughly\s+|some\s+)?"
                           r"(?:[€£$]|[A-Z]{3}\s)?\d|(?:[a-z]+\s+)?(?:rise|increase|go\s+up|climb|jump|fall|drop)\b)")
#: "will charge €27 a day from June 1": the level a price change reaches.
_WILL_COST_BEFORE = re.compile(r"\bwill\s+(?:now\s+)?(?:cost|charge)\s+(?:about\s+|around\s+|roughly\s+|some\s+)?$")
#: "will go up to £1.68": the hedge is the change's "to", not a ceiling.
_MOVED_TO = re.compile(r"(?:up|down)\s+to\s+", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+(?:about\s+|around\s+|roughly\s+|some\s+)?$", re.IGNORECASE)
_CHANGE_WORD = re.compile(r"\b(?:ris(?:e|es|en|ing)|rose|rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|grow(?:s|n)?|grew|"
                          r"cut(?:s|ting)?|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|f[ae]ll(?:s|en|ing)?|"
                          r"drop(?:s|ped|ping)?|climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|go(?:es)?\s+up|went\s+up|"
                          r"go(?:es)?\s+down|went\s+down|revis(?:e|es|ed|ing))\b", re.IGNORECASE)


def _change_side(before: str, after: str, earlier_from: list[dict]) -> str | None:
    """"from" for the level a change starts at, "to" for the level it reaches, else None."""
    # "stripped the grapes from about 1,200 hectares" is no change: a start needs a change around it
    if _FROM_BEFORE.search(before) and (_CHANGE_WORD.search(before[-60:]) or _TO_AFTER.match(after)
                                        or _FUTURE_AFTER.match(after)) \
            or _COMPARED_BEFORE.search(before):
        return "from"
    if _TO_BEFORE.search(before) and (earlier_from or _CHANGE_WORD.search(before[-60:])) or _FROM_AFTER.match(after) \
            or _WILL_COST_BEFORE.search(before):
        return "to"
    return None


def _quantities(sentence: Sentence, document: Document, reporter: str | None, names: NameBook,
                skip: list[_Span], topic: str, carried: Quantity | None = None) -> list[dict]:
    claims = []
    text = sentence.text
    # "... inspected 3,400 buildings. Of these, 1,240 have been found damaged": the sentence before's count
    part_of = carried if carried is not None and _OF_THESE_FIRST.match(text) else None
    counted: Quantity | None = part_of  # the sentence's last count so far
    previous: Quantity | None = None  # and its last figure
    figures = list(find_quantities(text))
    for index, found in enumerate(figures):
        start, end = sentence.start + found.start, sentence.start + found.end
        # the words after the next figure of its measure in another clause are that figure's ("will cost
        # £610 million, and the bank has lent £390 million towards the bridge"); "from €1.40 to €1.70 in
        # January" tells both
        stop = next((f.start for f in figures[index + 1:] if f.quantity.measure == found.quantity.measure
                     and _CLAUSE_BREAK.search(text, found.end, f.start)), None)
        if any(span.start < end and start < span.end for span in skip):
            continue  # a day of the month ("6 February") or a figure inside a quote
        quantity = found.quantity
        if claims and _DENIED.search(text, 0, found.start) and quantity.measure in ("number", previous.measure):
            # "26 workers were behind the fall, not 23": 23 is no claim of the source's, but the
            # figure its 26 sets right
            claims[-1]["denies"] = quantity.value
            continue
        whole = part_of or (counted if _OF_THEM_AFTER.match(text, found.end) else None)
        if quantity.measure == "number" and whole and quantity.value >= 1:
            # "supplies some 118,000 households ... says 37,500 of them lost power": 37,500 households;
            # "11 were injured, and four of them remain in hospital": four pupils, not four injuries
            quantity = replace(quantity, unit=whole.unit, measure=counted_noun(whole.unit).measure)
        elif quantity.measure == "number" and (previous or carried) and _COMPARED_BEFORE.search(text, 0, found.start):
            # "eleven return sailings daily, compared with sixteen today": sixteen sailings; "That
            # compares with nearly 45,000 at last year's show": the sentence before's count
            compared = previous or carried
            quantity = replace(quantity, unit=compared.unit, measure=compared.measure)
        elif quantity.measure == "number" and (counted or carried) and _AVERAGE_BEFORE.search(text, 0, found.start):
            # "1,146 salmon ... far below the five-year average of 2,870": an average of the same count
            average_of = counted or carried
            quantity = replace(quantity, unit=average_of.unit, measure=average_of.measure)
        if quantity.measure.startswith("count:"):
            counted = quantity
        previous = quantity
        moved = _MOVED_TO.match(text, found.start) if quantity.qualifier is Qualifier.EXACT else None
        side = _change_side(text[: moved.end() if moved else found.start], text[found.end :],
                            [c for c in claims if c["detail"] == "from"])
        claims.append(
            {
                "kind": ClaimKind.QUANTITY,
                "text": text[found.start : found.end],
                "start": start,
                "end": end,
                "subject": _measure_subject(quantity),
                "as_of": _past_year(text, found.start, found.end, document.published) or document.published,
                "quantity": quantity,
                "detail": side,
                "speaker": reporter,
                "context": _window(text, found.start, found.end, names, topic=topic, stop=stop,
                                   unit_words=_counted_words(quantity, text[found.start : found.end]),
                                   counted=quantity.measure.startswith("count:")),
                "entities": _entities(text, found.start, found.end, names, reporter),
                "elsewhere": _elsewhere(text, found.start, found.end, names),
            }
        )
    return claims


# "since 1 January 2022" bounds a period as "since 2022" does
_YEAR = re.compile(r"\b(?:((?:since|from|after|until|till|before|to)\s+(?:the\s+)?(?:(?:spring|summer|autumn|fall|winter|"
                   r"start|end|beginning|middle|turn)\s+of\s+(?:the\s+)?|(?:\d{1,2}\s+)?(?:" + date_rules.MONTH_NAMES + r")"
                   r"(?:\s+\d{1,2},?)?\s+)?|by\s+))?((?:19|20)\d\d(?:(?<=0)s)?|last year|a year "
                   r"(?:earlier|ago|before)|the (?:previous|preceding) year|the year before|"
                   r"last (?:summer|winter|spring|autumn|fall|season|harvest))\b(?![-–/]\d)", re.IGNORECASE)
#: A year told by the one before it: "the year before", "a year earlier".
_YEAR_BEFORE_THAT = re.compile(r"a year (?:earlier|before)|the (?:previous|preceding) year|the year before",
                               re.IGNORECASE)
#: A reporting year told right after a figure: "162 Ml/d in 2024-25", "£4.6m for 2023/24"
_OWN_PERIOD = re.compile(r"[^\d.;:,]{0,15}?\s(?:in|for)\s+(?:the\s+)?(?P<first>(?:19|20)\d\d)[-–/](?P<last>\d\d(?:\d\d)?)\b")
#: The first year of a period whose last year follows ("between 2014 and", "from 2014 to").
_PERIOD_END = re.compile(r"\b(?i:between\s+(?:19|20)\d\d\s+and|from\s+(?:19|20)\d\d\s+(?:to|until))\s+$")
#: A year that dates the founding or building of something, or the start of a period, not the figures
#: told of it now ("built at a yard on the lake in 1989", "since records began in 1952").
_FOUNDED_IN = re.compile(r"\b(?i:(?:founded|established|set\s+up|built|formed|created|born)(?:\s+(?:at|by|on)\s[\w ]{0,30}?)?|"
                         r"since\s+[a-z ]{0,30}?\b(?:began|started|opened))\s+in\s+$")
#: A figure denied right after another: "11 vehicles, not nine as first reported", "not the 620 announced".
_DENIED = re.compile(r",\s+not\s+(?:the\s+)?$")
#: A clause break: a year across one does not date a figure ("in 2024, and now 365 flights"), and the
#: words across one after the next figure are that figure's.
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:and|but|now|while)\b")
#: Characters between a figure and a year that dates it ("the 5.9 m crest of 1997").
_YEAR_REACH = 60


#: "2.3 points higher than in March 2024", "£2.9m, the same as last year", "down 19 percent on the same period
#: last year": a figure of now set beside that year's ("killed on the county's roads in 2024" is that year's)
_COMPARED_WITH = re.compile(r"\b(?:than|above|below|compared|same\s+as|as\s+in)\b|"
                            r"\bon\s+(?:the\s+same\s+(?:period|month|quarter|week|day|time)\s+)?$", re.IGNORECASE)


def _past_year(text: str, start: int, end: int, published: date | None) -> date | None:
    """The end of an earlier year the clause ties the figure to ("the 1998 spill's 90 km", "last year",
    "a year earlier"), if any.

    A figure of another year speaks for that year, not for the document's date: it is an earlier
    state, not a disagreement. A year after "since", "until", "by" ... bounds a period that runs
    on, so it does not date the figure.
    """
    if published is None:
        return None
    own = _OWN_PERIOD.match(text, end)
    if own:  # "162 Ml/d in 2024-25": the figure names its own reporting year, whatever comes before it
        first, last = own.group("first"), own.group("last")
        year = int(last) if len(last) == 4 else int(first[:2] + last)
        return date(year, 12, 31) if year < published.year else None
    best: tuple[int, int] | None = None
    told: list[int] = []  # the years the sentence has named so far
    for match in _YEAR.finditer(text):
        told_year = match.group(2)
        year = int(told_year) if told_year.isdigit() else int(told_year[:4]) + 9 if told_year[:4].isdigit() \
            else published.year - 1  # "in the 1970s" speaks for the decade's end
        if _YEAR_BEFORE_THAT.match(match.group(2)) and told:
            year = told[-1] - 1  # "Last year 31 cyclists died, up from 24 the year before": two years ago
        told.append(year)
        gap = match.start(2) - end if match.start(2) >= end else start - match.end(2)
        if match.group(1) or year >= published.year or gap < 0 or gap > _YEAR_REACH:
            continue
        if _PERIOD_END.search(text[: match.start(2)]):
            continue  # "between 2014 and 2023 he took CHF 3.57 million": a total over a period, told now
        if _FOUNDED_IN.search(text[: match.start(2)]):
            continue  # "Founded in 1987, the chain employs about 1,350 staff": the year of its founding
        between = text[end : match.start(2)] if match.start(2) >= end else text[match.end(2) : start]
        if _CLAUSE_BREAK.search(between) or re.search(r"\d", between):
            continue  # another clause, or another figure nearer to the year ("68.4%, against 64.9% a year earlier")
        if match.start(2) >= end and _COMPARED_WITH.search(between):
            continue  # "2.3 points higher than in March 2024": a change measured now from that year
        if best is None or gap < best[0]:
            best = (gap, year)
    return date(best[1], 12, 31) if best else None


#: Capitalised phrases, not a sentence's first word (any word may open a sentence) unless an apposition
#: follows it: "Kaldvik, the country's second-largest airport, handled ...".
_CAPITALISED = re.compile(rf"(?<![.!?]\s)(?<!^)\b[{_UPPER}][\w'’-]+(?:\s[{_UPPER}][\w'’-]+)*|"
                          rf"^[{_UPPER}][\w'’-]+(?=,\s+(?:the|a|an)\s)")
_NOT_ENTITIES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                 "The", "A", "An", "In", "On", "At", "By", "It", "He", "She", "They", "We", "I", "But", "And", "Of"}


def _entities(text: str, start: int, end: int, names: NameBook, speaker: str | None,
              before: int = 12, after: int = 8) -> frozenset[str]:
    """Proper names in the claim's window, as stemmed canonical words; not the speaker's own name
    (who gives a figure is not what it is about), nor a sentence's first word."""
    found: set[str] = set()
    for match in _CAPITALISED.finditer(text, *_span_around(text, start, end, before, after)):
        phrase = " ".join(w for w in match.group(0).split() if w not in _NOT_ENTITIES)
        if not phrase or (match.start() < end and start < match.end()) or _names_speaker(phrase, speaker, names):
            continue
        found.update(content_words(" ".join(names.token(w.rstrip("'’s")) for w in phrase.split())))
    return frozenset(found)


#: Another place a figure is told of, for comparison: "in neighbouring Aldercombe", "in the nearby town of Holt".
_ELSEWHERE = re.compile(rf"\b(?:neighbouring|neighboring|nearby|rival)\s+(?:(?:town|village|city|district|county|"
                        rf"region|municipality|parish|borough|province|state|country)\s+(?:of\s+)?)?"
                        rf"(?P<place>[{_UPPER}][\w'’-]+(?:\s[{_UPPER}][\w'’-]+)*)")


def _elsewhere(text: str, start: int, end: int, names: NameBook, before: int = 12, after: int = 8) -> frozenset[str]:
    """The places named as elsewhere ("in neighbouring Aldercombe") within the claim's window."""
    return frozenset(word for match in _ELSEWHERE.finditer(text, *_span_around(text, start, end, before, after))
                     for word in content_words(match.group("place"), names.token))


def _span_around(text: str, start: int, end: int, before: int, after: int) -> tuple[int, int]:
    """Where the `before` words before a claim begin and the `after` words after it end."""
    words_before = text[:start].split()
    left_start = len(" ".join(words_before[:-before])) if len(words_before) > before else 0
    right = text[end:]
    return left_start, end + len(right) - len(right.lstrip()) + len(" ".join(right.split()[:after]))


def _names_speaker(phrase: str, speaker: str | None, names: NameBook) -> bool:
    """The phrase is the speaker, or part of the speaker's name ("Central Hospital" of a sentence that
    opens "Kaarna Central Hospital said")."""
    return bool(speaker) and (names.same_speaker(phrase, speaker) or
                              set(phrase.split()) <= set(speaker.split()))


def _main_names(document: Document, names: NameBook, keep: int = 3) -> str:
    """The names a document keeps coming back to (its places and bodies), most mentioned first."""
    counts: dict[str, int] = {}
    for match in _CAPITALISED.finditer(document.text):
        for word in match.group(0).split():
            if word in _NOT_ENTITIES or names.is_known(word):
                continue  # people are who speaks; the topic is where and what
            for stemmed in content_words(word.rstrip("'’s")):
                counts[stemmed] = counts.get(stemmed, 0) + 1
    ranked = sorted((w for w, n in counts.items() if n > 1), key=lambda w: -counts[w])
    return " ".join(ranked[:keep])


def _counted_words(quantity: Quantity, written: str) -> str:
    """A counted noun's modifiers ("shipping" of "shipping company", "confirmed" of "23 confirmed
    cases"), which say what is counted; the head noun itself is already the block every candidate shares."""
    if not quantity.measure.startswith("count:") or not quantity.unit:
        return ""
    return " ".join([*count_adjectives(written), *quantity.unit.split()[:-1]])


def _measure_subject(quantity: Quantity) -> str:
    if quantity.measure.startswith("count:"):
        return quantity.measure.split(":", 1)[1]
    if quantity.measure.startswith("currency:"):
        return "money"
    return {
        "[length] ** 2": "area", "[length]": "distance", "[mass]": "mass",
        "[length] / [time]": "speed", "[time]": "duration", "[temperature]": "temperature",
        "[length] ** 3": "volume", "[length] ** 2 * [mass] / [time] ** 3": "power",
        "[mass] / [length] ** 2": "yield",
    }.get(quantity.measure, quantity.measure)


_APPOSITION_AFTER = re.compile(r"\s*,\s(?:an?|the|his|her|their|both|all|including)\s[^,.;:]{1,60},")


#: A sentence whose figure is about what the sentence before told: "That is 22 percent above ...".
_POINTS_BACK = re.compile(r"\s*(?:That|This|It)\s+(?:is|was|'s|’s|represents|means|marks|puts\s+it)\b")


def _last_words(sentence: Sentence, names: NameBook, count: int = 12) -> str:
    """The content words of a sentence's last `count` words."""
    return " ".join(content_words(" ".join(sentence.text.split()[-count:]), names.token))


def _window(text: str, start: int, end: int, names: NameBook, before: int = 12, after: int = 10,
            unit_words: str = "", topic: str = "", counted: bool = False, stop: int | None = None) -> str:
    """The words around a claim that say what it is about, nearest first, names in their canonical spelling.

    Nearest first, because matching weighs a word by how close it stands to the claim: "a fine of
    $150,000" is about the fine, whatever else the sentence holds. A counted noun's own words lead;
    the document's main names come last, for what a short sentence leaves to the lead ("Kursk").
    """
    following = text[end:stop]
    # "Two residents, a woman and her son, were dug out alive": what befell those counted says more
    # than who they are (but "€1.70, an increase of 21 percent" says what the figure is)
    apposition = _APPOSITION_AFTER.match(following) if counted else None
    if apposition:
        following = following[apposition.end():]
    left = content_words(" ".join(text[:start].split()[-before:]), names.token)[::-1]
    right = content_words(" ".join(following.split()[:after]), names.token)
    nearest_first = [word for pair in zip_longest(left, right) for word in pair if word]
    words = [*content_words(unit_words), *nearest_first]
    return " ".join([*words, *(w for w in topic.split() if w not in words)])


# -- dates --------------------------------------------------------------------------------------


def _dates(sentence: Sentence, document: Document, names: NameBook, topic: str) -> list[dict]:
    claims = []
    for found in date_rules.find_dates(sentence.text, document.published):
        claims.append(
            {
                "kind": ClaimKind.DATE,
                "text": sentence.text[found.start : found.end],
                "start": sentence.start + found.start,
                "end": sentence.start + found.end,
                "subject": _event(sentence.text[: found.start]),
                "as_of": document.published,
                "date_range": (found.first, found.last),
                # a baseline ("since October 2023") or a deadline ("by May 30") meets an event date only
                # on the same days
                "detail": _date_kind(sentence.text[: found.start], found.last, document.published,
                                     sentence.text[found.end :]),
                # the event a date belongs to is named by its clause ("the council approved the
                # increase at a meeting on May 13"), nearest words first
                "context": _window(sentence.text, found.start, found.end, names, before=20, after=12, topic=topic),
            }
        )
    return claims


#: Nouns that name the event a date belongs to: "at its meeting on May 2", "the vote on Sunday".
_EVENT_NOUNS = ("meeting", "vote", "election", "referendum", "hearing", "trial", "summit", "launch", "ceremony",
                "opening", "debate", "session", "poll", "strike", "protest", "march", "rally", "conference",
                "auction", "eruption", "earthquake", "collision", "attack", "explosion", "derailment", "crash",
                "landing", "verdict", "ruling", "decision", "announcement", "sentencing", "inauguration",
                "inspection", "census", "survey", "audit", "consultation",
                "effect", "force")  # "takes effect on 5 January", "comes into force on"
_EVENT_BEFORE = re.compile(rf"\b(?P<event>{'|'.join(_EVENT_NOUNS)})s?\s(?:(?:on|of|in|at|from|last|this)\s)?(?:the\s)?$",
                           re.IGNORECASE)


#: Verbs that tell a date's event within its clause: a scheme that "will start on September 3", a ban
#: that "comes into force on August 22", a campaign that "opened on 6 October" all start then.
_EVENT_VERBS = {
    "start": ("start", "starts", "started", "begin", "begins", "began", "begun", "open", "opens", "opened",
              "launch", "launches", "launched", "commence", "commences", "commenced", "resume", "resumes",
              "resumed", "restart", "restarts", "restarted", "built", "introduce", "introduces", "introduced",
              "erected", "constructed", "put up", "dates from", "dating from", "dates back to", "founded",
              "established", "installed", "made"),
    # "built in 1974" is "opened in 1968"; "introduced in 2009" is "first brought in in 2011"; "put up in
    # 1968" is "dates from 1962"
    "end": ("end", "ends", "ended", "finish", "finishes", "finished"),  # "due to end on February 6"
    # "will appear before the court on", "a judge will hear the application on", "will be heard on"
    "hearing": ("appear", "appears", "appeared", "summoned", "hear", "hears", "heard"),
    # "hopes to reopen by April", "could reopen in May", "would be back in service on 8 December"
    "reopen": ("reopen", "reopens", "reopened", "back in service", "back in operation", "back open"),
    "vote": ("vote", "votes", "voted"),  # "the assembly will vote on Tuesday 11 March" is its vote
    "meeting": ("meet", "meets", "met"),  # "ministers meet on Friday" is their meeting
    "replay": ("replayed", "rescheduled", "rearranged"),  # "the match will be replayed in full on"
}
_EVENT_OF_VERB = {verb: event for event, verbs in _EVENT_VERBS.items() for verb in verbs}
_VERB_BEFORE = re.compile(rf"(?<!the\s)(?<!a\s)\b(?P<verb>{'|'.join(_EVENT_OF_VERB)})\b(?P<between>[^.;:,]*)$",
                          re.IGNORECASE)  # "from the start of the day on" is no start
#: An event's noun further back in the date's clause: "a vote of the regional assembly on March 4",
#: "the public consultation closes on Friday 31 October"
_EVENT_IN_CLAUSE = re.compile(rf"\b(?:an?|the|its|their|his|her)\s+(?:[a-z]+\s+)?(?P<event>{'|'.join(_EVENT_NOUNS)})s?\b"
                              r"(?P<between>[^.;:,]*)$", re.IGNORECASE)
#: "comes into force", "takes effect", "the opening on": a start told by its noun
_STARTING_NOUNS = {"effect", "force", "opening", "launch"}


def _event(before: str) -> str:
    """The event a date is told of ("meeting" for "at its meeting on May 2", "start" for "the scheme
    will start on September 3"), or "date"."""
    recent = re.sub(rf"\b(?:{date_rules.WEEKDAY_NAMES}),?\s+$", "", before[-80:])  # "due to end on Friday, 7 February"
    since = _baseline(before, date.max, None)
    if since and _WORSE_BEFORE.search(recent) or _LAST_AS_BAD.search(recent):
        return "record"  # "the worst hail since August 2011": when the last one as bad struck
    if since and _NONE_BEFORE.search(recent) or _LAST_OF_ITS_KIND.search(recent):
        # "not hit since 1987", "the first rise since 2019", "the last tornado to strike the town, in
        # June 1983", "tolls were last raised in 2021": when the last one like it happened
        return "last"
    if _FROM_BEFORE_DATE.search(before):
        return "start"  # "will raise the tax from April 1": when the change starts
    found = _EVENT_BEFORE.search(before)
    if found:
        event = found.group("event").lower()
        return "start" if event in _STARTING_NOUNS else event
    verb = _VERB_BEFORE.search(recent)
    if verb and len(verb.group("between").split()) <= 8:
        return _EVENT_OF_VERB[verb.group("verb").lower()]
    if _FIRST_BEFORE.search(recent):
        return "start"  # "exported its first electricity on Wednesday 16 April": when exports started
    noun = _EVENT_IN_CLAUSE.search(recent)
    if noun and len(noun.group("between").split()) <= 8:
        event = noun.group("event").lower()  # "due to go to a vote of the regional assembly on March 4"
        return "start" if event in _STARTING_NOUNS else event
    return "date"


#: "its first electricity ... on", "the first case in": the first of something is its start
_FIRST_BEFORE = re.compile(r"\b(?:(?:its|their|the|his|her|our)\s+)?first\s+[a-z][^.;:,]{0,60}?\s(?:on|in)\s+(?:the\s+)?"
                           rf"(?:(?:{date_rules.WEEKDAY_NAMES}),?\s+)?$", re.IGNORECASE)
#: A weekday written before its date ("until Friday 21 March") leaves the date's kind as it was.
_WEEKDAY_BEFORE = rf"(?:(?:{date_rules.WEEKDAY_NAMES}),?\s+)?"
_BOUND_BEFORE = re.compile(r"\b(?P<bound>(?i:by|until|till|before|no\s+later\s+than))\s+(?:the\s+)?(?:end\s+of\s+)?"
                           + _WEEKDAY_BEFORE + "$")


#: "from April 1", "starting Monday": when something starts.
_FROM_BEFORE_DATE = re.compile(r"\b(?i:from|starting|beginning)\s+(?:the\s+)?" + _WEEKDAY_BEFORE + "$")
#: Before "since": the last one as bad ("the worst hail since"), or the last one at all ("not hit
#: since", "the first rise since"); and the same told without "since".
_WORSE_BEFORE = re.compile(r"\b(?:worst|best|biggest|largest|highest|lowest|deadliest|heaviest|strongest|"
                           r"hottest|coldest|wettest|driest|warmest|fastest|slowest|longest|shortest|most\s+[a-z]+)\b"
                           r"[^.;:]*$", re.IGNORECASE)
_NONE_BEFORE = re.compile(r"\b(?:not|never|no|first)\b[^.;:]*$", re.IGNORECASE)
_LAST_AS_BAD = re.compile(r"\b(?i:the\s+last)\s+[a-z]+\s+of\s+(?:comparable|similar|equal|such)\s+[a-z]+\b[^.;:]{0,40}"
                          r"\b(?:in|on)\s+$")
_LAST_OF_ITS_KIND = re.compile(r"\b(?:(?i:the\s+last)\s+(?!(?:week|month|year|day)s?\b)[a-z]+|last\s+[a-z]+ed)\b"
                               r"[^.;:]{0,60}\b(?:in|on)\s+(?:the\s+)?$")


#: The last day of a span ("between March 17 and March 28", "from 3 to 5 June", "17-26 March") ends a period.
_RANGE_END_BEFORE = re.compile(r"(?:\b(?i:between|from)\s[^.;:,]{1,30}?\s(?:and|to|until|till)\s|"
                               r"\d(?:st|nd|rd|th)?\s?[-–]\s?)$")


def _date_kind(before: str, last: date, published: date | None, after: str = "") -> str:
    """"since" for a period's start, "until" for its end ("will stay shut until March 17"), "by" for a
    deadline ("is to report by May 30", "has until March 31 to agree a plan"), else "on"."""
    if _baseline(before, last, published):
        # "the worst hail since August 2011", "had not been hit by a tornado since 1987": when the last
        # one like it happened, an event's date
        return "on" if _WORSE_BEFORE.search(before[-80:]) or _NONE_BEFORE.search(before[-80:]) else "since"
    bound = _BOUND_BEFORE.search(before)
    if bound is None:
        return "until" if _RANGE_END_BEFORE.search(before[-60:]) else "on"
    if bound.group("bound").lower() in ("until", "till") and not (_TIME_LEFT_BEFORE.search(before)
                                                                   and _TO_DO_AFTER.match(after)):
        return "until"
    return "by"


#: "has given the trustees until March 31 to agree a plan": the time someone has to do something is a
#: deadline ("shut until March 17 to allow repairs" is not)
_TIME_LEFT_BEFORE = re.compile(r"\b(?:have|has|had|given|gives|giving|get|gets|got)\b[^.;:]{0,60}\b(?:until|till)\s+"
                               r"(?:the\s+)?(?:end\s+of\s+)?\S*\s*$", re.IGNORECASE)
_TO_DO_AFTER = re.compile(r"\s+to\s+(?!the\b|a\b|an\b|\d)[a-z]+\b")


def _baseline(before: str, last: date, published: date | None) -> bool:
    """"since October 2023", "from 2019": a period's start; "from spring 2028", still ahead, is when
    something will happen."""
    # "since Storm Ragnvald in 2007": the named event's date is the start
    lead = re.search(r"\b(since|from)\s+(?:the\s+)?(?:(?:[A-Z][\w'’-]*\s+){1,3}in\s+)?" + _WEEKDAY_BEFORE + "$", before)
    if lead and re.search(r"\b(?:dates|dating)\s+$", before[: lead.start()]):
        return False  # "the building, which dates from 1962": when it was built, not a period's start
    return bool(lead) and (lead.group(1) == "since" or published is None or last <= published)


# -- quotes and speakers ------------------------------------------------------------------------


def _quotes(text: str, sentences: list[Sentence], names: NameBook, document: Document) -> list[dict]:
    claims = []
    last_speaker: str | None = None
    for match in _QUOTE.finditer(text):
        words = match.group("a") or match.group("b")
        if len(words.split()) < 2 and "-" not in words:
            continue
        around = _surrounding(text, sentences, match.start(), match.end())
        speaker = _speaker(around, names) or (
            (last_speaker or _last_named(text[: match.start()], names)) if _PRONOUNS.search(around) else None)
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
                "context": _occasion(around, speaker, names),
            }
        )
    return claims


def _last_named(before: str, names: NameBook) -> str | None:
    """Whom "he said" points back to when no quote has named anyone yet: the last person named with
    a role in the paragraph ("Skarvia chief executive Henrik Dahlqvist apologised. '...,' he said.")."""
    paragraph = before[before.rfind("\n\n") + 1 :]
    people = [(m.start(), m.group("name")) for pattern in (_ROLE_NAME, _NAME_ROLE) for m in pattern.finditer(paragraph)]
    return names.canonical(_person(max(people)[1])) if people else None


def _occasion(around: str, speaker: str | None, names: NameBook) -> str:
    """The words that say where and when a quote was said ("told supporters at her campaign
    headquarters"), without the speaker's name or role: those say who, and two quotes of one person
    are not one occasion for that."""
    for pattern in (_ROLE_NAME, _NAME_ROLE, _THE_ROLE_NAME):
        around = pattern.sub(" ", around)
    who = set(content_words(speaker or "", names.token))
    return " ".join(word for word in content_words(around, names.token) if word not in who)


def _surrounding(text: str, sentences: list[Sentence], start: int, end: int) -> str:
    """The text of the sentences a quote stands in, with the quote blanked out."""
    covering = [s for s in sentences if s.end > start and s.start < end] or sentences[:1]
    first, last = covering[0].start, covering[-1].end
    # the sentence after a quote often names the speaker: '"...," Putin said.'
    following = next((s for s in sentences if s.start >= last), None)
    if following and re.match(rf"\s*(?:{_SPEECH_VERBS})\b|[^.]{{0,60}}\b(?:{_SPEECH_VERBS})\b", following.text) \
            and end >= last - 2:
        last = following.end
    return text[first:start] + " quote " + text[end:last]


def _speaker(context: str, names: NameBook) -> str | None:
    """The name that does the saying: before the verb ("Smirnov told Putin"), or right after a
    verb that inverts ("..., said Putin"; "according to ISW")."""
    candidates = []
    for verb in re.finditer(rf"\b(?:{_SPEECH_VERBS})\b", context):
        inverts = verb.group(0) in ("said", "says", "added", "wrote", "according to", "told")
        for name in re.finditer(_NAME, context):
            words = name.group(0).split()
            while words and words[0].lower() in _NOT_SPEAKERS:
                words.pop(0)  # "In August", "The Kremlin": what follows is the name, if anything
            begins, ends = name.start(), name.end()
            officials = _OFFICIALS_AFTER.match(context, ends) if len(words) == 1 else None
            if officials and _DEMONYM.fullmatch(words[0]):
                # "Ukrainian officials have claimed 1,000 square kilometres": a side speaks, not a person
                words, ends = [*words, officials.group("who")], officials.end()
            if not words or (len(words) == 1 and _DEMONYM.fullmatch(words[0])) or parse_number(words[0].lower()):
                continue  # "Twenty-five firefighters attended" names nobody
            if re.match(r"\s\d", context[ends : ends + 2]):
                continue  # "insured for DVL 90 million, the company said": a currency, not a name
            written = _person(" ".join(words))
            # "governor of Russia's Kursk region", "Commander-in-Chief of the Armed Forces": not speakers
            if _PLACE_BEFORE.search(context[: begins]) or re.search(r"['’]s\b", written):
                continue
            if ends <= verb.start():
                distance = verb.start() - ends
                between = context[ends : verb.start()]
                if distance > 40 and not between.startswith(",") and _UNNAMED_SAYER.search(between):
                    continue  # "the Quorra harbour wall will cost ..., the ministry said": the ministry spoke
                noun = re.fullmatch(r"\s+([a-z]+)\s+", between)
                if noun and noun.group(1) not in _BEFORE_SPEECH:
                    continue  # "the Helvor Star crew said": the crew spoke, the name only says whose
                # "Services to Harnvik start on 7 April; ... will be confirmed": a sentence's first word, far from
                # the verb and not set off by a comma, is a common noun more often than a surname
                first_word = len(written.split()) == 1 and not context[:begins].strip()
                if first_word and distance > 20 and not between.startswith(",") and not names.is_known(written):
                    continue
            elif inverts and verb.group(0) != "told" and begins - verb.end() <= 3:
                distance = begins - verb.end()
            elif inverts and verb.group(0) != "told" and _ROLE_GAP.fullmatch(context[verb.end() : begins]):
                distance = -1  # "said union president Tobias Lindqvist": the person, not the union
            else:
                continue
            if names.is_known(written):
                distance -= 40  # a known person beats an unknown capitalised phrase nearby
            candidates.append((distance, written))
    if not candidates:
        return None
    written = _without_employer(min(candidates)[1])
    if written.endswith((" officials", " authorities")):
        return written  # a side ("Ukrainian officials"), which has no titles to take off
    return names.canonical(re.sub(r"^(?:the|The)\s", "", written))


def _person(written: str) -> str:
    """A speaker's name without the role before it or the sentence's full stop after it:
    "Council Leader Priya Halloran." is Priya Halloran; "Jens Aalbrek of" is Jens Aalbrek."""
    written = _TRAILING_PARTICLE.sub("", written.rstrip("."))
    lead = _LEADING_ROLE.match(written)
    return written[lead.end():] if lead else written


#: Words that end an organisation's name, not a person's ("Doctors' Union", "Bank of England").
_ORGANISATION_WORDS = {"union", "association", "party", "federation", "company", "group", "society", "authority",
                       "committee", "bank", "ministry", "office", "institute", "department", "council", "court",
                       "university", "board", "agency", "service", "commission", "bureau", "chamber", "house",
                       "museum", "city"}


def _without_employer(written: str) -> str:
    """'Jerzy Kaminski of Helvor Shipping' is Jerzy Kaminski; 'Bank of England' stays whole."""
    person, of, _ = written.partition(" of ")
    if of and len(person.split()) >= 2 and person.split()[-1].lower() not in _ORGANISATION_WORDS:
        return person
    return written


def _reporter(sentence: Sentence, names: NameBook) -> str | None:
    """Who a sentence's figures come from, when it names a speaker: 'Syrskyi reported ...'."""
    if not re.search(rf"\b(?:{_SPEECH_VERBS})\b", sentence.text):
        return None
    return _speaker(sentence.text, names)


def _roles(sentence: Sentence, names: NameBook, document: Document) -> list[dict]:
    claims: list[dict] = []
    # the patterns that start at a name scan every capital; those told after "who" need one
    told_after_who = ", who " in sentence.text
    for pattern in (_ROLE_OF_NAME, _ROLE_NAME, _NAME_ROLE, _THE_ROLE_NAME,
                    *((_NAME_IS_ROLE, _NAME_VERB_ROLE) if told_after_who else ())):
        for match in pattern.finditer(sentence.text):
            # a role told by its verb stays in the words written: "leads the growers' federation"
            role = match.group("role") if "role" in pattern.groupindex else \
                f"{match.group('verb')} the {match.group('field')}"
            detail = " ".join(role.lower().split())
            # "Jerzy Kaminski of Helvor Shipping"; a full stop ending the sentence is not the name's
            written = _person(_ORGANISATION_AFTER.sub("", match.group("name")))
            if not written[:1].isupper() or written.split()[0].lower() in _NOT_SPEAKERS:
                continue
            if written.split()[-1].lower() in _ORGANISATION_WORDS:
                continue  # "President of the Wrzosna Doctors' Union": no person named
            text = _TRAILING_PARTICLE.sub("", sentence.text[match.start() : match.end()].rstrip(",."))
            start, end = sentence.start + match.start(), sentence.start + match.start() + len(text)
            # the same role found by another pattern, or a span inside one already found; a second
            # role beside it stays ("Councillor Rosalyn Okafor, chair of the transport committee")
            if any(c["start"] < end and start < c["end"] and c["detail"] == detail
                   or c["start"] <= start and end <= c["end"] for c in claims):
                continue
            claims.append(
                {
                    "kind": ClaimKind.ATTRIBUTION,
                    "text": text,
                    "start": start,
                    "end": end,
                    "subject": names.canonical(written),
                    "as_of": document.published,
                    "speaker": names.canonical(written),
                    "detail": detail,
                    "context": " ".join(content_words(sentence.text, names.token)),
                }
            )
    return claims
