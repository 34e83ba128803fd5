"""Numbers as news prose writes them: digits, separators, scale words and number words.

`NUMBER` is a regular expression for one written number; `parse_number` gives its value.
Hand-written because the parsers on offer either miss scale abbreviations ("$4.2bn", "12k") and
fractions in words ("two-thirds") or cost milliseconds a sentence (see README, extraction).
"""

from __future__ import annotations

import math
import re

__all__ = ["FRACTION_WORDS", "NUMBER", "SCALE", "VAGUE", "parse_number", "scale_factor"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
                "trillion": 1_000_000_000_000}
_FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
              "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1}
_SCALES = {"dozen": 12.0, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
           "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12}

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_MULT = "|".join(_MULTIPLIERS)
_FRACTION_WORD = "|".join(sorted(_FRACTIONS, key=len, reverse=True))

_DIGITS = r"(?<![\w.,:/])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|(?<![\w.,:/])\d+(?:\.\d+)?(?![\d])"
_WORDS = (
    rf"(?:(?:one|two|three|four|a)[ -](?:{_FRACTION_WORD})"
    rf"|tens of thousands|hundreds of thousands|dozens|hundreds|thousands|millions|billions"
    rf"|(?:{_WORD})(?:[ -](?:{_WORD}))?(?:[ -](?:{_MULT})(?:[ -](?:and[ -])?(?:{_WORD})(?:[ -](?:{_WORD}))?)?)*"
    rf"|a (?:dozen|hundred|thousand|million|billion)|(?:half|a half) a (?:dozen|million|billion)"
    rf"|half|a dozen|dozen)"
)
#: "seven and a half", "2 and a half": a whole number and a half, tried before the whole number alone.
_AND_A_HALF = rf"(?:(?<![\w.,:/])\d+|\b(?:{_WORD})(?:[ -](?:{_WORD}))?)[ -]and[ -]a[ -]half\b"
#: One written number: digits ("1,050", "3.7") or words ("seventy-four", "two-thirds", "a dozen").
NUMBER = rf"(?:{_AND_A_HALF}|{_DIGITS}|\b(?:{_WORDS})\b)"
#: A scale after a number: "1.2 million", "$4.2bn", "12k", "375,000 dozen".
SCALE = r"(?:\s?(?:dozen|thousand|million|billion|trillion)\b|(?:bn|mn|mln|tn|trn|k|m|b)\b)"

#: Vague plurals are lower bounds: "hundreds of civilians" is more than 100.
VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1e6, "billions": 1e9,
         "tens of thousands": 10_000, "hundreds of thousands": 100_000}
#: Fractions in words: "a third" is an amount only before "of" or after a hedge or change.
FRACTION_WORDS = frozenset(_FRACTIONS)


def parse_number(written: str) -> float:
    """The value of one written number (no scale word after it); NaN when it is no finite number."""
    text = written.strip().lower()
    whole = re.fullmatch(r"(.+?)[ -]and[ -]a[ -]half", text)
    if whole:
        return parse_number(whole.group(1)) + 0.5
    if text[:1].isdigit():
        value = float(text.replace(",", ""))
        return value if math.isfinite(value) else math.nan  # 400 digits overflow to infinity
    if text in VAGUE:
        return float(VAGUE[text])
    if text in ("a dozen", "dozen"):
        return 12.0
    if text in ("half", "a half"):
        return 0.5
    match = re.fullmatch(r"(?:half|a half) a (dozen|million|billion)", text)
    if match:
        return 0.5 * (12 if match.group(1) == "dozen" else _MULTIPLIERS[match.group(1)])
    match = re.fullmatch(rf"(one|two|three|four|a)[ -]({_FRACTION_WORD})", text)
    if match:
        count = 1 if match.group(1) == "a" else _UNITS[match.group(1)]
        return round(count * _FRACTIONS[match.group(2)], 4)
    if text.startswith("a "):
        return float(_MULTIPLIERS.get(text[2:], 12 if text[2:] == "dozen" else math.nan))
    return float(_words_value(text))


def _words_value(text: str) -> int:
    total, current = 0, 0
    for word in re.split(r"[ -]+", text):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _MULTIPLIERS:
            total += max(current, 1) * _MULTIPLIERS[word]
            current = 0
    return total + current


def scale_factor(written: str | None) -> float:
    """The factor of a scale word or abbreviation ("bn" -> 1e9); 1 for none."""
    if not written:
        return 1.0
    return _SCALES[written.strip().lower()]
