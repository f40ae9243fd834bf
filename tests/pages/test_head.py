"""HEAD answers as GET without the body, on the pages and on the public documents."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.issuers.models import Issuer
from tests.pages.conftest import BROWSER_ACCEPT, IssueAward, local

# Headers that differ between two requests by design.
_PER_REQUEST = {"x-request-id", "date"}


def _same_as_get(client: TestClient, path: str, headers: dict[str, str]) -> None:
    got = client.get(path, headers=headers)
    head = client.head(path, headers=headers)
    assert got.status_code == 200, got.text
    assert got.content
    assert head.status_code == 200
    assert head.content == b""
    assert {k: v for k, v in head.headers.items() if k not in _PER_REQUEST} == {
        k: v for k, v in got.headers.items() if k not in _PER_REQUEST
    }
    assert head.headers["content-length"] == str(len(got.content))


@pytest.mark.parametrize(
    "link", ["page", "ob3", "ob3_jwt", "ob2_hosted", "ob2_signed", "image_png"]
)
def test_head_on_an_award_answers_as_get_without_the_body(
    client: TestClient, issue: IssueAward, link: str
) -> None:
    links = issue()["links"]
    assert isinstance(links, dict)
    _same_as_get(client, local(str(links[link])), {"Accept": BROWSER_ACCEPT})


def test_head_on_the_label_and_issuer_pages_answers_as_get_without_the_body(
    client: TestClient, label: tuple[Issuer, BadgeClassView]
) -> None:
    issuer, view = label
    for path in (f"/badge-classes/{view.badge_class.id}", f"/issuers/{issuer.id}"):
        _same_as_get(client, path, {"Accept": BROWSER_ACCEPT, "Accept-Language": "en"})


def test_head_keeps_negotiation_and_revalidation(client: TestClient, issue: IssueAward) -> None:
    path = local(str(issue()["links"]["ob3"]))  # type: ignore[index]  # the API's links object
    jwt = client.head(path, headers={"Accept": "application/vc+jwt"})
    assert jwt.headers["content-type"].startswith("application/vc+jwt")
    etag = client.get(path).headers["etag"]
    revalidated = client.head(path, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""


@pytest.mark.parametrize(
    "path", ["/badges/0190c4a4-0000-7000-8000-000000000000", "/ob3/credentials/not-a-uuid"]
)
def test_head_on_an_unknown_resource_is_a_bodiless_error(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert got.status_code in (404, 422)
    assert head.status_code == got.status_code
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.content == b""


def test_head_on_a_post_only_route_is_refused(client: TestClient) -> None:
    response = client.head("/verify")
    assert response.status_code == 405
    assert response.content == b""
