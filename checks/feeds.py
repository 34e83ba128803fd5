"""RSS and Atom feeds: parsed safely, turned into the list of entries whose pages are sources.

The bytes are first parsed by defusedxml with DTDs, entity declarations and external references
forbidden: a billion-laughs bomb, an XXE entity or any DTD is refused before feedparser sees the
feed, and malformed XML is refused with its line and column. Only then does feedparser read the
entries (handed a byte stream, never a string it could take for an address or a file name).

`parse_feed` does no fetching: `checks.sources` fetches each entry's page through the same guarded
fetcher as any address, never follows a feed from a feed, and skips an entry that links back to its
feed, so a feed linking to itself cannot loop.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import urljoin, urlsplit

from checks.documents import clean_text
from checks.errors import InputError

__all__ = ["FEED_MEDIA_TYPES", "FEED_SUFFIXES", "Feed", "FeedEntry", "looks_like_feed", "parse_feed"]

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
FEED_MEDIA_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
}
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)\b")


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: where its page is, and what the feed says of it."""

    link: str | None
    title: str | None
    published: date | None
    #: The entry's own HTML (content or summary), for an entry without a link.
    content: str | None = None


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title and its entries, in the feed's order."""

    uri: str
    title: str | None
    entries: tuple[FeedEntry, ...]


def looks_like_feed(data: bytes, media_type: str = "") -> bool:
    """Whether bytes are an RSS or Atom feed: by media type, else by the document's root element."""
    if media_type in {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml"}:
        return True
    head = data[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if not head.startswith(b"<"):
        return False
    if head[:200].lower().startswith((b"<!doctype html", b"<html")):
        return False
    return bool(_ROOT.search(head))


def parse_feed(data: bytes, *, uri: str, error: type[InputError] = InputError, base_url: str | None = None) -> Feed:
    """The feed's entries; `error` for malformed XML, a DTD or entities, or a document that is no feed."""
    _check_xml(data, uri=uri, error=error)
    import feedparser  # only when a feed is given

    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # noqa: BLE001 - feedparser's own parsers raise many kinds
        raise error(f"{uri}: cannot be read as a feed ({type(exc).__name__})") from exc
    if not parsed.get("version") and not parsed.entries:
        raise error(f"{uri}: is XML but not an RSS or Atom feed")
    base = base_url or uri
    entries = []
    for item in parsed.entries:
        link = _link(item, base)
        content = None
        if item.get("content"):
            content = item["content"][0].get("value")
        elif item.get("summary"):
            content = item.get("summary")
        entries.append(
            FeedEntry(link=link, title=_text(item.get("title")), published=_entry_date(item), content=content)
        )
    return Feed(uri=uri, title=_text(parsed.feed.get("title")), entries=tuple(entries))


def _check_xml(data: bytes, *, uri: str, error: type[InputError]) -> None:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise error(
            f"{uri}: the feed declares a DTD, entities or external references ({type(exc).__name__}); "
            "refused, since they can expand without bound or read local files"
        ) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        where = f" (line {line}, column {column})" if line is not None else ""
        raise error(f"{uri}: the feed is not well-formed XML{where}") from None
    except (ValueError, RecursionError) as exc:
        raise error(f"{uri}: the feed cannot be parsed as XML ({type(exc).__name__})") from None


def _link(item: dict, base: str) -> str | None:
    link = item.get("link")
    if not link:
        for candidate in item.get("links", []) or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link or not isinstance(link, str):
        return None
    link = link.strip()
    if not urlsplit(link).scheme and urlsplit(base).scheme in {"http", "https"}:
        link = urljoin(base, link)
    return link


def _entry_date(item: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = item.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).date()
            except (OverflowError, ValueError, OSError, TypeError):
                continue
    return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(clean_text(value).split())[:500]
    return text or None
