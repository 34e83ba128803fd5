"""Dates written in news prose, resolved against the document's publication date.

Handles "August 6", "6 August 2024", "Aug. 6", "October 2023", "in 2023", weekdays ("on Monday"),
"yesterday"/"today", "two weeks ago", "last month", a part of a year ("spring 2028", "mid-2025")
and a month alone after a word that makes it a time ("by June", "last March"). Hand-written rules: dateparser's search mode costs tens of milliseconds a
sentence and also reads numbers that are not dates; these patterns take microseconds.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["MONTH_NAMES", "WEEKDAY_NAMES", "FoundDate", "find_dates"]

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
#: "Monday|Tuesday|...": the days' names, for patterns here and in quantity and date-kind rules.
WEEKDAY_NAMES = "|".join(calendar.day_name)
#: "January|February|...": the months' full names.
MONTH_NAMES = "|".join(calendar.month_name[1:])
#: Two days of one month: "between 17 and 26 March", "17-26 March", "March 17 to 28"; each day is a date.
_DAY_RANGES = [
    re.compile(rf"\b(?P<first_day>\d{{1,2}})(?:st|nd|rd|th)?\s?(?:and|to|-|–)\s?"
               rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH}(?:,?\s(?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b{_MONTH}\s(?P<first_day>\d{{1,2}})(?:st|nd|rd|th)?\s?(?:and|to|-|–)\s?"
               rf"(?P<day>\d{{1,2}})(?!,\d)(?:st|nd|rd|th)?(?:,?\s(?P<year>\d{{4}}))?\b"),
]
_PATTERNS = [
    # "by the end of September", "the start of March 2026": a part of a month
    re.compile(r"\b(?:(?P<edge_lead>by|until|till|before|after|from|since|in|at)\s+)?(?:the\s+)?"
               r"(?P<edge>(?i:end|start|beginning|middle))\s+of\s+(?P<edge_month>January|February|March|April|May|"
               r"June|July|August|September|October|November|December)(?:\s(?P<edge_year>\d{4}))?\b"),
    # "At the end of March 1,904,000 people": a figure's thousands are no day
    re.compile(rf"\b{_MONTH}\s(?P<day>\d{{1,2}})(?!,\d)(?:st|nd|rd|th)?(?:,?\s(?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH}(?:,?\s(?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b{_MONTH}\s(?P<year>\d{{4}})\b"),
    # a part of a year: "spring 2028", "autumn of 2027", "early 2026", "mid-2025", "late 2024"
    re.compile(r"\b(?P<part>(?i:spring|summer|autumn|fall|winter|early|mid|late))(?:\s(?:of\s)?|-)"
               r"(?P<part_year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b"),
    # "ready for the start of the 2029 season": a year that names a period
    re.compile(r"\b(?:the|its|this|next|last)\s(?P<year>(?:19|20)\d\d)(?=\s(?:season|school\syear|academic\syear|"
               r"financial\syear|fiscal\syear|tax\syear)\b)"),
    # "the 1902 bridge", "its 1987 repaint": a year that names what it dates
    # (a plural after it is a count: "the 1900 residents")
    re.compile(r"\b(?i:the|its|their|a)\s(?P<year>(?:18|19|20)\d\d)(?=\s(?!percent\b|per\b)[a-z]*[a-rt-z]\b(?!\s+of\b))"),
    # "Founded in 1871", "dates back to 1981": older years only after a word that dates, as here
    re.compile(r"\b(?:in|since|by|until|from|during|of|before|after|back\sto)\s(?P<year>(?:1[5-9]|20)\d\d)\b(?![-–]\d|\s?%)"),
    # "on Friday 26 September" is the date that follows, not last Friday
    # "on Wednesday of last week" is that week's Wednesday
    re.compile(rf"\b(?i:on|last|this|since|late|early|overnight)\s(?P<weekday>{WEEKDAY_NAMES})\b"
               rf"(?!,?\s(?:\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?)?(?:{MONTH_NAMES})\b)"
               r"(?:\sof\s(?P<week_of>last|next)\sweek\b)?"),
    # "Monday's decision", "Sunday's vote", "Tuesday evening's march"
    re.compile(rf"\b(?P<weekday>{WEEKDAY_NAMES})(?:\s(?:morning|afternoon|evening|night))?['’]s\b"),
    re.compile(r"\b(?P<relative>yesterday|today|tonight)\b", re.IGNORECASE),
    re.compile(r"\b(?P<ago>a|an|one|two|three|four|five|six|seven|\d{1,2}) (?P<ago_unit>day|week|month|year)s? ago\b",
               re.IGNORECASE),
    re.compile(r"\b(?P<last>last|this) (?P<last_unit>week|month|year)\b", re.IGNORECASE),
    # a month alone after a word that makes it a time ("by June", "last March"; not "Theresa May")
    re.compile(r"\b(?P<lead>(?i:in|by|until|till|since|from|during|before|after|through|early|late|mid|last|next|this|"
               r"(?:recently|early|late|soon)\s+as))"
               r"[\s-](?P<bare>January|February|March|April|May|June|July|August|September|October|November|"
               r"December)\b(?!\s\d)"),
]
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True)
class FoundDate:
    """A date in a sentence: its span and the days it covers."""

    start: int
    end: int
    first: date
    last: date


def find_dates(sentence: str, published: date | None) -> list[FoundDate]:
    """Every date in a sentence, without overlaps, earliest pattern first."""
    found: list[FoundDate] = []
    ahead = bool(_AHEAD.search(sentence))
    for pattern in _DAY_RANGES:
        for match in pattern.finditer(sentence):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            last = _resolve(match.groupdict(), published, ahead)
            first = last and _resolve({**match.groupdict(), "day": match.group("first_day")}, published, ahead)
            if first and first[0] < last[0]:
                # "March 17" and "28" of "March 17 to 28"; "17" and "26 March" of "17 and 26 March"
                month_first = match.start("month") < match.start("first_day")
                found.append(FoundDate(match.start() if month_first else match.start("first_day"),
                                       match.end("first_day"), *first))
                found.append(FoundDate(match.start("day"), match.end(), *last))
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            # "said on Monday that the ban will start", "began on March 3 and will run": the day lies behind
            behind = bool(_TOLD_BEFORE.search(sentence, 0, match.start()) or _DONE_BEFORE.search(sentence, 0, match.start()))
            days = _resolve(match.groupdict(), published, ahead and not behind, behind)
            if days and days[0] == days[1] and not match.groupdict().get("year"):
                days = _on_weekday(days[0], _WEEKDAY_RIGHT_BEFORE.search(sentence, 0, match.start()), published)
            if days:
                start = match.start("year") if _only_year(match) else \
                    match.start("bare") if match.groupdict().get("bare") else \
                    match.start("edge") if match.groupdict().get("edge") else match.start()
                found.append(FoundDate(start, match.end(), *days))
    return sorted(found, key=lambda f: f.start)


_WEEKDAY_RIGHT_BEFORE = re.compile(rf"\b(?P<weekday>{WEEKDAY_NAMES}),?\s+(?:the\s+)?$")


def _on_weekday(day: date, weekday: re.Match | None, published: date | None) -> tuple[date, date]:
    """"Wednesday 1 October" without a year: the year, next to the one first guessed, whose 1 October
    is a Wednesday (nearest to publication when several are)."""
    if weekday is None or published is None:
        return day, day
    wanted = _WEEKDAYS[weekday.group("weekday").lower()]
    fits = []
    for year in (day.year, day.year + 1, day.year - 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if candidate.weekday() == wanted:
            fits.append(candidate)
    best = min(fits, key=lambda d: abs((d - published).days), default=day)
    return best, best


def _only_year(match: re.Match) -> bool:
    groups = match.groupdict()
    return groups.get("year") is not None and set(k for k, v in groups.items() if v) == {"year"}


#: Words that put a sentence's dates ahead of its publication: "takes effect on January 1", "will stay
#: shut until March 17", "next week"; not "marched on Saturday against ticket prices for next season".
_AHEAD = re.compile(r"\b(?:will|shall|takes?\s+effect|(?:is|are)\s+(?:due|expected|scheduled|set|planned|to)|"
                    rf"until|till|next\s+(?:week|month|{WEEKDAY_NAMES}))\b", re.IGNORECASE)


_TOLD_BEFORE = re.compile(r"\b(?:said|says|announced|told|confirmed|reported|stated|warned|added|wrote)"
                          r"\b[^.]{0,20}?(?:\b(?:on|last)\s+|\s)$", re.IGNORECASE)


#: "The trial began on March 3 and will run until August": what began lies behind, whatever else is ahead.
_DONE_BEFORE = re.compile(r"\b(?:began|started|opened|launched|resumed|ended|closed|happened|occurred|took\s+place)"
                          r"\b[^.,;]{0,20}?(?:\b(?:on|in|from|since)\s+|\s)$", re.IGNORECASE)


def _resolve(groups: dict, published: date | None, ahead: bool = False,
             behind: bool = False) -> tuple[date, date] | None:
    try:
        if groups.get("iso"):
            day = date.fromisoformat(groups["iso"])
            return day, day
        if groups.get("relative"):
            if not published:
                return None
            day = published - timedelta(days=1 if groups["relative"].lower() == "yesterday" else 0)
            return day, day
        if groups.get("ago") or groups.get("last"):
            return _relative_period(groups, published) if published else None
        if groups.get("part"):
            return _part_of_year(groups["part"].lower(), int(groups["part_year"]))
        if groups.get("bare"):
            return _bare_month(_MONTHS[groups["bare"].lower()], groups["lead"].lower(), published, ahead) \
                if published else None
        if groups.get("edge"):
            return _part_of_month(groups, published)
        if groups.get("weekday"):
            if not published:
                return None
            weekday = _WEEKDAYS[groups["weekday"].lower()]
            if groups.get("week_of"):
                monday = published - timedelta(days=published.weekday())
                day = monday + timedelta(days=weekday + (7 if groups["week_of"] == "next" else -7))
            elif ahead:  # "the leaders will meet again on Monday": the coming Monday
                day = published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
            else:
                day = published - timedelta(days=(published.weekday() - weekday) % 7)
            return day, day
        month = _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
        year = int(groups["year"]) if groups.get("year") else None
        if month and groups.get("day"):
            year = year or _year_for(month, int(groups["day"]), published, ahead, behind)
            if year is None:
                return None
            day = date(year, month, int(groups["day"]))
            return day, day
        if month and year:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if year:
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return None


def _relative_period(groups: dict, published: date) -> tuple[date, date]:
    """"two weeks ago", "last month", "this year": the days they cover, counted back from publication."""
    if groups.get("ago"):
        count = _COUNTS.get(groups["ago"].lower()) or int(groups["ago"])
        unit = groups["ago_unit"].lower()
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        day = published - timedelta(days=days)
        return (day, day) if unit == "day" else (day - timedelta(days=days // (2 * count)), day + timedelta(days=days // (2 * count)))
    unit, which = groups["last_unit"].lower(), groups["last"].lower()
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) - timedelta(days=7 if which == "last" else 0)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        year, month = (published.year, published.month)
        if which == "last":
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    year = published.year - (1 if which == "last" else 0)
    return date(year, 1, 1), date(year, 12, 31)


#: The months a part of a year covers (winter is the one that opens the year).
_PARTS_OF_YEAR = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (1, 2),
                  "early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def _part_of_year(part: str, year: int) -> tuple[date, date]:
    first, last = _PARTS_OF_YEAR[part]
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


#: The days of a month its start, middle and end cover.
_MONTH_PARTS = {"start": (1, 10), "beginning": (1, 10), "middle": (11, 20), "end": (21, 31)}


def _part_of_month(groups: dict, published: date | None) -> tuple[date, date] | None:
    """"by the end of September": the last ten days or so of the month its lead points to."""
    month = _MONTHS[groups["edge_month"].lower()]
    if groups.get("edge_year"):
        year = int(groups["edge_year"])
    elif published:
        year = _bare_month(month, (groups.get("edge_lead") or "in").lower(), published)[0].year
    else:
        return None
    first, last = _MONTH_PARTS[groups["edge"].lower()]
    return date(year, month, first), date(year, month, min(last, calendar.monthrange(year, month)[1]))


def _bare_month(month: int, lead: str, published: date, ahead: bool = False) -> tuple[date, date]:
    """"by June", "last March", "since May": the month its leading word points to from publication:
    a deadline or "next" looks ahead, "last", "since", "after" and "as recently as" look back, and so
    does "from" unless the sentence looks ahead ("will run extra clinics from September"); others
    take the year of publication."""
    year = published.year
    looks_back = lead in ("last", "since", "after") or lead.startswith("recently") or lead == "from" and not ahead
    if lead in ("by", "until", "till", "before", "next") and month < published.month or \
            lead == "next" and month == published.month:
        year += 1
    elif looks_back and month > published.month or lead == "last" and month == published.month:
        year -= 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_for(month: int, day: int, published: date | None, ahead: bool = False, behind: bool = False) -> int | None:
    """A date without a year is the nearer of the last and the next such date, a day ahead counting as
    two behind (news looks back, but not eleven months back without saying "last"); the next one
    when the sentence looks `ahead`, the last one when its clause says it is done (`behind`)."""
    if published is None:
        return None
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return None
    if ahead:
        return published.year if candidate >= published - timedelta(days=7) else published.year + 1
    if behind:  # "said on", "opened on": the day lies behind
        return published.year if candidate <= published + timedelta(days=7) else published.year - 1
    # the nearest such day, a day ahead counting twice a day behind: news looks back
    def weighted(year: int) -> float:
        try:
            gap = (date(year, month, day) - published).days
        except ValueError:  # 29 February
            return math.inf
        return 2 * gap if gap > 0 else -gap

    return min((published.year - 1, published.year, published.year + 1), key=weighted)
