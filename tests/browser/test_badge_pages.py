"""The badge pages as a person sees them in a real browser: a valid, a revoked and an expired
badge, in French and in English, on a 375px-wide phone screen. Screenshots are saved under
``test-artifacts/`` for a human to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, REVOCATION_REASON, LiveBadges

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 375, "height": 812}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
# What each page must say, by state and language: status, recipient, and a detail line.
EXPECTED = {
    ("valid", "fr"): ("Valide", "Ana Lopes", "31 mai 2026"),
    ("valid", "en"): ("Valid", "Ana Lopes", "May 31, 2026"),
    ("revoked", "fr"): ("Révoqué", "Bruno Costa", f"Motif : {REVOCATION_REASON}"),
    ("revoked", "en"): ("Revoked", "Bruno Costa", f"Reason: {REVOCATION_REASON}"),
    ("expired", "fr"): ("Expiré", "Chloé Martin", "Ce badge a expiré le 15 janvier 2025."),
    ("expired", "en"): ("Expired", "Chloé Martin", "This badge expired on January 15, 2025."),
}
LABEL = {"fr": "Faiseuse d'essais", "en": "Trial maker"}
# The verification check each state fails on the page (None: every check holds).
FAILING_CHECK = {"valid": None, "revoked": "revocation", "expired": "dates"}
FAILED = {"fr": "Échoué", "en": "Failed"}
PASSED = {"fr": "Réussi", "en": "Passed"}


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def desktop_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    lang: str = request.node.callspec.params["lang"]
    context = browser.new_context(viewport=PHONE, locale=LOCALES[lang])
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("state", ["valid", "revoked", "expired"])
def test_badge_page_shows_its_state_to_a_person_on_a_phone(
    live_badges: LiveBadges, phone_page: Page, artifacts: Path, state: str, lang: str
) -> None:
    status, recipient, detail = EXPECTED[(state, lang)]
    response = phone_page.goto(live_badges.page(state))
    assert response is not None
    assert response.status == 200
    try:
        assert phone_page.locator("html").get_attribute("lang") == lang
        expect(phone_page.locator("h1")).to_have_text(LABEL[lang])
        expect(phone_page.locator(".status-text")).to_contain_text(status)
        expect(phone_page.locator(".recipient")).to_have_text(recipient)
        expect(phone_page.get_by_text(detail, exact=False).first).to_be_visible()
        image = phone_page.get_by_role("img", name=LABEL[lang])
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert phone_page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), "the page scrolls sideways at 375px"
        failing = FAILING_CHECK[state]
        signature = phone_page.locator("li[data-check='signature'] .check-status")
        expect(signature).to_have_text(PASSED[lang])
        if failing is not None:
            check = phone_page.locator(f"li[data-check='{failing}'] .check-status")
            expect(check).to_have_text(FAILED[lang])
        expect(phone_page.locator(".check-failed")).to_have_count(0 if failing is None else 1)
        linkedin = phone_page.locator("a[href^='https://www.linkedin.com/profile/add']")
        expect(linkedin).to_have_count(1 if state == "valid" else 0)
    finally:
        phone_page.screenshot(path=artifacts / f"badge-{state}-{lang}.png", full_page=True)


@pytest.mark.parametrize("lang", ["fr"])
def test_language_link_switches_the_page_to_english(
    live_badges: LiveBadges, phone_page: Page, lang: str
) -> None:
    phone_page.goto(live_badges.page("valid"))
    phone_page.get_by_role("link", name="English").click()
    expect(phone_page.locator("html")).to_have_attribute("lang", "en")
    expect(phone_page.locator("h1")).to_have_text(LABEL["en"])
    assert phone_page.url.endswith("?lang=en")


@pytest.mark.parametrize("lang", ["fr"])
def test_keyboard_focus_is_visible(live_badges: LiveBadges, phone_page: Page, lang: str) -> None:
    phone_page.goto(live_badges.page("valid"))
    phone_page.keyboard.press("Tab")
    focused = phone_page.locator(":focus")
    expect(focused).to_have_text("Aller au contenu")
    expect(focused).to_be_in_viewport()
    outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_label_and_issuer_pages_on_a_desktop(
    live_badges: LiveBadges, desktop_page: Page, artifacts: Path
) -> None:
    desktop_page.goto(f"{live_badges.base_url}/badge-classes/{live_badges.label}")
    expect(desktop_page.locator("h1")).to_have_text(LABEL["fr"])
    image = desktop_page.get_by_role("img", name=LABEL["fr"])
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    desktop_page.screenshot(path=artifacts / "label-fr-desktop.png", full_page=True)

    desktop_page.get_by_role("link", name="Laboratoire d'essai").click()
    expect(desktop_page.locator("h1")).to_have_text("Laboratoire d'essai")
    expect(desktop_page.get_by_role("link", name=LABEL["fr"])).to_be_visible()
    desktop_page.screenshot(path=artifacts / "issuer-fr-desktop.png", full_page=True)
