"""Bad input through the command line (issue 7): one row of CASES per kind, each run with --engine-only.

Every case says what a user gives and what crosscheck does with it:

- "refused": exit 2, one line on standard error naming the problem, nothing stored;
- "internal": exit 1 (the report store itself failed), one line, nothing stored;
- "goes on": exit 0, the report stored, and what the case checks on it (a figure read right, a
  script left out, a formula made inert);
- "warns": exit 0, the report stored, and a `warning:` line on standard error naming what was skipped.

`python -m tests.test_bad_input` prints the table for the README.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from tests.http_site import http_server, http_site  # noqa: F401 - the fixtures

ARTICLE = ("---\ntitle: Week one\npublished: 2024-08-14\n---\n"
           "Ukrainian troops took 74 towns in the Kursk region, the commander said on August 13, 2024.\n")
SOURCE = ("---\ntitle: Syrskyi's figure\npublisher: Wire\npublished: 2024-08-13\n---\n"
          "Ukrainian forces control 74 settlements in the Kursk region, commander Oleksandr Syrskyi said on "
          "August 13, 2024.\n")
TABLE_HEADER = "subject,attribute,value,unit,as_of,source,url\n"
RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>')
BOMB = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        '<rss version="2.0"><channel><title>&d;</title></channel></rss>')


@dataclass
class Run:
    """What one case hands the command line."""

    article: str
    sources: list[str]
    store: str | None = None
    stdin: bytes | None = None


class Ctx:
    """A case's workshop: a folder, the environment, and the servers when the case asks for them."""

    def __init__(self, tmp: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp, self.request, self.monkeypatch = tmp, request, monkeypatch
        self.inputs = tmp / "inputs"
        self.inputs.mkdir()
        self.article = self.file("article.md", ARTICLE)
        self.sources = str(self.inputs / "sources")
        self.file("sources/syrskyi.md", SOURCE)

    def file(self, name: str, content: str | bytes) -> str:
        path = self.inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return str(path)

    def sparse(self, name: str, size: int) -> str:
        path = self.inputs / name
        with path.open("wb") as handle:
            handle.truncate(size)
        return str(path)

    def env(self, **settings: str) -> None:
        for name, value in settings.items():
            self.monkeypatch.setenv(f"CROSSCHECK_{name.upper()}", value)

    def site(self):
        return self.request.getfixturevalue("http_site")

    def bucket(self) -> str:
        return self.request.getfixturevalue("s3_env")

    def run(self, article: str | None = None, sources: list[str] | None = None, **more) -> Run:
        return Run(article or self.article, sources if sources is not None else [self.sources], **more)

    def with_source(self, name: str, content: str | bytes) -> Run:
        return self.run(sources=[self.sources, self.file(name, content)])

    def with_article(self, name: str, content: str | bytes) -> Run:
        return self.run(article=self.file(name, content))


@dataclass
class Case:
    """One kind of bad input: what is given, what happens, and how the test builds it."""

    id: str
    given: str
    outcome: str  # "refused" | "internal" | "goes on" | "warns"
    words: str
    build: Callable[[Ctx], Run]
    check: Callable[[dict, Path], None] | None = None
    marks: list = field(default_factory=list)
    #: For the README: what going on means in this case.
    note: str = ""

    @property
    def says(self) -> str:
        return {"refused": "exit 2", "internal": "exit 1", "goes on": "exit 0", "warns": "exit 0, warning"}[self.outcome]


# -- checks on a report that went on -------------------------------------------------------


def claim_values(report: dict) -> dict[str, float]:
    return {c["text"]: c["quantity"]["value"] for c in report["claims"] if c["quantity"]}


def html_without_scripts(report: dict, store: Path) -> None:
    assert "74 towns" in claim_values(report)
    assert all("999" not in c["text"] for c in report["claims"])
    page = next(store.rglob("report.html")).read_text(encoding="utf-8")
    assert "alert(" not in page and "evil.example" not in page


def figures_read_right(report: dict, _store: Path) -> None:
    values = claim_values(report)
    assert values.get("1,050 square kilometers") == 1050 and values.get("74 towns") == 74
    assert all("\u200b" not in c["text"] and "\u202e" not in c["text"] for c in report["claims"])


def grouped_figure(report: dict, _store: Path) -> None:
    assert 1050 in claim_values(report).values()


def strict_json(report: dict, store: Path) -> None:
    def refuse(constant: str) -> None:
        raise ValueError(f"report.json holds {constant}")

    json.loads(next(store.rglob("report.json")).read_bytes(), parse_constant=refuse)


def inert_csv(report: dict, store: Path) -> None:
    text = next(store.rglob("findings.csv")).read_text(encoding="utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [c for c in cells if c[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    assert "'-0 villages" in cells  # the article's own "-0 villages" claim: made inert, not lost


def stored_inside(report: dict, store: Path) -> None:
    [latest] = list(store.rglob("latest.json"))
    assert latest.resolve().is_relative_to(store.resolve()) and latest.parent.name == "passwd"


def table_read(report: dict, _store: Path) -> None:
    assert any(s["uri"].endswith(".csv") for s in report["sources"])


def two_sources(report: dict, _store: Path) -> None:
    assert len(report["sources"]) == 2


def recorded_unavailable(words: str) -> Callable[[dict, Path], None]:
    """The check went on with the good source, and unavailable.json names the one not read."""
    def check(report: dict, store: Path) -> None:
        assert len(report["sources"]) == 1
        [missing] = json.loads(next(store.rglob("unavailable.json")).read_text(encoding="utf-8"))
        assert missing["location"].startswith("http://127.0.0.1") and words in missing["reason"]
        assert words in next(store.rglob("report.html")).read_text(encoding="utf-8")
    return check


# -- builders that need a server -----------------------------------------------------------


def beside_good_source(path: str, **route) -> Callable[[Ctx], Run]:
    """A named address that cannot be read now, beside a good source folder."""
    def build(ctx: Ctx) -> Run:
        ctx.env(allow_hosts="127.0.0.1")
        url = ctx.site().route(path, SOURCE, **route)
        return ctx.run(sources=[ctx.sources, url])
    return build


def address(path: str, body: str | bytes = "", allow: bool = True, **route) -> Callable[[Ctx], Run]:
    def build(ctx: Ctx) -> Run:
        site = ctx.site()
        if allow:
            ctx.env(allow_hosts="127.0.0.1")
        url = site.route(path, body, **route) if body or route else site.url(path)
        return ctx.run(sources=[url])
    return build


def redirect_to(target: str) -> Callable[[Ctx], Run]:
    def build(ctx: Ctx) -> Run:
        ctx.env(allow_hosts="127.0.0.1")
        return ctx.run(sources=[ctx.site().redirect("/jump", target)])
    return build


def redirect_loop(ctx: Ctx) -> Run:
    ctx.env(allow_hosts="127.0.0.1")
    site = ctx.site()
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    return ctx.run(sources=[site.url("/a")])


def feed(items: list[tuple[str, str]], extra_routes: dict[str, str] | None = None) -> Callable[[Ctx], Run]:
    def build(ctx: Ctx) -> Run:
        ctx.env(allow_hosts="127.0.0.1")
        site = ctx.site()
        for path, body in (extra_routes or {}).items():
            site.route(path, body)
        url = site.url("/feed.xml")
        body = RSS.format(items="".join(f"<item><title>{t}</title><link>{link.replace('SELF', url)}</link></item>"
                                        for t, link in items))
        site.route("/feed.xml", body, content_type="application/rss+xml")
        return ctx.run(sources=[url])
    return build


def localhost(ctx: Ctx) -> Run:
    site = ctx.site()
    site.route("/a.md", SOURCE)
    return ctx.run(sources=[f"http://localhost:{site.port}/a.md"])


def article_address_loopback(ctx: Ctx) -> Run:
    return ctx.run(article=ctx.site().route("/article.md", ARTICLE))


def fifo(ctx: Ctx) -> Run:
    path = ctx.inputs / "pipe.md"
    os.mkfifo(path)
    return ctx.run(article=str(path))


def unreadable(ctx: Ctx) -> Run:
    if os.geteuid() == 0:
        pytest.skip("the tests run as root, who reads a file whatever its mode; the FIFO and device rows "
                    "cover a file that cannot be read as a document")
    path = ctx.with_article("locked.md", ARTICLE).article
    os.chmod(path, 0)
    return ctx.run(article=path)


def symlink_loop(ctx: Ctx) -> Run:
    os.symlink(ctx.inputs / "sources", ctx.inputs / "sources" / "loop")
    return ctx.run()


def s3_source(key_or_prefix: str, bucket: str | None = None, secret: str | None = None) -> Callable[[Ctx], Run]:
    def build(ctx: Ctx) -> Run:
        real = ctx.bucket()
        boto3.client("s3").put_object(Bucket=real, Key="news/a.md", Body=SOURCE.encode())
        if secret:
            ctx.monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
        return ctx.run(sources=[f"s3://{bucket or real}/{key_or_prefix}"])
    return build


def formulas(ctx: Ctx) -> Run:
    ctx.with_article("a.md", ARTICLE.replace("74 towns", "74 towns and -0 villages"))
    return Run(str(ctx.inputs / "a.md"), [ctx.sources, ctx.file("=cmd|calc.csv", TABLE_HEADER + (
        "\"=cmd|' /C calc'!A0\",settlements,74,settlements,2024-08-13,\"=cmd|' /C calc'!A0\",\"@SUM(1)\"\n"))])


def s3_neighbours(ctx: Ctx) -> Run:
    run = s3_source("news")(ctx)
    boto3.client("s3").put_object(Bucket=ctx.bucket(), Key="newsroom/x.md", Body=b"Troops took 74 towns.")
    return run


def s3_article_missing(ctx: Ctx) -> Run:
    return ctx.run(article=f"s3://{ctx.bucket()}/articles/missing.md")


def s3_store(bucket: str | None = None, secret: str | None = None) -> Callable[[Ctx], Run]:
    def build(ctx: Ctx) -> Run:
        real = ctx.bucket()
        if secret:
            ctx.monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
        return ctx.run(store=f"s3://{bucket or real}/reports")
    return build


LONG_LINE = "x" * 10_000_000
ODD_NUMBERS = ("---\npublished: 2024-08-14\n---\nTroops took 74 towns. Readings of 1e309 towns, NaN dollars, -0 towns, "
               "10^100 villages, 1,2,3 towns and 1.050,5 km were posted on August 13, 2024.\n")
HTML_SCRIPTS = """<!DOCTYPE html><html><head><title>Kursk</title><script>alert('999 towns')</script>
<script src="https://evil.example/x.js"></script></head><body><iframe src="https://evil.example/"></iframe>
<article><p>Ukrainian troops took 74 towns in the Kursk region, the commander said on August 13, 2024.</p>
<script>document.write("999 towns")</script><noscript>999 towns</noscript></article></body></html>"""

CASES = [
    # -- the article ------------------------------------------------------------------------
    Case("article-missing", "article file missing", "refused", "no such file",
         lambda c: c.run(article=str(c.inputs / "nowhere.md"))),
    Case("article-folder", "article is a folder", "refused", "is a folder, not a document",
         lambda c: c.run(article=str(c.inputs))),
    Case("article-unreadable", "article without read permission (chmod 000; skipped as root)", "refused",
         "cannot be read (Permission denied)", unreadable),
    Case("article-fifo", "article is a named pipe", "refused", "is not a regular file", fifo),
    Case("article-device", "article is a device (/dev/zero)", "refused", "is not a regular file",
         lambda c: c.run(article="/dev/zero")),
    Case("article-empty", "empty article", "refused", "holds no text to check", lambda c: c.with_article("e.md", "")),
    Case("article-whitespace", "article of spaces, tabs and blank lines", "refused", "holds no text to check",
         lambda c: c.with_article("w.md", " \t\n\n  \r\n")),
    Case("article-binary", "binary file (NUL bytes) as the article", "refused", "looks binary (it holds NUL bytes)",
         lambda c: c.with_article("b.md", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00")),
    Case("article-not-utf8", "article in Latin-1 (invalid UTF-8)", "refused", "is not UTF-8 text (byte 27)",
         lambda c: c.with_article("l.md", "Troops took 74 towns near K\xf6ln.".encode("latin-1"))),
    Case("article-utf16", "article in UTF-16 with a byte-order mark", "refused",
         "opens with a UTF-16 byte-order mark (save it as UTF-8)",
         lambda c: c.with_article("u.md", ARTICLE.encode("utf-16"))),
    Case("article-huge", "5 GB article (sparse file)", "refused",
         "over the 10,485,760-byte limit for a document (CROSSCHECK_MAX_DOCUMENT_BYTES); not read",
         lambda c: c.run(article=c.sparse("huge.md", 5 * 1024**3))),
    Case("article-over-set-limit", "article over a lowered CROSSCHECK_MAX_DOCUMENT_BYTES=100", "refused",
         "over the 100-byte limit", lambda c: (c.env(max_document_bytes="100"), c.run())[1]),
    Case("article-long-line", "article of one 10 MB line", "refused",
         "a paragraph of 10,000,000 characters (from line 1) is over the 100,000-character limit",
         lambda c: c.with_article("line.txt", LONG_LINE)),
    Case("article-html-scripts", "HTML article full of scripts, iframes and noscript", "goes on", "",
         lambda c: c.with_article("page.html", HTML_SCRIPTS), check=html_without_scripts,
         note="the page's text is checked; scripts, styles, noscript and iframes are gone"),
    Case("article-html-only-scripts", "HTML article with only scripts", "refused", "holds no text to check",
         lambda c: c.with_article("s.html", "<html><head><script>alert('74 towns')</script></head><body>"
                                            "<script>var a = '74 towns';</script></body></html>")),
    Case("front-matter-yaml", "malformed front matter (YAML syntax)", "refused",
         "front matter is not valid YAML (line 2)",
         lambda c: c.with_article("f.md", "---\ntitle: [unclosed\n---\nTroops took 74 towns.")),
    Case("front-matter-bomb", "front matter with a YAML alias bomb", "refused", "'title' must be plain text",
         lambda c: c.with_article("f.md", "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                                          "title: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\nTroops took 74 towns.")),
    Case("date-future", "published date in the future (2999-01-01)", "refused", "is in the future",
         lambda c: c.with_article("f.md", ARTICLE.replace("2024-08-14", "2999-01-01"))),
    Case("date-impossible", "impossible published date (2024-02-30)", "refused", "impossible value",
         lambda c: c.with_article("f.md", ARTICLE.replace("2024-08-14", "2024-02-30"))),
    Case("invisible-characters", "zero-width and right-to-left override characters inside names and figures",
         "goes on", "",
         lambda c: c.with_article("z.md", "---\npublished: 2024-08-14\n---\nTroops took 7\u200b4 towns and "
                                          "1,\u200b050 square kilometers, Syr\u202eskyi\u202c said on August 13, 2024.\n"),
         check=figures_read_right,
         note="they are removed: 1,\\u200b050 reads 1,050 and Syr\\u202eskyi reads Syrskyi"),
    Case("odd-numbers", "numbers 1e309, NaN, -0, 10^100, 1,2,3 and 1.050,5 in the article", "goes on", "",
         lambda c: c.with_article("n.md", ODD_NUMBERS), check=strict_json,
         note="read as the digits written (1e309 is 1, 10^100 is 10 and 100); report.json stays strict JSON"),
    Case("huge-number", "a 400-digit figure in the article", "goes on", "",
         lambda c: c.with_article("n.md", ARTICLE.replace("74 towns", "9" * 400 + " towns")), check=strict_json,
         note="a figure too large for a float is not taken as a claim; report.json stays strict JSON"),
    Case("locale-separators", "figures grouped with no-break or thin spaces (1 050)", "goes on", "",
         lambda c: c.with_article("g.md", ARTICLE.replace("74 towns", "1\u202f050 towns")), check=grouped_figure, note="read as 1,050"),
    Case("stdin-not-utf8", "standard input that is not UTF-8", "refused", "standard input: is not UTF-8 text",
         lambda c: c.run(article="-", stdin=b"Troops took 74 towns in K\xf6ln.")),
    Case("stdin-over-limit", "standard input over the document size limit", "refused",
         "standard input is over the 100-byte limit",
         lambda c: (c.env(max_document_bytes="100"), c.run(article="-", stdin=ARTICLE.encode() * 5))[1]),
    Case("no-claims", "article without any checkable claim", "refused", "no checkable claims found",
         lambda c: c.with_article("n.md", "Nothing to check here, only words.")),
    Case("article-scheme", "article at an ftp:// address", "refused", "the scheme 'ftp' is not supported for the article",
         lambda c: c.run(article="ftp://example.org/article.md")),
    # -- reference tables and folders --------------------------------------------------------
    Case("table-missing-columns", "reference table missing a column", "refused", "lacks column(s) as_of",
         lambda c: c.with_source("t.csv", "subject,attribute,value,unit,source,url\nx,a,1,km,s,u\n")),
    Case("table-extra-columns", "reference table with extra columns", "goes on", "",
         lambda c: c.with_source("t.csv", "note," + TABLE_HEADER + "n,Kursk region,settlements,74,settlements,"
                                          "2024-08-13,Syrskyi,https://example.org\n"), check=table_read,
         note="the extra columns are ignored"),
    Case("table-duplicate-header", "reference table naming a column twice", "refused",
         "names column(s) value more than once",
         lambda c: c.with_source("t.csv", "subject,attribute,value,value,unit,as_of,source,url\nx,a,1,2,km,"
                                          "2024-01-01,s,u\n")),
    Case("table-wrong-type", "reference table with a word where a number goes", "refused",
         "row 2: value 'many' is not a number",
         lambda c: c.with_source("t.csv", TABLE_HEADER + "x,a,many,km,2024-01-01,s,u\n")),
    Case("table-bad-date", "reference table with an impossible as_of", "refused", "as_of '2024-02-30' is not a real date",
         lambda c: c.with_source("t.csv", TABLE_HEADER + "x,a,1,km,2024-02-30,s,u\n")),
    Case("table-empty", "empty reference table", "refused", "reference table is empty",
         lambda c: c.with_source("t.csv", "")),
    Case("table-huge", "3 GB reference table (sparse file)", "refused",
         "over the 104,857,600-byte limit for a reference table (CROSSCHECK_MAX_TABLE_BYTES)",
         lambda c: c.run(sources=[c.sparse("t.csv", 3 * 1024**3)])),
    Case("table-formulas", "reference table cells holding formulas (=cmd|...), and an article figure -0", "goes on",
         "", formulas, check=inert_csv,
         note="cells stay text; formula-like cells of findings.csv get a leading '"),
    Case("table-infinite", "reference table value 1e309", "refused", "value '1e309' is not a finite number",
         lambda c: c.with_source("t.csv", TABLE_HEADER + "x,a,1e309,km,2024-01-01,s,u\n")),
    Case("table-nan", "reference table value NaN", "refused", "value 'NaN' is not a number",
         lambda c: c.with_source("t.csv", TABLE_HEADER + "x,a,NaN,km,2024-01-01,s,u\n")),
    Case("table-list-of-digits", "reference table value 1,2,3", "refused", "value '1,2,3' is not a number",
         lambda c: c.with_source("t.csv", TABLE_HEADER + 'x,a,"1,2,3",km,2024-01-01,s,u\n')),
    Case("table-other-locale", "reference table value 1.050,5 (another locale's separators)", "refused",
         "value '1.050,5' is not a number (write it as digits with a '.' for decimals)",
         lambda c: c.with_source("t.csv", TABLE_HEADER + 'x,a,"1.050,5",km,2024-01-01,s,u\n')),
    Case("table-odd-but-fine", "reference table values -0, \"1,050\" and 10^100 written out", "goes on", "",
         lambda c: c.with_source("t.csv", TABLE_HEADER + "x,a,-0,km,2024-01-01,s,u\n" + 'y,a,"1,050",km,2024-01-01,s,u\n'
                                          + f"z,a,1{'0' * 100},km,2024-01-01,s,u\n"), check=table_read,
         note="-0 is 0, \"1,050\" is 1050, 10^100 written out is 1e100"),
    Case("table-json-duplicate-key", "JSON reference table with a key twice in a row", "refused",
         "names column(s) value more than once",
         lambda c: c.with_source("t.json", '[{"subject":"x","value":1,"value":2}]')),
    Case("folder-bad-file", "a source folder holding a binary file among good ones", "warns",
         "skipped", lambda c: (c.file("sources/bad.md", b"\x00\x01"), c.run())[1]),
    Case("folder-symlink-loop", "a source folder holding a link to itself", "goes on", "", symlink_loop, note="links to folders are not followed"),
    Case("folder-empty", "an empty source folder", "refused", "no source documents found",
         lambda c: (Path(c.inputs / "none").mkdir(), c.run(sources=[str(c.inputs / "none")]))[1]),
    Case("manifest-credibility", "sources manifest with credibility 1.5", "refused",
         "credibility 1.5; give a number from 0 to 1",
         lambda c: c.run(sources=[c.file("m.yaml", "sources: [{location: sources, credibility: 1.5}]")])),
    Case("manifest-unknown-key", "sources manifest with a misspelt key", "refused", "unknown key(s) credability",
         lambda c: c.run(sources=[c.file("m.yaml", "sources: [{location: sources, credability: 0.5}]")])),
    # -- feeds ---------------------------------------------------------------------------------
    Case("feed-malformed", "feed that is not well-formed XML", "refused", "the feed is not well-formed XML (line 1",
         lambda c: c.run(sources=[c.file("f.rss", '<rss version="2.0"><channel><title>x</channel></rss>')])),
    Case("feed-entity-bomb", "feed with an entity-expansion bomb", "refused",
         "declares a DTD, entities or external references", lambda c: c.run(sources=[c.file("f.rss", BOMB)])),
    Case("feed-xxe", "feed with an external entity (file:///etc/passwd)", "refused", "declares a DTD",
         lambda c: c.run(sources=[c.file("f.rss", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
                                                   '"file:///etc/passwd">]><rss version="2.0"><channel><title>&x;'
                                                   "</title></channel></rss>")])),
    Case("feed-self-link", "feed whose entry links to the feed itself", "warns", "links to http://127.0.0.1",
         feed([("self", "SELF"), ("page", "/a.md")], {"/a.md": SOURCE})),
    Case("feed-no-entries", "feed whose every entry fails", "refused", "none of the feed's 2 entries could be read",
         feed([("gone", "/gone"), ("file", "file:///etc/passwd")])),
    # -- addresses -------------------------------------------------------------------------------
    Case("scheme-file", "source at a file:// address", "refused", "the scheme 'file' is not supported for sources",
         lambda c: c.run(sources=["file:///etc/passwd"])),
    Case("scheme-ftp", "source at an ftp:// address", "refused", "the scheme 'ftp' is not supported",
         lambda c: c.run(sources=["ftp://example.org/a.md"])),
    Case("scheme-gopher", "source at a gopher:// address", "refused", "the scheme 'gopher' is not supported",
         lambda c: c.run(sources=["gopher://example.org/1"])),
    Case("address-loopback", "address on 127.0.0.1 without CROSSCHECK_ALLOW_HOSTS", "refused",
         "127.0.0.1 is a loopback address", address("/a.md", SOURCE, allow=False)),
    Case("address-localhost", "address naming localhost (resolves to loopback)", "refused",
         "'localhost' resolves to", localhost),
    Case("address-private", "address in a private network (10.0.0.1)", "refused", "10.0.0.1 is a private address",
         lambda c: c.run(sources=["http://10.0.0.1/a.md"])),
    Case("address-link-local", "link-local address (169.254.1.1)", "refused", "a link-local address",
         lambda c: c.run(sources=["http://169.254.1.1/"])),
    Case("address-metadata", "cloud metadata address (169.254.169.254)", "refused", "a cloud metadata address",
         lambda c: c.run(sources=["http://169.254.169.254/latest/meta-data/"])),
    Case("address-ipv6-loopback", "IPv6 loopback and IPv4-mapped loopback ([::ffff:127.0.0.1])", "refused",
         "a loopback address", lambda c: c.run(sources=["http://[::ffff:127.0.0.1]/a.md"])),
    Case("redirect-metadata", "allowed address redirecting to the metadata address", "refused",
         "169.254.169.254 is a cloud metadata address", redirect_to("http://169.254.169.254/latest/meta-data/")),
    Case("redirect-file", "allowed address redirecting to file:///etc/passwd", "refused",
         "redirects to a 'file' address", redirect_to("file:///etc/passwd")),
    Case("redirect-loop", "redirect loop", "refused", "more than 5 redirects", redirect_loop),
    Case("address-slow", "address answering after 2 s with CROSSCHECK_FETCH_TIMEOUT=0.3", "refused",
         "no answer within 0.3 s",
         lambda c: (c.env(fetch_timeout="0.3"), address("/slow.md", SOURCE, delay=2.0)(c))[1]),
    Case("address-oversized", "address answering with more than CROSSCHECK_MAX_DOCUMENT_BYTES", "refused",
         "cut off there",
         lambda c: (c.env(max_document_bytes="1000"), address("/big.md", SOURCE * 50, length=False)(c))[1]),
    Case("address-404", "address answering 404", "refused", "the server answered 404", address("/gone")),
    Case("address-slow-beside-good", "address timing out beside a good source folder", "warns",
         "no answer within 0.3 s",
         lambda c: (c.env(fetch_timeout="0.3"), beside_good_source("/slow.md", delay=2.0)(c))[1],
         check=recorded_unavailable("no answer within 0.3 s"),
         note="recorded in unavailable.json and the page; the check goes on"),
    Case("address-503-beside-good", "address answering 503 beside a good source folder", "warns",
         "the server answered 503", beside_good_source("/busy.md", status=503),
         check=recorded_unavailable("the server answered 503"),
         note="recorded in unavailable.json and the page; the check goes on"),
    Case("article-address-loopback", "article at a loopback address without the allow-list", "refused",
         "loopback address", article_address_loopback),
    # -- stores, ids and S3 ------------------------------------------------------------------------
    Case("store-dot-dot", "--store s3://bucket/../other", "refused", "has an empty, '.' or '..' part",
         lambda c: c.run(store="s3://bucket/reports/../other")),
    Case("store-file-host", "--store file://relative/path (a host, not an absolute path)", "refused",
         "file:// takes no host", lambda c: c.run(store="file://relative/path")),
    Case("store-scheme", "--store ftp://host/reports", "refused", "is not allowed: use a folder",
         lambda c: c.run(store="ftp://host/reports")),
    Case("store-query", "--store s3://bucket/reports?x=1", "refused", "it has a query or fragment",
         lambda c: c.run(store="s3://bucket/reports?x=1")),
    Case("url-dot-dot", "front matter url ending in ../../etc/passwd (the article's store id)", "goes on", "",
         lambda c: c.with_article("u.md", ARTICLE.replace("---\n", "---\nurl: https://e.org/../../etc/passwd\n", 1)),
         check=stored_inside, note="stored under the safe id `passwd`, inside the store"),
    Case("s3-source-dot-dot", "s3:// source whose key has a '..' part", "refused", "has an empty, '.' or '..' part",
         lambda c: c.run(sources=["s3://bucket/news/../secrets/"])),
    Case("s3-source-prefix", "s3:// prefix next to a longer one (news, newsroom)", "goes on", "", s3_neighbours,
         check=lambda report, _store: [s["uri"].rsplit("/", 2)[1] for s in report["sources"]] == ["news"],
         note="only the objects under news/ are read, never newsroom/"),
    Case("s3-source-missing-bucket", "s3:// source in a bucket that does not exist", "refused",
         "the S3 bucket 'no-such-bucket-here' does not exist", s3_source("news/", bucket="no-such-bucket-here")),
    Case("s3-source-credentials", "s3:// source with wrong credentials", "refused",
         "the S3 credentials were refused", s3_source("news/", secret="wrong-secret")),
    Case("s3-article-missing", "s3:// article key that does not exist", "refused", "no such S3 object",
         s3_article_missing),
    Case("s3-store-missing-bucket", "--store in an S3 bucket that does not exist", "internal",
         "S3 bucket 'no-such-bucket-here' does not exist", s3_store(bucket="no-such-bucket-here")),
    Case("s3-store-credentials", "--store with wrong S3 credentials", "internal", "credentials were refused",
         s3_store(secret="wrong-secret")),
    Case("setting-malformed", "CROSSCHECK_MAX_DOCUMENT_BYTES=lots", "refused",
         "setting CROSSCHECK_MAX_DOCUMENT_BYTES is not valid",
         lambda c: (c.env(max_document_bytes="lots"), c.run())[1]),
]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSCHECK_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=c.marks) for c in CASES])
def test_bad_input(case: Case, tmp_path, request, monkeypatch):
    ctx = Ctx(tmp_path, request, monkeypatch)
    run = case.build(ctx)
    store = tmp_path / "store"
    args = ["check", run.article, *[a for s in run.sources for a in ("--sources", s)],
            "--store", run.store or str(store), "--output", "json", "--engine-only"]
    result = CliRunner().invoke(app, args, input=run.stdin)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if case.outcome in {"refused", "internal"}:
        assert result.exit_code == (2 if case.outcome == "refused" else 1), (result.stderr, result.stdout)
        assert len(lines) == 1 and lines[0].startswith("error: ") and case.words in lines[0], result.stderr
        assert not store.exists() or not any(store.iterdir())
        if case.id.startswith("s3-store"):
            client = request.getfixturevalue("s3_server").client()
            assert "Contents" not in client.list_objects_v2(Bucket=ctx.bucket(), Prefix="reports/")
        return
    assert result.exit_code == 0, (result.stderr, result.stdout[-2000:])
    report = json.loads(result.stdout)
    assert any(store.rglob("report.json"))
    warnings = [line for line in lines if line.startswith("warning: ")]
    if case.outcome == "warns":
        assert warnings and all(case.words in w for w in warnings), result.stderr
    else:
        assert not warnings, result.stderr
    if case.check is not None:
        assert case.check(report, store) is not False


def test_there_are_at_least_forty_kinds():
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)


def markdown_table() -> str:
    """The README's table: input, outcome, the words of the one line."""
    rows = ["| input | outcome | what the user sees |", "| --- | --- | --- |"]
    for case in CASES:
        said = {"refused": f"`error: ... {case.words}`", "internal": f"`error: ... {case.words}`",
                "warns": f"a `warning: ... {case.words} ...` line; the check goes on",
                "goes on": case.note or "the check goes on"}[case.outcome]
        rows.append(f"| {case.given.replace('|', '&#124;')} | {case.says} | {said.replace('|', '&#124;')} |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover
    print(markdown_table())
