"""Admin API for badge classes: definition, versions, archive, images, listing."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from badgeservice.issuers.models import Issuer
from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.support.factories import badge_class_body, make_issuer


@pytest.fixture
def issuer(session: Session) -> Issuer:
    return make_issuer(session)


def _requirements(body: dict[str, object]) -> dict[str, object]:
    criteria = body["criteria"]
    assert isinstance(criteria, dict)
    requirements = criteria["requirements"]
    assert isinstance(requirements, dict)
    return requirements


def _png(width: int = 64, height: int = 64) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (20, 120, 200, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_create_badge_class_generates_an_image_and_links(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    response = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer.id)), headers=admin_headers
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"] == 1
    assert body["status"] == "active"
    assert body["slug"] == "faiseuse-d-essais"
    assert body["criteria"]["requirements"]["min_evidence"] == 1
    assert body["links"]["ob2"].endswith(f"/ob2/badge-classes/{body['id']}")
    assert body["links"]["ob2_version"].endswith(f"/ob2/badge-classes/{body['id']}/versions/1")
    png = client.get(body["links"]["image_png"].removeprefix("https://badges.example.org"))
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = client.get(body["links"]["image"].removeprefix("https://badges.example.org"))
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "Faiseuse d&apos;essais" in svg.text or "Faiseuse d'essais" in svg.text
    assert "default-src 'none'" in svg.headers["content-security-policy"]


def test_editing_criteria_creates_a_new_version_and_keeps_the_old(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    created = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer.id)), headers=admin_headers
    ).json()
    criteria = {
        "narrative": {"fr": "Avoir essayé deux fois.", "en": "Having tried twice."},
        "requirements": {"recipient_types": ["email"], "min_evidence": 2},
    }
    updated = client.patch(
        f"/api/v1/badge-classes/{created['id']}", json={"criteria": criteria}, headers=admin_headers
    )
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    assert updated.json()["criteria"]["requirements"]["min_evidence"] == 2

    first = client.get(
        f"/api/v1/badge-classes/{created['id']}/versions/1", headers=admin_headers
    ).json()
    assert first["version"] == 1
    assert first["criteria"]["requirements"]["min_evidence"] == 1
    assert first["criteria"]["narrative"]["fr"] == "Avoir essayé."

    unchanged = client.patch(
        f"/api/v1/badge-classes/{created['id']}", json={"criteria": criteria}, headers=admin_headers
    )
    assert unchanged.json()["version"] == 2

    events = client.get(
        "/api/v1/audit-events", params={"target_id": created["id"]}, headers=admin_headers
    ).json()
    assert [e["action"] for e in events["items"]] == ["badge_class.update", "badge_class.create"]
    assert events["items"][0]["before"]["version"] == 1
    assert events["items"][0]["after"]["version"] == 2


def test_archived_badge_class_cannot_be_edited_and_delete_is_not_offered(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    created = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer.id)), headers=admin_headers
    ).json()
    url = f"/api/v1/badge-classes/{created['id']}"
    assert client.delete(url, headers=admin_headers).status_code == 405
    archived = client.post(url + "/archive", headers=admin_headers)
    assert archived.status_code == 200
    assert archived.json()["status"] == "archived"
    assert archived.json()["archived_at"] is not None
    edit = client.patch(url, json={"tags": ["x"]}, headers=admin_headers)
    assert edit.status_code == 409
    assert edit.json()["type"] == PROBLEM_TYPE_BASE + "conflict"
    assert client.get(url, headers=admin_headers).json()["status"] == "archived"


def test_invalid_claims_schema_is_refused_at_definition_time(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    body = badge_class_body(str(issuer.id))
    _requirements(body)["claims_schema"] = {"type": 12}
    response = client.post("/api/v1/badge-classes", json=body, headers=admin_headers)
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == PROBLEM_TYPE_BASE + "invalid-claims-schema"
    assert problem["errors"][0]["pointer"].startswith("/criteria/requirements/claims_schema")


def test_claims_schema_with_remote_ref_is_refused(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    body = badge_class_body(str(issuer.id))
    _requirements(body)["claims_schema"] = {"$ref": "http://169.254.169.254/latest/meta-data"}
    response = client.post("/api/v1/badge-classes", json=body, headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "invalid-claims-schema"


def test_unknown_achievement_type_and_bad_validity_are_refused(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    body = badge_class_body(str(issuer.id), achievement_type="Trophy", validity="two years")
    response = client.post("/api/v1/badge-classes", json=body, headers=admin_headers)
    assert response.status_code == 422
    assert {e["pointer"] for e in response.json()["errors"]} == {"/achievement_type", "/validity"}


def test_png_upload_replaces_the_image_in_a_new_version(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    created = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer.id)), headers=admin_headers
    ).json()
    png = _png()
    response = client.put(
        f"/api/v1/badge-classes/{created['id']}/image",
        files={"file": ("badge.png", png, "image/png")},
        headers=admin_headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 2
    served = client.get(
        response.json()["links"]["image_png"].removeprefix("https://badges.example.org")
    )
    assert served.content == png


_SVG_OPEN = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    b' width="10" height="10">'
)


@pytest.mark.parametrize(
    ("svg", "found"),
    [
        (_SVG_OPEN + b"<script>alert(1)</script></svg>", "script"),
        (_SVG_OPEN.replace(b">", b' onload="alert(1)">') + b'<rect width="5"/></svg>', "onload"),
        (
            _SVG_OPEN + b'<image xlink:href="https://evil.example/x.png" width="5"/></svg>',
            "external reference",
        ),
    ],
    ids=["script", "event-handler", "external-href"],
)
def test_unsafe_svg_upload_is_refused(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer, svg: bytes, found: str
) -> None:
    created = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer.id)), headers=admin_headers
    ).json()
    response = client.put(
        f"/api/v1/badge-classes/{created['id']}/image",
        content=svg,
        headers={**admin_headers, "Content-Type": "image/svg+xml"},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == PROBLEM_TYPE_BASE + "image-rejected"
    assert found in problem["detail"]
    assert (
        client.get(f"/api/v1/badge-classes/{created['id']}", headers=admin_headers).json()[
            "version"
        ]
        == 1
    )


def test_oversize_upload_is_a_413_problem(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    created = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer.id)), headers=admin_headers
    ).json()
    response = client.put(
        f"/api/v1/badge-classes/{created['id']}/image",
        content=b"\x89PNG\r\n\x1a\n" + b"\0" * 200_000,
        headers={**admin_headers, "Content-Type": "image/png"},
    )
    assert response.status_code == 413
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "payload-too-large"


def test_image_that_is_neither_png_nor_svg_is_refused(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    created = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer.id)), headers=admin_headers
    ).json()
    response = client.put(
        f"/api/v1/badge-classes/{created['id']}/image",
        files={"file": ("x.png", b"GIF89a....", "image/png")},
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/file"


def test_list_filters_and_paginates_with_a_cursor(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer, session: Session
) -> None:
    other = make_issuer(session, slug="autre")
    ids = []
    for n in range(5):
        body = badge_class_body(
            str(issuer.id), slug=f"label-{n}", tags=["pair" if n % 2 == 0 else "impair"]
        )
        ids.append(
            client.post("/api/v1/badge-classes", json=body, headers=admin_headers).json()["id"]
        )
    client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(other.id)), headers=admin_headers
    )
    client.post(f"/api/v1/badge-classes/{ids[4]}/archive", headers=admin_headers)

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"issuer_id": str(issuer.id), "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/badge-classes", params=params, headers=admin_headers).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids

    active = client.get(
        "/api/v1/badge-classes",
        params={"issuer_id": str(issuer.id), "status": "active"},
        headers=admin_headers,
    ).json()
    assert [i["id"] for i in active["items"]] == ids[:4]
    tagged = client.get(
        "/api/v1/badge-classes",
        params={"tag": "pair", "issuer_id": str(issuer.id)},
        headers=admin_headers,
    ).json()
    assert [i["id"] for i in tagged["items"]] == [ids[0], ids[2], ids[4]]
    bad = client.get("/api/v1/badge-classes", params={"cursor": "%%%"}, headers=admin_headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["pointer"] == "/query/cursor"
