"""Units: what a written unit means, what it measures, and how to compare two of them.

Physical units go through pint, so "square kilometres", "km²" and "sq mi" meet after conversion.
Money is a currency code and compares only with the same currency (or at a rate a reference
table gives, checks/exchange.py). Counted nouns ("74 towns") are
units of their own kind, grouped in families ("town" and "settlement" measure the same thing).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "CURRENCY_WORDS",
    "DIMENSIONS",
    "FISH_KINDS",
    "PHYSICAL_UNITS",
    "UnitMeaning",
    "counted_noun",
    "currency_of",
    "physical_unit",
    "to_base",
    "size_of",
]

#: Written physical units, longest first when matched, to the pint expression they mean.
PHYSICAL_UNITS: dict[str, str] = {
    "square kilometres": "kilometer ** 2", "square kilometers": "kilometer ** 2",
    "square kilometre": "kilometer ** 2", "square kilometer": "kilometer ** 2",
    "sq km": "kilometer ** 2", "sq. km": "kilometer ** 2", "km²": "kilometer ** 2", "km2": "kilometer ** 2",
    "square miles": "mile ** 2", "square mile": "mile ** 2", "sq mi": "mile ** 2", "sq miles": "mile ** 2",
    "sq. mi.": "mile ** 2", "mi²": "mile ** 2",
    "square feet": "foot ** 2", "square foot": "foot ** 2", "sq ft": "foot ** 2",
    "square metres": "meter ** 2", "square meters": "meter ** 2", "m²": "meter ** 2", "sq m": "meter ** 2",
    "cubic metres": "meter ** 3", "cubic meters": "meter ** 3", "cubic metre": "meter ** 3",
    "cubic meter": "meter ** 3", "m³": "meter ** 3", "cubic feet": "foot ** 3", "cubic foot": "foot ** 3",
    "tonnes per hectare": "metric_ton / hectare", "tonne per hectare": "metric_ton / hectare",
    "tons per hectare": "metric_ton / hectare", "t/ha": "metric_ton / hectare",
    "kilograms per hectare": "kilogram / hectare", "kg/ha": "kilogram / hectare",
    "hectares": "hectare", "hectare": "hectare", "ha": "hectare", "acres": "acre", "acre": "acre",
    "kilometres per hour": "kilometer / hour", "kilometers per hour": "kilometer / hour",
    "km/h": "kilometer / hour", "kph": "kilometer / hour", "miles per hour": "mile / hour", "mph": "mile / hour",
    "kilometres an hour": "kilometer / hour", "kilometers an hour": "kilometer / hour",
    "miles an hour": "mile / hour",
    "kilometres": "kilometer", "kilometers": "kilometer", "kilometre": "kilometer", "kilometer": "kilometer",
    "nautical miles": "nautical_mile", "nautical mile": "nautical_mile", "nmi": "nautical_mile",
    "knots": "knot", "knot": "knot", "metres per second": "meter / second", "meters per second": "meter / second",
    "m/s": "meter / second",
    "km": "kilometer", "miles": "mile", "mile": "mile", "metres": "meter", "meters": "meter",
    "metre": "meter", "meter": "meter", "m": "meter", "centimetres": "centimeter", "centimeters": "centimeter",
    "cm": "centimeter", "millimetres": "millimeter", "millimeters": "millimeter", "mm": "millimeter",
    "feet": "foot", "foot": "foot", "ft": "foot", "inches": "inch", "inch": "inch",
    "tonnes": "metric_ton", "tonne": "metric_ton", "tons": "metric_ton", "ton": "metric_ton",
    "kilograms": "kilogram", "kilogram": "kilogram", "kg": "kilogram", "grams": "gram", "gram": "gram",
    "pounds": "pound", "pound": "pound", "lbs": "pound", "lb": "pound",  # "£" or "sterling" is money
    "ounces": "ounce", "ounce": "ounce", "oz": "ounce", "yards": "yard", "yard": "yard",
    "gallons": "gallon", "gallon": "gallon",
    "litres": "liter", "liters": "liter", "litre": "liter", "liter": "liter", "barrels": "oil_barrel",
    "megalitres": "megaliter", "megaliters": "megaliter", "megalitre": "megaliter", "megaliter": "megaliter",
    "hectolitres": "hectoliter", "hectoliters": "hectoliter", "hectolitre": "hectoliter", "hl": "hectoliter",
    "ml/d": "megaliter",  # the water industry's megalitres a day, read as "190 megalitres a day" is
    "degrees celsius": "degC", "degrees fahrenheit": "degF", "°c": "degC", "°f": "degF",
    "megawatts": "megawatt", "megawatt": "megawatt", "mw": "megawatt", "gigawatts": "gigawatt", "gw": "gigawatt",
    "kilowatts": "kilowatt", "kw": "kilowatt", "terawatt hours": "terawatt_hour", "twh": "terawatt_hour",
    "gigawatt hours": "gigawatt_hour", "gwh": "gigawatt_hour", "kilowatt hours": "kilowatt_hour",
    "kwh": "kilowatt_hour", "megawatt hours": "megawatt_hour", "mwh": "megawatt_hour",
    "hours": "hour", "hour": "hour", "minutes": "minute", "minute": "minute", "seconds": "second",
    "hrs": "hour", "min": "minute", "mins": "minute", "sec": "second", "secs": "second",
    "days": "day", "day": "day", "weeks": "week", "week": "week", "months": "month", "month": "month",
    "years": "year", "year": "year",
    "milligrams": "milligram", "milligram": "milligram", "mg": "milligram",
    "micrograms": "microgram", "microgram": "microgram", "µg": "microgram", "mcg": "microgram",
    "nanograms": "nanogram", "nanogram": "nanogram", "ng": "nanogram",
    "light-years": "light_year", "light years": "light_year", "light-year": "light_year",
    "parts per million": "ppm", "ppm": "ppm", "parts per billion": "ppb", "ppb": "ppb",
}

#: What each pint expression measures, written out so extraction never waits for pint to load;
#: tests/test_units.py checks every entry against pint.
DIMENSIONS: dict[str, str] = {
    'acre': '[length] ** 2',
    'centimeter': '[length]',
    'day': '[time]',
    'degC': '[temperature]',
    'degF': '[temperature]',
    'foot': '[length]',
    'foot ** 3': '[length] ** 3',
    'gallon': '[length] ** 3',
    'gigawatt': '[mass] * [length] ** 2 / [time] ** 3',
    'gigawatt_hour': '[mass] * [length] ** 2 / [time] ** 2',
    'gram': '[mass]',
    'hectare': '[length] ** 2',
    'hour': '[time]',
    'inch': '[length]',
    'kilogram': '[mass]',
    'kilometer': '[length]',
    'kilometer ** 2': '[length] ** 2',
    'kilometer / hour': '[length] / [time]',
    'kilowatt': '[mass] * [length] ** 2 / [time] ** 3',
    'kilowatt_hour': '[mass] * [length] ** 2 / [time] ** 2',
    'light_year': '[length]',
    'liter': '[length] ** 3',
    'megawatt': '[mass] * [length] ** 2 / [time] ** 3',
    'megawatt_hour': '[mass] * [length] ** 2 / [time] ** 2',
    'meter': '[length]',
    'meter ** 2': '[length] ** 2',
    'meter ** 3': '[length] ** 3',
    'megaliter': '[length] ** 3',
    'hectoliter': '[length] ** 3',
    'metric_ton': '[mass]',
    'metric_ton / hectare': '[mass] / [length] ** 2',
    'kilogram / hectare': '[mass] / [length] ** 2',
    'mile': '[length]',
    'mile ** 2': '[length] ** 2',
    'mile / hour': '[length] / [time]',
    'microgram': '[mass]',
    'milligram': '[mass]',
    'nanogram': '[mass]',
    'nautical_mile': '[length]',
    'knot': '[length] / [time]',
    'meter / second': '[length] / [time]',
    'foot ** 2': '[length] ** 2',
    'ounce': '[mass]',
    'millimeter': '[length]',
    'minute': '[time]',
    'month': '[time]',
    'oil_barrel': '[length] ** 3',
    'pound': '[mass]',
    'ppb': 'dimensionless',
    'ppm': 'dimensionless',
    'second': '[time]',
    'terawatt_hour': '[mass] * [length] ** 2 / [time] ** 2',
    'week': '[time]',
    'yard': '[length]',
    'year': '[time]',
}

#: Written currencies (symbols, codes, words) to ISO codes.
CURRENCY_WORDS: dict[str, str] = {
    "us$": "USD", "$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
    "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds sterling": "GBP",
    "¥": "JPY", "jpy": "JPY", "yen": "JPY", "yuan": "CNY", "cny": "CNY", "renminbi": "CNY",
    "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "rub": "RUB",
    "hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "uah": "UAH", "₴": "UAH", "₽": "RUB",
    "rupees": "INR", "inr": "INR", "₹": "INR", "swiss francs": "CHF", "chf": "CHF",
    # ISO codes that are not English words ("TRY" and "ALL" are left out)
    **{code.lower(): code for code in (
        "NOK", "SEK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "CAD", "AUD", "NZD", "HKD", "SGD",
        "BRL", "KRW", "ZAR", "MXN", "ARS", "CLP", "COP", "ILS", "AED", "THB", "IDR", "MYR", "KES", "NGN",
        "EGP")},
    "kronor": "SEK", "zloty": "PLN", "zlotys": "PLN", "złoty": "PLN", "forint": "HUF", "forints": "HUF",
}


def currency_of(written: str) -> str | None:
    """The ISO code of a written currency, or the code itself when written as one ("SZD" in a
    reference table of rates); None for anything else."""
    stripped = written.strip()
    return CURRENCY_WORDS.get(stripped.lower()) or (stripped if re.fullmatch(r"[A-Z]{3}", stripped) else None)


@dataclass(frozen=True)
class UnitMeaning:
    """What a unit is: its canonical name and the measure it can be compared within."""

    unit: str
    measure: str


@lru_cache(maxsize=1)
def _registry():
    import pint  # heavy: loaded on the first physical unit

    registry = pint.UnitRegistry()
    registry.define("ppb = 1e-9")  # pint has ppm but not ppb
    return registry


@lru_cache(maxsize=None)
def physical_unit(written: str) -> UnitMeaning | None:
    """The meaning of a written physical unit, or None when it is not one."""
    expression = PHYSICAL_UNITS.get(written.lower())
    if expression is None:
        return None
    return UnitMeaning(unit=expression, measure=DIMENSIONS[expression])


@lru_cache(maxsize=None)
def _base_factor(unit: str) -> tuple[float, float]:
    """Scale and offset that take a value of `unit` to its SI base unit."""
    registry = _registry()
    zero = registry.Quantity(0.0, unit).to_base_units().magnitude
    one = registry.Quantity(1.0, unit).to_base_units().magnitude
    return one - zero, zero


def to_base(value: float, unit: str) -> float:
    """A value of a physical unit in SI base units; other units come back unchanged."""
    if unit not in PHYSICAL_UNITS.values():
        return value
    scale, offset = _base_factor(unit)
    return value * scale + offset


def size_of(value: float, unit: str) -> float:
    """What a figure stands for when telling how far apart two figures lie: an earthquake's magnitude is
    a logarithm, so 6.1 and 4.5 lie 40 times apart, not 1.36 times; other figures in base units."""
    return 10.0 ** value if unit == "magnitude" else to_base(value, unit)


@lru_cache(maxsize=1)
def _noun_families() -> dict[str, str]:
    text = resources.files("checks.data").joinpath("counted_nouns.csv").read_text(encoding="utf-8")
    return {row["noun"]: row["family"] for row in csv.DictReader(text.splitlines())}


def singular(noun: str) -> str:
    """A plain English singular, enough for counted nouns."""
    word = noun.lower()
    irregular = {"people": "person", "men": "man", "women": "woman", "children": "child",
                 "servicemen": "serviceman", "police": "police", "personnel": "personnel",
                 "cattle": "cattle", "sheep": "sheep", "fish": "fish", "series": "series", "deer": "deer",
                 "lynx": "lynx", "wolves": "wolf", "calves": "calf", "halves": "half", "shelves": "shelf",
                 "thieves": "thief", "leaves": "leaf", "knives": "knife", "wives": "wife", "lives": "life",
                 "geese": "goose", "mice": "mouse", "teeth": "tooth", "feet": "foot", "buses": "bus",
                 "fishermen": "fisherman", "firemen": "fireman", "policemen": "policeman", "crewmen": "crewman"}
    if word in irregular:
        return irregular[word]
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"),
                                ("shes", "sh"), ("oes", "o")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


#: Fish counted by their kind: a count of "fish" may be told of any of them.
FISH_KINDS = frozenset({"salmon", "trout", "cod", "herring", "eel", "carp", "pike", "perch", "mackerel", "sardine",
                        "tuna", "haddock", "plaice", "sole", "bass", "sturgeon", "grayling", "char"})


def counted_noun(noun: str) -> UnitMeaning:
    """A counted noun as a unit: 'towns' -> unit 'town', measure 'count:settlement'."""
    words = re.sub(r"\s+", " ", noun.strip().lower()).split(" ")
    head = singular(words[-1])
    one = " ".join([*words[:-1], head])
    families = _noun_families()
    # "measles patients" and "patients" count the same kind of thing: the family is the head's
    family = families.get(one) or families.get(" ".join(words)) or families.get(head) or head
    return UnitMeaning(unit=one, measure=f"count:{family}")
