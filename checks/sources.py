"""Sources: what the article is checked against, gathered from files and folders.

A source is a text document (its claims are extracted like the article's) or a reference table
(its rows are claims already). Folders are read recursively, in name order, so runs are repeatable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checks.claims import Claim
from checks.documents import TEXT_SUFFIXES, Document, load_document
from checks.errors import SourceError
from checks.references import TABLE_SUFFIXES, load_reference_table

__all__ = ["Source", "load_sources"]


@dataclass(frozen=True)
class Source:
    """One source document; reference tables arrive with their claims already made."""

    document: Document
    table_claims: tuple[Claim, ...] | None = None


def load_sources(locations: list[str]) -> list[Source]:
    """Every source under the given files and folders; an empty result is an input error."""
    sources: list[Source] = []
    for location in locations:
        path = Path(location).expanduser()
        if location.startswith(("s3://", "http://", "https://")):
            raise SourceError(f"{location}: only local files and folders are supported as sources so far")
        if not path.exists():
            raise SourceError(f"{location}: no such file or folder")
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        usable = [p for p in files if p.suffix.lower() in TEXT_SUFFIXES | TABLE_SUFFIXES]
        if path.is_file() and not usable:
            raise SourceError(f"{location}: not a text, Markdown, HTML or table file")
        sources.extend(_load(p) for p in usable)
    if not sources:
        raise SourceError(f"no source documents found in {', '.join(locations) or 'the given sources'}")
    return _unique(sources)


def _load(path: Path) -> Source:
    if path.suffix.lower() in TABLE_SUFFIXES:
        document, claims = load_reference_table(path)
        return Source(document, tuple(claims))
    return Source(load_document(path, error=SourceError))


def _unique(sources: list[Source]) -> list[Source]:
    """The same file given twice (or reached through two folders) counts once."""
    seen: set[str] = set()
    unique = []
    for source in sources:
        if source.document.sha256 not in seen:
            seen.add(source.document.sha256)
            unique.append(source)
    return unique
