"""report.html in a real headless Chromium, driven by chromedriver over W3C WebDriver (plain HTTP, urllib).

The page renders the Kursk report without a console error or a single request beyond its own file;
clicking a claim's highlight opens its finding; the filters hide what they should; and hostile text
(<script>, onerror= handlers, javascript: links) in titles, quotes and names stays inert text.
A full-page screenshot of the Kursk report is saved to tests/artifacts/report-kursk.png.

Chromium is pointed at nothing but loopback: every host name resolves to nothing
(--host-resolver-rules) and its background services are off.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from checks.pipeline import CheckRequest, run_check
from checks.report_html import render_html
from tests.conftest import KURSK, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
    "--window-size=1440,1000", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-pings",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication",
    "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND", "--no-proxy-server",
]


class WebDriverError(Exception):
    pass


class Browser:
    """A W3C WebDriver session on a local chromedriver, spoken to with urllib."""

    def __init__(self, base: str, profile: Path) -> None:
        self.base = base
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": [*CHROMIUM_ARGS, f"--user-data-dir={profile}"]},
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        }
        value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        self.session = value["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as exc:
            value = json.loads(exc.read() or b"{}").get("value", {})
            raise WebDriverError(f"{value.get('error')}: {value.get('message', '')[:300]}") from None

    def call(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def go(self, url: str) -> None:
        self.call("POST", "/url", {"url": url})

    def script(self, source: str, *args):
        return self.call("POST", "/execute/sync", {"script": source, "args": list(args)})

    def find(self, css: str) -> str:
        element = self.call("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(element.values()))

    def click(self, css: str) -> None:
        self.call("POST", f"/element/{self.find(css)}/click", {})

    def logs(self, kind: str) -> list[dict]:
        return self.call("POST", "/se/log", {"type": kind})

    def cdp(self, command: str, params: dict | None = None):
        return self.call("POST", "/goog/cdp/execute", {"cmd": command, "params": params or {}})

    def close(self) -> None:
        try:
            self._call("DELETE", f"/session/{self.session}")
        except (WebDriverError, OSError):
            pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("chromedriver") / "chromedriver.log"
    process = subprocess.Popen(
        [CHROMEDRIVER, f"--port={port}", "--allowed-ips=127.0.0.1", f"--log-path={log}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "/status", timeout=2) as response:
                    if json.loads(response.read())["value"].get("ready"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"chromedriver did not start on {base}")
            time.sleep(0.1)
        session = Browser(base, tmp_path_factory.mktemp("chromium-profile"))
        try:
            yield session
        finally:
            session.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _load(browser: Browser, path: Path) -> None:
    browser.logs("browser")  # drop what earlier pages logged
    browser.logs("performance")
    browser.go(path.as_uri())
    for _ in range(100):
        if browser.script("return document.readyState") == "complete":
            return
        time.sleep(0.05)
    pytest.fail("the page did not finish loading")


def _errors(browser: Browser) -> list[str]:
    return [entry["message"] for entry in browser.logs("browser") if entry.get("level") in ("SEVERE", "WARNING")]


def _requests(browser: Browser) -> list[str]:
    urls = []
    for entry in browser.logs("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


# --------------------------------------------------------------------------- the Kursk report


@pytest.fixture(scope="module")
def kursk_page(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store")
    result = run_check(CheckRequest(article=str(KURSK / "article.md"),
                                    sources=[str(KURSK / "sources"), str(KURSK / "reference")], store=str(store)))
    return Path(result.location.uri) / "report.html"


def test_the_kursk_page_renders_without_errors_or_outside_requests(browser, kursk_page):
    _load(browser, kursk_page)
    assert _errors(browser) == []
    requests = _requests(browser)
    assert requests and all(url.startswith("file://") for url in requests), requests
    state = browser.script(
        "return {title: document.title, marks: document.querySelectorAll('mark.hl').length,"
        " findings: document.querySelectorAll('details.finding').length,"
        " flagged: document.querySelectorAll('ol.flagged li').length,"
        " chip: document.querySelector('.summary .total a.badge').textContent,"
        " width: document.documentElement.scrollWidth}"
    )
    assert state["title"].startswith("crosscheck: Ukraine presses deeper")
    assert state["findings"] == 9 and state["marks"] >= 9 and state["flagged"] >= 3
    assert state["chip"].startswith("all ") and state["chip"].endswith(" expectations passed")
    assert state["width"] <= 1440, "nothing overflows the window sideways"


def test_clicking_a_highlight_opens_its_finding(browser, kursk_page):
    _load(browser, kursk_page)
    index = browser.script("return document.querySelector('mark.hl').getAttribute('data-claims').split(' ')[0]")
    assert browser.script(f"return document.getElementById('finding-{index}').open") is False
    browser.click("mark.hl")
    assert browser.script(f"return document.getElementById('finding-{index}').open") is True
    assert browser.script(f"return document.querySelectorAll('#finding-{index} ol.evidence li.ev').length") > 0
    assert _errors(browser) == []


def test_the_filters_hide_findings_by_verdict_and_severity(browser, kursk_page):
    _load(browser, kursk_page)
    browser.click('input[data-filter="verdict"][value="supported"]')
    state = browser.script(
        "var all = Array.from(document.querySelectorAll('details.finding'));"
        "return {hidden: all.filter(d => d.hidden).length, total: all.length,"
        " counter: document.getElementById('shown-count').textContent,"
        " supportedShown: all.some(d => !d.hidden && d.classList.contains('v-supported'))}"
    )
    assert state["hidden"] == 6 and not state["supportedShown"]
    assert state["counter"] == f"showing {state['total'] - 6} of {state['total']}"
    browser.click('input[data-filter="severity"][value="medium"]')
    assert browser.script("return document.querySelectorAll('details.finding:not([hidden])').length") == 1
    assert _errors(browser) == []


def test_a_flagged_entry_in_the_summary_opens_its_finding(browser, kursk_page):
    _load(browser, kursk_page)
    index = browser.script("return document.querySelector('ol.flagged a').getAttribute('data-open')")
    browser.click("ol.flagged a")
    assert browser.script(f"return document.getElementById('finding-{index}').open") is True


def test_a_screenshot_of_the_kursk_report(browser, kursk_page):
    _load(browser, kursk_page)
    browser.script("document.querySelectorAll('details.finding').forEach(function (d, i) { d.open = i < 2; })")
    metrics = browser.cdp("Page.getLayoutMetrics")
    height = min(int(metrics["cssContentSize"]["height"]), 12000)
    shot = browser.cdp("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 1440, "height": height, "scale": 1},
    })
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "report-kursk.png"
    target.write_bytes(base64.b64decode(shot["data"]))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 50_000


def test_the_print_layout_opens_every_finding(browser, kursk_page):
    _load(browser, kursk_page)
    browser.cdp("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        state = browser.script(
            "return {filters: getComputedStyle(document.querySelector('.filters')).display,"
            " body: Array.from(document.querySelectorAll('details.finding .body')).every("
            "   b => b.getBoundingClientRect().height > 0)}"
        )
    finally:
        browser.cdp("Emulation.setEmulatedMedia", {"media": ""})
    assert state == {"filters": "none", "body": True}


# --------------------------------------------------------------------------- hostile text


PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    '<img src=x onerror="window.__pwned=\'img\'">',
    '"><svg onload="window.__pwned=\'svg\'">',
    "javascript:window.__pwned='link'",
    "</textarea></title></style><script>window.__pwned='close'</script>",
    "' onmouseover='window.__pwned=1' x='",
]


def _hostile_report() -> tuple[dict, str]:
    evil = " ".join(PAYLOADS)
    article = f'The mayor said "{PAYLOADS[0]} 74 towns" and {PAYLOADS[1]} 12 km away.\n\nA link: {PAYLOADS[3]}'
    quote = article[article.index('"'): article.index('"', article.index('"') + 1) + 1]
    start = article.index(quote)
    towns = article.index("74 towns")
    km = article.index("12 km")
    report = {
        "schema_version": 1, "run_id": "run-1", "created_at": "2024-08-14T12:00:00+00:00",
        "article": {"id": "a", "uri": PAYLOADS[3], "title": evil, "publisher": PAYLOADS[2],
                    "published": "2024-08-14", "sha256": "0" * 64},
        "sources": [{"id": "s1", "uri": PAYLOADS[3], "title": PAYLOADS[1], "publisher": PAYLOADS[4],
                     "published": "2024-08-12", "sha256": "1" * 64, "claims": 2}],
        "claims": [
            {"id": "c1", "kind": "quote", "text": quote, "start": start, "end": start + len(quote),
             "subject": PAYLOADS[5], "quantity": None, "speaker": PAYLOADS[2], "as_of": "2024-08-14"},
            {"id": "c2", "kind": "quantity", "text": "74 towns", "start": towns, "end": towns + 8, "subject": evil,
             "quantity": {"value": 74.0, "unit": PAYLOADS[1], "low": 74.0, "high": 74.0, "qualifier": "exact"},
             "speaker": None, "as_of": "2024-08-14"},
            {"id": "c3", "kind": "quantity", "text": "12 km", "start": km, "end": km + 5, "subject": None,
             "quantity": {"value": 12.0, "unit": "kilometer", "low": 12.0, "high": 12.0, "qualifier": "exact"},
             "speaker": None, "as_of": "2024-08-14"},
        ],
        "findings": [
            {"claim_id": "c1", "verdict": "supported", "severity": "none", "explanation": evil,
             "evidence": [{"source_id": "s1", "text": evil, "start": 0, "end": 5, "published": "2024-08-12",
                           "agrees": True}]},
            {"claim_id": "c2", "verdict": "contradicted", "severity": "high", "explanation": PAYLOADS[4],
             "evidence": [{"source_id": PAYLOADS[1], "text": PAYLOADS[0], "start": 0, "end": 5,
                           "published": PAYLOADS[3], "agrees": False}]},
            {"claim_id": "c3", "verdict": PAYLOADS[2], "severity": PAYLOADS[5], "explanation": "", "evidence": []},
        ],
        "expectations": {"success": False, "suites": [{
            "name": PAYLOADS[0], "description": PAYLOADS[1], "success": False,
            "statistics": {"evaluated": 1, "passed": 0, "failed_critical": 0, "failed_warning": 1},
            "results": [{"expectation": PAYLOADS[4], "column": PAYLOADS[3], "policy": "warning", "why": PAYLOADS[2],
                         "success": False, "observed": PAYLOADS[1]}]}]},
        "summary": {"claims": 3, "supported": 1, "contradicted": 1, "outdated": 0, "disputed": 0, "unverified": 0},
    }
    return report, article


def test_hostile_text_stays_inert_in_a_real_browser(browser, tmp_path):
    report, article = _hostile_report()
    page = tmp_path / "report.html"
    page.write_text(render_html(report, article), encoding="utf-8")
    _load(browser, page)
    # Click everything a reviewer would: every highlight, every summary, every link.
    browser.script(
        "document.querySelectorAll('mark.hl, ol.flagged a, details > summary, a').forEach(function (el) {"
        "  el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); el.click(); });"
    )
    state = browser.script(
        "var handlers = [];"
        "document.querySelectorAll('*').forEach(function (el) {"
        "  Array.from(el.attributes).forEach(function (a) { if (/^on/i.test(a.name)) { handlers.push(el.tagName + ' ' + a.name); } });"
        "});"
        "return {pwned: window.__pwned === undefined ? null : String(window.__pwned), handlers: handlers,"
        " scripts: document.scripts.length, images: document.querySelectorAll('img, svg, iframe, object, embed').length,"
        " links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')).filter(h => h[0] !== '#'),"
        " text: document.body.innerText}"
    )
    assert state["pwned"] is None
    assert state["handlers"] == [] and state["scripts"] == 2 and state["images"] == 0 and state["links"] == []
    for payload in ("<script>window.__pwned = 'script'</script>", "javascript:window.__pwned='link'",
                    "onerror=\"window.__pwned='img'\""):
        assert payload in state["text"], payload  # shown to the reviewer, as text
    with pytest.raises(WebDriverError, match="no such alert"):
        browser.call("GET", "/alert/text")
    assert _errors(browser) == []
    assert all(url.startswith("file://") for url in _requests(browser))
