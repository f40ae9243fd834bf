"""Fixtures for verification tests: awards issued through the API, and the outside web (other
issuers' servers) as an httpx MockTransport behind the one outbound client."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.fetch import Fetcher, FetchPolicy
from badgeservice.verification.service import VerificationContext
from tests.conftest import TokenFactory
from tests.support.awards import award_body, awardable
from tests.support.remote import mock_transport

PUBLIC_ADDRESS = "93.184.215.14"


@dataclass
class RemoteWeb:
    """Other issuers' servers: URL → (status, media type, body). Every host resolves to a
    public address unless listed in ``addresses``; ``requests`` records what was fetched."""

    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    addresses: dict[str, list[str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    forbid_all: bool = False

    def serve(
        self, url: str, body: bytes, media_type: str = "application/json", status: int = 200
    ) -> None:
        self.pages[url] = (status, media_type, body)

    def redirect(self, url: str, location: str) -> None:
        self.redirects[url] = location

    def resolve(self, host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]  # a literal resolves to itself
        except ValueError:
            return self.addresses.get(host, [PUBLIC_ADDRESS])

    def handle(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if self.forbid_all:
            raise AssertionError(f"no outbound request was expected, got GET {url}")
        self.requests.append(url)
        if url in self.redirects:
            return httpx.Response(302, headers={"Location": self.redirects[url]})
        status, media_type, body = self.pages.get(url, (404, "text/plain", b"not found"))
        return httpx.Response(status, headers={"Content-Type": media_type}, content=body)

    def fetcher(self) -> Fetcher:
        return Fetcher(FetchPolicy(), resolve=self.resolve, transport=mock_transport(self.handle))


@pytest.fixture
def remote() -> RemoteWeb:
    return RemoteWeb()


@pytest.fixture
def app(app: FastAPI, remote: RemoteWeb) -> FastAPI:
    """The test app, its one outbound client on the fake web."""
    context: VerificationContext = app.state.verification
    app.state.verification = replace(context, fetcher=remote.fetcher())
    return app


@pytest.fixture
def context(app: FastAPI) -> VerificationContext:
    verification: VerificationContext = app.state.verification
    return verification


IssueAward = Callable[..., dict[str, object]]


@pytest.fixture
def issue(client: TestClient, session: Session, auth_headers: TokenFactory) -> IssueAward:
    """Issue an award through the API; returns its JSON (with ``links``)."""
    _issuer, label = awardable(session)
    headers = auth_headers(Scope.AWARDS_WRITE)
    counter = iter(range(1_000_000))

    def make(**overrides: object) -> dict[str, object]:
        n = next(counter)
        fields: dict[str, object] = {
            "recipient": {"type": "email", "identity": f"ana{n}@example.org"},
            **overrides,
        }
        body = award_body(str(label.badge_class.id), **fields)
        response = client.post(
            "/api/v1/awards", json=body, headers={**headers, "Idempotency-Key": f"verify-{n}"}
        )
        assert response.status_code == 201, response.text
        award: dict[str, object] = response.json()
        return award

    return make


def links(award: dict[str, object]) -> dict[str, str]:
    value = award["links"]
    assert isinstance(value, dict)
    return value
