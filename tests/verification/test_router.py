"""POST /verify over HTTP: JSON, multipart and raw bodies; reports in English or French;
problems for what cannot be read; size and rate limits."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from badgeservice.problems import PROBLEM_TYPE_BASE
from badgeservice.verification.dependencies import VerifyRateLimiter
from tests.support.resolve import local_path
from tests.verification.conftest import IssueAward, RemoteWeb, links
from tests.verification.test_unreadable import BILLION_LAUGHS, decompression_bomb

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture(autouse=True)
def no_outbound_requests(remote: RemoteWeb) -> None:
    remote.forbid_all = True


def problem_type(response: object) -> str:
    assert hasattr(response, "json")
    body = response.json()
    return str(body["type"]).removeprefix(PROBLEM_TYPE_BASE)


def test_verifies_a_url_and_answers_the_report(client: TestClient, issue: IssueAward) -> None:
    response = client.post("/verify", json={"url": links(issue())["ob3"]})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["verified"] is True
    assert report["format"] == "ob3-data-integrity"
    assert [c["id"] for c in report["checks"]] == [
        "parse", "contexts", "schema", "signature", "key_status", "issuer_key_binding", "dates",
        "revocation", "recipient",
    ]  # fmt: skip
    assert report["checks"][3]["message"] == "The Data Integrity proof (eddsa-rdfc-2022) verifies."
    assert report["summary"]["recipient"] == {"type": "email", "hashed": True, "identity": None}
    assert response.headers["access-control-allow-origin"] == "*"


def test_messages_follow_accept_language(client: TestClient, issue: IssueAward) -> None:
    response = client.post("/verify", json={"url": links(issue())["ob3"]}, headers=FRENCH)
    signature = response.json()["checks"][3]
    assert signature["message"] == "La preuve Data Integrity (eddsa-rdfc-2022) est valide."


def test_verifies_a_credential_and_a_jwt_with_a_recipient(
    client: TestClient, issue: IssueAward
) -> None:
    award = issue(recipient={"type": "email", "identity": "lou@example.org"})
    credential = client.get(local_path(links(award)["ob3"])).json()
    token = client.get(local_path(links(award)["ob3_jwt"])).text
    recipient = {"type": "email", "identity": "lou@example.org"}
    for body in ({"credential": credential}, {"jwt": token}):
        report = client.post("/verify", json={**body, "recipient": recipient}).json()
        assert report["verified"] is True
        assert report["checks"][-1]["status"] == "passed"


def test_verifies_a_multipart_upload_with_recipient_fields(
    client: TestClient, issue: IssueAward
) -> None:
    award = issue(recipient={"type": "email", "identity": "lou@example.org"})
    image = client.get(local_path(links(award)["image_png"])).content
    response = client.post(
        "/verify",
        files={"file": ("badge.png", image, "image/png")},
        data={"recipient_type": "email", "recipient_identity": "eve@example.org"},
    )
    report = response.json()
    assert (report["verified"], report["baked"], report["checks"][-1]["status"]) == (
        False,
        "png",
        "failed",
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("image_png", "image/png"), ("image_svg", "image/svg+xml"), ("ob3_jwt", "text/plain")],
)
def test_verifies_a_raw_body(
    client: TestClient, issue: IssueAward, name: str, content_type: str
) -> None:
    body = client.get(local_path(links(issue())[name])).content
    response = client.post("/verify", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 200, response.text
    assert response.json()["verified"] is True


def test_a_truncated_png_upload_is_an_unreadable_credential_problem(
    client: TestClient, issue: IssueAward
) -> None:
    image = client.get(local_path(links(issue())["image_png"])).content
    response = client.post(
        "/verify", content=image[:200], headers={"Content-Type": "image/png", **FRENCH}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert problem_type(response) == "unreadable-credential"
    assert response.json()["detail"] == "L'image PNG est tronquée ou endommagée."


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(BILLION_LAUGHS, "image/svg+xml"), (decompression_bomb(), "image/png")],
    ids=["svg-entity-bomb", "png-decompression-bomb"],
)
def test_bombs_are_unreadable_credential_problems(
    client: TestClient, body: bytes, content_type: str
) -> None:
    response = client.post("/verify", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 422
    assert problem_type(response) == "unreadable-credential"


def test_a_url_to_the_cloud_metadata_service_is_refused(client: TestClient) -> None:
    response = client.post("/verify", json={"url": "https://169.254.169.254/latest/meta-data/"})
    assert response.status_code == 422
    assert problem_type(response) == "unreadable-credential"
    assert "non-public address" in response.json()["detail"]


def test_malformed_json_is_a_malformed_request(client: TestClient) -> None:
    response = client.post(
        "/verify", content=b'{"url": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert problem_type(response) == "malformed-request"


def test_deeply_nested_json_is_refused_not_crashed_on(client: TestClient) -> None:
    body = b'{"credential": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001
    response = client.post("/verify", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422)


@pytest.mark.parametrize(
    "body",
    [{}, {"url": "https://a.example/", "jwt": "x.y.z"}, {"url": 3}, {"recipient": {}}],
    ids=["nothing", "two", "wrong-type", "recipient-only"],
)
def test_a_request_without_exactly_one_badge_is_invalid(
    client: TestClient, body: dict[str, object]
) -> None:
    response = client.post("/verify", json=body)
    assert response.status_code == 422
    assert problem_type(response) == "invalid-request"


def test_an_unsupported_media_type_is_refused(client: TestClient) -> None:
    response = client.post("/verify", content=b"<html/>", headers={"Content-Type": "text/html"})
    assert response.status_code == 415
    assert problem_type(response) == "unsupported-media-type"


def test_a_body_over_the_upload_limit_is_refused(client: TestClient) -> None:
    response = client.post(
        "/verify", content=b"\x89PNG" + b"0" * 200_000, headers={"Content-Type": "image/png"}
    )
    assert response.status_code == 413
    assert problem_type(response) == "payload-too-large"


def test_clients_over_the_rate_limit_are_told_when_to_retry(
    app: FastAPI, client: TestClient
) -> None:
    app.state.verify_rate_limiter = VerifyRateLimiter("2/minute")
    body = {"credential": {"hello": "world"}}
    assert [client.post("/verify", json=body).status_code for _ in range(2)] == [422, 422]
    refused = client.post("/verify", json=body)
    assert refused.status_code == 429
    assert problem_type(refused) == "rate-limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
