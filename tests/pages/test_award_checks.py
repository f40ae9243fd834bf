"""The award page lists the checks a third party would run on the award's credential, with the
outcome in the reader's language: all pass for a valid award, and the failing check is named
for a revoked or an expired one."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
from fastapi.testclient import TestClient

from tests.pages.conftest import IssueAward, html_of, page_path

Revoke = Callable[[str, str], None]
EVERY_CHECK = [
    "parse",
    "contexts",
    "schema",
    "signature",
    "key_status",
    "issuer_key_binding",
    "dates",
    "revocation",
    "recipient",
]


def _checks(document: lxml.html.HtmlElement) -> dict[str, str]:
    """check id -> status, as the page marks them."""
    return {
        str(item.get("data-check")): str(item.get("class")).split("check-")[-1]
        for item in document.find_class("check")
    }


def _summary(document: lxml.html.HtmlElement) -> str:
    return " ".join(document.find_class("checks-summary")[0].text_content().split())


def test_valid_award_passes_every_check_on_its_page(client: TestClient, issue: IssueAward) -> None:
    document = html_of(client.get(page_path(issue())))
    checks = _checks(document)
    assert list(checks) == EVERY_CHECK
    # The page has no identity to compare with the recipient: that check alone is skipped.
    assert {k: v for k, v in checks.items() if k != "recipient"} == dict.fromkeys(
        EVERY_CHECK[:-1], "passed"
    )
    assert checks["recipient"] == "skipped"
    assert _summary(document) == "Ce badge a passé toutes les vérifications."


def test_revoked_award_fails_the_revocation_check_on_its_page(
    client: TestClient, issue: IssueAward, revoke: Revoke
) -> None:
    award = issue()
    revoke(str(award["id"]), "Erreur")
    document = html_of(client.get(page_path(award) + "?lang=en"))
    checks = _checks(document)
    assert checks["revocation"] == "failed"
    assert checks["signature"] == "passed"
    assert _summary(document) == "This badge did not pass every check."
    failed = document.xpath("//li[@data-check='revocation']")[0]
    assert "Failed" in failed.text_content()


def test_expired_award_fails_the_dates_check_on_its_page(
    client: TestClient, issue: IssueAward
) -> None:
    award = issue(issued_on="2024-01-15T09:00:00Z", expires="2025-01-15T09:00:00Z")
    document = html_of(client.get(page_path(award)))
    checks = _checks(document)
    assert checks["dates"] == "failed"
    assert checks["revocation"] == "passed"
    assert _summary(document) == "Ce badge n'a pas passé toutes les vérifications."
    failed = document.xpath("//li[@data-check='dates']")[0]
    assert "Échoué" in failed.text_content()


def test_dates_check_on_the_page_writes_its_dates_for_people(
    client: TestClient, issue: IssueAward
) -> None:
    award = issue(issued_on="2024-01-15T09:00:00Z", expires="2025-01-15T09:30:00Z")
    for query, expected in [
        ("", "Expiré le 15 janvier 2025 à 09:30 UTC (validUntil)."),
        ("?lang=en", "Expired on January 15, 2025, 09:30 UTC (validUntil)."),
    ]:
        document = html_of(client.get(page_path(award) + query))
        message = document.xpath("//li[@data-check='dates']//*[@class='check-message']")[0]
        assert " ".join(message.text_content().split()) == expected
