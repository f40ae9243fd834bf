"""The one outbound HTTP client: SSRF-safe GETs of public documents (keys, DID documents, status
lists, hosted assertions of other issuers).

Every request, and every redirect hop (at most five), is checked before it is sent:

* the URL is ``https`` (``http`` only when the policy allows it, in development), has a host and
  no user information (``https://trusted.example@evil.example/`` is refused, not parsed);
* the host resolves only to public addresses: loopback, private, link-local (``169.254.169.254``,
  ``fd00:ec2::254``), multicast, reserved, unspecified, CGNAT, ``0.0.0.0/8`` and the IPv6 forms
  that embed one of those (IPv4-mapped, 6to4, Teredo, NAT64) are refused. Hosts on the policy's
  allowlist skip this check (development and tests only).

Production connects through :class:`PinnedBackend`, which resolves and checks the host itself and
opens the socket to the address it checked, so a DNS answer that changes between the check and the
connection (DNS rebinding) cannot reach a private address; TLS SNI and the Host header keep the
name. Responses are read as a stream and cut at ``max_bytes`` (after decompression) and at the
total time budget; their media type must be one the caller accepts. No proxy settings are read
from the environment.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from badgeservice.settings import Settings

Resolve = Callable[[str, int], Sequence[str]]
"""``resolve(host, port)`` → the host's IP addresses, as text (``socket.getaddrinfo``)."""

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
JSON_MEDIA_TYPES = (
    "application/json",
    "application/ld+json",
    "application/vc+ld+json",
    "application/did+json",
    "application/did+ld+json",
    "application/jwk+json",
)
_CHUNK_BYTES = 65_536
# Addresses ``ipaddress`` still calls global, or calls neither private nor reserved.
_ALSO_REFUSED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network" (RFC 791); Linux connects 0.0.0.0 to localhost
        "100.64.0.0/10",  # shared address space, carrier-grade NAT (RFC 6598)
        "192.0.0.0/24",  # IETF protocol assignments (RFC 6890)
        "198.18.0.0/15",  # benchmarking (RFC 2544)
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215)
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address


class FetchRefusal(StrEnum):
    """Why a fetch was refused or failed: stable codes for reports and tests."""

    INVALID_URL = "invalid-url"
    SCHEME = "scheme"
    USERINFO = "userinfo"
    ADDRESS = "address"
    UNRESOLVABLE = "unresolvable"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    TOO_LARGE = "too-large"
    TIMEOUT = "timeout"
    CONTENT_TYPE = "content-type"
    STATUS = "status"
    NETWORK = "network"


class FetchError(Exception):
    """A fetch was refused before it was sent, or failed; ``detail`` is English, for logs."""

    def __init__(
        self, reason: FetchRefusal, url: str, detail: str, *, status: int | None = None
    ) -> None:
        super().__init__(f"{reason.value}: {url}: {detail}")
        self.reason = reason
        self.url = url
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class FetchPolicy:
    allow_http: bool = False
    allowlist: frozenset[str] = frozenset()
    timeout_seconds: float = 10.0
    max_bytes: int = 2_097_152
    max_redirects: int = MAX_REDIRECTS

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            allow_http=settings.fetch_allow_http,
            allowlist=frozenset(host.strip().lower() for host in settings.fetch_allowlist),
            timeout_seconds=settings.fetch_timeout.total_seconds(),
            max_bytes=settings.fetch_max_bytes,
        )


@dataclass(frozen=True)
class Fetched:
    """A response: the final URL (after redirects), status, media type and body."""

    url: str
    status: int
    media_type: str
    content: bytes


def system_resolve(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver (``getaddrinfo``), without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(address: str) -> str | None:
    """Why ``address`` must not be connected to (``"loopback"``, ``"private"``...), or None when
    it is a public unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return "invalid"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return address_refusal(str(embedded))
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved or any(ip in net for net in _ALSO_REFUSED)),
        ("private", ip.is_private),
    )
    for label, refused in checks:
        if refused:
            return label
    return None if ip.is_global else "not-global"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    # An IPv6 address that routes to an IPv4 one is judged by that IPv4 address.
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class AddressGuard:
    """Resolves a host and returns its addresses only if every one of them is public."""

    policy: FetchPolicy
    resolve: Resolve = system_resolve

    def addresses(self, url: str, host: str, port: int) -> list[str]:
        try:
            found = list(self.resolve(host, port))
        except (OSError, UnicodeError) as exc:
            raise FetchError(FetchRefusal.UNRESOLVABLE, url, f"{host} does not resolve") from exc
        if not found:
            raise FetchError(FetchRefusal.UNRESOLVABLE, url, f"{host} has no address")
        if host.lower() in self.policy.allowlist:
            return found
        for address in found:
            refusal = address_refusal(address)
            if refusal is not None:
                # One bad answer refuses the host: which address a connection would pick is not
                # ours to predict.
                raise FetchError(
                    FetchRefusal.ADDRESS, url, f"{host} resolves to {address} ({refusal})"
                )
        return found


class PinnedBackend(httpcore.SyncBackend):
    """Connects to an address the guard checked, never to what a second lookup might return."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._guard.addresses(f"//{host}:{port}", host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    address, port, timeout, local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None  # noqa: S101 - addresses is never empty
        raise last_error


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on a :class:`PinnedBackend`."""

    def __init__(self, guard: AddressGuard) -> None:
        super().__init__(trust_env=False, retries=0)
        # httpx builds its pool without a network_backend argument; replace it with one on ours
        # (same settings as httpx's defaults). httpx is pinned below 0.29.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=PinnedBackend(guard),
        )


class Fetcher:
    """GETs public documents under a :class:`FetchPolicy`. ``transport`` and ``resolve`` are
    for tests (an ``httpx.MockTransport`` standing for the remote servers, a fake resolver);
    by default a :class:`PinnedTransport` on the system resolver. Thread-safe; close it once."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        resolve: Resolve = system_resolve,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy
        self._guard = AddressGuard(policy, resolve)
        self._client = httpx.Client(
            transport=transport or PinnedTransport(self._guard),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": "badgeservice-verifier", "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, accept: Sequence[str], statuses: frozenset[int] = frozenset({200})
    ) -> Fetched:
        """GET ``url`` following redirects; raises :class:`FetchError`.

        ``accept`` is sent as ``Accept`` and bounds the response's media type (a JSON type
        accepts any JSON type); ``statuses`` lists the final statuses the caller handles.
        """
        deadline = time.monotonic() + self.policy.timeout_seconds
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            self.check_url(current)
            request = self._client.build_request(
                "GET",
                current,
                headers={"Accept": ", ".join(accept)},
                timeout=_remaining(deadline, current),
            )
            try:
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise FetchError(FetchRefusal.TIMEOUT, current, "no answer in time") from exc
            except httpx.HTTPError as exc:
                raise FetchError(FetchRefusal.NETWORK, current, type(exc).__name__) from exc
            try:
                if response.status_code in REDIRECT_STATUSES:
                    current = self._redirect_target(current, response)
                    continue
                return self._read(current, response, accept, statuses, deadline)
            finally:
                response.close()
        raise FetchError(
            FetchRefusal.TOO_MANY_REDIRECTS, url, f"over {self.policy.max_redirects} redirects"
        )

    def check_url(self, url: str) -> None:
        """Refuse a URL this client would not fetch (scheme, user information, address)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchError(FetchRefusal.INVALID_URL, url, "not a URL") from exc
        allowed = ("https", "http") if self.policy.allow_http else ("https",)
        if parts.scheme not in allowed:
            raise FetchError(FetchRefusal.SCHEME, url, f"{parts.scheme or 'no'} scheme")
        if "@" in parts.netloc:
            raise FetchError(FetchRefusal.USERINFO, url, "user information in the URL")
        host = parts.hostname
        if not host:
            raise FetchError(FetchRefusal.INVALID_URL, url, "no host")
        self._guard.addresses(url, host, port or (443 if parts.scheme == "https" else 80))

    def _redirect_target(self, current: str, response: httpx.Response) -> str:
        location = str(response.headers.get("location", ""))
        if not location:
            raise FetchError(
                FetchRefusal.STATUS,
                current,
                "redirect without Location",
                status=response.status_code,
            )
        return urljoin(current, location)

    def _read(
        self,
        url: str,
        response: httpx.Response,
        accept: Sequence[str],
        statuses: frozenset[int],
        deadline: float,
    ) -> Fetched:
        if response.status_code not in statuses:
            raise FetchError(
                FetchRefusal.STATUS,
                url,
                f"answered {response.status_code}",
                status=response.status_code,
            )
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if not accepts(media_type, accept):
            raise FetchError(
                FetchRefusal.CONTENT_TYPE,
                url,
                f"{media_type or 'no'} media type",
                status=response.status_code,
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise FetchError(FetchRefusal.TOO_LARGE, url, f"{declared} bytes announced")
        raw = self._read_raw(url, response.iter_raw(_CHUNK_BYTES), deadline)
        content = self._decode(url, raw, response.headers.get("content-encoding", ""))
        return Fetched(url=url, status=response.status_code, media_type=media_type, content=content)

    def _read_raw(self, url: str, chunks: Iterable[bytes], deadline: float) -> bytes:
        received: list[bytes] = []
        size = 0
        try:
            for chunk in chunks:
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise FetchError(
                        FetchRefusal.TOO_LARGE, url, f"over {self.policy.max_bytes} bytes"
                    )
                if time.monotonic() > deadline:
                    raise FetchError(FetchRefusal.TIMEOUT, url, "the body took too long")
                received.append(chunk)
        except httpx.TimeoutException as exc:
            raise FetchError(FetchRefusal.TIMEOUT, url, "the body took too long") from exc
        except httpx.HTTPError as exc:
            raise FetchError(FetchRefusal.NETWORK, url, type(exc).__name__) from exc
        return b"".join(received)

    def _decode(self, url: str, raw: bytes, encoding: str) -> bytes:
        # Decompressed here, not by httpx, so that the size cap holds after inflation too.
        coding = encoding.strip().lower()
        if coding in ("", "identity"):
            return raw
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise FetchError(FetchRefusal.CONTENT_TYPE, url, f"content-encoding {coding}")
        wbits = 16 + zlib.MAX_WBITS if coding != "deflate" else zlib.MAX_WBITS
        inflater = zlib.decompressobj(wbits)
        try:
            content = inflater.decompress(raw, self.policy.max_bytes + 1)
        except zlib.error as exc:
            raise FetchError(FetchRefusal.NETWORK, url, "corrupt compressed body") from exc
        if len(content) > self.policy.max_bytes or inflater.unconsumed_tail:
            raise FetchError(
                FetchRefusal.TOO_LARGE, url, f"inflates over {self.policy.max_bytes} bytes"
            )
        return content


def accepts(media_type: str, accept: Sequence[str]) -> bool:
    """Whether a response's media type is one the caller asked for; JSON types (``*/json``,
    ``*+json``) stand for each other, since servers label the same documents differently."""
    if media_type in accept:
        return True
    return _is_json(media_type) and any(_is_json(wanted) for wanted in accept)


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(FetchRefusal.TIMEOUT, url, "the time budget is spent")
    return left
