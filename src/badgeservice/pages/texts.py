"""Texts of the public pages, French and English, and CLDR dates (Babel).

The catalogue is gettext-like: one dictionary per language, keyed by a stable identifier, with
``str.format`` placeholders; templates call ``_("key", name=value)``. A test checks that both
languages hold the same keys with the same placeholders. Jinja2 escapes what ``_`` returns, so
parameters (reasons, names) may hold anything.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date

from babel.dates import format_date

from badgeservice.i18n import Lang, negotiate_language

Translate = Callable[..., str]

PAGE_TEXTS: dict[Lang, dict[str, str]] = {
    Lang.FR: {
        "site_name": "Badges du réseau Isopolis",
        "skip_to_content": "Aller au contenu",
        "language_nav": "Langue",
        "footer": "Badges Open Badges 2.0 et 3.0, vérifiables par tous.",
        "award_title": "{label} — badge décerné par {issuer}",
        "award_og_description": "Badge « {label} » décerné par {issuer}.",
        "status_prefix": "Statut :",
        "status_valid": "Valide",
        "status_expired": "Expiré",
        "status_revoked": "Révoqué",
        "status_expired_detail": "Ce badge a expiré le {date}.",
        "status_revoked_detail": "Ce badge a été révoqué par son émetteur.",
        "revocation_reason": "Motif : {reason}",
        "awarded_to": "Décerné à",
        "recipient_hidden_email": "Destinataire vérifiable par son adresse",
        "recipient_hidden_telephone": "Destinataire vérifiable par son numéro de téléphone",
        "recipient_hidden_did": "Destinataire vérifiable par son identifiant décentralisé",
        "issued_by": "Émis par",
        "issued_on": "Date d'émission",
        "expires_on": "Date d'expiration",
        "no_expiry": "Sans expiration",
        "description_heading": "Description",
        "criteria_heading": "Critères",
        "label_page_link": "Voir la page du label",
        "narrative_heading": "Ce qui a été accompli",
        "evidence_heading": "Preuves",
        "checks_heading": "Vérification",
        "checks_verified": "Ce badge a passé toutes les vérifications.",
        "checks_not_verified": "Ce badge n'a pas passé toutes les vérifications.",
        "check_passed": "Réussi",
        "check_failed": "Échoué",
        "check_warning": "Avertissement",
        "check_skipped": "Non applicable",
        "downloads_heading": "Télécharger",
        "download_png": "Image PNG, badge intégré",
        "download_svg": "Image SVG, badge intégré",
        "download_ob3_json": "Attestation Open Badges 3.0 (JSON)",
        "download_ob3_jwt": "Attestation Open Badges 3.0 (VC-JWT)",
        "download_ob2": "Assertion Open Badges 2.0 (JSON)",
        "share_heading": "Partager",
        "linkedin_add": "Ajouter à mon profil LinkedIn",
        "label_title": "{label} — label de {issuer}",
        "label_awarded_by": "Label décerné par",
        "label_archived": "Ce label n'est plus décerné.",
        "tags_heading": "Mots-clés",
        "issuer_labels_heading": "Labels décernés",
        "issuer_no_labels": "Aucun label pour l'instant.",
        "issuer_website": "Site web",
        "issuer_contact": "Contact",
        "not_found_title": "Page introuvable",
        "not_found_text": "Aucun badge, label ni émetteur ne se trouve à cette adresse.",
    },
    Lang.EN: {
        "site_name": "Isopolis network badges",
        "skip_to_content": "Skip to content",
        "language_nav": "Language",
        "footer": "Open Badges 2.0 and 3.0 badges, verifiable by anyone.",
        "award_title": "{label} — badge issued by {issuer}",
        "award_og_description": "“{label}” badge issued by {issuer}.",
        "status_prefix": "Status:",
        "status_valid": "Valid",
        "status_expired": "Expired",
        "status_revoked": "Revoked",
        "status_expired_detail": "This badge expired on {date}.",
        "status_revoked_detail": "This badge was revoked by its issuer.",
        "revocation_reason": "Reason: {reason}",
        "awarded_to": "Awarded to",
        "recipient_hidden_email": "Recipient verifiable by their email address",
        "recipient_hidden_telephone": "Recipient verifiable by their telephone number",
        "recipient_hidden_did": "Recipient verifiable by their decentralised identifier",
        "issued_by": "Issued by",
        "issued_on": "Issued on",
        "expires_on": "Expires on",
        "no_expiry": "Does not expire",
        "description_heading": "Description",
        "criteria_heading": "Criteria",
        "label_page_link": "See the label's page",
        "narrative_heading": "What was achieved",
        "evidence_heading": "Evidence",
        "checks_heading": "Verification",
        "checks_verified": "This badge passed every check.",
        "checks_not_verified": "This badge did not pass every check.",
        "check_passed": "Passed",
        "check_failed": "Failed",
        "check_warning": "Warning",
        "check_skipped": "Not applicable",
        "downloads_heading": "Download",
        "download_png": "PNG image, badge baked in",
        "download_svg": "SVG image, badge baked in",
        "download_ob3_json": "Open Badges 3.0 credential (JSON)",
        "download_ob3_jwt": "Open Badges 3.0 credential (VC-JWT)",
        "download_ob2": "Open Badges 2.0 assertion (JSON)",
        "share_heading": "Share",
        "linkedin_add": "Add to my LinkedIn profile",
        "label_title": "{label} — a label of {issuer}",
        "label_awarded_by": "Label awarded by",
        "label_archived": "This label is no longer awarded.",
        "tags_heading": "Tags",
        "issuer_labels_heading": "Labels awarded",
        "issuer_no_labels": "No labels yet.",
        "issuer_website": "Website",
        "issuer_contact": "Contact",
        "not_found_title": "Page not found",
        "not_found_text": "No badge, label or issuer lives at this address.",
    },
}


def translator(lang: Lang) -> Translate:
    """``_(key, **params)`` for one language, as gettext's ``_`` is used in templates."""
    catalogue = PAGE_TEXTS[lang]

    def translate(key: str, /, **params: object) -> str:
        return string.Formatter().vformat(catalogue[key], (), params)

    return translate


def long_date(value: date, lang: Lang) -> str:
    """A date as CLDR writes it in full ("1 juin 2026", "June 1, 2026")."""
    return format_date(value, format="long", locale=lang.value)


def page_language(query: str | None, accept_language: str | None) -> Lang:
    """``?lang=fr|en`` first (a reader's explicit choice, and links keep it), then
    Accept-Language, then French: the network's language."""
    if query and query.strip().lower() in (Lang.FR, Lang.EN):
        return Lang(query.strip().lower())
    return negotiate_language(accept_language, default=Lang.FR)
