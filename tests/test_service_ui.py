"""The served Prefect UI in headless Chromium: the deployments page lists check-article (screenshot kept).

Chromium is driven over the DevTools protocol (websockets, which Prefect already depends on): the test
waits until the page's text shows the deployments, instead of guessing a rendering time, then takes
the screenshot. Nothing is requested but the page on the loopback server.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.prefect_server import PrefectService

SCREENSHOT = ROOT / "tests" / "artifacts" / "prefect-ui-deployments.png"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Browser:
    """One headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, user_data: Path) -> None:
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={user_data}", "--window-size=1400,900",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = user_data / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        [page] = [t for t in httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json() if t["type"] == "page"]
        from websockets.sync.client import connect

        self.socket = connect(page["webSocketDebuggerUrl"], max_size=None)
        self.ids = itertools.count(1)

    def call(self, method: str, **params) -> dict:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=60))
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def text(self) -> str:
        result = self.call("Runtime.evaluate", expression="document.body ? document.body.innerText : ''")
        return result["result"].get("value", "")

    def close(self) -> None:
        if getattr(self, "socket", None) is not None:
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_the_served_ui_lists_the_deployments(prefect_service: PrefectService, tmp_path: Path):
    browser = Browser(tmp_path / "chromium")
    try:
        browser.call("Page.navigate", url=f"{prefect_service.ui_url}/deployments")
        deadline = time.monotonic() + 45
        text = ""
        while not all(name in text for name in ("check-article", "verify-watchlist", "review-report")):
            assert time.monotonic() < deadline, f"the deployments page never listed them; it shows:\n{text[:2000]}"
            time.sleep(0.25)
            text = browser.text()
        time.sleep(0.5)  # let the activity charts settle for the picture
        shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
        final = browser.text()
    finally:
        browser.close()
    assert "Can't connect to Server API" not in final
    assert "At 06:00 AM every day" in final  # verify-watchlist's schedule, as the UI words it
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.write_bytes(shot)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000
