"""Documents: an article or a source, read into plain text with its metadata.

Text and Markdown files may open with YAML front matter (title, publisher, published, url).
HTML is reduced to its main text by trafilatura. Claim offsets always index `Document.text`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from checks.errors import InputError

__all__ = ["Document", "document_from_text", "load_document", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Document:
    """One article or source: its plain text and what its front matter says of it."""

    id: str
    uri: str
    text: str
    sha256: str
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: str | None = None

    def to_report(self) -> dict:
        return {
            "id": self.id,
            "uri": self.uri,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "sha256": self.sha256,
        }


def load_document(path: Path, *, error: type[InputError] = InputError) -> Document:
    """Read a text, Markdown or HTML file; `error` is the InputError subclass to raise."""
    if not path.exists():
        raise error(f"{path}: no such file")
    if path.is_dir():
        raise error(f"{path}: is a folder, not a document")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: is not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in content:
        raise error(f"{path}: looks binary (it holds NUL bytes)")
    is_html = path.suffix.lower() in {".html", ".htm"}
    return document_from_text(content, uri=str(path), stem=path.stem, html=is_html, error=error)


def document_from_text(
    content: str,
    *,
    uri: str,
    stem: str,
    html: bool = False,
    error: type[InputError] = InputError,
) -> Document:
    """Build a Document from raw file content (front matter, then body)."""
    meta, body = _split_front_matter(content, uri=uri, error=error)
    if html:
        body, meta = _html_to_text(body, meta)
    body = body.strip("\n")
    if not body.strip():
        raise error(f"{uri}: holds no text to check")
    sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return Document(
        id=_document_id(stem, sha),
        uri=uri,
        text=body,
        sha256=sha,
        title=_optional_str(meta.get("title")),
        publisher=_optional_str(meta.get("publisher")),
        published=_published(meta.get("published"), uri=uri, error=error),
        url=_optional_str(meta.get("url")),
    )


def _split_front_matter(content: str, *, uri: str, error: type[InputError]) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(content)
    if not match:
        return {}, content
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise error(f"{uri}: front matter is not valid YAML{where}") from exc
    if not isinstance(meta, dict):
        raise error(f"{uri}: front matter must be a mapping of keys to values")
    return meta, content[match.end() :]


def _html_to_text(markup: str, meta: dict) -> tuple[str, dict]:
    import trafilatura  # heavy: only for HTML documents

    text = trafilatura.extract(markup, include_comments=False, include_tables=False) or ""
    found = trafilatura.extract_metadata(markup)
    merged = dict(meta)
    if found is not None:
        for key, value in (("title", found.title), ("publisher", found.sitename), ("url", found.url)):
            merged.setdefault(key, value)
        if found.date and "published" not in merged:
            merged["published"] = found.date
    return text, merged


def _published(value: object, *, uri: str, error: type[InputError]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise error(f"{uri}: published date {value!r} is not YYYY-MM-DD") from exc


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def _document_id(stem: str, sha: str) -> str:
    """A readable, store-safe id: the file stem plus a short content hash."""
    readable = _ID_UNSAFE.sub("-", stem).strip("-._")[:80] or "document"
    return f"{readable}-{sha[:8]}"
