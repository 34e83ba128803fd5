"""Property tests: the loaders raise nothing but InputError subclasses, whatever bytes or text they are given."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checks.documents import document_from_bytes, document_from_text, load_document
from checks.errors import InputError, ReferenceTableError, SourceError
from checks.feeds import parse_feed
from checks.manifests import load_manifest
from checks.references import REFERENCE_COLUMNS, table_from_bytes

QUICK = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

#: Text with the characters that matter here more often than chance would give them.
tricky = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(["\u200b", "\u202e", "\u2066", "\ufeff", "\x00", "\r", "\n", "-", ":", "[", "{", "&", "*",
                         "\u00a0", "1", ",", ".", "'", "<", ">", "\"", "e", "9"]),
    ),
    max_size=300,
)
front_matter = st.builds(lambda head, body: f"---\n{head}\n---\n{body}", tricky, tricky)
yamlish = st.builds(
    lambda key, value, body: f"---\n{key}: {value}\n---\n{body}",
    st.sampled_from(["title", "publisher", "published", "url", "x", "? a"]),
    st.one_of(tricky, st.sampled_from(["2024-02-30", "2999-01-01", "[1, 2]", "&a [*a]", "!!python/object:os.system",
                                       "{a: b}", "0x10", "-.inf", "2024-08-12T25:00:00"])),
    tricky,
)


@QUICK
@given(content=st.one_of(tricky, front_matter, yamlish))
def test_document_from_text_raises_only_input_errors(content):
    try:
        document = document_from_text(content, uri="t", stem="t")
    except InputError:
        return
    assert document.text.strip() and "\u200b" not in document.text and "\x00" not in document.text


@SLOW
@given(content=st.one_of(tricky, st.builds(lambda a, b: f"<html><body><p>{a}</p><script>{b}</script></body></html>",
                                           tricky, tricky)))
def test_html_documents_raise_only_input_errors(content):
    try:
        document_from_text(content, uri="t.html", stem="t", html=True)
    except InputError:
        pass


@QUICK
@given(raw=st.one_of(st.binary(max_size=400), tricky.map(lambda t: t.encode("utf-8", "surrogatepass")),
                     tricky.map(lambda t: t.encode("utf-16", "surrogatepass"))),
       charset=st.sampled_from([None, "utf-8", "latin-1", "shift_jis", "no-such-charset", "utf-16"]))
def test_document_from_bytes_raises_only_input_errors(raw, charset):
    try:
        document_from_bytes(raw, uri="t", stem="t", charset=charset)
    except InputError:
        pass


@QUICK
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ""]))
def test_load_document_raises_only_input_errors(raw, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(raw)
        try:
            load_document(path)
        except InputError:
            pass


cells = st.one_of(tricky, st.sampled_from(["1,050", "1e309", "NaN", "-0", "1" * 400, "2024-08-12", "2024-02-30",
                                           "=cmd|' /C calc'!A0", "", " ", "inf", "1.050,5", "1,2,3"]))


def csv_tables():
    header = st.lists(st.sampled_from([*REFERENCE_COLUMNS, "extra", "value"]), min_size=0, max_size=9)
    rows = st.lists(st.lists(cells, max_size=9), max_size=4)

    def build(columns, body):
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(body)
        return out.getvalue().encode("utf-8", "surrogatepass")

    return st.builds(build, st.one_of(header, st.just(REFERENCE_COLUMNS)), rows)


def json_tables():
    row = st.dictionaries(st.sampled_from([*REFERENCE_COLUMNS, "extra"]),
                          st.one_of(cells, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                                    st.lists(st.integers(), max_size=2)), max_size=8)
    return st.lists(row, max_size=4).map(lambda rows: json.dumps(rows).encode())


@QUICK
@given(raw=st.one_of(st.binary(max_size=300), csv_tables(), json_tables()),
       name=st.sampled_from(["t.csv", "t.json", "t.jsonl", "t.parquet"]))
def test_reference_tables_raise_only_reference_table_errors(raw, name):
    try:
        document, claims = table_from_bytes(raw, uri=name, name=name)
    except ReferenceTableError:
        return
    assert all(document.text[c.start:c.end] == c.text for c in claims)


@QUICK
@given(raw=st.one_of(st.binary(max_size=300), tricky.map(lambda t: f'<rss version="2.0"><channel>{t}</channel></rss>'
                                                          .encode("utf-8", "surrogatepass"))))
def test_feeds_raise_only_input_errors(raw):
    try:
        parse_feed(raw, uri="feed", error=SourceError)
    except InputError:
        pass


@QUICK
@given(raw=st.one_of(st.binary(max_size=300), tricky.map(lambda t: f"sources:\n  - {t}\n".encode("utf-8", "surrogatepass")),
                     tricky.map(lambda t: f"sets:\n  a: {t}\n".encode("utf-8", "surrogatepass"))))
@example(raw=b"sources:\n- ~!")  # a home directory pathlib cannot find: a missing file, not a crash
def test_manifests_raise_only_input_errors(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.yaml"
        path.write_bytes(raw)
        try:
            load_manifest(str(path))
        except InputError:
            pass
