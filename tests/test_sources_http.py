"""Sources and articles from http(s) addresses and RSS/Atom feeds, served by a real server on 127.0.0.1."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from checks.errors import ArticleError, SourceError
from checks.feeds import looks_like_feed, parse_feed
from checks.fetch import FetchPolicy
from checks.inputs import InputLimits, InputOptions
from checks.pipeline import load_article
from checks.sources import load_sources
from tests.conftest import KURSK
from tests.http_site import http_server, http_site  # noqa: F401 - the fixtures

PAGE = """<html><head><title>Kursk, day eight</title><script>var n = "999 towns";</script></head><body>
<nav>Home | World</nav><article><p>Ukrainian forces hold 74 towns in the Kursk region, the commander said on
Tuesday, a week after the incursion began on August 6.</p><p>More than 120,000 civilians have left, regional
officials said.</p></article><iframe src="http://169.254.169.254/"></iframe></body></html>"""
TABLE = (KURSK / "reference" / "kursk-figures.csv").read_text(encoding="utf-8")


def options(warnings: list[str] | None = None, **limits) -> InputOptions:
    return InputOptions(limits=InputLimits(**limits), fetch=FetchPolicy(allow_hosts=("127.0.0.1",), timeout=2.0),
                        on_warning=warnings.append if warnings is not None else None)


def rss(site, items: list[tuple[str, str, str | None]], title: str = "Site News") -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link>" + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>"
        for t, link, d in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{site.url('/')}</link>{entries}</channel></rss>")


# -- pages and tables ---------------------------------------------------------------------


def test_a_page_is_read_as_html_without_its_scripts(http_site):
    url = http_site.route("/kursk.html", PAGE, content_type="text/html; charset=utf-8")
    [source] = load_sources([url], options())
    assert "74 towns" in source.document.text and "999" not in source.document.text
    assert source.document.url == url and source.document.title == "Kursk, day eight"


def test_a_table_is_read_by_its_media_type_or_suffix(http_site):
    by_type = http_site.route("/figures", TABLE, content_type="text/csv")
    by_suffix = http_site.route("/figures.csv", TABLE + "\n", content_type="application/octet-stream")
    sources = load_sources([by_type, by_suffix], options())
    assert len(sources) == 2 and all(s.table_claims for s in sources)


def test_an_address_of_an_unsupported_type_is_refused(http_site):
    url = http_site.route("/photo", b"\x89PNG\r\n", content_type="image/png")
    with pytest.raises(SourceError, match="is of an unsupported type \\(image/png\\)"):
        load_sources([url], options())


def test_the_article_may_be_an_address(http_site):
    url = http_site.route("/article.md", "---\ntitle: Week one\npublished: 2024-08-14\n---\nTroops took 74 towns.",
                          content_type="text/markdown")
    article = load_article(url, options=options())
    assert article.title == "Week one" and article.published == date(2024, 8, 14) and article.url == url


def test_an_article_address_that_is_a_feed_is_refused(http_site):
    url = http_site.route("/feed.xml", rss(http_site, []), content_type="application/rss+xml")
    with pytest.raises(ArticleError, match="is a feed, not an article page"):
        load_article(url, options=options())


def test_an_article_address_is_refused_without_the_allow_list(http_site):
    url = http_site.route("/article.txt", "Troops took 74 towns.")
    with pytest.raises(ArticleError, match="loopback"):
        load_article(url, options=InputOptions())


# -- feeds --------------------------------------------------------------------------------


def test_a_feed_s_entries_are_fetched_with_the_feed_s_dates_and_title(http_site):
    http_site.route("/a.html", PAGE, content_type="text/html")
    http_site.route("/b.txt", "Troops took 1,050 square kilometers.")
    feed = http_site.route("/feed.xml", rss(http_site, [
        ("A", http_site.url("/a.html"), "Mon, 12 Aug 2024 10:00:00 GMT"),
        ("B", "/b.txt", "Tue, 13 Aug 2024 10:00:00 GMT"),  # relative: against the feed's address
    ]), content_type="application/rss+xml")
    sources = load_sources([feed], options())
    assert [s.document.published for s in sources] == [date(2024, 8, 12), date(2024, 8, 13)]
    assert [s.document.publisher for s in sources] == ["Site News", "Site News"]
    assert sources[1].document.title == "B" and http_site.requests == ["/feed.xml", "/a.html", "/b.txt"]


def test_an_atom_feed_is_read_too(http_site):
    http_site.route("/a.txt", "Troops took 74 towns.")
    atom = (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
            f'<entry><title>A</title><link href="{http_site.url("/a.txt")}"/><updated>2024-08-12T10:00:00Z</updated>'
            "</entry></feed>")
    [source] = load_sources([http_site.route("/atom", atom, content_type="application/atom+xml")], options())
    assert source.document.published == date(2024, 8, 12) and source.document.publisher == "Wire"


def test_a_feed_that_links_to_itself_does_not_loop(http_site):
    http_site.route("/a.txt", "Troops took 74 towns.")
    feed = http_site.url("/feed.xml")
    http_site.route("/feed.xml", rss(http_site, [("self", feed, None), ("a", "/a.txt", None),
                                                 ("self again", feed + "#top", None)]),
                    content_type="application/rss+xml")
    warnings: list[str] = []
    sources = load_sources([feed], options(warnings))
    assert len(sources) == 1 and http_site.requests == ["/feed.xml", "/a.txt"]
    assert len(warnings) == 2 and all("already read" in w for w in warnings)


def test_a_feed_s_entry_that_is_another_feed_is_not_followed(http_site):
    http_site.route("/a.txt", "Troops took 74 towns.")
    http_site.route("/other.xml", rss(http_site, [("x", "/a.txt", None)]), content_type="application/rss+xml")
    feed = http_site.route("/feed.xml", rss(http_site, [("other", "/other.xml", None), ("a", "/a.txt", None)]),
                           content_type="application/rss+xml")
    warnings: list[str] = []
    assert len(load_sources([feed], options(warnings))) == 1
    assert "is itself a feed; feeds are not followed from feeds" in warnings[0]


def test_unusable_entries_are_skipped_with_warnings(http_site):
    http_site.route("/a.txt", "Troops took 74 towns.")
    feed = http_site.route("/feed.xml", rss(http_site, [
        ("missing", "/gone", None), ("file", "file:///etc/passwd", None),
        ("metadata", "http://169.254.169.254/latest/meta-data/", None), ("ok", "/a.txt", None),
    ]), content_type="application/rss+xml")
    warnings: list[str] = []
    assert len(load_sources([feed], options(warnings))) == 1
    assert ["404" in warnings[0], "'file' address" in warnings[1], "cloud metadata" in warnings[2]] == [True] * 3


def test_a_feed_with_no_readable_entry_is_an_error_naming_the_first_problem(http_site):
    feed = http_site.route("/feed.xml", rss(http_site, [("missing", "/gone", None)]), content_type="application/rss+xml")
    with pytest.raises(SourceError, match="none of the feed's 1 entries could be read \\(first: .*404"):
        load_sources([feed], options())


def test_feed_entries_are_limited(http_site):
    for number in range(5):
        http_site.route(f"/{number}.txt", f"Troops took {number + 10} towns.")
    feed = http_site.route("/feed.xml", rss(http_site, [(str(n), f"/{n}.txt", None) for n in range(5)]),
                           content_type="application/rss+xml")
    warnings: list[str] = []
    assert len(load_sources([feed], options(warnings, max_feed_entries=2))) == 2
    assert "first 2 of 5 entries" in warnings[0]


def test_an_entry_without_a_link_is_read_from_its_content(tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
                    "<description>&lt;p&gt;Troops took 74 towns, the governor said on Monday.&lt;/p&gt;</description>"
                    "</item></channel></rss>", encoding="utf-8")
    [source] = load_sources([str(feed)], options())
    assert "74 towns" in source.document.text and source.document.uri.endswith("#entry-1")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&x;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (BOMB, "declares a DTD, entities or external references"),
        (XXE, "declares a DTD, entities or external references"),
        (b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.org/rss.dtd"><rss/>', "declares a DTD"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</channel></rss>',
         "not well-formed XML (line 1, column"),
        (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
        (b"", "not well-formed XML"),
    ],
)
def test_dangerous_or_malformed_feeds_are_refused(tmp_path, body, words):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(body)
    with pytest.raises(SourceError) as caught:
        load_sources([str(feed)], options())
    assert words in str(caught.value)


def test_a_feed_is_told_from_a_page_by_its_root_element():
    assert looks_like_feed(b'<?xml version="1.0"?>\n<rss version="2.0">')
    assert looks_like_feed(b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">')
    assert not looks_like_feed(b"<!DOCTYPE html><html><body><rss>")
    assert not looks_like_feed(b"subject,value\n")


def test_parse_feed_never_opens_its_content_as_a_file_name(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><title>secret</title></channel></rss>', encoding="utf-8")
    with pytest.raises(SourceError):
        parse_feed(str(secret).encode(), uri="x", error=SourceError)


def test_a_local_feed_file_path_is_kept_in_messages(tmp_path):
    feed = tmp_path / "news.atom"
    feed.write_bytes(b"<feed")
    with pytest.raises(SourceError, match=str(Path(feed))):
        load_sources([str(feed)], options())
