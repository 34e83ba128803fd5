"""A real HTTP server on 127.0.0.1 for the fetch and source tests, serving routes set per test.

    site = HttpSite()            # started in a thread, on a free loopback port
    site.route("/a.html", body=b"<html>...", content_type="text/html")
    site.redirect("/old", "/a.html")
    site.url("/a.html")          # "http://127.0.0.1:PORT/a.html"
    site.requests                # the paths asked for, in order

Routes may delay their answer (`delay`), trickle the body a chunk at a time (`trickle`), or leave
out Content-Length (`length=False`, the body then ends when the connection closes). The fixture
`http_site` gives a fresh route table on one server per module (`http_server`); import both. Nothing leaves the machine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

__all__ = ["HttpSite", "Route", "http_server", "http_site"]


@dataclass
class Route:
    """What one path answers."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering at all.
    delay: float = 0.0
    #: (chunk size, seconds between chunks): the body is sent slowly.
    trickle: tuple[int, float] | None = None
    #: Send Content-Length (else the body ends when the connection closes).
    length: bool = True


class HttpSite:
    """A ThreadingHTTPServer on 127.0.0.1 with a route table."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.requests.append(self.path)
                route = site.routes.get(self.path) or Route(status=404, body=b"not here")
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    if route.length:
                        self.send_header("Content-Length", str(len(route.body)))
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if route.trickle is None:
                        self.wfile.write(route.body)
                        return
                    size, pause = route.trickle
                    for start in range(0, len(route.body), size):
                        self.wfile.write(route.body[start : start + size])
                        self.wfile.flush()
                        time.sleep(pause)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up: that is what the slow routes test

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
                return

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                return  # a client that hung up on a slow route is expected

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="http-site", daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs: object) -> str:
        """Serve body at path; the path's full address."""
        self.routes[path] = Route(body=body.encode("utf-8") if isinstance(body, str) else body, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, content_type=None, headers={"Location": location})
        return self.url(path)

    def reset(self) -> None:
        self.routes.clear()
        self.requests.clear()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def http_server() -> Iterator[HttpSite]:
    site = HttpSite()
    try:
        yield site
    finally:
        site.close()


@pytest.fixture
def http_site(http_server: HttpSite) -> Iterator[HttpSite]:
    """The module's HTTP server with an empty route table."""
    http_server.reset()
    yield http_server
    http_server.reset()
