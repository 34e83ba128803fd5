"""The guarded fetcher against a real HTTP server on 127.0.0.1: allowed hosts, redirects, time and size limits."""

from __future__ import annotations

import gzip
import ipaddress
import socket

import pytest

from checks import fetch as fetch_module
from checks.errors import SourceError
from checks.fetch import FetchPolicy, address_refusal, check_address, fetch
from tests.http_site import http_server, http_site  # noqa: F401 - the fixtures

LOCAL = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=2.0, total_timeout=5.0, max_bytes=100_000)
CLOSED = FetchPolicy(timeout=2.0, total_timeout=5.0, max_bytes=100_000)


def refused(url: str, policy: FetchPolicy = CLOSED) -> str:
    with pytest.raises(SourceError) as caught:
        fetch(url, policy, error=SourceError)
    return str(caught.value)


def test_an_allowed_local_page_is_fetched_with_its_media_type_and_charset(http_site):
    url = http_site.route("/page.html", "<p>74 towns</p>", content_type="text/html; charset=ISO-8859-1")
    got = fetch(url, LOCAL, error=SourceError)
    assert got.body == b"<p>74 towns</p>" and got.content_type == "text/html" and got.charset == "iso-8859-1"
    assert got.final_url == url


def test_loopback_is_refused_without_the_allow_list_and_nothing_is_asked(http_site):
    url = http_site.route("/page.txt", "hello")
    message = refused(url)
    assert "127.0.0.1 is a loopback address" in message and "CROSSCHECK_ALLOW_HOSTS" in message
    assert http_site.requests == []


def test_a_name_resolving_to_loopback_is_refused(http_site):
    http_site.route("/page.txt", "hello")
    message = refused(f"http://localhost:{http_site.port}/page.txt")
    assert "'localhost' resolves to" in message and "loopback" in message
    assert http_site.requests == []


def test_a_name_on_the_allow_list_may_be_reached(http_site):
    http_site.route("/page.txt", "hello")
    policy = FetchPolicy(allow_hosts=("localhost",), timeout=2.0)
    assert fetch(f"http://localhost:{http_site.port}/page.txt", policy).body == b"hello"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.1.2.3/", "a private address"),
        ("http://192.168.0.1/", "a private address"),
        ("http://172.16.5.4/", "a private address"),
        ("http://169.254.1.1/", "a link-local address"),
        ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata host"),
        ("http://100.100.100.200/", "a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "a cloud metadata address"),
        ("http://224.0.0.1/", "a multicast address"),
        ("http://0.0.0.0/", "an unspecified address"),
        ("http://240.0.0.1/", "a reserved address"),
        ("http://100.64.0.1/", "not a public address"),
        ("http://[::1]/", "a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "a loopback address"),
        ("http://[64:ff9b::a00:1]/", "a private address"),
        ("http://2130706433/", "a loopback address"),
        ("http://0x7f.1/", "a loopback address"),
    ],
)
def test_non_public_addresses_are_refused_before_connecting(url, words):
    with pytest.raises(SourceError, match="refused") as caught:
        check_address(url, CLOSED, error=SourceError)
    assert words in str(caught.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "data:,x",
                                 "javascript:alert(1)", "//example.org/x", "example.org/x"])
def test_only_http_and_https_are_fetched(url):
    assert "only http and https" in refused(url)


def test_a_public_address_passes_the_check():
    assert address_refusal(ipaddress.ip_address("93.184.216.34"), CLOSED) is None
    assert address_refusal(ipaddress.ip_address("2606:2800:220:1::1"), CLOSED) is None


def test_the_allow_list_takes_networks():
    policy = FetchPolicy(allow_hosts=("10.0.0.0/8", "::1"))
    assert address_refusal(ipaddress.ip_address("10.9.8.7"), policy) is None
    assert address_refusal(ipaddress.ip_address("::1"), policy) is None
    assert address_refusal(ipaddress.ip_address("192.168.1.1"), policy) == "a private address"


def test_redirects_are_followed_and_each_hop_checked(http_site):
    http_site.route("/final.txt", "arrived")
    start = http_site.redirect("/one", "/two")
    http_site.redirect("/two", http_site.url("/final.txt"), status=301)
    got = fetch(start, LOCAL)
    assert got.body == b"arrived" and got.final_url.endswith("/final.txt")
    assert http_site.requests == ["/one", "/two", "/final.txt"]


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://10.0.0.1/admin", "a private address"),
        ("http://[::1]:9/", "a loopback address"),
        ("file:///etc/passwd", "redirects to a 'file' address"),
        ("gopher://127.0.0.1:70/", "redirects to a 'gopher' address"),
    ],
)
def test_a_redirect_into_a_refused_address_is_refused(http_site, target, words):
    start = http_site.redirect("/jump", target)
    assert words in refused(start, LOCAL)
    assert http_site.requests == ["/jump"]


def test_a_redirect_loop_stops_at_the_limit(http_site):
    http_site.redirect("/a", "/b")
    http_site.redirect("/b", "/a")
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), max_redirects=3, timeout=2.0)
    assert "more than 3 redirects" in refused(http_site.url("/a"), policy)
    assert len(http_site.requests) == 4


def test_a_slow_answer_times_out(http_site):
    url = http_site.route("/slow", "late", delay=1.5)
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=0.3)
    assert "no answer within 0.3 s" in refused(url, policy)


def test_a_trickling_answer_is_cut_off_by_the_total_timeout(http_site):
    url = http_site.route("/trickle", b"x" * 200, trickle=(10, 0.1))
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=1.0, total_timeout=0.4)
    assert "did not finish within 0.4 s" in refused(url, policy)


def test_an_oversized_answer_is_refused_from_its_content_length(http_site):
    url = http_site.route("/big", b"x" * 2000)
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=1000)
    assert "2,000 bytes, over the 1,000-byte limit" in refused(url, policy)


def test_an_oversized_answer_without_length_is_cut_off_while_streaming(http_site):
    url = http_site.route("/big", b"x" * 50_000, length=False)
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=1000)
    assert "larger than the 1,000-byte limit" in refused(url, policy) and "cut off" in refused(url, policy)


def test_a_compression_bomb_is_counted_after_decompression(http_site):
    bomb = gzip.compress(b"\0" * 5_000_000)
    url = http_site.route("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=100_000)
    assert len(bomb) < 100_000 and "cut off" in refused(url, policy)


def test_an_error_status_is_one_line(http_site):
    assert "the server answered 404" in refused(http_site.url("/nothing"), LOCAL)


def test_a_name_that_resolves_elsewhere_at_connect_time_is_refused(http_site, monkeypatch):
    """DNS rebinding: the check passes on a public address, the connection would go to loopback."""
    http_site.route("/page.txt", "secret")
    answers = iter([
        [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", http_site.port))],
        [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", http_site.port))],
    ])
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", lambda *a, **k: next(answers))
    message = refused(f"http://rebind.example:{http_site.port}/page.txt")
    assert "resolves to 127.0.0.1, a loopback address" in message
    assert http_site.requests == []


def test_an_unknown_host_is_one_line():
    assert "cannot be resolved" in refused("http://no-such-host.invalid/")
