"""Money in another currency: compared only at a rate that a reference table among the sources gives."""

from __future__ import annotations

from datetime import date

from checks.documents import document_from_text
from checks.exchange import ExchangeRates, in_currency
from checks.extraction import extract_claims
from checks.matching import match_claims
from checks.references import table_from_bytes
from checks.verdicts import Verdict, judge_claims

RATES = b"""subject,attribute,value,unit,as_of,source,url
EUR,exchange rate,1.10,USD,2025-01-31,Central Bank of Estrel,https://cbe.example/rates
EUR,exchange rate,1.25,USD,2025-03-03,Central Bank of Estrel,https://cbe.example/rates
Port of Quorra,annual budget,300,EUR,2025-01-01,City of Quorra,https://quorra.example/budget
"""
ARTICLE = "The government will spend €1.2 billion on the new Quorra harbour wall, the ministry said."
SOURCE = "The new Quorra harbour wall will cost the government {amount}, the ministry said on Monday."


def doc(text: str, published: str, stem: str):
    return document_from_text(f"---\npublished: {published}\n---\n{text}", uri=stem, stem=stem)


def judged(source_amount: str, *, table: bytes | None = RATES, source_day: str = "2025-02-10"):
    article = doc(ARTICLE, "2025-02-12", "article")
    claims = extract_claims(article, id_prefix="")
    source_claims = extract_claims(doc(SOURCE.format(amount=source_amount), source_day, "s0"))
    if table is not None:
        source_claims += table_from_bytes(table, uri="rates.csv", name="rates.csv")[1]
    findings = judge_claims(article, claims, source_claims, match_claims(claims, source_claims))
    return next(f for c, f in zip(claims, findings) if c.text == "€1.2 billion")


def test_rates_are_read_from_rows_naming_a_rate_and_pick_the_latest_at_or_before_the_day():
    rows = table_from_bytes(RATES, uri="rates.csv", name="rates.csv")[1]
    rates = ExchangeRates.from_claims(rows)
    assert rates.convert(100.0, "EUR", "USD", date(2025, 1, 30)) is None  # no rate yet
    amount, rate = rates.convert(100.0, "EUR", "USD", date(2025, 2, 10))
    assert round(amount, 6) == 110.0 and rate.as_of == date(2025, 1, 31)
    amount, rate = rates.convert(125.0, "USD", "EUR", date(2025, 3, 3))  # the other way round
    assert round(amount, 6) == 100.0 and rate.value == 1.25
    assert rates.convert(1.0, "EUR", "GBP", date(2025, 3, 3)) is None
    # the port's budget row is money, not a rate
    assert not ExchangeRates.from_claims([rows[2]])


def test_a_sum_in_another_currency_agrees_after_conversion_at_its_dates_rate():
    finding = judged("$1.32 billion")  # 1.2bn euros at 1.10
    assert finding.verdict is Verdict.SUPPORTED
    assert "'$1.32 billion' (= EUR 1.2bn at 1.1 USD per EUR on 2025-01-31)" in finding.explanation


def test_a_sum_in_another_currency_disagrees_after_conversion():
    finding = judged("$2 billion")  # 1.82bn euros
    assert finding.verdict is Verdict.CONTRADICTED
    assert "'$2 billion' (= EUR 1.82bn at 1.1 USD per EUR on 2025-01-31), higher" in finding.explanation


def test_without_a_rate_another_currency_covers_nothing():
    assert judged("$1.32 billion", table=None).verdict is Verdict.UNVERIFIED
    assert judged("$2 billion", table=None).verdict is Verdict.UNVERIFIED


def test_a_rate_dated_after_the_figure_is_not_used():
    # the source speaks on 2025-01-20, before the first rate (2025-01-31)
    assert judged("$2 billion", source_day="2025-01-20").verdict is Verdict.UNVERIFIED


def test_a_converted_claim_keeps_its_words_and_place():
    rows = table_from_bytes(RATES, uri="rates.csv", name="rates.csv")[1]
    claim = next(c for c in extract_claims(doc(SOURCE.format(amount="$1.32 billion"), "2025-02-10", "s0"))
                 if c.quantity and c.quantity.unit == "USD")
    converted = in_currency(claim, "EUR", ExchangeRates.from_claims(rows))
    assert (converted.id, converted.text, converted.start, converted.end) == (claim.id, claim.text, claim.start, claim.end)
    assert converted.quantity.unit == "EUR" and round(converted.quantity.value) == 1_200_000_000
    assert in_currency(claim, "USD", ExchangeRates.from_claims(rows)) is claim


def test_a_currency_known_only_by_its_code_converts_at_the_tables_rate():
    # no list of currencies names the Serenzan dinar; the table's code and the source's "SZD 5.4 billion" do
    table = b"""subject,attribute,value,unit,as_of,source,url
EUR,exchange rate,4.50,SZD,2025-01-31,Central Bank of Serenza,https://cbs.example/rates
"""
    assert judged("SZD 5.4 billion", table=table).verdict is Verdict.SUPPORTED
    assert judged("SZD 6.3 billion", table=table).verdict is Verdict.CONTRADICTED
    assert judged("SZD 5.4 billion", table=None).verdict is Verdict.UNVERIFIED


def test_a_unit_written_in_capitals_is_a_currency_only_when_it_is_no_physical_unit():
    table = b"""subject,attribute,value,unit,as_of,source,url
Ring road,speed limit,50,MPH,2025-01-31,Roads Office,https://roads.example/limits
EUR,exchange rate,4.50,SZD,2025-01-31,Central Bank of Serenza,https://cbs.example/rates
"""
    speed, rate = table_from_bytes(table, uri="t.csv", name="t.csv")[1]
    assert speed.quantity.measure == "[length] / [time]"
    assert rate.quantity.measure == "currency:SZD"
