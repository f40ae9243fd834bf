"""Issuing awards through the API: criteria, idempotency, archived labels, reading."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.awards.models import Award
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.conftest import TokenFactory
from tests.support.awards import award_body, awardable
from tests.support.factories import make_issuer


@pytest.fixture
def label(session: Session) -> BadgeClassView:
    return awardable(session)[1]


@pytest.fixture
def ero(auth_headers: TokenFactory) -> dict[str, str]:
    return auth_headers(Scope.AWARDS_WRITE, Scope.AWARDS_READ)


def _post(client: TestClient, headers: dict[str, str], body: dict[str, object], key: str | None):  # type: ignore[no-untyped-def]  # returns an httpx response
    extra = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/api/v1/awards", json=body, headers={**headers, **extra})


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Award)) or 0


def test_award_is_issued_with_every_link(
    client: TestClient, ero: dict[str, str], label: BadgeClassView, session: Session
) -> None:
    response = _post(client, ero, award_body(str(label.badge_class.id)), "ero-1")
    assert response.status_code == 201, response.text
    award = response.json()
    assert award["status"] == "valid"
    assert award["badge_class_version"] == 1
    assert award["recipient"] == {
        "type": "email",
        "identity": None,
        "hashed": True,
        "identity_hash": award["recipient"]["identity_hash"],
        "salt": award["recipient"]["salt"],
    }
    assert award["recipient"]["identity_hash"].startswith("sha256$")
    assert award["expires"] == "2028-05-31T09:30:00Z"  # the label's validity, P2Y
    assert set(award["links"]) == {
        "page",
        "ob2_hosted",
        "ob2_signed",
        "ob3",
        "ob3_jwt",
        "image_png",
        "image_svg",
    }
    assert "ana@example.org" not in response.text.lower()
    assert _count(session) == 1
    fetched = client.get(f"/api/v1/awards/{award['id']}", headers=ero)
    assert fetched.json() == award


def test_replay_with_same_key_and_body_returns_the_original(
    client: TestClient, ero: dict[str, str], label: BadgeClassView, session: Session
) -> None:
    body = award_body(str(label.badge_class.id))
    first = _post(client, ero, body, "ero-2")
    again = _post(client, ero, body, "ero-2")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.content == first.content
    assert _count(session) == 1


def test_same_key_with_another_body_is_refused(
    client: TestClient, ero: dict[str, str], label: BadgeClassView, session: Session
) -> None:
    _post(client, ero, award_body(str(label.badge_class.id)), "ero-3")
    other = _post(client, ero, award_body(str(label.badge_class.id), recipient_name="Bea"), "ero-3")
    assert other.status_code == 422
    assert other.json()["type"] == PROBLEM_TYPE_BASE + "idempotency-key-reused"
    assert _count(session) == 1


def test_missing_idempotency_key_is_a_400(
    client: TestClient, ero: dict[str, str], label: BadgeClassView
) -> None:
    response = _post(client, ero, award_body(str(label.badge_class.id)), None)
    assert response.status_code == 400
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "idempotency-key-missing"
    assert response.json()["errors"][0]["pointer"] == "/header/idempotency-key"


def test_award_missing_criteria_is_refused_per_criterion_and_writes_nothing(
    client: TestClient, ero: dict[str, str], label: BadgeClassView, session: Session
) -> None:
    bad = award_body(
        str(label.badge_class.id),
        recipient={"type": "url", "identity": "https://lieu.example.org"},
        evidence=[],
        narrative=None,
        claims={"charte": False},
    )
    response = _post(client, ero, bad, "ero-4")
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == PROBLEM_TYPE_BASE + "criteria-not-met"
    assert [e["pointer"] for e in problem["errors"]] == [
        "/recipient/type",
        "/narrative",
        "/evidence",
        "/claims/charte",
    ]
    french = _post(client, {**ero, "Accept-Language": "fr"}, bad, "ero-4")
    assert french.status_code == 422, french.text
    assert french.json()["errors"][1]["detail"].startswith("Ce label exige un récit")
    assert _count(session) == 0
    # The key was released: the corrected request goes through with the same key.
    fixed = _post(client, ero, award_body(str(label.badge_class.id)), "ero-4")
    assert fixed.status_code == 201


def test_archived_label_accepts_no_award(
    client: TestClient, ero: dict[str, str], admin_headers: dict[str, str], label: BadgeClassView
) -> None:
    client.post(f"/api/v1/badge-classes/{label.badge_class.id}/archive", headers=admin_headers)
    response = _post(client, ero, award_body(str(label.badge_class.id)), "ero-5")
    assert response.status_code == 409
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "conflict"


def test_one_live_award_per_recipient(
    client: TestClient, ero: dict[str, str], session: Session
) -> None:
    _, label = awardable(
        session,
        criteria={
            "narrative": {"fr": "x", "en": "x"},
            "requirements": {"recipient_types": ["email"], "one_live_award_per_recipient": True},
        },
    )
    body = award_body(str(label.badge_class.id), evidence=[], claims=None)
    assert _post(client, ero, body, "ero-6").status_code == 201
    same_person = award_body(
        str(label.badge_class.id),
        evidence=[],
        claims=None,
        recipient={"type": "email", "identity": " ana@example.ORG "},
    )
    second = _post(client, ero, same_person, "ero-7")
    assert second.status_code == 422
    assert second.json()["errors"][0]["pointer"] == "/recipient"


def test_unsafe_values_are_refused_at_the_boundary(
    client: TestClient, ero: dict[str, str], label: BadgeClassView
) -> None:
    body = award_body(str(label.badge_class.id), claims={"charte": True, "n": 2**60})
    response = _post(client, ero, body, "ero-8")
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/claims/n"


def test_award_for_an_issuer_the_client_may_not_act_for_is_403(
    client: TestClient, auth_headers: TokenFactory, label: BadgeClassView, session: Session
) -> None:
    make_issuer(session, slug="autre")
    limited = auth_headers(Scope.AWARDS_WRITE, issuers=["autre"])
    response = _post(client, limited, award_body(str(label.badge_class.id)), "ero-9")
    assert response.status_code == 403
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "forbidden"


def test_list_filters_by_recipient_and_paginates(
    client: TestClient, ero: dict[str, str], label: BadgeClassView
) -> None:
    ids = []
    for n in range(3):
        body = award_body(
            str(label.badge_class.id), recipient={"type": "email", "identity": f"p{n}@example.org"}
        )
        ids.append(_post(client, ero, body, f"list-{n}").json()["id"])
    page = client.get("/api/v1/awards", params={"limit": 2}, headers=ero).json()
    assert [a["id"] for a in page["items"]] == ids[:2]
    rest = client.get(
        "/api/v1/awards", params={"limit": 2, "cursor": page["next_cursor"]}, headers=ero
    )
    assert [a["id"] for a in rest.json()["items"]] == ids[2:]
    mine = client.get("/api/v1/awards", params={"recipient": "P1@example.org"}, headers=ero).json()
    assert [a["id"] for a in mine["items"]] == [ids[1]]


def test_batch_issues_each_item_on_its_own(
    client: TestClient, ero: dict[str, str], label: BadgeClassView, session: Session
) -> None:
    good = {"idempotency_key": "b-1", **award_body(str(label.badge_class.id))}
    bad = {"idempotency_key": "b-2", **award_body(str(label.badge_class.id), narrative=None)}
    response = client.post("/api/v1/awards/batch", json={"items": [good, bad]}, headers=ero)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 422]
    assert results[0]["award"]["status"] == "valid"
    assert results[1]["problem"]["type"] == PROBLEM_TYPE_BASE + "criteria-not-met"
    assert results[1]["problem"]["errors"][0]["pointer"] == "/items/1/narrative"
    assert _count(session) == 1
    replay = client.post("/api/v1/awards/batch", json={"items": [good]}, headers=ero).json()
    assert replay["results"][0]["replayed"] is True
    assert _count(session) == 1
