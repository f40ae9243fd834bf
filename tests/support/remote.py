"""Remote servers for tests: an httpx MockTransport injected into the one outbound client."""

from __future__ import annotations

from collections.abc import Callable

import httpx

Handler = Callable[[httpx.Request], httpx.Response]


def mock_transport(handler: Handler) -> httpx.MockTransport:
    """A MockTransport whose responses stream their raw bytes, as a network response does.

    ``httpx.Response(content=...)`` reads (and decodes) its body at once; the client reads
    bodies raw, as a stream, to cap their size before and after decompression. Re-wrapping the
    response around its raw byte stream gives the client what a socket would.
    """

    def respond(request: httpx.Request) -> httpx.Response:
        response = handler(request)
        return httpx.Response(
            response.status_code, headers=response.headers, stream=response.stream
        )

    return httpx.MockTransport(respond)


def failing_transport() -> httpx.MockTransport:
    """A transport that fails the test if any request reaches it."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no outbound request was expected, got GET {request.url}")

    return httpx.MockTransport(refuse)
