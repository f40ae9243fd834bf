"""The award page: what a person sees, in French by default and in English on request, with the
live status, and never a hashed identity."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.conftest import PUBLIC_URL
from tests.pages.conftest import BROWSER_ACCEPT, IssueAward, html_of, local, page_path, text_of

Revoke = Callable[[str, str], None]


def test_award_page_is_french_by_default(client: TestClient, issue: IssueAward) -> None:
    award = issue()
    response = client.get(page_path(award), headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    document = html_of(response)
    assert document.get("lang") == "fr"
    assert response.headers["content-language"] == "fr"
    assert " ".join(document.xpath("//h1")[0].text_content().split()) == "Faiseuse d'essais"
    assert text_of(document, "status-text") == "Statut : Valide"
    assert text_of(document, "recipient") == "Ana"
    assert "31 mai 2026" in response.text
    assert "31 mai 2028" in response.text  # the label's two-year validity


@pytest.mark.parametrize(
    ("query", "accept_language", "expected"),
    [
        ("", "en-GB,en;q=0.9", "en"),
        ("?lang=en", None, "en"),
        ("?lang=en", "fr-FR", "en"),
        ("?lang=fr", "en", "fr"),
        ("?lang=de", "en", "en"),
        ("", "de-DE", "fr"),
    ],
)
def test_page_language_follows_the_query_then_accept_language_then_french(
    client: TestClient,
    issue: IssueAward,
    query: str,
    accept_language: str | None,
    expected: str,
) -> None:
    award = issue()
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get(page_path(award) + query, headers=headers)
    document = html_of(response)
    assert document.get("lang") == expected
    status = text_of(document, "status-text")
    assert status == ("Status: Valid" if expected == "en" else "Statut : Valide")


def test_english_page_writes_dates_the_english_way(client: TestClient, issue: IssueAward) -> None:
    award = issue()
    response = client.get(page_path(award) + "?lang=en")
    assert "May 31, 2026" in response.text
    assert " ".join(html_of(response).xpath("//h1")[0].text_content().split()) == "Trial maker"


def test_expired_award_page_says_so_and_still_answers_200(
    client: TestClient, issue: IssueAward
) -> None:
    award = issue(issued_on="2024-01-15T09:00:00Z", expires="2025-01-15T09:00:00Z")
    response = client.get(page_path(award))
    assert response.status_code == 200
    document = html_of(response)
    assert text_of(document, "status-text") == "Statut : Expiré"
    assert "Ce badge a expiré le 15 janvier 2025." in text_of(document, "status")
    assert not document.find_class("button"), "no LinkedIn link for an expired badge"


def test_revoked_award_page_shows_the_reason_and_still_answers_200(
    client: TestClient, issue: IssueAward, revoke: Revoke
) -> None:
    award = issue()
    revoke(str(award["id"]), "Attribué par erreur <b>sic</b>")
    response = client.get(page_path(award) + "?lang=en")
    assert response.status_code == 200
    document = html_of(response)
    assert text_of(document, "status-text") == "Status: Revoked"
    assert text_of(document, "revocation-reason") == "Reason: Attribué par erreur <b>sic</b>"
    assert "<b>sic</b>" not in response.text
    assert not document.find_class("button"), "no LinkedIn link for a revoked badge"


def test_valid_award_page_has_no_revocation_reason(client: TestClient, issue: IssueAward) -> None:
    document = html_of(client.get(page_path(issue())))
    assert not document.find_class("revocation-reason")
    assert not document.find_class("status-revoked")


def test_hashed_email_recipient_is_never_shown(client: TestClient, issue: IssueAward) -> None:
    award = issue(recipient_name=None)
    recipient = award["recipient"]
    assert isinstance(recipient, dict)
    response = client.get(page_path(award))
    assert text_of(html_of(response), "recipient") == "Destinataire vérifiable par son adresse"
    for secret in (recipient["identity_hash"], recipient["salt"], "ana@example.org"):
        assert isinstance(secret, str)
        assert secret.lower() not in response.text.lower()


def test_hashed_telephone_recipient_is_never_shown(client: TestClient, issue: IssueAward) -> None:
    award = issue(recipient={"type": "telephone", "identity": "+33123456789"}, recipient_name=None)
    response = client.get(page_path(award) + "?lang=en")
    assert text_of(html_of(response), "recipient") == (
        "Recipient verifiable by their telephone number"
    )
    assert "123456789" not in response.text


def test_place_recipient_without_a_name_is_shown_by_its_url(
    client: TestClient, issue: IssueAward
) -> None:
    place = "https://ferme.example.org/"
    award = issue(recipient={"type": "url", "identity": place}, recipient_name=None)
    document = html_of(client.get(page_path(award)))
    assert text_of(document, "recipient") == place
    assert document.find_class("recipient")[0].xpath(".//a/@href") == [place]


def test_stored_texts_are_escaped(client: TestClient, issue: IssueAward) -> None:
    award = issue(
        recipient_name='<script>alert("x")</script>',
        narrative="**Bravo** <img src=x onerror=alert(1)> [lien](javascript:alert(1))",
    )
    response = client.get(page_path(award))
    assert "<script>" not in response.text
    assert "<img src=x" not in response.text
    assert 'href="javascript:' not in response.text
    document = html_of(response)
    assert text_of(document, "recipient") == '<script>alert("x")</script>'
    assert document.xpath("//strong[text()='Bravo']")
    assert not document.xpath("//script")


def test_criteria_markdown_renders_a_safe_subset(client: TestClient, issue: IssueAward) -> None:
    document = html_of(client.get(page_path(issue())))
    criteria = document.xpath("//section[@aria-labelledby='criteria-heading']")[0]
    assert criteria.xpath(".//strong/text()") == ["animé"]
    assert criteria.xpath(".//ul/li/text()") == ["ouvert à tous", "documenté"]


def test_award_page_links_to_its_label_and_issuer_pages(
    client: TestClient, issue: IssueAward
) -> None:
    document = html_of(client.get(page_path(issue()) + "?lang=en"))
    criteria = document.xpath("//section[@aria-labelledby='criteria-heading']")[0]
    assert criteria.xpath(".//a/text()") == ["See the label's page"]
    issuer_link = document.xpath("//dl[@class='facts']//a")[0]
    assert issuer_link.text_content() == "Test lab"
    for href in (criteria.xpath(".//a/@href")[0], issuer_link.get("href")):
        assert str(href).endswith("?lang=en")
        linked = client.get(local(str(href)))
        assert linked.status_code == 200
        assert html_of(linked).get("lang") == "en"


def test_open_graph_tags_describe_the_badge(client: TestClient, issue: IssueAward) -> None:
    award = issue()
    document = html_of(client.get(page_path(award)))

    def meta(name: str) -> str:
        values = document.xpath(f"//meta[@property='{name}']/@content")
        assert len(values) == 1, name
        return str(values[0])

    assert meta("og:title") == "Faiseuse d'essais"
    assert meta("og:description") == "Badge « Faiseuse d'essais » décerné par Laboratoire d'essai."
    assert meta("og:url") == f"{PUBLIC_URL}/badges/{award['id']}"
    image = meta("og:image")
    assert image.startswith(f"{PUBLIC_URL}/images/")
    assert image.endswith(".png")
    fetched = client.get(local(image))
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "image/png"


def test_linkedin_link_prefills_the_certification(client: TestClient, issue: IssueAward) -> None:
    award = issue()
    document = html_of(client.get(page_path(award)))
    href = str(document.find_class("button")[0].get("href"))
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    assert "%20" in parts.query  # spaces as %20, the way LinkedIn documents it
    assert "+" not in parts.query
    assert {k: v[0] for k, v in parse_qs(parts.query).items()} == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Faiseuse d'essais",
        "organizationName": "Laboratoire d'essai",
        "issueYear": "2026",
        "issueMonth": "5",
        "expirationYear": "2028",
        "expirationMonth": "5",
        "certUrl": f"{PUBLIC_URL}/badges/{award['id']}",
        "certId": str(award["id"]),
    }


def test_every_download_link_resolves(client: TestClient, issue: IssueAward) -> None:
    award = issue()
    document = html_of(client.get(page_path(award)))
    links = document.xpath("//ul[@class='downloads']//a/@href")
    assert len(links) == 5
    types = [client.get(local(str(link))).headers["content-type"] for link in links]
    assert types == [
        "image/png",
        "image/svg+xml",
        "application/vc+ld+json",
        "text/plain; charset=utf-8",
        "application/ld+json",
    ]


def test_page_is_accessible_by_structure(client: TestClient, issue: IssueAward) -> None:
    document = html_of(client.get(page_path(issue())))
    levels = [int(h.tag[1]) for h in document.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    images = document.xpath("//img")
    assert images
    assert all(img.get("alt") == "Faiseuse d'essais" for img in images)
    assert document.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"
    ]
    assert document.xpath("//a[@class='skip-link']/@href") == ["#main"]
    assert document.xpath("//main/@id") == ["main"]


def test_page_runs_no_script_and_says_so_in_its_policy(
    client: TestClient, issue: IssueAward
) -> None:
    response = client.get(page_path(issue()))
    assert not html_of(response).xpath("//script")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy


def test_page_is_cached_briefly_and_revalidated(client: TestClient, issue: IssueAward) -> None:
    award = issue()
    response = client.get(page_path(award))
    assert response.headers["cache-control"] == "public, max-age=60, must-revalidate"
    assert response.headers["vary"] == "Accept, Accept-Language"
    again = client.get(page_path(award), headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_revocation_changes_the_page_etag(
    client: TestClient, issue: IssueAward, revoke: Revoke
) -> None:
    award = issue()
    before = client.get(page_path(award)).headers["etag"]
    revoke(str(award["id"]), "Erreur")
    after = client.get(page_path(award), headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("application/vc+ld+json", "/ob3/credentials/"),
        ("application/vc+jwt", "/ob3/credentials/"),
        ("application/ld+json", "/ob2/assertions/"),
        ("application/json", "/ob2/assertions/"),
        ("application/ld+json, text/html;q=0.5", "/ob2/assertions/"),
    ],
)
def test_json_clients_are_sent_to_the_document(
    client: TestClient, issue: IssueAward, accept: str, target: str
) -> None:
    award = issue()
    response = client.get(page_path(award), headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"{PUBLIC_URL}{target}{award['id']}"
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize("accept", [BROWSER_ACCEPT, "*/*", "text/html", None])
def test_browsers_get_the_page(client: TestClient, issue: IssueAward, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get(page_path(issue()), headers=headers, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("ident", ["0b9c3a1e-4b8e-4c57-9d6e-1f0e2a3b4c5d", "not-a-uuid"])
def test_unknown_award_is_an_html_404_for_browsers(client: TestClient, ident: str) -> None:
    response = client.get(f"/badges/{ident}?lang=en", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    document = html_of(response)
    assert document.get("lang") == "en"
    assert document.xpath("//h1/text()") == ["Page not found"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("ident", ["0b9c3a1e-4b8e-4c57-9d6e-1f0e2a3b4c5d", "not-a-uuid"])
def test_unknown_award_stays_a_problem_for_json_clients(client: TestClient, ident: str) -> None:
    response = client.get(f"/badges/{ident}", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"
