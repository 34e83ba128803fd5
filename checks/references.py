"""Reference tables: dated figures in rows, read and turned into claims.

Columns: subject,attribute,value,unit,as_of,source,url (CSV, Parquet, JSON or JSON Lines); other
columns are allowed and ignored. Each table becomes one Document whose text has a line a row, so
evidence points at an exact span like any other source's.

What is refused, with the row or column named: a table over `InputLimits.max_table_bytes` (before
it is read), an empty one, one lacking a column, one naming a column twice, a value that is not a
plain finite number ("1,050" and "1050.5" are; "1.050,5", "1,2,3", "NaN", "1e309" are not), an
as_of that is not a real YYYY-MM-DD date, an empty subject. Cells are read as text first (CSV and
JSON cells are never given types by guessing) and cleaned like a document's text, so a cell such
as `=cmd|' /C calc'!A0` stays text: the report's CSV makes formula-like cells inert.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from checks.claims import Claim, ClaimKind, Qualifier, Quantity
from checks.documents import Document, clean_text, decode_text, read_file_bytes, safe_id
from checks.errors import ReferenceTableError
from checks.inputs import InputLimits
from checks.text import content_words
from checks.units import counted_noun, currency_of, physical_unit

__all__ = ["REFERENCE_COLUMNS", "TABLE_SUFFIXES", "load_reference_table", "table_from_bytes"]

REFERENCE_COLUMNS = ["subject", "attribute", "value", "unit", "as_of", "source", "url"]
TABLE_SUFFIXES = {".csv", ".parquet", ".json", ".jsonl"}
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_MAX_CELL = 2_000


def load_reference_table(path: Path, *, limits: InputLimits | None = None) -> tuple[Document, list[Claim]]:
    """Read a reference table; every row becomes a quantity claim of one table document."""
    limits = limits or InputLimits()
    raw = read_file_bytes(path, limit=limits.max_table_bytes, setting="CROSSCHECK_MAX_TABLE_BYTES",
                          error=ReferenceTableError, what="reference table")
    return table_from_bytes(raw, uri=str(path), name=path.name)


def table_from_bytes(raw: bytes, *, uri: str, name: str) -> tuple[Document, list[Claim]]:
    """A reference table from its bytes; `name`'s suffix says the format (.csv, .parquet, .json, .jsonl)."""
    suffix = Path(name).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ReferenceTableError(f"{uri}: not a reference table (.csv, .parquet, .json or .jsonl)")
    if not raw.strip():
        raise ReferenceTableError(f"{uri}: reference table is empty")
    columns, rows = _read(raw, suffix, uri)
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise ReferenceTableError(f"{uri}: reference table names column(s) {', '.join(duplicated)} more than once")
    missing = [c for c in REFERENCE_COLUMNS if c not in columns]
    if missing:
        raise ReferenceTableError(f"{uri}: reference table lacks column(s) {', '.join(missing)}")
    if not rows:
        raise ReferenceTableError(f"{uri}: reference table has no rows")
    lines: list[str] = []
    spans: list[tuple[int, int, dict]] = []
    offset = 0
    for number, row in enumerate(rows, start=2):
        record = _validated(row, uri, number)
        head = f"{record['subject']}, {record['attribute']}: "
        line = f"{head}{record['written']} {record['unit'] or ''}".rstrip()
        line += f" (as of {record['as_of'].isoformat()}, {record['source'] or 'no source named'})"
        value_at = offset + len(head)
        spans.append((value_at, value_at + len(record["written"]), record))
        lines.append(line)
        offset += len(line) + 1
    text = "\n".join(lines)
    sha = hashlib.sha256(raw).hexdigest()
    stem = Path(name).stem
    document = Document(id=safe_id(stem, sha), uri=uri, text=text, sha256=sha,
                        title=f"Reference table {clean_text(name)[:200]}", publisher="reference table")
    claims = [_claim(document, number, start, end, record) for number, (start, end, record) in enumerate(spans, 1)]
    return document, claims


# -- reading --------------------------------------------------------------------------


def _read(raw: bytes, suffix: str, uri: str) -> tuple[list[str], list[dict]]:
    """The column names (as written, duplicates kept) and the rows as dicts of raw cells."""
    try:
        if suffix == ".csv":
            return _read_csv(raw, uri)
        if suffix == ".jsonl":
            return _read_jsonl(raw, uri)
        if suffix == ".json":
            return _read_json(raw, uri)
        return _read_parquet(raw)
    except ReferenceTableError:
        raise
    except _DoubledKeys as exc:
        raise ReferenceTableError(f"{uri}: reference table names column(s) {exc} more than once") from None
    except RecursionError:
        raise ReferenceTableError(f"{uri}: cannot read reference table (nested too deeply)") from None
    except Exception as exc:  # noqa: BLE001 - csv, json, pyarrow raise many kinds on damaged input
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise ReferenceTableError(f"{uri}: cannot read reference table ({first})") from exc


def _read_csv(raw: bytes, uri: str) -> tuple[list[str], list[dict]]:
    text = decode_text(raw, uri=uri, error=ReferenceTableError)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ReferenceTableError(f"{uri}: reference table is empty") from None
    columns = [clean_text(c).strip() for c in header]
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            raise ReferenceTableError(
                f"{uri}: row {reader.line_num} has {len(cells)} cells but the header names {len(columns)} columns"
            )
        rows.append(dict(zip(columns, cells, strict=False)))
    return columns, rows


def _read_json(raw: bytes, uri: str) -> tuple[list[str], list[dict]]:
    document = json.loads(decode_text(raw, uri=uri, error=ReferenceTableError), object_pairs_hook=_pairs)
    if isinstance(document, dict) and all(isinstance(v, dict | list) for v in document.values()) and document:
        columns = list(document)
        indexes: list = []
        for values in document.values():
            for key in values if isinstance(values, dict) else range(len(values)):
                if key not in indexes:
                    indexes.append(key)
        rows = [
            {c: _column_cell(document[c], i) for c in columns} for i in indexes
        ]
        return columns, rows
    if not isinstance(document, list):
        raise ReferenceTableError(f"{uri}: a JSON reference table must be a list of row objects")
    return _records(document, uri, where="item")


def _read_jsonl(raw: bytes, uri: str) -> tuple[list[str], list[dict]]:
    records = []
    for number, line in enumerate(decode_text(raw, uri=uri, error=ReferenceTableError).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line, object_pairs_hook=_pairs))
        except json.JSONDecodeError as exc:
            raise ReferenceTableError(f"{uri}: line {number} is not JSON ({exc.msg})") from exc
    return _records(records, uri, where="line")


def _records(items: list, uri: str, *, where: str) -> tuple[list[str], list[dict]]:
    columns: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ReferenceTableError(f"{uri}: {where} {number} is not an object of column values")
        for key in item:
            if key not in columns:
                columns.append(key)
    return columns, list(items)


class _DoubledKeys(ValueError):
    """A JSON object names a key twice (json.loads would silently keep the last)."""


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise _DoubledKeys(", ".join(sorted({k for k in keys if keys.count(k) > 1})))
    return dict(pairs)


def _column_cell(values: dict | list, index: object) -> object:
    if isinstance(values, dict):
        return values.get(index)
    return values[index] if isinstance(index, int) and index < len(values) else None


def _read_parquet(raw: bytes) -> tuple[list[str], list[dict]]:
    import pyarrow.parquet as pq  # heavy: only when a Parquet table is given

    table = pq.read_table(io.BytesIO(raw))
    columns = [str(c) for c in table.column_names]
    data = {i: table.column(i).to_pylist() for i in range(table.num_columns)}
    rows = [{columns[i]: data[i][r] for i in range(len(columns))} for r in range(table.num_rows)]
    return columns, rows


# -- rows -----------------------------------------------------------------------------


def _validated(row: dict, uri: str, line: int) -> dict:
    where = f"{uri}: row {line}"
    value, written = _number(row.get("value"), where)
    as_of = _day(row.get("as_of"), where)
    subject = _cell(row.get("subject"))
    if not subject:
        raise ReferenceTableError(f"{where}: subject is empty")
    return {
        "subject": subject,
        "attribute": _cell(row.get("attribute")) or "",
        "value": value,
        "written": written,
        "unit": _cell(row.get("unit")),
        "as_of": as_of,
        "source": _cell(row.get("source")),
        "url": _cell(row.get("url")),
    }


def _cell(value: object) -> str | None:
    """A cell as one line of clean text, or None when it is empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)[:_MAX_CELL]
    text = " ".join(clean_text(str(value)[:_MAX_CELL]).split())
    return None if text in ("", "<NA>", "nan", "NaN", "None") else text


def _number(value: object, where: str) -> tuple[float, str]:
    """The value as a float and as written in the table's text; a clear error when it is no number."""
    shown = repr(value)[:60] if not isinstance(value, str) else repr(value.strip()[:60])
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ReferenceTableError(f"{where}: value is empty")
    if isinstance(value, bool):
        raise ReferenceTableError(f"{where}: value {shown} is not a number")
    if isinstance(value, int | float | Decimal):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            raise ReferenceTableError(f"{where}: value {shown} is not a finite number") from None
        written = str(value) if not isinstance(value, float) or not number.is_integer() else str(int(number)) \
            if abs(number) < 1e15 else repr(number)
    elif isinstance(value, str):
        text = clean_text(value).strip()
        if _PLAIN_NUMBER.fullmatch(text):
            number, written = float(text), text
        elif _GROUPED_NUMBER.fullmatch(text):
            number, written = float(text.replace(",", "")), text
        else:
            hint = " (write it as digits with a '.' for decimals)" if re.search(r"\d", text) else ""
            raise ReferenceTableError(f"{where}: value {shown} is not a number{hint}")
    else:
        raise ReferenceTableError(f"{where}: value {shown} is not a number")
    if not math.isfinite(number):
        raise ReferenceTableError(f"{where}: value {shown} is not a finite number")
    if number == 0:
        number = 0.0  # "-0" is zero
    return number, written.lstrip("+")


def _day(value: object, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell(value) or ""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ReferenceTableError(f"{where}: as_of {text[:40]!r} is not a real date (YYYY-MM-DD)") from None


def _claim(document: Document, number: int, start: int, end: int, record: dict) -> Claim:
    unit, measure = _unit_meaning(record["unit"])
    value = record["value"]
    return Claim(
        id=f"{document.id}:r{number}",
        document_id=document.id,
        kind=ClaimKind.QUANTITY,
        text=document.text[start:end],
        start=start,
        end=end,
        subject=record["subject"],
        as_of=record["as_of"],
        quantity=Quantity(value=value, unit=unit, low=value, high=value, qualifier=Qualifier.EXACT,
                          measure=measure),
        speaker=record["source"],
        context=" ".join(content_words(f"{record['subject']} {record['attribute']}")),
    )


def _unit_meaning(written: str | None) -> tuple[str | None, str]:
    if not written:
        return None, "number"
    lowered = written.strip().lower()
    if lowered in ("%", "percent"):
        return "percent", "percent"
    meaning = physical_unit(lowered)
    code = None if meaning else currency_of(written)  # "MPH" is a speed, "SZD" a currency
    if code:
        return code, f"currency:{code}"
    meaning = meaning or counted_noun(lowered)
    return meaning.unit, meaning.measure
