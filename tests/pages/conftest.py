"""Awards to look at: issued through the API (the way the ERO platform does), revoked through
the API, and read back as a person's browser or a JSON client would."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

import lxml.html
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.issuers.models import Issuer
from tests.conftest import PUBLIC_URL, TokenFactory
from tests.support.awards import award_body
from tests.support.factories import make_badge_class, make_issuer

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
IssueAward = Callable[..., dict[str, object]]


@pytest.fixture
def label(session: Session) -> tuple[Issuer, BadgeClassView]:
    issuer = make_issuer(session)
    view = make_badge_class(
        session,
        issuer,
        criteria={
            "narrative": {
                "fr": "Avoir **animé** un atelier.\n\n- ouvert à tous\n- documenté",
                "en": "Ran a **workshop**.\n\n- open to all\n- documented",
            },
            "requirements": {"recipient_types": ["email", "telephone", "url", "did"]},
        },
    )
    return issuer, view


@pytest.fixture
def issue(
    client: TestClient, label: tuple[Issuer, BadgeClassView], auth_headers: TokenFactory
) -> IssueAward:
    """Issue an award of ``label`` through the API; keyword arguments override the body."""
    headers = auth_headers(Scope.AWARDS_WRITE)
    counter = iter(range(1_000))

    def make(**overrides: object) -> dict[str, object]:
        body = award_body(str(label[1].badge_class.id), **overrides)
        response = client.post(
            "/api/v1/awards",
            json=body,
            headers={**headers, "Idempotency-Key": f"page-{next(counter)}"},
        )
        assert response.status_code == 201, response.text
        award: dict[str, object] = response.json()
        return award

    return make


@pytest.fixture
def revoke(client: TestClient, auth_headers: TokenFactory) -> Callable[[str, str], None]:
    headers = auth_headers(Scope.AWARDS_REVOKE)

    def make(award_id: str, reason: str) -> None:
        response = client.post(
            f"/api/v1/awards/{award_id}/revoke", json={"reason": reason}, headers=headers
        )
        assert response.status_code == 200, response.text

    return make


def page_path(award: dict[str, object]) -> str:
    return f"/badges/{award['id']}"


class TextResponse(Protocol):
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def text(self) -> str: ...


def html_of(response: TextResponse) -> lxml.html.HtmlElement:
    assert response.headers["content-type"].startswith("text/html"), response.headers
    return lxml.html.fromstring(response.text)


def text_of(document: lxml.html.HtmlElement, css_class: str) -> str:
    """The whitespace-normalised text of the first element with ``css_class``."""
    found = document.find_class(css_class)
    assert found, f"no element of class {css_class}"
    return " ".join(found[0].text_content().split())


def local(url: str) -> str:
    assert url.startswith(PUBLIC_URL), url
    return url.removeprefix(PUBLIC_URL)
