"""From what the page services read to what the templates show, in one language.

Texts are picked in the page's language (falling back to the other one), dates written the CLDR
way, URLs built by ``Urls``; nothing here touches HTTP or the database. Hashed recipients are
never shown: a hashed email or telephone only becomes a neutral sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup

from badgeservice.i18n import Lang
from badgeservice.pages.markdown import render_markdown
from badgeservice.pages.service import AwardPage, BadgeClassPage, IssuerPage
from badgeservice.pages.texts import Translate, long_date, translator
from badgeservice.urls import Urls
from badgeservice.verification.checks import Report

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Evidence:
    name: str
    href: str | None
    narrative: Markup


@dataclass(frozen=True)
class LabelCard:
    name: str
    description: str
    image_url: str
    page_url: str


@dataclass(frozen=True)
class CheckItem:
    id: str
    status: str  # passed, failed, warning or skipped
    message: str


@dataclass(frozen=True)
class ChecksView:
    verified: bool
    items: list[CheckItem]


@dataclass(frozen=True)
class AwardPageView:
    label: LabelCard
    criteria: Markup
    issuer: Link
    recipient: str
    recipient_href: str | None
    issued_on: str
    issued_on_iso: str
    expires: str | None
    expires_iso: str | None
    status: str
    status_text: str
    status_detail: str | None
    revocation_reason: str | None
    narrative: Markup
    evidence: list[Evidence]
    checks: ChecksView
    downloads: list[Link]
    linkedin_url: str | None
    page_url: str
    credential_url: str
    og_description: str


@dataclass(frozen=True)
class LabelPageView:
    label: LabelCard
    criteria: Markup
    issuer: Link
    tags: list[str]
    archived: bool


@dataclass(frozen=True)
class IssuerPageView:
    name: str
    description: str
    image_url: str | None
    website: str | None
    email: str
    labels: list[LabelCard]
    page_url: str


def pick(texts: dict[str, str], lang: Lang) -> str:
    """The text in ``lang``, else in the other language (labels may define only one)."""
    return texts.get(lang.value) or next((t for t in texts.values() if t), "")


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, the only links pages make from stored data."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def page_link(url: str, lang: Lang) -> str:
    """A link to another page, keeping the language the reader chose."""
    return f"{url}?lang={lang.value}"


def award_view(page: AwardPage, urls: Urls, lang: Lang) -> AwardPageView:
    _ = translator(lang)
    award, version, issuer = page.award, page.version, page.issuer
    issuer_name = pick(issuer.name, lang) or issuer.slug
    label = LabelCard(
        name=pick(version.name, lang) or page.badge_class.slug,
        description=pick(version.description, lang),
        image_url=urls.image_png(version.image_id),
        page_url=page_link(urls.badge_class_page(page.badge_class.id), lang),
    )
    expires = long_date(award.expires.date(), lang) if award.expires else None
    page_url = urls.badge_page(award.id)
    recipient, recipient_href = _recipient(page, _)
    return AwardPageView(
        label=label,
        criteria=render_markdown(pick(version.criteria_narrative, lang)),
        issuer=Link(issuer_name, page_link(urls.issuer_page(issuer.id), lang)),
        recipient=recipient,
        recipient_href=recipient_href,
        issued_on=long_date(award.issued_on.date(), lang),
        issued_on_iso=_iso(award.issued_on),
        expires=expires,
        expires_iso=_iso(award.expires) if award.expires else None,
        status=page.status,
        status_text=_("status_" + page.status),
        status_detail=_status_detail(page.status, expires, _),
        revocation_reason=award.revocation_reason if page.status == "revoked" else None,
        narrative=render_markdown(award.narrative),
        evidence=[_evidence(item) for item in award.evidence],
        checks=checks_view(page.report, lang),
        downloads=[
            Link(_("download_png"), urls.badge_image(award.id, "png")),
            Link(_("download_svg"), urls.badge_image(award.id, "svg")),
            Link(_("download_ob3_json"), urls.ob3_credential(award.id)),
            Link(_("download_ob3_jwt"), urls.ob3_credential_jwt(award.id)),
            Link(_("download_ob2"), urls.ob2_assertion(award.id)),
        ],
        # Only a valid badge is worth adding to a profile.
        linkedin_url=linkedin_add_url(page, label.name, issuer_name, page_url)
        if page.status == "valid"
        else None,
        page_url=page_url,
        credential_url=urls.ob3_credential(award.id),
        og_description=_("award_og_description", label=label.name, issuer=issuer_name),
    )


def checks_view(report: Report, lang: Lang) -> ChecksView:
    """The verification report as the page lists it: every check, its status and message."""
    return ChecksView(
        verified=report.verified,
        items=[
            CheckItem(id=check.id.value, status=check.status.value, message=check.message(lang))
            for check in report.checks
        ],
    )


def badge_class_view(page: BadgeClassPage, urls: Urls, lang: Lang) -> LabelPageView:
    version, issuer = page.version, page.issuer
    return LabelPageView(
        label=LabelCard(
            name=pick(version.name, lang) or page.badge_class.slug,
            description=pick(version.description, lang),
            image_url=urls.image_png(version.image_id),
            page_url=urls.badge_class_page(page.badge_class.id),
        ),
        criteria=render_markdown(pick(version.criteria_narrative, lang)),
        issuer=Link(
            pick(issuer.name, lang) or issuer.slug, page_link(urls.issuer_page(issuer.id), lang)
        ),
        tags=list(version.tags),
        archived=page.badge_class.status.value == "archived",
    )


def issuer_view(page: IssuerPage, urls: Urls, lang: Lang) -> IssuerPageView:
    issuer = page.issuer
    return IssuerPageView(
        name=pick(issuer.name, lang) or issuer.slug,
        description=pick(issuer.description, lang),
        image_url=None if issuer.image_id is None else urls.image_png(issuer.image_id),
        website=safe_href(issuer.url),
        email=issuer.email,
        labels=[
            LabelCard(
                name=pick(view.version.name, lang) or view.badge_class.slug,
                description=pick(view.version.description, lang),
                image_url=urls.image_png(view.version.image_id),
                page_url=page_link(urls.badge_class_page(view.badge_class.id), lang),
            )
            for view in page.labels
        ],
        page_url=urls.issuer_page(issuer.id),
    )


def linkedin_add_url(page: AwardPage, label_name: str, issuer_name: str, page_url: str) -> str:
    """LinkedIn's "Add to profile" link for a certification, prefilled with this award."""
    award = page.award
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": label_name,
        "organizationName": issuer_name,
        "issueYear": award.issued_on.year,
        "issueMonth": award.issued_on.month,
    }
    if award.expires is not None:
        params["expirationYear"] = award.expires.year
        params["expirationMonth"] = award.expires.month
    params["certUrl"] = page_url
    params["certId"] = str(award.id)
    return LINKEDIN_ADD_TO_PROFILE + "?" + urlencode(params, quote_via=quote)


def _recipient(page: AwardPage, _: Translate) -> tuple[str, str | None]:
    award = page.award
    if award.recipient_name:
        return award.recipient_name, None
    if award.recipient_type == "url" and award.recipient_public_identity:
        return award.recipient_public_identity, safe_href(award.recipient_public_identity)
    # Emails and telephones are published only as salted hashes; DIDs are shown by nobody's
    # name either. The page says how the recipient proves it is them, never the hash.
    kind = award.recipient_type if award.recipient_type in ("email", "telephone") else "did"
    return _("recipient_hidden_" + kind), None


def _status_detail(status: str, expires: str | None, _: Translate) -> str | None:
    if status == "expired":
        return _("status_expired_detail", date=expires or "")
    if status == "revoked":
        return _("status_revoked_detail")
    return None


def _evidence(item: dict[str, object]) -> Evidence:
    def text(name: str) -> str | None:
        value = item.get(name)
        return value if isinstance(value, str) and value else None

    href = safe_href(text("url"))
    return Evidence(
        name=text("name") or href or "",
        href=href,
        narrative=render_markdown(text("narrative") or text("description")),
    )


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
