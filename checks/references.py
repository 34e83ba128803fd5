"""Reference tables: dated figures in rows, read with pandas and turned into claims.

Columns: subject,attribute,value,unit,as_of,source,url (CSV, Parquet, JSON or JSON Lines).
Each table becomes one Document whose text has a line a row, so evidence points at an exact span
like any other source's.
"""

from __future__ import annotations

import hashlib
import math
from datetime import date
from pathlib import Path

from checks.claims import Claim, ClaimKind, Qualifier, Quantity
from checks.documents import Document
from checks.errors import ReferenceTableError
from checks.text import content_words
from checks.units import CURRENCY_WORDS, counted_noun, physical_unit

__all__ = ["REFERENCE_COLUMNS", "TABLE_SUFFIXES", "load_reference_table"]

REFERENCE_COLUMNS = ["subject", "attribute", "value", "unit", "as_of", "source", "url"]
TABLE_SUFFIXES = {".csv", ".parquet", ".json", ".jsonl"}


def load_reference_table(path: Path) -> tuple[Document, list[Claim]]:
    """Read a reference table; every row becomes a quantity claim of one table document."""
    frame = _read(path)
    missing = [c for c in REFERENCE_COLUMNS if c not in frame.columns]
    if missing:
        raise ReferenceTableError(f"{path}: reference table lacks column(s) {', '.join(missing)}")
    if frame.empty:
        raise ReferenceTableError(f"{path}: reference table has no rows")
    lines: list[str] = []
    rows: list[tuple[int, int, dict]] = []
    offset = 0
    for number, row in enumerate(frame[REFERENCE_COLUMNS].itertuples(index=False), start=2):
        record = _validated(row._asdict(), path, number)
        line = f"{record['subject']}, {record['attribute']}: {row.value} {record['unit'] or ''}".rstrip()
        line += f" (as of {record['as_of']}, {record['source']})"
        value_at = line.index(f": {row.value}") + 2
        rows.append((offset + value_at, offset + value_at + len(str(row.value)), record))
        lines.append(line)
        offset += len(line) + 1
    text = "\n".join(lines)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    document = Document(id=f"{path.stem}-{sha[:8]}", uri=str(path), text=text, sha256=sha,
                        title=f"Reference table {path.name}", publisher="reference table")
    claims = [
        _claim(document, number, start, end, record) for number, (start, end, record) in enumerate(rows, start=1)
    ]
    return document, claims


def _read(path: Path):
    import pandas as pd  # heavy: only when a table is given

    try:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return pd.read_csv(path, dtype={"unit": "string", "source": "string", "url": "string"})
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".jsonl":
            return pd.read_json(path, lines=True)
        return pd.read_json(path)
    except (ValueError, OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReferenceTableError(f"{path}: cannot read reference table ({first})") from exc


def _validated(row: dict, path: Path, line: int) -> dict:
    where = f"{path}: row {line}"
    try:
        value = float(row["value"])
    except (TypeError, ValueError) as exc:
        raise ReferenceTableError(f"{where}: value {row['value']!r} is not a number") from exc
    if not math.isfinite(value):
        raise ReferenceTableError(f"{where}: value {row['value']!r} is not a finite number")
    try:
        as_of = date.fromisoformat(str(row["as_of"])[:10])
    except ValueError as exc:
        raise ReferenceTableError(f"{where}: as_of {row['as_of']!r} is not YYYY-MM-DD") from exc
    if not str(row["subject"] or "").strip() or str(row["subject"]) == "nan":
        raise ReferenceTableError(f"{where}: subject is empty")
    unit = row["unit"]
    unit = None if unit is None or (isinstance(unit, float) and math.isnan(unit)) or str(unit) in ("", "<NA>") else str(unit)
    return {**row, "value": value, "as_of": as_of, "unit": unit}


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
        subject=str(record["subject"]),
        as_of=record["as_of"],
        quantity=Quantity(value=value, unit=unit, low=value, high=value, qualifier=Qualifier.EXACT,
                          measure=measure),
        speaker=str(record["source"]) if record["source"] else None,
        context=" ".join(content_words(f"{record['subject']} {record['attribute']}")),
    )


def _unit_meaning(written: str | None) -> tuple[str | None, str]:
    if not written:
        return None, "number"
    lowered = written.strip().lower()
    if lowered in ("%", "percent"):
        return "percent", "percent"
    if lowered in CURRENCY_WORDS:
        code = CURRENCY_WORDS[lowered]
        return code, f"currency:{code}"
    meaning = physical_unit(lowered) or counted_noun(lowered)
    return meaning.unit, meaning.measure
