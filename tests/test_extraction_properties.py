"""Properties of extraction on any text: it never raises, and every claim's text is its span."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.documents import Document
from checks.extraction import extract_claims

NEWSY = st.sampled_from(
    ["about", "more than", "1,050", "74", "km²", "square kilometres", "towns", "$4.2bn", "12%", "between", "and",
     "to", "said", "Syrskyi", '"', "“", "”", "on", "August", "6", "since", "October", "2023", ",", ".", "\n\n",
     "minus", "-", "a third", "of", "aged", "81", "Monday", "COVID-19", "10:30", "per", "100,000", "people"]
)


def claims_hold_their_spans(text: str) -> None:
    document = Document(id="d", uri="d", text=text, sha256="")
    for claim in extract_claims(document, id_prefix=""):
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text(text):
    claims_hold_their_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWSY, max_size=40).map(" ".join))
def test_news_like_word_salad(text):
    claims_hold_their_spans(text)
