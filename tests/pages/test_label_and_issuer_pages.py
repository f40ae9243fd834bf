"""The label page (the OB 2.0 criteria URL) and the issuer page with its labels."""

from __future__ import annotations

import lxml.html
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.principal import SYSTEM
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.issuers.models import Issuer
from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.conftest import PUBLIC_URL
from tests.pages.conftest import BROWSER_ACCEPT, html_of, local, text_of
from tests.support.factories import NOW, make_badge_class

Label = tuple[Issuer, BadgeClassView]


def _heading(document: lxml.html.HtmlElement) -> str:
    h1 = document.xpath("//h1")
    assert len(h1) == 1
    return " ".join(h1[0].text_content().split())


def test_label_page_shows_name_criteria_and_issuer(client: TestClient, label: Label) -> None:
    issuer, view = label
    response = client.get(f"/badge-classes/{view.badge_class.id}")
    assert response.status_code == 200
    document = html_of(response)
    assert document.get("lang") == "fr"
    assert _heading(document) == "Faiseuse d'essais"
    criteria = document.xpath("//section[@aria-labelledby='criteria-heading']")[0]
    assert criteria.xpath(".//ul/li/text()") == ["ouvert à tous", "documenté"]
    assert document.xpath("//dl//a/@href") == [f"{PUBLIC_URL}/issuers/{issuer.id}?lang=fr"]
    image = document.xpath("//img[@class='badge-image']")[0]
    assert image.get("alt") == "Faiseuse d'essais"
    assert client.get(local(image.get("src"))).headers["content-type"] == "image/png"


def test_label_page_in_english(client: TestClient, label: Label) -> None:
    _, view = label
    document = html_of(
        client.get(f"/badge-classes/{view.badge_class.id}", headers={"Accept-Language": "en"})
    )
    assert document.get("lang") == "en"
    assert _heading(document) == "Trial maker"


def test_archived_label_page_says_it_is_no_longer_awarded(
    client: TestClient, session: Session, label: Label
) -> None:
    _, view = label
    badge_classes.archive_badge_class(
        session, badge_class_id=view.badge_class.id, actor=SYSTEM, now=NOW
    )
    document = html_of(client.get(f"/badge-classes/{view.badge_class.id}"))
    assert text_of(document, "status-archived") == "Ce label n'est plus décerné."


def test_active_label_page_has_no_archive_notice(client: TestClient, label: Label) -> None:
    document = html_of(client.get(f"/badge-classes/{label[1].badge_class.id}"))
    assert not document.find_class("status-archived")


def test_label_page_sends_json_clients_to_the_ob2_badge_class(
    client: TestClient, label: Label
) -> None:
    ident = label[1].badge_class.id
    response = client.get(
        f"/badge-classes/{ident}", headers={"Accept": "application/json"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{PUBLIC_URL}/ob2/badge-classes/{ident}"


def test_issuer_page_lists_its_active_labels_only(
    client: TestClient, session: Session, label: Label
) -> None:
    issuer, view = label
    archived = make_badge_class(session, issuer, name={"fr": "Ancien label", "en": "Old label"})
    badge_classes.archive_badge_class(
        session, badge_class_id=archived.badge_class.id, actor=SYSTEM, now=NOW
    )
    response = client.get(f"/issuers/{issuer.id}")
    assert response.status_code == 200
    document = html_of(response)
    assert _heading(document) == "Laboratoire d'essai"
    assert document.xpath("//ul[@class='label-list']//h3/a/text()") == ["Faiseuse d'essais"]
    assert document.xpath("//ul[@class='label-list']//h3/a/@href") == [
        f"{PUBLIC_URL}/badge-classes/{view.badge_class.id}?lang=fr"
    ]
    assert document.xpath("//a[starts-with(@href, 'mailto:')]/text()") == [
        "contact@labo.example.org"
    ]


def test_issuer_page_is_found_by_slug_too(client: TestClient, label: Label) -> None:
    issuer, _ = label
    document = html_of(client.get(f"/issuers/{issuer.slug}?lang=en"))
    assert _heading(document) == "Test lab"


def test_issuer_page_and_did_document_live_side_by_side(client: TestClient, label: Label) -> None:
    issuer, _ = label
    assert client.get(f"/issuers/{issuer.slug}").status_code == 200
    did = client.get(f"/issuers/{issuer.slug}/did.json")
    assert did.status_code == 200
    assert did.headers["content-type"] == "application/did+ld+json"


def test_issuer_page_sends_json_clients_to_the_ob2_profile(
    client: TestClient, label: Label
) -> None:
    issuer, _ = label
    response = client.get(
        f"/issuers/{issuer.slug}",
        headers={"Accept": "application/ld+json"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{PUBLIC_URL}/ob2/issuers/{issuer.id}"


@pytest.mark.parametrize(
    "path",
    [
        "/badge-classes/0b9c3a1e-4b8e-4c57-9d6e-1f0e2a3b4c5d",
        "/badge-classes/nope",
        "/issuers/0b9c3a1e-4b8e-4c57-9d6e-1f0e2a3b4c5d",
        "/issuers/nobody",
    ],
)
def test_unknown_label_or_issuer_is_an_html_404_for_browsers(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    assert html_of(response).xpath("//h1/text()") == ["Page introuvable"]


@pytest.mark.parametrize(
    "path",
    [
        "/badge-classes/0b9c3a1e-4b8e-4c57-9d6e-1f0e2a3b4c5d",
        "/badge-classes/nope",
        "/issuers/nobody",
    ],
)
def test_unknown_label_or_issuer_stays_a_problem_for_json_clients(
    client: TestClient, path: str
) -> None:
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"


def test_stylesheet_is_served(client: TestClient, label: Label) -> None:
    document = html_of(client.get(f"/badge-classes/{label[1].badge_class.id}"))
    href = document.xpath("//link[@rel='stylesheet']/@href")[0]
    response = client.get(local(href))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert b"focus-visible" in response.content
