"""Watch lists, and what changed between two reports of the same article.

A watch list is a YAML file naming the articles to check again and again, each with its sources:

    name: morning-desk                 # optional: names the run's summary (default: the file's stem)
    articles:
      - article: kursk/article.md      # a path, relative to the watch list's own folder or prefix
        sources: [kursk/sources, kursk/reference]
        as_of: 2024-08-14              # optional: judge as of this date
      - article: harbour/article.md
        sources: [harbour/sources]

`compare_reports(previous, new)` tells a reviewer what a new run of an article changed: the
discrepancies that are new, the ones that were resolved, the verdicts that changed otherwise, and
the figures that moved (the article's own figure, or the newest figure its sources give).

Plain Python: the flows read and write the store and publish what this module finds.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml

from checks.errors import InputError
from checks.paths import local_path

__all__ = [
    "DISCREPANCIES",
    "ClaimChange",
    "FigureMove",
    "ReportChanges",
    "WatchList",
    "WatchedArticle",
    "WatchlistError",
    "compare_reports",
    "load_watchlist",
    "parse_watchlist",
]

#: The verdicts that are discrepancies a reviewer must look at.
DISCREPANCIES = frozenset({"contradicted", "disputed", "outdated"})

_NAME = re.compile(r"[^a-z0-9]+")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class WatchlistError(InputError):
    """A watch list cannot be read or does not say what to check."""


@dataclass(frozen=True)
class WatchedArticle:
    """One article of a watch list, its locations resolved."""

    article: str
    sources: tuple[str, ...]
    as_of: date | None = None


@dataclass(frozen=True)
class WatchList:
    """The articles to check, in the order the file gives them."""

    name: str
    uri: str
    articles: tuple[WatchedArticle, ...]


def load_watchlist(uri: str) -> WatchList:
    """Read and parse a watch list from a path, file://... or s3://bucket/key."""
    text = _read_text(uri)
    return parse_watchlist(text, uri)


def parse_watchlist(text: str, uri: str) -> WatchList:
    """A watch list from its YAML text; relative locations resolve against uri's folder."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise WatchlistError(f"{uri}: not valid YAML ({_one_line(str(exc))})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise WatchlistError(f"{uri}: expected a mapping with an 'articles' list")
    unknown = set(document) - {"name", "articles"}
    if unknown:
        raise WatchlistError(f"{uri}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if not document["articles"]:
        raise WatchlistError(f"{uri}: the 'articles' list is empty")
    base = _base_of(uri)
    articles = tuple(_article(entry, number, base, uri) for number, entry in enumerate(document["articles"], 1))
    name = document.get("name") or _stem(uri)
    if not isinstance(name, str):
        raise WatchlistError(f"{uri}: 'name' must be a string")
    return WatchList(name=_slug(name), uri=uri, articles=articles)


def _article(entry: object, number: int, base: str, uri: str) -> WatchedArticle:
    where = f"{uri}: article {number}"
    if not isinstance(entry, dict):
        raise WatchlistError(f"{where}: expected a mapping with 'article' and 'sources'")
    unknown = set(entry) - {"article", "sources", "as_of"}
    if unknown:
        raise WatchlistError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    article = entry.get("article")
    if not isinstance(article, str) or not article.strip():
        raise WatchlistError(f"{where}: 'article' must be a path")
    sources = entry.get("sources")
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s.strip() for s in sources):
        raise WatchlistError(f"{where}: 'sources' must be a path or a non-empty list of paths")
    as_of = entry.get("as_of")
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            raise WatchlistError(f"{where}: 'as_of' {as_of!r} is not a date (YYYY-MM-DD)") from None
    if as_of is not None and not isinstance(as_of, date):
        raise WatchlistError(f"{where}: 'as_of' must be a date (YYYY-MM-DD)")
    return WatchedArticle(
        article=_resolve(article.strip(), base),
        sources=tuple(_resolve(s.strip(), base) for s in sources),
        as_of=as_of,
    )


def _base_of(uri: str) -> str:
    """The folder (or s3:// prefix) relative locations resolve against."""
    if uri.startswith("s3://"):
        return uri.rsplit("/", 1)[0]
    if uri.startswith("file://"):
        return str(Path(urlsplit(uri).path).parent)
    return str(local_path(uri).resolve().parent)


def _resolve(location: str, base: str) -> str:
    if _URI.match(location) or location.startswith("/"):
        return location
    if location.startswith("~"):
        return str(local_path(location))
    if base.startswith("s3://"):
        bucket_and_prefix = base[len("s3://"):]
        return "s3://" + posixpath.normpath(posixpath.join(bucket_and_prefix, location))
    return str(Path(base) / location)


def _read_text(uri: str) -> str:
    if uri.startswith("s3://"):
        return _read_s3(uri)
    path = Path(urlsplit(uri).path) if uri.startswith("file://") else local_path(uri)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise WatchlistError(f"{uri}: no such watch list") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchlistError(f"{uri}: cannot be read ({exc})") from exc


def _read_s3(uri: str) -> str:
    import boto3  # only an s3:// watch list pays for it
    from botocore.exceptions import BotoCoreError, ClientError

    parts = urlsplit(uri)
    key = parts.path.lstrip("/")
    if not parts.netloc or not key:
        raise WatchlistError(f"{uri}: an s3:// watch list needs a bucket and a key")
    try:
        client = boto3.session.Session().client("s3")
        body = client.get_object(Bucket=parts.netloc, Key=key)["Body"].read()
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "error")
        raise WatchlistError(f"{uri}: cannot be read from S3 ({code})") from exc
    except BotoCoreError as exc:
        raise WatchlistError(f"{uri}: cannot be read from S3 ({_one_line(str(exc))})") from exc
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WatchlistError(f"{uri}: is not UTF-8 text") from exc


def _stem(uri: str) -> str:
    return PurePosixPath(urlsplit(uri).path if _URI.match(uri) else Path(uri).as_posix()).stem or "watchlist"


def _slug(name: str) -> str:
    return _NAME.sub("-", name.lower()).strip("-")[:60] or "watchlist"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- comparing two reports of one article -------------------------------------------------


@dataclass(frozen=True)
class ClaimChange:
    """A claim whose verdict is new, resolved or changed since the previous report."""

    claim_id: str
    text: str
    kind: str
    before: str | None  # the verdict in the previous report; None for a claim it did not have
    after: str | None  # the verdict now; None for a claim the article no longer makes

    def describe(self) -> str:
        if self.before is None:
            return f"{self.text!r}: {self.after} (a claim the previous report did not have)"
        if self.after is None:
            return f"{self.text!r}: was {self.before}; the article no longer makes this claim"
        return f"{self.text!r}: {self.before} -> {self.after}"


@dataclass(frozen=True)
class FigureMove:
    """A figure that moved: the article's own (`article`) or the newest one its sources give (`sources`)."""

    claim_id: str
    text: str
    where: str  # "article" or "sources"
    before: str
    after: str

    def describe(self) -> str:
        if self.where == "article":
            return f"the article's figure moved: {self.before!r} -> {self.after!r}"
        return f"{self.text!r}: the newest source figure moved: {self.before} -> {self.after}"


@dataclass(frozen=True)
class ReportChanges:
    """What a new report of an article changed against the previous one."""

    first: bool  # there was no previous report
    new: tuple[ClaimChange, ...] = ()
    resolved: tuple[ClaimChange, ...] = ()
    changed: tuple[ClaimChange, ...] = ()
    moved: tuple[FigureMove, ...] = ()
    discrepancies: int = 0  # in the new report
    previous_run_id: str | None = None
    summary: dict = field(default_factory=dict)

    @property
    def no_change(self) -> bool:
        return not self.first and not (self.new or self.resolved or self.changed or self.moved)

    @property
    def headline(self) -> str:
        """One line: 'first check: ...', 'no change' or the counts of what changed."""
        if self.first:
            return f"first check: {self.discrepancies} discrepanc{'y' if self.discrepancies == 1 else 'ies'}"
        if self.no_change:
            return "no change"
        parts = [
            f"{len(items)} {label}"
            for items, label in (
                (self.new, "new"),
                (self.resolved, "resolved"),
                (self.changed, "changed"),
                (self.moved, "moved"),
            )
            if items
        ]
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """One line per change, prefixed with its kind."""
        out = [f"new: {c.describe()}" for c in self.new]
        out += [f"resolved: {c.describe()}" for c in self.resolved]
        out += [f"changed: {c.describe()}" for c in self.changed]
        out += [f"moved: {m.describe()}" for m in self.moved]
        return out

    def to_dict(self) -> dict:
        return {
            "headline": self.headline,
            "first": self.first,
            "no_change": self.no_change,
            "previous_run_id": self.previous_run_id,
            "discrepancies": self.discrepancies,
            "new": [c.__dict__ for c in self.new],
            "resolved": [c.__dict__ for c in self.resolved],
            "changed": [c.__dict__ for c in self.changed],
            "moved": [m.__dict__ for m in self.moved],
        }


def compare_reports(previous: dict | None, new: dict) -> ReportChanges:
    """What changed from previous (None: the article's first run) to new, claim by claim.

    Claims pair up when they say the same thing (same kind and text); the quantities left over
    pair up by what they measure (kind, subject and unit, in the article's order), so an article
    that now says "82 towns" where it said "74 towns" shows as a figure that moved.
    """
    new_rows = _rows(new)
    discrepancies = sum(1 for row in new_rows if row["verdict"] in DISCREPANCIES)
    if previous is None:
        first_new = tuple(_change(row, None) for row in new_rows if row["verdict"] in DISCREPANCIES)
        return ReportChanges(first=True, new=first_new, discrepancies=discrepancies, summary=new.get("summary", {}))
    old_rows = _rows(previous)
    pairs, only_old, only_new = _pair(old_rows, new_rows)
    new_items: list[ClaimChange] = []
    resolved: list[ClaimChange] = []
    changed: list[ClaimChange] = []
    moved: list[FigureMove] = []
    for old, row in pairs:
        before, after = old["verdict"], row["verdict"]
        if before != after:
            change = _change(row, before)
            if after in DISCREPANCIES and before not in DISCREPANCIES:
                new_items.append(change)
            elif before in DISCREPANCIES and after not in DISCREPANCIES:
                resolved.append(change)
            else:
                changed.append(change)
        if row["kind"] == "quantity":
            if _figure(old["claim"]) != _figure(row["claim"]):
                moved.append(FigureMove(row["id"], row["text"], "article", old["text"], row["text"]))
            newest_before, newest_after = _newest_evidence(old["finding"]), _newest_evidence(row["finding"])
            if newest_before and newest_after and newest_before != newest_after:
                moved.append(FigureMove(row["id"], row["text"], "sources", newest_before, newest_after))
    for row in only_new:
        change = _change(row, None)
        (new_items if row["verdict"] in DISCREPANCIES else changed).append(change)
    for old in only_old:
        change = ClaimChange(old["id"], old["text"], old["kind"], old["verdict"], None)
        (resolved if old["verdict"] in DISCREPANCIES else changed).append(change)
    return ReportChanges(
        first=False,
        new=tuple(new_items),
        resolved=tuple(resolved),
        changed=tuple(changed),
        moved=tuple(moved),
        discrepancies=discrepancies,
        previous_run_id=previous.get("run_id"),
        summary=new.get("summary", {}),
    )


def _rows(report: dict) -> list[dict]:
    """One row per claim with its finding, in the article's order."""
    findings = {f["claim_id"]: f for f in report.get("findings", [])}
    rows = []
    for claim in report.get("claims", []):
        finding = findings.get(claim["id"], {})
        rows.append(
            {
                "id": claim["id"],
                "kind": claim.get("kind", ""),
                "text": claim.get("text", ""),
                "claim": claim,
                "finding": finding,
                "verdict": finding.get("verdict"),
            }
        )
    return rows


def _pair(old_rows: list[dict], new_rows: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs (old, new) of the same claim, and the claims only one side has."""
    pairs: list[tuple[dict, dict]] = []
    old_left = list(old_rows)
    new_left: list[dict] = []
    for row in new_rows:  # first the claims with the same kind and text
        found = next((old for old in old_left if (old["kind"], old["text"]) == (row["kind"], row["text"])), None)
        if found is None:
            new_left.append(row)
        else:
            old_left.remove(found)
            pairs.append((found, row))
    unpaired_new: list[dict] = []
    for row in new_left:  # then figures about the same measure
        found = next(
            (old for old in old_left if row["kind"] == "quantity" and _measure(old) == _measure(row)), None
        )
        if found is None:
            unpaired_new.append(row)
        else:
            old_left.remove(found)
            pairs.append((found, row))
    return pairs, old_left, unpaired_new


def _measure(row: dict) -> tuple:
    claim = row["claim"]
    quantity = claim.get("quantity") or {}
    return (row["kind"], claim.get("subject"), quantity.get("unit"))


def _figure(claim: dict) -> tuple:
    quantity = claim.get("quantity") or {}
    return (quantity.get("value"), quantity.get("unit"), quantity.get("low"), quantity.get("high"),
            quantity.get("qualifier"))


def _newest_evidence(finding: dict) -> str | None:
    """The newest source figure a finding cites ('1,294 square kilometres (2024-08-27)'), if dated."""
    dated = [e for e in finding.get("evidence", []) if e.get("published")]
    if not dated:
        return None
    newest = max(dated, key=lambda e: e["published"])
    same_day = sorted({e["text"] for e in dated if e["published"] == newest["published"]})
    return f"{' / '.join(same_day)} ({newest['published']})"


def _change(row: dict, before: str | None) -> ClaimChange:
    return ClaimChange(row["id"], row["text"], row["kind"], before, row["verdict"])
