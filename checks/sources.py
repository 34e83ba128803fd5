"""Sources: what the article is checked against, gathered from wherever the user names.

    load_source_set(locations, options) ─┬─ path to a file        a document (.txt .md .markdown .html .htm),
                                         │                        a reference table (.csv .parquet .json .jsonl)
                                         │                        or a feed (.rss .atom .xml)
                                         ├─ path to a folder      every document and table in it, recursively
                                         ├─ manifest (.yaml)      its source set(s), with publisher, date, credibility
                                         ├─ s3://bucket/key       one object; s3://bucket/prefix: every object under it
                                         └─ http(s)://...         a page, a table or a feed (by its media type);
                                                                  a feed's entries' pages are fetched too

A source is a text document (its claims are extracted like the article's) or a reference table
(its rows are claims already), with the credibility its manifest gives it (1 when none does).

What the user names explicitly (a file, an object, an address, a manifest entry) must be usable: a
problem is a SourceError (exit 2), except a named address that cannot be reached just now (a
timeout, a refused connection, an error answer), which is recorded as unavailable with a warning.
What a listing turns up (the files of a folder, the objects under a prefix, the entries of a feed)
is skipped with a warning when it is unusable. Either way the check goes on, and the report lists
them as unavailable; only when nothing at all is usable is it an error. Folders are read in name order without
following links to folders, hidden files and folders are passed over, and runs are repeatable.
Addresses go through `checks.fetch` (allowed hosts, timeouts, size limits); a feed's entry that links
back to the feed, or to another feed, is not followed.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from checks.claims import Claim
from checks.documents import HTML_SUFFIXES, TEXT_SUFFIXES, Document, Listed, document_from_bytes, load_document
from checks.errors import InputError, SourceError
from checks.feeds import FEED_MEDIA_TYPES, FEED_SUFFIXES, Feed, looks_like_feed, parse_feed
from checks.fetch import Fetched, fetch
from checks.inputs import InputOptions
from checks.manifests import ManifestEntry, is_manifest, load_manifest
from checks.paths import local_path
from checks.references import TABLE_SUFFIXES, load_reference_table, table_from_bytes

__all__ = [
    "Source",
    "SourceSet",
    "Unavailable",
    "document_from_address",
    "document_from_s3",
    "load_source_set",
    "load_sources",
]

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown"}
_TABLE_TYPES = {
    "text/csv": ".csv",
    "application/csv": ".csv",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/jsonlines": ".jsonl",
    "application/vnd.apache.parquet": ".parquet",
    "application/x-parquet": ".parquet",
}


@dataclass(frozen=True)
class Source:
    """One source document; reference tables arrive with their claims already made."""

    document: Document
    table_claims: tuple[Claim, ...] | None = None
    #: How far the source is trusted, 0-1, from its manifest (1 when no manifest rates it).
    credibility: float = 1.0


@dataclass(frozen=True)
class Unavailable:
    """A source that was named or listed but could not be used in this check, and why."""

    location: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"location": self.location, "reason": self.reason}


@dataclass(frozen=True)
class SourceSet:
    """The sources read for a check, and those that could not be (recorded in the report)."""

    sources: list[Source]
    unavailable: list[Unavailable] = field(default_factory=list)


def load_source_set(locations: list[str], options: InputOptions | None = None) -> SourceSet:
    """Every source under the given locations, and the ones unavailable this time.

    A named address that cannot be reached just now (a timeout, a refused connection, an error
    answer) and an unusable item of a folder, prefix or feed are recorded as unavailable and the
    check goes on; anything else wrong with a named source is an input error. No usable source at
    all is an input error too, naming the first unavailable one.
    """
    loader = _Loader(options or InputOptions())
    for location in locations:
        loader.location(location, _DEFAULT)
    if not loader.sources:
        shown = ", ".join(locations) or "the given sources"
        first = f" ({loader.unavailable[0].reason})" if loader.unavailable else ""
        raise SourceError(f"no source documents found in {shown}{first}")
    return SourceSet(_unique(loader.sources), loader.unavailable)


def load_sources(locations: list[str], options: InputOptions | None = None) -> list[Source]:
    """Every source under the given locations (see `load_source_set`)."""
    return load_source_set(locations, options).sources


def document_from_address(url: str, options: InputOptions, *, error: type[InputError] = SourceError,
                          listed: Listed | None = None) -> Document:
    """A page fetched from an http(s) address (HTML or text); a feed or table there is an error."""
    fetched = _fetch(url, options, error=error)
    kind = _kind_of(fetched, url)
    if kind not in {"html", "text"}:
        raise error(f"{url}: is {_KIND_NAMES[kind]}, not an article page")
    return _page(fetched, kind, options, error=error, listed=listed)


def document_from_s3(uri: str, options: InputOptions, *, error: type[InputError] = SourceError) -> Document:
    """A document read from one S3 object (HTML by its key's suffix, else text)."""
    from checks.buckets import get_object, new_client, parse_s3_uri

    location = parse_s3_uri(uri, error=error)
    if not location.key or location.key.endswith("/"):
        raise error(f"{uri}: names a prefix, not an object")
    client = new_client(timeout=options.fetch.timeout)
    raw = get_object(client, location, limit=options.limits.max_document_bytes,
                     setting="CROSSCHECK_MAX_DOCUMENT_BYTES", error=error)
    suffix = PurePosixPath(location.key).suffix.lower()
    return document_from_bytes(raw, uri=location.uri, stem=PurePosixPath(location.key).stem or location.bucket,
                               html=suffix in HTML_SUFFIXES, error=error, limits=options.limits)


# -- the loader -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Meta:
    """What a manifest entry says of the sources at its location."""

    publisher: str | None = None
    published: date | None = None
    credibility: float = 1.0
    kind: str = "auto"

    def listed(self, **more: Any) -> Listed:
        values = {"publisher": self.publisher, "published": self.published}
        values.update({k: v for k, v in more.items() if v is not None})
        return Listed(**values)


class _TooMany(SourceError):
    """More sources than the limit: never skipped like an unusable listed item."""


_DEFAULT = _Meta()
_KIND_NAMES = {"html": "an HTML page", "text": "a text", "feed": "a feed", "table": "a table",
               "unknown": "of an unsupported type"}


class _Loader:
    """Gathers sources, counting them against the limit and remembering the addresses fetched."""

    def __init__(self, options: InputOptions) -> None:
        self.options = options
        self.sources: list[Source] = []
        self.unavailable: list[Unavailable] = []
        self.fetched: set[str] = set()
        self._s3: Any = None

    # -- dispatch ----------------------------------------------------------------------

    def location(self, location: str, meta: _Meta) -> None:
        text = (location or "").strip()
        if not text:
            raise SourceError("a source location is empty")
        scheme = _SCHEME.match(text)
        if scheme is None and is_manifest(text):
            self._manifest(text)
            return
        if scheme is None:
            self._path(local_path(text), text, meta)
            return
        name = scheme.group(1).lower()
        if name == "s3":
            self._s3_location(text, meta)
        elif name in {"http", "https"}:
            try:
                self._address(text, meta, listed_from=None)
            except SourceError as exc:
                if not exc.unreachable:
                    raise
                self.skipped(exc, text, "unavailable")
        else:
            raise SourceError(
                f"{_short(text)}: the scheme '{name}' is not supported for sources; "
                "give a path, an s3:// address or an http(s) address"
            )

    def add(self, source: Source) -> None:
        limit = self.options.limits.max_sources
        if len(self.sources) >= limit:
            raise _TooMany(f"more than {limit:,} source documents (CROSSCHECK_MAX_SOURCES); name fewer")
        self.sources.append(source)

    def skipped(self, exc: InputError, location: str, what: str = "skipped") -> None:
        """An item was unusable: record it, warn and go on (but never past the source limit)."""
        if isinstance(exc, _TooMany):
            raise exc
        self.unavailable.append(Unavailable(location, str(exc)))
        self.options.warn(f"{what} {exc}")

    # -- manifests ---------------------------------------------------------------------

    def _manifest(self, location: str) -> None:
        for source_set in load_manifest(location, limits=self.options.limits, error=SourceError):
            for entry in source_set.entries:
                self.location(entry.location, _meta_of(entry))

    # -- files and folders -------------------------------------------------------------

    def _path(self, path: Path, shown: str, meta: _Meta) -> None:
        try:
            info = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise SourceError(f"{shown}: no such file or folder") from None
        except (OSError, ValueError) as exc:
            raise SourceError(f"{_short(shown)}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
        if stat.S_ISDIR(info.st_mode):
            for file in _walk(path):
                try:
                    self._file(file, meta, listed=True)
                except InputError as exc:
                    self.skipped(exc, str(file))
            return
        self._file(path, meta, listed=False)

    def _file(self, path: Path, meta: _Meta, *, listed: bool) -> None:
        suffix = path.suffix.lower()
        kind = meta.kind
        if kind == "auto":
            if suffix in TABLE_SUFFIXES:
                kind = "table"
            elif suffix in TEXT_SUFFIXES:
                kind = "document"
            elif suffix in FEED_SUFFIXES and not listed:
                kind = "feed"
            elif listed:
                return  # a folder's other files are not sources
            else:
                raise SourceError(f"{path}: not a text, Markdown, HTML, table or feed file")
        limits = self.options.limits
        if kind == "table":
            document, claims = load_reference_table(path, limits=limits)
            self.add(Source(document, tuple(claims), meta.credibility))
        elif kind == "feed":
            raw = _read(path, limits.max_document_bytes)
            self._feed(parse_feed(raw, uri=str(path), error=SourceError), meta)
        else:
            document = load_document(path, error=SourceError, limits=limits, listed=meta.listed())
            self.add(Source(document, None, meta.credibility))

    # -- S3 ----------------------------------------------------------------------------

    def _s3_client(self) -> Any:
        from checks.buckets import new_client

        if self._s3 is None:
            self._s3 = new_client(timeout=self.options.fetch.timeout)
        return self._s3

    def _s3_location(self, uri: str, meta: _Meta) -> None:
        from checks.buckets import head_object, list_objects, parse_s3_uri

        location = parse_s3_uri(uri, error=SourceError)
        client = self._s3_client()
        single = head_object(client, location, error=SourceError)
        if single is not None:
            self._s3_object(location, single.size, meta, listed=False)
            return
        found = False
        for item in list_objects(client, location, limit=self.options.limits.max_sources, error=SourceError):
            found = True
            key = PurePosixPath(item.key)
            if key.suffix.lower() not in TEXT_SUFFIXES | TABLE_SUFFIXES:
                continue
            if any(part in {".", ".."} for part in item.key.split("/")) or "//" in item.key:
                self.options.warn(f"skipped s3://{location.bucket}/{item.key}: its key has an empty, '.' or '..' part")
                continue
            try:
                self._s3_object(replace(location, key=item.key), item.size, meta, listed=True)
            except InputError as exc:
                self.skipped(exc, f"s3://{location.bucket}/{item.key}")
        if not found:
            self.options.warn(f"{location.uri}: no objects there")

    def _s3_object(self, location: Any, size: int, meta: _Meta, *, listed: bool) -> None:
        from checks.buckets import get_object

        limits = self.options.limits
        key = PurePosixPath(location.key)
        suffix = key.suffix.lower()
        kind = meta.kind if meta.kind != "auto" else "table" if suffix in TABLE_SUFFIXES else \
            "document" if suffix in TEXT_SUFFIXES else "feed" if suffix in FEED_SUFFIXES else None
        if kind is None:
            raise SourceError(f"{location.uri}: not a text, Markdown, HTML, table or feed object")
        table = kind == "table"
        limit = limits.max_table_bytes if table else limits.max_document_bytes
        setting = "CROSSCHECK_MAX_TABLE_BYTES" if table else "CROSSCHECK_MAX_DOCUMENT_BYTES"
        raw = get_object(self._s3_client(), location, limit=limit, setting=setting, error=SourceError, size=size)
        if table:
            document, claims = table_from_bytes(raw, uri=location.uri, name=key.name)
            self.add(Source(document, tuple(claims), meta.credibility))
        elif kind == "feed":
            self._feed(parse_feed(raw, uri=location.uri, error=SourceError), meta)
        else:
            document = document_from_bytes(raw, uri=location.uri, stem=key.stem or location.bucket,
                                           html=suffix in HTML_SUFFIXES, error=SourceError, limits=limits,
                                           listed=meta.listed())
            self.add(Source(document, None, meta.credibility))

    # -- addresses and feeds -----------------------------------------------------------

    def _address(self, url: str, meta: _Meta, *, listed_from: Feed | None,
                 entry_listed: Listed | None = None) -> None:
        fetched = _fetch(url, self.options, error=SourceError)
        self.fetched.update({_canonical(url), _canonical(fetched.final_url)})
        kind = _kind_of(fetched, url) if meta.kind == "auto" else {"document": "page"}.get(meta.kind, meta.kind)
        if kind == "page":
            kind = "html" if fetched.content_type in _HTML_TYPES or _suffix(url) in HTML_SUFFIXES else "text"
        if listed_from is not None and kind == "feed":
            raise SourceError(f"{url}: is itself a feed; feeds are not followed from feeds")
        if listed_from is not None and kind == "table":
            raise SourceError(f"{url}: is a table; a feed's entries are read as pages only")
        if kind == "feed":
            self._feed(parse_feed(fetched.body, uri=url, error=SourceError, base_url=fetched.final_url), meta)
        elif kind == "table":
            name = _table_name(fetched, url)
            document, claims = table_from_bytes(fetched.body, uri=url, name=name)
            self.add(Source(document, tuple(claims), meta.credibility))
        elif kind in {"html", "text"}:
            listed = entry_listed or meta.listed(url=fetched.final_url)
            document = _page(fetched, kind, self.options, error=SourceError, listed=listed)
            self.add(Source(document, None, meta.credibility))
        else:
            raise SourceError(f"{url}: is {_KIND_NAMES['unknown']} ({fetched.content_type or 'no media type'})")

    def _feed(self, feed: Feed, meta: _Meta) -> None:
        """Each entry's page, fetched like any address; a feed with no readable entry is an error."""
        entries = feed.entries[: self.options.limits.max_feed_entries]
        if len(feed.entries) > len(entries):
            self.options.warn(f"{feed.uri}: read its first {len(entries)} of {len(feed.entries)} entries "
                              "(CROSSCHECK_MAX_FEED_ENTRIES)")
        before = len(self.sources)
        first_problem: str | None = None
        self.fetched.add(_canonical(feed.uri))
        for number, entry in enumerate(entries, start=1):
            listed = Listed(title=entry.title, publisher=meta.publisher or feed.title,
                            published=entry.published or meta.published, url=entry.link)
            try:
                self._entry(feed, number, entry, meta, listed)
            except InputError as exc:
                self.skipped(exc, entry.link or f"{feed.uri}#entry-{number}")
                first_problem = first_problem or str(exc)
        if len(self.sources) == before:
            why = f" (first: {first_problem})" if first_problem else ""
            raise SourceError(f"{feed.uri}: none of the feed's {len(entries)} entries could be read{why}")

    def _entry(self, feed: Feed, number: int, entry: Any, meta: _Meta, listed: Listed) -> None:
        where = f"{feed.uri}: entry {number}"
        if entry.link is None:
            if not entry.content:
                raise SourceError(f"{where} has neither a link nor content")
            document = document_from_bytes(entry.content.encode("utf-8"), uri=f"{feed.uri}#entry-{number}",
                                           stem=f"entry-{number}", html=True, error=SourceError,
                                           limits=self.options.limits, listed=listed)
            self.add(Source(document, None, meta.credibility))
            return
        scheme = urlsplit(entry.link).scheme.lower()
        if scheme not in {"http", "https"}:
            raise SourceError(f"{where} links to a '{scheme or 'relative'}' address ({_short(entry.link)}), "
                              "which is not fetched")
        if _canonical(entry.link) in self.fetched:
            raise SourceError(f"{where} links to {_short(entry.link)}, already read (the feed itself or a "
                              "page before); not fetched again")
        self._address(entry.link, replace(meta, kind="auto"), listed_from=feed, entry_listed=listed)


# -- helpers ----------------------------------------------------------------------------


def _meta_of(entry: ManifestEntry) -> _Meta:
    return _Meta(publisher=entry.publisher, published=entry.published, credibility=entry.credibility,
                 kind=entry.kind)


def _walk(folder: Path) -> Iterator[Path]:
    """The files under a folder in name order; hidden entries and links to folders are passed over."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read(path: Path, limit: int) -> bytes:
    from checks.documents import read_file_bytes

    return read_file_bytes(path, limit=limit, setting="CROSSCHECK_MAX_DOCUMENT_BYTES", error=SourceError,
                           what="feed")


def _fetch(url: str, options: InputOptions, *, error: type[InputError]) -> Fetched:
    limits = options.limits

    def size_limit(media_type: str) -> tuple[int, str]:
        if media_type in _TABLE_TYPES:
            return limits.max_table_bytes, "CROSSCHECK_MAX_TABLE_BYTES"
        return limits.max_document_bytes, "CROSSCHECK_MAX_DOCUMENT_BYTES"

    return fetch(url, options.fetch, error=error, size_limit=size_limit)


def _kind_of(fetched: Fetched, url: str) -> str:
    """"html", "text", "feed", "table" or "unknown": by media type, then by suffix, then by content."""
    media = fetched.content_type
    suffix = _suffix(fetched.final_url) or _suffix(url)
    if media in {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml"}:
        return "feed"
    if media in _TABLE_TYPES or (media in {"", "application/octet-stream", "text/plain"} and suffix in TABLE_SUFFIXES):
        return "table"
    if media in FEED_MEDIA_TYPES or suffix in FEED_SUFFIXES or media in {"", "application/octet-stream"}:
        if looks_like_feed(fetched.body, media):
            return "feed"
    if media in _HTML_TYPES:
        return "html"
    if media in _TEXT_TYPES:
        return "text"
    if media in {"", "application/octet-stream"}:
        if suffix in HTML_SUFFIXES or fetched.body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
            return "html"
        if suffix in TEXT_SUFFIXES:
            return "text"
    return "unknown"


def _page(fetched: Fetched, kind: str, options: InputOptions, *, error: type[InputError],
          listed: Listed | None) -> Document:
    path = PurePosixPath(urlsplit(fetched.final_url).path)
    stem = path.stem or urlsplit(fetched.final_url).hostname or "page"
    return document_from_bytes(fetched.body, uri=fetched.url, stem=stem, html=kind == "html", error=error,
                               charset=fetched.charset, limits=options.limits,
                               listed=listed or Listed(url=fetched.final_url))


def _table_name(fetched: Fetched, url: str) -> str:
    path = PurePosixPath(urlsplit(fetched.final_url).path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        return path.name
    suffix = _TABLE_TYPES.get(fetched.content_type) or _suffix(url) or ".csv"
    return f"{path.stem or urlsplit(url).hostname or 'table'}{suffix}"


def _suffix(url: str) -> str:
    try:
        return PurePosixPath(urlsplit(url).path).suffix.lower()
    except ValueError:
        return ""


def _canonical(url: str) -> str:
    """An address for comparing: lower-case scheme and host, no fragment, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:197] + "..."


def _unique(sources: list[Source]) -> list[Source]:
    """The same file given twice (or reached through two folders) counts once."""
    seen: set[str] = set()
    unique = []
    for source in sources:
        if source.document.sha256 not in seen:
            seen.add(source.document.sha256)
            unique.append(source)
    return unique
