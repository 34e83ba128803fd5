"""Fetching http(s) addresses with guards: which addresses may be reached, how long, how much.

Every address a user or a feed names goes through `fetch`, which

- takes only `http` and `https` (never `file`, `ftp`, `gopher`, ...);
- refuses loopback, private, link-local, multicast, reserved, unspecified and other non-public
  addresses, and the cloud metadata addresses, unless the host or address is on the policy's
  allow-list: IP literals, DNS names that resolve into them, and redirects into them alike;
- resolves a name once per connection and connects to the address it checked (the guard sits in
  the connection's network backend), so a name that resolves elsewhere the second time
  (DNS rebinding) cannot slip past the check;
- follows at most `max_redirects` redirects, checking every hop;
- times out on a slow connection or a slow answer (`timeout` for each step, `total_timeout` for
  the whole body), and cuts a body off at `max_bytes` with a clear error, counting the bytes as
  they stream in (after decompression), never trusting Content-Length alone.

Errors are raised as the InputError subclass the caller names (`error=`): a bad source address is
a SourceError, a bad article address an ArticleError. httpx errors are translated here.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import time
from contextlib import AbstractContextManager, nullcontext
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from checks.errors import InputError, unreachable

if TYPE_CHECKING:  # pragma: no cover
    import httpx

__all__ = [
    "ALLOWED_SCHEMES",
    "FetchPolicy",
    "Fetched",
    "address_refusal",
    "check_address",
    "fetch",
]

ALLOWED_SCHEMES = frozenset({"http", "https"})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Instance metadata services of the clouds: never fetched unless listed themselves.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.253",  # AWS DNS resolver
        "fd00:ec2::254",  # AWS IPv6
        "100.100.100.200",  # Alibaba Cloud
    )
)
METADATA_HOSTS = frozenset(
    {"metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"}
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_USER_AGENT = "crosscheck/0.1 (news claim checker)"


@dataclass(frozen=True)
class FetchPolicy:
    """What `fetch` may reach and how long and how much it reads."""

    #: Hosts (names, compared case-insensitively), addresses or networks (CIDR) that may be
    #: reached although they are not public: e.g. ("127.0.0.1",) for a local test server.
    allow_hosts: tuple[str, ...] = ()
    #: Seconds for connecting, and for each wait for the next bytes.
    timeout: float = 10.0
    #: Seconds for a whole response, redirects included: a server trickling bytes is cut off too.
    total_timeout: float = 60.0
    #: Bytes of one response body (after decompression); more is an error, not a truncation.
    max_bytes: int = 10 * 1024 * 1024
    #: Redirects followed per address; every hop's address is checked like the first.
    max_redirects: int = 5
    user_agent: str = _USER_AGENT
    #: Called with a host before each request to it; the context it returns is held while the
    #: request runs. The flows give one that takes a slot of a per-host Prefect concurrency limit,
    #: so that many checks at once do not all fetch from the same site together.
    host_gate: Callable[[str], AbstractContextManager[Any]] | None = field(default=None, compare=False, repr=False)
    _allowed_networks: tuple[IPNetwork, ...] = field(init=False, repr=False, compare=False, default=())
    _allowed_names: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        networks: list[IPNetwork] = []
        names: set[str] = set()
        for entry in self.allow_hosts:
            text = str(entry).strip().strip("[]")
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                names.add(text.lower().rstrip("."))
        object.__setattr__(self, "_allowed_networks", tuple(networks))
        object.__setattr__(self, "_allowed_names", frozenset(names))

    def allows_name(self, host: str) -> bool:
        """Whether the host name itself is on the allow-list."""
        return host.lower().rstrip(".") in self._allowed_names

    def allows_address(self, address: IPAddress) -> bool:
        """Whether the address lies in an allowed address or network."""
        return any(address.version == net.version and address in net for net in self._allowed_networks)


@dataclass(frozen=True)
class Fetched:
    """One fetched response: where it came from in the end, what it says it is, its bytes."""

    #: The address asked for.
    url: str
    #: The address that answered, after redirects.
    final_url: str
    #: The media type without parameters, lower-case ("text/html"), or "" when none was given.
    content_type: str
    #: The charset parameter of Content-Type, when given.
    charset: str | None
    body: bytes


def address_refusal(address: IPAddress, policy: FetchPolicy) -> str | None:
    """Why an address may not be reached ("a loopback address", ...), or None when it may."""
    if policy.allows_address(address):
        return None
    inner = _embedded_ipv4(address)
    if inner is not None and inner != address:
        reason = address_refusal(inner, policy)
        return None if reason is None else f"{reason} ({inner} inside {address})"
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "not a public address"
    return None


def check_address(url: str, policy: FetchPolicy, *, error: type[InputError] = InputError) -> str:
    """The address's host, checked: scheme, name and every address it resolves to (or an error)."""
    _scheme, host, port = _parts(url, error=error)
    _check_host(url, host, port, policy, error=error)
    return host


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    error: type[InputError] = InputError,
    size_limit: Callable[[str], tuple[int, str]] | None = None,
    accept: str = "*/*",
) -> Fetched:
    """GET an http(s) address under the policy; the body whole, or `error` with one clear line.

    `size_limit(media_type)` gives the byte limit for a response of that type and the name of the
    setting that raises it; by default `policy.max_bytes` for every type.
    """
    import httpx  # only when an address is fetched

    limit_for = size_limit or (lambda _media: (policy.max_bytes, "CROSSCHECK_MAX_DOCUMENT_BYTES"))
    deadline = time.monotonic() + policy.total_timeout
    timeout = httpx.Timeout(policy.timeout)
    headers = {"User-Agent": policy.user_agent, "Accept": accept}
    current = url
    with httpx.Client(
        transport=_GuardedTransport(policy),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,  # no proxy or certificate settings from the environment: the engine reads none
        headers=headers,
    ) as client:
        for hop in range(policy.max_redirects + 1):
            if hop and time.monotonic() > deadline:
                raise error(f"{_show(url)}: the redirects did not end within {policy.total_timeout:g} s")
            try:
                check_address(current, policy, error=error)
            except InputError as exc:
                if not hop:
                    raise
                raise error(f"{_show(url)}: redirects to {exc}") from None
            gate = policy.host_gate(urlsplit(current).hostname or "") if policy.host_gate else nullcontext()
            try:
                with gate, client.stream("GET", current) as response:
                    if response.is_redirect and "location" in response.headers:
                        target = urljoin(current, response.headers["location"])
                        _redirect_scheme(url, target, error=error)
                        current = target
                        continue
                    if response.status_code >= 400:
                        phrase = response.reason_phrase or ""
                        raise unreachable(
                            error(f"{_show(url)}: the server answered {response.status_code} {phrase}".rstrip()))
                    if response.status_code >= 300:
                        raise error(f"{_show(url)}: the server answered {response.status_code} without a Location")
                    media, charset = _content_type(response.headers.get("content-type", ""))
                    body = _read_body(response, url, limit_for(media), deadline, policy, error=error)
                    return Fetched(url=url, final_url=str(response.url), content_type=media, charset=charset,
                                   body=body)
            except _Refused as exc:
                raise error(f"{_show(url)}: refused: {exc}") from None
            except httpx.TimeoutException as exc:
                raise unreachable(error(f"{_show(url)}: no answer within {policy.timeout:g} s ({_kind(exc)})")) from exc
            except httpx.InvalidURL as exc:
                raise error(f"{_show(url)}: not a valid address ({exc})") from exc
            except httpx.HTTPError as exc:
                raise unreachable(error(f"{_show(url)}: cannot be fetched ({_reason(exc)})")) from exc
            except TimeoutError as exc:  # the host gate gave no slot in time
                raise unreachable(error(f"{_show(url)}: no turn to fetch from its host came ({exc})")) from exc
    raise error(f"{_show(url)}: more than {policy.max_redirects} redirects; not followed further")


# -- checks ---------------------------------------------------------------------------


class _Refused(Exception):
    """Raised inside the connection when an address may not be reached."""


def _parts(url: str, *, error: type[InputError]) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise error(f"{_show(url)}: not a valid address ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise error(
            f"{_show(url)}: the scheme '{scheme or '(none)'}' is not fetched; only http and https addresses are"
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise error(f"{_show(url)}: names no host")
    return scheme, host, port or (443 if scheme == "https" else 80)


def _check_host(url: str, host: str, port: int, policy: FetchPolicy, *, error: type[InputError]) -> None:
    try:
        _checked_addresses(host, port, policy)
    except _Refused as exc:
        raise error(f"{_show(url)}: refused: {exc}") from None
    except (OSError, UnicodeError) as exc:  # UnicodeError: a name IDNA cannot encode
        raise unreachable(
            error(f"{_show(url)}: the host '{host[:100]}' cannot be resolved ({_os_reason(exc)})")) from None


def _checked_addresses(host: str, port: int, policy: FetchPolicy) -> list[tuple[Any, ...]]:
    """getaddrinfo's answers for host, every one of them allowed (else _Refused)."""
    if policy.allows_name(host):
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if host.lower() in METADATA_HOSTS:
        raise _Refused(f"'{host}' is a cloud metadata host (list it in the allowed hosts to reach it)")
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    literal = _ip_literal(host)
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        reason = address_refusal(address, policy)
        if reason is not None:
            named = f"{address} is {reason}" if literal is not None else f"'{host}' resolves to {address}, {reason}"
            raise _Refused(f"{named} (list it in the allowed hosts, CROSSCHECK_ALLOW_HOSTS, to reach it)")
    return infos


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _embedded_ipv4(address: IPAddress) -> IPAddress | None:
    """The IPv4 address inside an IPv4-mapped, NAT64, 6to4 or Teredo IPv6 address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def _redirect_scheme(url: str, target: str, *, error: type[InputError]) -> None:
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise error(f"{_show(url)}: redirects to a '{scheme}' address, which is not fetched")


# -- reading --------------------------------------------------------------------------


def _read_body(response: httpx.Response, url: str, limit_and_name: tuple[int, str], deadline: float,
               policy: FetchPolicy, *, error: type[InputError]) -> bytes:
    limit, setting = limit_and_name
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > limit:
        raise error(
            f"{_show(url)}: the response is {int(declared):,} bytes, over the {limit:,}-byte limit "
            f"({setting}); not read"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise error(
                f"{_show(url)}: the response is larger than the {limit:,}-byte limit ({setting}); cut off there"
            )
        if time.monotonic() > deadline:
            raise error(f"{_show(url)}: the response did not finish within {policy.total_timeout:g} s; cut off")
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


# -- the guarded connection -----------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _guarded_backend_class() -> type:
    import httpcore

    class GuardedBackend(httpcore.SyncBackend):
        """Resolves the host once, checks every address, and connects to a checked address."""

        def __init__(self, policy: FetchPolicy) -> None:
            self.policy = policy

        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None,
                        socket_options: Iterable[Any] | None = None) -> Any:
            try:
                infos = _checked_addresses(host, port, self.policy)
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve '{host}': {_os_reason(exc)}") from exc
            last: Exception | None = None
            for info in infos:
                address = info[4][0]
                try:
                    return super().connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                               socket_options=socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    last = exc
            if last is not None:
                raise last
            raise httpcore.ConnectError(f"'{host}' resolves to no address")

    return GuardedBackend


@functools.lru_cache(maxsize=1)
def _guarded_transport_class() -> type:
    import httpcore
    import httpx

    class GuardedTransport(httpx.HTTPTransport):
        """httpx's transport with the connection pool's network backend replaced by the guard."""

        def __init__(self, policy: FetchPolicy) -> None:
            super().__init__(trust_env=False)
            # httpx 0.28 keeps its httpcore pool in `_pool`; the guard must sit under it.
            if not hasattr(self, "_pool"):  # pragma: no cover - a changed httpx must fail loudly
                raise RuntimeError("httpx.HTTPTransport has no _pool: the address guard cannot be installed")
            self._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(trust_env=False),
                max_connections=4,
                max_keepalive_connections=0,
                network_backend=_guarded_backend_class()(policy),
            )

    return GuardedTransport


def _GuardedTransport(policy: FetchPolicy) -> Any:  # noqa: N802 - reads like the class it builds
    return _guarded_transport_class()(policy)


# -- messages -------------------------------------------------------------------------


def _show(url: str) -> str:
    """The address for a message: without a password, and not endlessly long."""
    try:
        parts = urlsplit(url)
        if parts.password:
            url = url.replace(f":{parts.password}@", ":***@", 1)
    except ValueError:
        pass
    return url if len(url) <= 200 else url[:197] + "..."


def _kind(exc: Exception) -> str:
    return {"ConnectTimeout": "connecting", "ReadTimeout": "waiting for data", "WriteTimeout": "sending",
            "PoolTimeout": "waiting for a connection"}.get(type(exc).__name__, "timed out")


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _os_reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or " ".join(str(exc).split()) or type(exc).__name__
