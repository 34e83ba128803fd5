"""Money in another currency, converted only at a rate that a reference table gives.

A rate is a reference-table row whose subject is a currency, whose unit is another currency and
whose attribute names a rate: `EUR,exchange rate,1.08,USD,2024-03-01,...` says that one euro was
1.08 US dollars that day. A figure converts at the latest rate dated at or before its own date,
read either way round (1/1.08 for dollars into euros). Without such a rate a figure compares only
with figures in its own currency: a rate of another day, or one guessed, could make two figures
agree or disagree by the exchange rate alone.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from datetime import date

from checks.claims import Claim, ClaimKind
from checks.text import content_words
from checks.units import currency_of

__all__ = ["ExchangeRates", "Rate", "in_currency"]

_RATE_WORDS = set(content_words("rate exchange fx"))


@dataclass(frozen=True)
class Rate:
    """Units of `quote` for one unit of `base` on `as_of`."""

    base: str
    quote: str
    value: float
    as_of: date

    def describe(self) -> str:
        return f"at {self.value:g} {self.quote} per {self.base} on {self.as_of.isoformat()}"


class ExchangeRates:
    """The rates the sources give, by currency pair, oldest first."""

    def __init__(self, rates: list[Rate]):
        self._by_pair: dict[tuple[str, str], list[Rate]] = {}
        for rate in sorted(rates, key=lambda r: r.as_of):
            self._by_pair.setdefault((rate.base, rate.quote), []).append(rate)
        self._days = {pair: [r.as_of for r in rates] for pair, rates in self._by_pair.items()}

    @classmethod
    def from_claims(cls, claims: list[Claim]) -> ExchangeRates:
        """The rates among a check's source claims (reference-table rows naming a rate)."""
        return cls([rate for claim in claims if (rate := _rate_row(claim)) is not None])

    def __bool__(self) -> bool:
        return bool(self._by_pair)

    def convert(self, amount: float, have: str, want: str, on: date | None) -> tuple[float, Rate] | None:
        """`amount` of `have` in `want` at the latest rate dated at or before `on`; None without one."""
        if on is None:
            return None
        found = [(rate, forward) for pair, forward in (((have, want), True), ((want, have), False))
                 if (rate := self._latest(pair, on)) is not None]
        if not found:
            return None
        rate, forward = max(found, key=lambda item: item[0].as_of)
        return (amount * rate.value if forward else amount / rate.value), rate

    def _latest(self, pair: tuple[str, str], on: date) -> Rate | None:
        at = bisect.bisect_right(self._days.get(pair, []), on)
        return self._by_pair[pair][at - 1] if at else None


def in_currency(claim: Claim, currency: str, rates: ExchangeRates) -> Claim | None:
    """A money claim restated in `currency` at the rate of its date (its words and place unchanged),
    the claim itself when it is in that currency already, None when no rate converts it."""
    quantity = claim.quantity
    if quantity is None or not quantity.measure.startswith("currency:") or quantity.unit is None:
        return None
    if quantity.unit == currency:
        return claim
    factor = rates.convert(1.0, quantity.unit, currency, claim.as_of)
    if factor is None:
        return None
    scale, rate = factor
    converted = replace(quantity, value=quantity.value * scale, low=quantity.low * scale,
                        high=quantity.high * scale, unit=currency, measure=f"currency:{currency}",
                        exchanged=rate.describe())
    return replace(claim, quantity=converted)


def _rate_row(claim: Claim) -> Rate | None:
    """A reference-table row such as `EUR,exchange rate,1.08,USD,...`, as a rate; None for anything else."""
    quantity = claim.quantity
    if claim.kind is not ClaimKind.QUANTITY or quantity is None or claim.as_of is None:
        return None
    if not quantity.measure.startswith("currency:") or quantity.unit is None or quantity.value <= 0:
        return None
    base = currency_of(claim.subject or "")
    if base is None or base == quantity.unit or not _RATE_WORDS & set(claim.context.split()):
        return None
    return Rate(base, quantity.unit, quantity.value, claim.as_of)
