"""Documents: an article or a source, read into plain text with its metadata.

Text and Markdown files may open with YAML front matter (title, publisher, published, url).
HTML is reduced to its main text by trafilatura, after scripts, styles, noscript, iframes, frames,
objects, embeds, templates, SVG and canvas elements are removed from the page.
Claim offsets always index `Document.text`.

Input is checked before it is trusted:

- a file is refused before it is read when it is not a regular file or is over the size limit
  (`InputLimits.max_document_bytes`), and is never read past that limit;
- text must be UTF-8 (a UTF-8 byte-order mark is dropped; UTF-16 and UTF-32 are refused with a
  hint, since the reports, hashes and offsets are all UTF-8); NUL bytes or many control
  characters mean a binary file;
- the plain text is normalised: zero-width characters, soft hyphens and bidirectional controls
  (U+200B-U+200F, U+202A-U+202E, U+2066-U+2069, U+2060, U+FEFF, U+00AD, U+061C) are removed, so
  "1,\u200b050" reads 1,050 and a right-to-left override cannot disguise a name or a figure; the
  text is put in Unicode NFC; line ends become "\n"; other control characters become spaces;
  digit groups separated by no-break, narrow no-break, thin or figure spaces, apostrophes or the
  Arabic thousands separator ("1 050", "1'050", "١٬٠٥٠") are written with commas;
- a paragraph longer than `InputLimits.max_paragraph_chars` is refused (sentence splitting time
  grows with the square of a paragraph's length);
- front matter must be a YAML mapping whose known keys hold plain values; a published date must be a
  real date, not after `InputLimits.latest_date()`.

Every problem is raised as the InputError subclass the caller names (`error=`).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from checks.errors import InputError
from checks.inputs import InputLimits

__all__ = [
    "Document",
    "HTML_SUFFIXES",
    "Listed",
    "TEXT_SUFFIXES",
    "clean_text",
    "decode_text",
    "document_from_bytes",
    "document_from_text",
    "load_document",
    "read_file_bytes",
    "safe_id",
]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
HTML_SUFFIXES = {".html", ".htm"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Invisible characters that can hide inside names and figures: removed.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u180e\u061c\u202a-\u202e\u2066-\u2069]")
#: Control characters other than tab and newline (C0, DEL and C1): become spaces.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Digit groups joined by a locale's thousands separator: "1 050" (no-break or thin space), "1'050".
_GROUPED = re.compile("(?<![\\d.,])\\d{1,3}(?:[\u00a0\u202f\u2009\u2007'\u2019\u066c]\\d{3})+(?![\\d])")
_GROUP_SEPARATORS = re.compile("[\u00a0\u202f\u2009\u2007'\u2019\u066c]")
_ARABIC_DECIMAL = re.compile("(?<=\\d)\u066b(?=\\d)")
_PARAGRAPH = re.compile(r"\n\s*\n")
_HTML_ROOT = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_NOT_TEXT = "//script|//style|//noscript|//iframe|//frame|//object|//embed|//template|//svg|//canvas"
_FRONT_MATTER_KEYS = ("title", "publisher", "published", "url")
_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


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


def load_document(path: Path, *, error: type[InputError] = InputError, limits: InputLimits | None = None,
                  listed: Listed | None = None) -> Document:
    """Read a text, Markdown or HTML file; `error` is the InputError subclass to raise."""
    limits = limits or InputLimits()
    raw = read_file_bytes(path, limit=limits.max_document_bytes, setting="CROSSCHECK_MAX_DOCUMENT_BYTES",
                          error=error)
    return document_from_bytes(raw, uri=str(path), stem=path.stem, html=path.suffix.lower() in HTML_SUFFIXES,
                               error=error, limits=limits, listed=listed)


def read_file_bytes(path: Path, *, limit: int, setting: str, error: type[InputError] = InputError,
                    what: str = "document") -> bytes:
    """A regular file's bytes, refused before reading when it is over `limit` bytes."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise error(f"{path}: no such file") from None
    except ValueError as exc:  # an embedded NUL byte
        raise error(f"{_show_path(path)}: is not a usable file name ({exc})") from None
    except OSError as exc:
        raise error(f"{_show_path(path)}: cannot be read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{path}: is not a regular file (a device, pipe or socket); not read")
    if info.st_size > limit:
        raise error(
            f"{path}: is {_size(info.st_size)}, over the {limit:,}-byte limit for a {what} ({setting}); not read"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(raw) > limit:
        raise error(f"{path}: is over the {limit:,}-byte limit for a {what} ({setting}); not read further")
    return raw


def decode_text(raw: bytes, *, uri: str, error: type[InputError] = InputError, charset: str | None = None) -> str:
    """UTF-8 text (a UTF-8 byte-order mark dropped), or the charset a server declared; else `error`."""
    for bom, name in _UTF16_32_BOMS:
        if raw.startswith(bom) and (charset is None or charset.replace("-", "").lower().startswith("utf8")):
            raise error(f"{uri}: is not UTF-8 text: it opens with a {name} byte-order mark (save it as UTF-8)")
    encoding = "utf-8-sig"
    if charset and charset.replace("-", "").replace("_", "").lower() not in {"utf8", "usascii", "ascii"}:
        try:
            encoding = codecs.lookup(charset).name
        except LookupError:
            raise error(f"{uri}: declares the unknown charset {charset[:40]!r}") from None
    try:
        content = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8-sig":
            raise error(f"{uri}: is not UTF-8 text (byte {exc.start})") from exc
        raise error(f"{uri}: is not valid {charset} text (byte {exc.start})") from exc
    if "\x00" in content:
        raise error(f"{uri}: looks binary (it holds NUL bytes)")
    sample = content[:65536]
    controls = len(_CONTROL.findall(sample)) - sample.count("\r") - sample.count("\f")
    if sample and controls > max(8, len(sample) // 100):
        raise error(f"{uri}: looks binary (it holds {controls} control characters in its first {len(sample):,})")
    return content


def document_from_bytes(
    raw: bytes,
    *,
    uri: str,
    stem: str,
    html: bool = False,
    error: type[InputError] = InputError,
    charset: str | None = None,
    limits: InputLimits | None = None,
    listed: Listed | None = None,
) -> Document:
    """Build a Document from a file's or an object's bytes (decoded, then as `document_from_text`)."""
    return document_from_text(decode_text(raw, uri=uri, error=error, charset=charset), uri=uri, stem=stem,
                              html=html, error=error, limits=limits, listed=listed)


def document_from_text(
    content: str,
    *,
    uri: str,
    stem: str,
    html: bool = False,
    error: type[InputError] = InputError,
    limits: InputLimits | None = None,
    listed: Listed | None = None,
) -> Document:
    """Build a Document from raw file content (front matter, then body).

    `listed` is what a listing (a manifest entry, a feed, the address fetched) says of the document:
    it fills in what the front matter does not say, and wins over what HTML metadata guesses.
    """
    limits = limits or InputLimits()
    listed = listed or Listed()
    try:
        encoded = content.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise error(f"{uri}: holds characters that are not valid Unicode (position {exc.start})") from None
    meta, body = _split_front_matter(content, uri=uri, error=error)
    found_date = None
    found: dict[str, str] = {}
    if html:
        body, found, found_date = _html_to_text(body, has_date="published" in meta, uri=uri, error=error)
    body = clean_text(body).strip("\n")
    if not body.strip():
        raise error(f"{uri}: holds no text to check")
    _check_paragraphs(body, uri=uri, limit=limits.max_paragraph_chars, error=error)
    sha = hashlib.sha256(encoded).hexdigest()
    published = _published(meta.get("published"), uri=uri, error=error, latest=limits.latest_date())
    if published is None:
        published = listed.published
    if published is None and found_date is not None:
        published = _page_date(found_date, latest=limits.latest_date())
    return Document(
        id=_document_id(stem, sha),
        uri=uri,
        text=body,
        sha256=sha,
        title=_meta_text(meta, "title", uri=uri, error=error) or listed.title or found.get("title"),
        publisher=_meta_text(meta, "publisher", uri=uri, error=error) or listed.publisher or found.get("publisher"),
        published=published,
        url=_meta_text(meta, "url", uri=uri, error=error) or found.get("url") or listed.url,
    )


@dataclass(frozen=True)
class Listed:
    """What a listing says of a document: a manifest entry, a feed and its entry, the address fetched."""

    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: str | None = None


def clean_text(text: str) -> str:
    """Text with invisible and control characters gone, NFC, "\\n" line ends, digit groups with commas."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = _ARABIC_DECIMAL.sub(".", text)
    return _GROUPED.sub(lambda m: _GROUP_SEPARATORS.sub(",", m.group(0)), text)


def safe_id(stem: str, sha: str) -> str:
    """A readable, store-safe id: a name's safe characters plus a short content hash."""
    return _document_id(stem, sha)


# -- front matter ---------------------------------------------------------------------


#: libyaml's safe loader where PyYAML was built with it: it reads front matter about 5 times faster
#: than the pure-Python one, and a re-run reads every source's front matter again.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _split_front_matter(content: str, *, uri: str, error: type[InputError]) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(content)
    if not match:
        return {}, content
    try:
        meta = yaml.load(match.group(1), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        # Where the broken construct starts (an unclosed bracket's line), else where parsing stopped.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = getattr(mark, "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise error(f"{uri}: front matter is not valid YAML{where}") from exc
    except (ValueError, OverflowError) as exc:  # "published: 2024-02-30": PyYAML builds the date itself
        raise error(f"{uri}: front matter holds an impossible value ({_one_line(str(exc))})") from exc
    except RecursionError:
        raise error(f"{uri}: front matter is nested too deeply") from None
    if not isinstance(meta, dict):
        raise error(f"{uri}: front matter must be a mapping of keys to values")
    return meta, content[match.end() :]


def _meta_text(meta: dict, key: str, *, uri: str, error: type[InputError]) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        raise error(f"{uri}: front matter '{key}' must be plain text, not a {type(value).__name__}")
    text = clean_text(str(value)).strip()
    return " ".join(text.split())[:1000] or None


def as_day(value: object) -> date | None:
    """A front-matter or manifest date: None when empty; ValueError when it is not a real YYYY-MM-DD day."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def _published(value: object, *, uri: str, error: type[InputError], latest: date) -> date | None:
    if not isinstance(value, (str, date)) and value is not None:
        raise error(f"{uri}: published date {str(value)[:40]!r} is not YYYY-MM-DD")
    try:
        day = as_day(value.strip() if isinstance(value, str) else value)
    except ValueError as exc:
        raise error(f"{uri}: published date {str(value).strip()[:40]!r} is not a real date (YYYY-MM-DD)") from exc
    if day is not None and day > latest:
        raise error(f"{uri}: published date {day.isoformat()} is in the future (after {latest.isoformat()})")
    return day


def _page_date(value: object, *, latest: date) -> date | None:
    """A date a page's metadata gives (trafilatura's guess): kept only when it is plausible."""
    try:
        day = date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None
    return day if day <= latest else None


# -- HTML -----------------------------------------------------------------------------


def _html_to_text(markup: str, *, has_date: bool, uri: str, error: type[InputError]) -> tuple[str, dict, object]:
    """The page's main text, what its metadata says (title, publisher, url) and the date it gives."""
    import trafilatura  # heavy: only for HTML documents

    if not _HTML_ROOT.search(markup[:4096]):
        markup = f"<html><body>{markup}</body></html>"  # a fragment (a feed entry's content)
    try:
        tree = trafilatura.load_html(markup)
        if tree is None:
            return "", {}, None
        for element in tree.xpath(_NOT_TEXT):  # what a reader never sees as the page's text
            if element.getparent() is not None:
                element.drop_tree()
        found = trafilatura.extract_metadata(tree)
        text = trafilatura.extract(tree, include_comments=False, include_tables=False) or ""
        if not text.strip():  # no main text found: all the page's text, scripts and styles still left out
            text = trafilatura.html2txt(tree) or ""
    except RecursionError:
        raise error(f"{uri}: the HTML is nested too deeply to read") from None
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds on broken markup
        raise error(f"{uri}: cannot be read as HTML ({type(exc).__name__})") from exc
    # trafilatura puts one line a paragraph (or heading); a blank line between them lets sentence
    # splitting see each paragraph apart, as it does in text and Markdown.
    text = "\n\n".join(line for line in text.splitlines() if line.strip())
    found_date = None
    guessed: dict[str, str] = {}
    if found is not None:
        for key, value in (("title", found.title), ("publisher", found.sitename), ("url", found.url)):
            if isinstance(value, str) and value.strip():
                guessed[key] = " ".join(clean_text(value).split())[:1000]
        if found.date and not has_date:
            found_date = found.date
    return text, guessed, found_date


# -- limits and ids -------------------------------------------------------------------


def _check_paragraphs(text: str, *, uri: str, limit: int, error: type[InputError]) -> None:
    if len(text) <= limit:
        return
    start = 0
    for separator in _PARAGRAPH.finditer(text):
        _check_paragraph(text, start, separator.start(), uri=uri, limit=limit, error=error)
        start = separator.end()
    _check_paragraph(text, start, len(text), uri=uri, limit=limit, error=error)


def _check_paragraph(text: str, start: int, end: int, *, uri: str, limit: int, error: type[InputError]) -> None:
    if end - start > limit:
        line = text.count("\n", 0, start) + 1
        raise error(
            f"{uri}: a paragraph of {end - start:,} characters (from line {line}) is over the {limit:,}-character "
            "limit (CROSSCHECK_MAX_PARAGRAPH_CHARS); separate its paragraphs with blank lines"
        )


def _document_id(stem: str, sha: str) -> str:
    """A readable, store-safe id: the file stem plus a short content hash."""
    readable = _ID_UNSAFE.sub("-", stem).strip("-._")[:80] or "document"
    return f"{readable}-{sha[:8]}"


def _size(count: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if count >= factor:
            return f"{count / factor:.1f} {unit} ({count:,} bytes)"
    return f"{count:,} bytes"


def _show_path(path: Path) -> str:
    text = repr(str(path))[1:-1]
    return text if len(text) <= 200 else text[:197] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())
