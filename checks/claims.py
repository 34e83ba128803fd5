"""The claim model shared by the article and its sources.

One extractor fills these for both sides, so matching compares like with like.
`Claim.to_report()` gives the report's claim object (DESIGN.md section 3).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Claim", "ClaimKind", "Qualifier", "Quantity"]


class ClaimKind(str, enum.Enum):
    """What sort of checkable statement a claim is."""

    QUANTITY = "quantity"
    DATE = "date"
    QUOTE = "quote"
    ATTRIBUTION = "attribution"


class Qualifier(str, enum.Enum):
    """The hedge that turns a stated figure into an interval."""

    EXACT = "exact"
    APPROX = "approx"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    NEARLY = "nearly"
    RANGE = "range"


@dataclass(frozen=True)
class Quantity:
    """A stated figure as an interval in the stated unit.

    `unit` is the canonical unit: a pint unit name ("kilometer ** 2"), "percent",
    a currency code ("USD"), or a counted noun in its singular form ("settlement").
    """

    value: float
    unit: str | None
    low: float
    high: float
    qualifier: Qualifier
    #: "length ** 2", "count:settlement", "currency:USD", "percent" or "number": what may be compared.
    measure: str = "number"
    #: The direction of a change ("rose by", "fell 3%"): "up", "down" or None for a level.
    change: str | None = None
    #: For a source figure restated in the article's currency: the rate used ("at 1.08 USD per EUR on 2024-03-01").
    exchanged: str | None = None

    def to_report(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "low": _json_float(self.low),
            "high": _json_float(self.high),
            "qualifier": self.qualifier.value,
        }


@dataclass(frozen=True)
class Claim:
    """One checkable statement, located in its document's plain text."""

    id: str
    document_id: str
    kind: ClaimKind
    text: str
    start: int
    end: int
    #: What the claim is about: a canonical name for quotes and roles, the measured thing for figures.
    subject: str | None
    #: The date the claim speaks for (the document's date unless the text says otherwise).
    as_of: date | None
    quantity: Quantity | None = None
    #: For quotes: the canonical name of the person quoted; for figures: who gave them, if said.
    speaker: str | None = None
    #: For dates: the first and last day the stated date covers.
    date_range: tuple[date, date] | None = None
    #: For quotes: the quoted words; for roles: the role as written.
    detail: str | None = None
    #: The words around the claim that say what it is about, nearest first, used for matching.
    context: str = field(default="", compare=False)
    #: Proper names near the claim (stemmed, canonical spelling): two figures near different names
    #: ("Halme's six years", "Enqvist's three years") are about different things.
    entities: frozenset[str] = field(default=frozenset(), compare=False)
    #: Names of another place the figure is told of ("drivers in neighbouring Aldercombe pay £60"), stemmed:
    #: such a figure is about that place, not the one the story is about.
    elsewhere: frozenset[str] = field(default=frozenset(), compare=False)
    #: For a figure told as a correction: the figure it sets right ("26 workers, not 23" denies 23).
    denies: float | None = field(default=None, compare=False)

    def to_report(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "subject": self.subject,
            "quantity": self.quantity.to_report() if self.quantity else None,
            "speaker": self.speaker,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


def _json_float(number: float) -> float | None:
    """JSON has no infinity: an open end of an interval is written as null."""
    return None if math.isinf(number) else number
