"""The one outbound client refuses what could reach inside the network (SSRF): non-https URLs,
user information, private and special addresses, redirects to them; it caps size and time and
checks media types. Remote servers are an httpx MockTransport; names resolve through a fake."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from badgeservice.fetch import (
    AddressGuard,
    Fetcher,
    FetchError,
    FetchPolicy,
    FetchRefusal,
    PinnedBackend,
    address_refusal,
)
from tests.support.remote import mock_transport

JSON = ("application/json",)
PUBLIC_ADDRESS = "93.184.215.14"
NAMES = {
    "issuer.example": [PUBLIC_ADDRESS],
    "evil.example": [PUBLIC_ADDRESS],
    "trusted.example": [PUBLIC_ADDRESS],
    "internal.example": ["10.0.0.7"],
    "mixed.example": [PUBLIC_ADDRESS, "192.168.1.4"],
    "dev.test": ["127.0.0.1"],
}


def fake_resolve(host: str, port: int) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    if host not in NAMES:
        raise socket.gaierror(socket.EAI_NONAME, "unknown name")
    return NAMES[host]


Handler = Callable[[httpx.Request], httpx.Response]


def fetcher(handler: Handler, **policy: object) -> Fetcher:
    return Fetcher(
        FetchPolicy(**policy),  # type: ignore[arg-type]  # keyword overrides of a frozen dataclass
        resolve=fake_resolve,
        transport=mock_transport(handler),
    )


def json_ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"url": str(request.url)})


def never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request should have been sent, got {request.url}")


def refusal(client: Fetcher, url: str) -> FetchRefusal:
    with pytest.raises(FetchError) as caught:
        client.get(url, accept=JSON)
    return caught.value.reason


def test_fetches_a_public_https_document() -> None:
    fetched = fetcher(json_ok).get("https://issuer.example/key", accept=JSON)
    assert fetched.status == 200
    assert fetched.media_type == "application/json"
    assert fetched.content == b'{"url":"https://issuer.example/key"}'


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/",
        "https://[::1]/",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/",
        "https://[fd00:ec2::254]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[64:ff9b::a00:1]/",
        "https://100.64.0.1/",
        "https://0.0.0.0/",
        "https://224.0.0.1/",
        "https://internal.example/",
        "https://mixed.example/",
    ],
    ids=[
        "loopback",
        "ipv6-loopback",
        "cloud-metadata",
        "private",
        "ipv6-metadata",
        "ipv4-mapped-loopback",
        "nat64-private",
        "cgnat",
        "unspecified",
        "multicast",
        "name-resolving-to-private",
        "name-with-one-private-address",
    ],
)
def test_refuses_addresses_inside_the_network(url: str) -> None:
    assert refusal(fetcher(never_called), url) is FetchRefusal.ADDRESS


def test_refuses_the_userinfo_trick() -> None:
    assert (
        refusal(fetcher(never_called), "https://trusted.example@evil.example/")
        is FetchRefusal.USERINFO
    )


def test_refuses_plain_http_unless_allowed() -> None:
    assert refusal(fetcher(never_called), "http://issuer.example/") is FetchRefusal.SCHEME
    allowed = fetcher(json_ok, allow_http=True).get("http://issuer.example/", accept=JSON)
    assert allowed.status == 200


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://issuer.example/", "https:///x"])
def test_refuses_other_schemes_and_hostless_urls(url: str) -> None:
    assert refusal(fetcher(never_called), url) in (FetchRefusal.SCHEME, FetchRefusal.INVALID_URL)


def test_refuses_an_unresolvable_host() -> None:
    assert refusal(fetcher(never_called), "https://nowhere.example/") is FetchRefusal.UNRESOLVABLE


def test_refuses_a_redirect_to_a_private_address() -> None:
    seen: list[str] = []

    def redirect(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "https://127.0.0.1/admin"})

    assert refusal(fetcher(redirect), "https://issuer.example/key") is FetchRefusal.ADDRESS
    assert seen == ["https://issuer.example/key"]


def test_refuses_a_redirect_to_plain_http() -> None:
    def redirect(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "http://issuer.example/key"})

    assert refusal(fetcher(redirect), "https://issuer.example/key") is FetchRefusal.SCHEME


def test_follows_relative_redirects_and_reports_the_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(308, headers={"Location": "/new"})
        return json_ok(request)

    fetched = fetcher(handler).get("https://issuer.example/old", accept=JSON)
    assert fetched.url == "https://issuer.example/new"


def test_stops_after_five_redirects() -> None:
    hops: list[str] = []

    def loop(request: httpx.Request) -> httpx.Response:
        hops.append(str(request.url))
        return httpx.Response(302, headers={"Location": f"/hop{len(hops)}"})

    assert refusal(fetcher(loop), "https://issuer.example/") is FetchRefusal.TOO_MANY_REDIRECTS
    assert len(hops) == 6


def test_the_allowlist_admits_a_listed_private_host() -> None:
    client = fetcher(json_ok, allowlist=frozenset({"internal.example"}))
    assert client.get("https://internal.example/did.json", accept=JSON).status == 200
    assert refusal(client, "https://10.0.0.1/") is FetchRefusal.ADDRESS


def test_refuses_a_body_announced_too_large() -> None:
    def big(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=b"x" * 200)

    assert refusal(fetcher(big, max_bytes=100), "https://issuer.example/") is FetchRefusal.TOO_LARGE


def test_stops_reading_a_streamed_body_past_the_limit() -> None:
    def stream(request: httpx.Request) -> httpx.Response:
        chunks: Iterator[bytes] = (b"x" * 64 for _ in range(1_000_000))
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=chunks)

    assert (
        refusal(fetcher(stream, max_bytes=1_000), "https://issuer.example/")
        is FetchRefusal.TOO_LARGE
    )


def test_refuses_a_compressed_body_that_inflates_past_the_limit() -> None:
    bomb = gzip.compress(b" " * 10_000_000)

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, content=bomb)

    assert len(bomb) < 100_000
    client = fetcher(handler, max_bytes=100_000)
    assert refusal(client, "https://issuer.example/") is FetchRefusal.TOO_LARGE


def test_inflates_a_small_compressed_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, content=gzip.compress(b'{"a":1}'))

    assert fetcher(handler).get("https://issuer.example/", accept=JSON).content == b'{"a":1}'


def test_refuses_an_unexpected_media_type() -> None:
    def html(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<html>")

    assert refusal(fetcher(html), "https://issuer.example/") is FetchRefusal.CONTENT_TYPE


def test_json_media_types_stand_for_each_other() -> None:
    def ld(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "application/ld+json"}, content=b"{}")

    assert fetcher(ld).get("https://issuer.example/", accept=JSON).media_type == (
        "application/ld+json"
    )


def test_refuses_unexpected_statuses_and_admits_those_asked_for() -> None:
    def gone(request: httpx.Request) -> httpx.Response:
        return httpx.Response(410, json={"revoked": True})

    client = fetcher(gone)
    with pytest.raises(FetchError) as caught:
        client.get("https://issuer.example/a", accept=JSON)
    assert caught.value.reason is FetchRefusal.STATUS
    assert caught.value.status == 410
    allowed = client.get("https://issuer.example/a", accept=JSON, statuses=frozenset({200, 410}))
    assert allowed.status == 410


def test_reports_a_timeout() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    assert refusal(fetcher(slow), "https://issuer.example/") is FetchRefusal.TIMEOUT


def test_reports_network_failures() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    assert refusal(fetcher(down), "https://issuer.example/") is FetchRefusal.NETWORK


@pytest.mark.parametrize(
    ("address", "verdict"),
    [
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("192.168.0.1", "private"),
        ("fd00:ec2::254", "private"),
        ("::ffff:10.1.2.3", "private"),
        ("2002:a00:1::", "private"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.127.255.254", "reserved"),
        ("not an address", "invalid"),
    ],
)
def test_classifies_addresses(address: str, verdict: str | None) -> None:
    assert address_refusal(address) == verdict


def test_the_pinned_backend_refuses_a_private_answer_before_connecting() -> None:
    backend = PinnedBackend(AddressGuard(FetchPolicy(), fake_resolve))
    with pytest.raises(FetchError) as caught:
        backend.connect_tcp("internal.example", 443)
    assert caught.value.reason is FetchRefusal.ADDRESS


def test_the_pinned_transport_connects_to_the_checked_address_and_keeps_the_host_name() -> None:
    # A one-shot HTTP server on the loopback interface stands for the remote server: the name
    # dev.test resolves (fake resolver) to 127.0.0.1, admitted by the allowlist.
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            data = b""
            while b"\r\n\r\n" not in data:
                data += connection.recv(4096)
            received.append(data)
            body = b'{"ok":true}'
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )

    thread = threading.Thread(target=serve)
    thread.start()
    policy = FetchPolicy(allow_http=True, allowlist=frozenset({"dev.test"}))
    client = Fetcher(policy, resolve=fake_resolve)
    try:
        fetched = client.get(f"http://dev.test:{port}/did.json", accept=JSON)
    finally:
        client.close()
        thread.join(timeout=10)
        server.close()
    assert fetched.content == b'{"ok":true}'
    assert f"host: dev.test:{port}".encode() in received[0].lower()
