"""Sources from files, folders, manifests and reference tables; documents cleaned and checked on the way in."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from checks.documents import Listed, clean_text, document_from_bytes, document_from_text, load_document
from checks.errors import ArticleError, InputError, ReferenceTableError, SourceError
from checks.extraction import extract_claims
from checks.inputs import InputLimits, InputOptions
from checks.references import load_reference_table, table_from_bytes
from checks.sources import load_sources
from tests.conftest import KURSK

TABLE_HEADER = "subject,attribute,value,unit,as_of,source,url\n"
ROW = "Kursk region,area held,1000,km2,2024-08-12,Syrskyi,https://example.org/a\n"


def options(warnings: list[str] | None = None, **limits) -> InputOptions:
    return InputOptions(limits=InputLimits(**limits), on_warning=(warnings.append if warnings is not None else None))


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- folders ------------------------------------------------------------------------------


def test_a_folder_is_read_recursively_in_name_order_skipping_hidden_and_other_files(tmp_path):
    write(tmp_path / "b.md", "Troops took 74 towns.")
    write(tmp_path / "a.txt", "Troops took 28 towns.")
    write(tmp_path / "sub" / "c.html", "<html><body><p>Troops took 93 towns, officials said on Monday in a long "
                                       "statement about the advance.</p></body></html>")
    write(tmp_path / "sub" / "t.csv", TABLE_HEADER + ROW)
    write(tmp_path / ".hidden.md", "Troops took 1 town.")
    write(tmp_path / ".git" / "x.md", "Troops took 2 towns.")
    write(tmp_path / "photo.png", b"\x89PNG\r\n\x1a\n")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")  # a link back up: not followed
    sources = load_sources([str(tmp_path)])
    assert [Path(s.document.uri).name for s in sources] == ["a.txt", "b.md", "c.html", "t.csv"]
    assert sources[3].table_claims and all(s.credibility == 1.0 for s in sources)


def test_unusable_files_in_a_folder_are_skipped_with_a_warning(tmp_path):
    write(tmp_path / "good.md", "Troops took 74 towns.")
    write(tmp_path / "binary.md", b"\x00\x01\x02binary")
    write(tmp_path / "latin1.txt", "Troops took 74 towns in K\xf6ln.".encode("latin-1"))
    write(tmp_path / "bad.csv", "subject,value\nx,1\n")
    write(tmp_path / "empty.md", "")
    warnings: list[str] = []
    sources = load_sources([str(tmp_path)], options(warnings))
    assert [Path(s.document.uri).name for s in sources] == ["good.md"]
    assert len(warnings) == 4
    joined = "\n".join(warnings)
    assert "looks binary" in joined and "not UTF-8" in joined and "lacks column(s)" in joined and "no text" in joined


def test_an_unusable_file_named_explicitly_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="looks binary"):
        load_sources([str(write(tmp_path / "binary.md", b"\x00\x01"))])
    with pytest.raises(SourceError, match="not a text, Markdown, HTML, table or feed file"):
        load_sources([str(write(tmp_path / "photo.png", b"\x89PNG"))])


def test_nothing_usable_at_all_is_an_error(tmp_path):
    write(tmp_path / "photo.png", b"\x89PNG")
    with pytest.raises(SourceError, match="no source documents found"):
        load_sources([str(tmp_path)])


def test_the_same_document_reached_twice_counts_once(tmp_path):
    path = write(tmp_path / "a.md", "Troops took 74 towns.")
    assert len(load_sources([str(path), str(tmp_path)])) == 1


def test_the_number_of_sources_is_limited(tmp_path):
    for number in range(5):
        write(tmp_path / f"{number}.md", f"Troops took {number + 10} towns.")
    with pytest.raises(SourceError, match="more than 3 source documents"):
        load_sources([str(tmp_path)], options(max_sources=3))


def test_other_schemes_are_refused_as_sources():
    for location in ("ftp://example.org/a.md", "file:///etc/passwd", "gopher://example.org/"):
        with pytest.raises(SourceError, match="is not supported for sources"):
            load_sources([location])


# -- manifests ----------------------------------------------------------------------------


def test_a_manifest_names_a_source_set_with_publisher_date_and_credibility(tmp_path):
    write(tmp_path / "docs" / "a.md", "Troops took 74 towns.")
    write(tmp_path / "docs" / "b.md", "---\npublisher: Own Words\npublished: 2024-08-10\n---\nTroops took 28 towns.")
    write(tmp_path / "t.csv", TABLE_HEADER + ROW)
    manifest = write(tmp_path / "sources.yaml", """
name: kursk
credibility: 0.5
sources:
  - location: docs
    publisher: The Daily
    published: 2024-08-12
    credibility: 0.9
  - t.csv
""")
    sources = load_sources([str(manifest)])
    by_name = {Path(s.document.uri).name: s for s in sources}
    assert by_name["a.md"].document.publisher == "The Daily" and by_name["a.md"].document.published == date(2024, 8, 12)
    assert by_name["b.md"].document.publisher == "Own Words"  # the document's own word wins
    assert by_name["b.md"].document.published == date(2024, 8, 10)
    assert by_name["a.md"].credibility == 0.9 and by_name["t.csv"].credibility == 0.5


def test_a_manifest_with_several_sets_is_picked_by_name(tmp_path):
    write(tmp_path / "a.md", "Troops took 74 towns.")
    write(tmp_path / "b.md", "Troops took 28 towns.")
    manifest = write(tmp_path / "sets.yml", "sets:\n  official: {credibility: 1.0, sources: [a.md]}\n  press: [b.md]\n")
    assert [Path(s.document.uri).name for s in load_sources([f"{manifest}#press"])] == ["b.md"]
    assert len(load_sources([str(manifest)])) == 2
    with pytest.raises(SourceError, match="has no source set 'wire' \\(it has: official, press\\)"):
        load_sources([f"{manifest}#wire"])


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("sources: [{location: a.md, credibility: 1.5}]", "credibility 1.5; give a number from 0 to 1"),
        ("sources: [{location: a.md, credibility: high}]", "credibility 'high'"),
        ("sources: [{location: a.md, credability: 0.5}]", "unknown key(s) credability"),
        ("sources: [{publisher: x}]", "has no 'location'"),
        ("sources: [other.yaml]", "manifests do not include manifests"),
        ("sources: [{location: a.md, published: 2024-02-30}]", "impossible value"),
        ("sources: [{location: a.md, published: 2999-01-01}]", "a date in the future"),
        ("sources: [{location: a.md, kind: video}]", "kind 'video'"),
        ("sources: []", "lists no sources"),
        ("sources: [a.md\n", "not valid YAML"),
        ("- 1\n- 2", "source 1 must be a location"),
        ("just text", "must be a mapping with 'sources'"),
    ],
)
def test_a_malformed_manifest_is_refused_naming_the_problem(tmp_path, body, words):
    write(tmp_path / "a.md", "Troops took 74 towns.")
    manifest = write(tmp_path / "m.yaml", body)
    with pytest.raises(SourceError) as caught:
        load_sources([str(manifest)])
    assert words in str(caught.value)


# -- documents ----------------------------------------------------------------------------


def test_invisible_and_bidirectional_characters_are_removed_so_figures_read_right():
    text = "Troops took 1,\u200b050 square kilometers and 7\u200d4 towns, Syr\u202eskyi\u202c said."
    document = document_from_text(text, uri="t", stem="t")
    assert "\u200b" not in document.text and "\u202e" not in document.text
    values = {c.text: c.quantity.value for c in extract_claims(document) if c.quantity}
    assert values["1,050 square kilometers"] == 1050 and values["74 towns"] == 74
    assert "Syrskyi" in document.text


@pytest.mark.parametrize(
    ("written", "value"),
    [("1\u00a0050", 1050), ("1\u202f050", 1050), ("1\u2009050", 1050), ("1'050", 1050), ("12\u202f345\u202f678", 12345678)],
)
def test_digit_groups_with_other_locales_separators_read_as_one_number(written, value):
    document = document_from_text(f"Troops took {written} square kilometers.", uri="t", stem="t")
    [claim] = [c for c in extract_claims(document) if c.quantity]
    assert claim.quantity.value == value


def test_clean_text_keeps_ordinary_text():
    assert clean_text("Café – “quoted” 5’s\ttab\r\nline") == "Café – “quoted” 5’s\ttab\nline"


def test_html_loses_scripts_styles_and_iframes(tmp_path):
    page = write(tmp_path / "p.html", """<html><head><title>T</title><style>p{}</style>
<script>document.write('999 towns were taken')</script></head><body>
<iframe src="https://evil.example/"></iframe><article><p>Troops took 74 towns on Monday, the governor of the
region said in a statement to reporters.</p><script>var x = "500 towns";</script></article></body></html>""")
    document = load_document(page)
    assert "74 towns" in document.text and "999" not in document.text and "500" not in document.text
    assert "evil" not in document.text and document.title == "T"


def test_utf16_is_refused_with_a_hint_and_a_utf8_bom_is_dropped(tmp_path):
    with pytest.raises(InputError, match="UTF-16 byte-order mark \\(save it as UTF-8\\)"):
        load_document(write(tmp_path / "u16.txt", "Troops took 74 towns.".encode("utf-16")))
    document = load_document(write(tmp_path / "bom.txt", b"\xef\xbb\xbfTroops took 74 towns."))
    assert document.text == "Troops took 74 towns."


def test_a_huge_file_is_refused_from_its_size_without_being_read(tmp_path):
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(5 * 1024**3)  # sparse: nothing is written
    with pytest.raises(ArticleError, match=r"is 5.0 GB .* over the 10,485,760-byte limit .*CROSSCHECK_MAX_DOCUMENT_BYTES"):
        load_document(huge, error=ArticleError)


def test_a_long_paragraph_is_refused_by_the_paragraph_limit():
    with pytest.raises(InputError, match="a paragraph of 2,000 characters \\(from line 3\\)"):
        document_from_text("Title\n\n" + "x" * 2000, uri="t", stem="t", limits=InputLimits(max_paragraph_chars=1000))
    document_from_text("\n\n".join(["y" * 900] * 5), uri="t", stem="t", limits=InputLimits(max_paragraph_chars=1000))


@pytest.mark.parametrize(
    ("front", "words"),
    [
        ("published: 2024-02-30", "impossible value"),
        ("published: '2024-13-01'", "not a real date"),
        ("published: 2999-01-01", "is in the future"),
        ("published: 2024", "is not YYYY-MM-DD"),
        ("title: [a, b]", "'title' must be plain text"),
        ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
         "'title' must be plain text"),
        ("x: " + "[" * 5000 + "]" * 5000, "front matter"),
        ("- a\n- b", "must be a mapping"),
    ],
)
def test_bad_front_matter_is_one_clear_error(front, words):
    with pytest.raises(InputError) as caught:
        document_from_text(f"---\n{front}\n---\nTroops took 74 towns.", uri="a.md", stem="a")
    assert words in str(caught.value)


def test_a_listing_fills_in_what_the_document_does_not_say():
    listed = Listed(title="From feed", publisher="Feed", published=date(2024, 8, 12), url="https://e.org/a")
    document = document_from_bytes(b"---\ntitle: Own\n---\nTroops took 74 towns.", uri="a", stem="a", listed=listed)
    assert (document.title, document.publisher, document.published, document.url) == \
        ("Own", "Feed", date(2024, 8, 12), "https://e.org/a")


# -- reference tables ---------------------------------------------------------------------


def kursk_rows() -> list[dict]:
    import csv

    with (KURSK / "reference" / "kursk-figures.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("form", ["csv", "json-records", "json-columns", "jsonl", "parquet"])
def test_every_table_form_gives_the_same_claims(tmp_path, form):
    rows = kursk_rows()
    if form == "csv":
        path = tmp_path / "t.csv"
        path.write_bytes((KURSK / "reference" / "kursk-figures.csv").read_bytes())
    elif form == "json-records":
        path = write(tmp_path / "t.json", json.dumps(rows))
    elif form == "json-columns":
        path = write(tmp_path / "t.json", json.dumps({k: {str(i): r[k] for i, r in enumerate(rows)} for k in rows[0]}))
    elif form == "jsonl":
        path = write(tmp_path / "t.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = tmp_path / "t.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
    _document, claims = load_reference_table(path)
    _expected_doc, expected = load_reference_table(KURSK / "reference" / "kursk-figures.csv")
    assert [(c.quantity.value, c.quantity.unit, c.as_of, c.subject, c.speaker) for c in claims] == \
        [(c.quantity.value, c.quantity.unit, c.as_of, c.subject, c.speaker) for c in expected]


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("", "reference table is empty"),
        ("  \n\n", "reference table is empty"),
        (TABLE_HEADER, "has no rows"),
        ("subject,attribute,value,unit,source,url\nx,a,1,km,s,u\n", "lacks column(s) as_of"),
        ("subject,attribute,value,value,unit,as_of,source,url\nx,a,1,2,km,2024-01-01,s,u\n",
         "names column(s) value more than once"),
        (TABLE_HEADER + "x,a,many,km,2024-01-01,s,u\n", "row 2: value 'many' is not a number"),
        (TABLE_HEADER + "x,a,,km,2024-01-01,s,u\n", "row 2: value is empty"),
        (TABLE_HEADER + "x,a,NaN,km,2024-01-01,s,u\n", "value 'NaN' is not a number"),
        (TABLE_HEADER + "x,a,1e309,km,2024-01-01,s,u\n", "value '1e309' is not a finite number"),
        (TABLE_HEADER + "x,a,1.050.5,km,2024-01-01,s,u\n", "is not a number (write it as digits"),
        (TABLE_HEADER + "x,a,\"1,2,3\",km,2024-01-01,s,u\n", "value '1,2,3' is not a number"),
        (TABLE_HEADER + "x,a,\"1.050,5\",km,2024-01-01,s,u\n", "value '1.050,5' is not a number"),
        (TABLE_HEADER + "x,a,10,km,yesterday,s,u\n", "as_of 'yesterday' is not a real date"),
        (TABLE_HEADER + "x,a,10,km,2024-02-30,s,u\n", "as_of '2024-02-30' is not a real date"),
        (TABLE_HEADER + ",a,10,km,2024-01-01,s,u\n", "row 2: subject is empty"),
        (TABLE_HEADER + "x,a,10,km,2024-01-01,s,u,extra,cells\n", "has 9 cells but the header names 7"),
    ],
)
def test_a_malformed_csv_table_is_one_clear_error(table, words):
    with pytest.raises(ReferenceTableError) as caught:
        table_from_bytes(table.encode("utf-8"), uri="t.csv", name="t.csv")
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("name", "body", "words"),
    [
        ("t.json", '{"subject": 1', "cannot read reference table"),
        ("t.json", '"just a string"', "must be a list of row objects"),
        ("t.json", '[{"subject": "x", "subject": "y"}]', "names column(s) subject more than once"),
        ("t.json", "[" * 100_000 + "]" * 100_000, "cannot read reference table"),
        ("t.jsonl", '{"subject": "x"}\nnot json\n', "line 2 is not JSON"),
        ("t.jsonl", "[1, 2]\n", "line 1 is not an object"),
        ("t.parquet", "not parquet at all", "cannot read reference table"),
        ("t.json", '[{"subject":"x","attribute":"a","value":true,"unit":"km","as_of":"2024-01-01","source":"s","url":"u"}]',
         "value True is not a number"),
        ("t.json", '[{"subject":"x","attribute":"a","value":1' + "0" * 400 + ',"unit":"km","as_of":"2024-01-01",'
         '"source":"s","url":"u"}]', "not a finite number"),
    ],
)
def test_malformed_json_and_parquet_tables_are_one_clear_error(name, body, words):
    with pytest.raises(ReferenceTableError) as caught:
        table_from_bytes(body.encode("utf-8"), uri=name, name=name)
    assert words in str(caught.value)


def test_tables_take_extra_columns_grouped_numbers_and_negative_zero():
    table = ("note,subject,attribute,value,unit,as_of,source,url,extra\n"
             "n,x,area,\"1,050\",km2,2024-01-01,s,u,e\nn,y,change,-0,km2,2024-01-02,s,u,e\n")
    document, claims = table_from_bytes(table.encode(), uri="t.csv", name="t.csv")
    assert [c.quantity.value for c in claims] == [1050.0, 0.0] and str(claims[1].quantity.value) == "0.0"
    assert all(document.text[c.start:c.end] == c.text for c in claims)


def test_a_huge_table_is_refused_from_its_size(tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    with pytest.raises(ReferenceTableError, match="over the 104,857,600-byte limit for a reference table"):
        load_reference_table(huge)


def test_table_cells_that_look_like_formulas_stay_text():
    table = TABLE_HEADER + "\"=cmd|' /C calc'!A0\",a,10,km,2024-01-01,\"@SUM(1+1)*cmd|' /C calc'!A0\",u\n"
    _document, [claim] = table_from_bytes(table.encode(), uri="t.csv", name="t.csv")
    assert claim.subject == "=cmd|' /C calc'!A0" and claim.speaker.startswith("@SUM")
