"""Every human-readable message, in French and English, keyed by a stable identifier."""

from __future__ import annotations

from badgeservice.verification.messages import VERIFICATION_MESSAGES

MESSAGES: dict[str, dict[str, str]] = {
    # generic HTTP problems
    "not_found": {"en": "No resource at {path}.", "fr": "Aucune ressource à l'adresse {path}."},
    "method_not_allowed": {
        "en": "Method {method} is not allowed on {path}.",
        "fr": "La méthode {method} n'est pas permise sur {path}.",
    },
    "unsupported_media_type": {
        "en": "Content-Type {content_type} is not accepted here; send {expected}.",
        "fr": "Le type de contenu {content_type} n'est pas accepté ici ; envoyez {expected}.",
    },
    "payload_too_large": {
        "en": "The request body exceeds the limit of {limit} bytes.",
        "fr": "Le corps de la requête dépasse la limite de {limit} octets.",
    },
    "malformed_json": {
        "en": "The request body is not valid JSON: {reason}.",
        "fr": "Le corps de la requête n'est pas du JSON valide : {reason}.",
    },
    "invalid_request": {
        "en": "The request has {count} invalid field(s).",
        "fr": "La requête contient {count} champ(s) invalide(s).",
    },
    "invalid_field": {"en": "{reason}", "fr": "Valeur invalide : {reason}"},
    "internal_error": {
        "en": "An unexpected error occurred; quote request id {request_id} when reporting it.",
        "fr": "Une erreur inattendue s'est produite ; citez l'identifiant de requête "
        "{request_id} pour la signaler.",
    },
    "conflict_integrity": {
        "en": "The change conflicts with existing data and was not saved.",
        "fr": "La modification entre en conflit avec des données existantes ; rien n'a été "
        "enregistré.",
    },
    "database_unavailable": {
        "en": "The database is unavailable; nothing was saved. Try again later.",
        "fr": "La base de données est indisponible ; rien n'a été enregistré. Réessayez plus tard.",
    },
    "rate_limited": {
        "en": "Too many requests; retry in {retry_after} s.",
        "fr": "Trop de requêtes ; réessayez dans {retry_after} s.",
    },
    # auth
    "unauthorized_missing": {
        "en": "A bearer access token is required.",
        "fr": "Un jeton d'accès (Bearer) est requis.",
    },
    "unauthorized_invalid": {
        "en": "The access token is invalid or expired.",
        "fr": "Le jeton d'accès est invalide ou expiré.",
    },
    "unauthorized_client_disabled": {
        "en": "The client of this access token is disabled.",
        "fr": "Le client de ce jeton d'accès est désactivé.",
    },
    "forbidden_scope": {
        "en": "This action needs the scope {scope}.",
        "fr": "Cette action nécessite la portée {scope}.",
    },
    "forbidden_issuer": {
        "en": "This client may not act for issuer {issuer}.",
        "fr": "Ce client n'est pas autorisé à agir pour l'émetteur {issuer}.",
    },
    "forbidden_unrestricted_only": {
        "en": "Only a client not limited to some issuers may do this.",
        "fr": "Seul un client non limité à certains émetteurs peut faire cela.",
    },
    "client_not_found": {
        "en": "No API client {client_id}.",
        "fr": "Aucun client d'API {client_id}.",
    },
    "unknown_scope": {
        "en": "Unknown scope {scope}.",
        "fr": "Portée inconnue : {scope}.",
    },
    # issuers
    "issuer_not_found": {"en": "No issuer {issuer}.", "fr": "Aucun émetteur {issuer}."},
    "issuer_slug_taken": {
        "en": "The slug {slug} is already used by another issuer.",
        "fr": "Le slug {slug} est déjà utilisé par un autre émetteur.",
    },
    # signing keys
    "signing_key_not_found": {
        "en": "No signing key {kid} for this issuer.",
        "fr": "Aucune clé de signature {kid} pour cet émetteur.",
    },
    "signing_key_revoked": {
        "en": "Signing key {kid} was revoked; what it signed no longer verifies.",
        "fr": "La clé de signature {kid} a été révoquée ; ce qu'elle a signé n'est plus "
        "vérifiable.",
    },
    "signing_key_already_revoked": {
        "en": "Signing key {kid} is already revoked.",
        "fr": "La clé de signature {kid} est déjà révoquée.",
    },
    "signing_key_none_active": {
        "en": "Issuer {issuer} has no active {algorithm} signing key; run `badgeservice keys "
        "rotate --issuer {issuer}`.",
        "fr": "L'émetteur {issuer} n'a pas de clé de signature {algorithm} active ; lancez "
        "`badgeservice keys rotate --issuer {issuer}`.",
    },
    # badge classes
    "badge_class_not_found": {
        "en": "No badge class {badge_class}.",
        "fr": "Aucun badge (classe) {badge_class}.",
    },
    "badge_class_version_not_found": {
        "en": "Badge class {badge_class} has no version {version}.",
        "fr": "Le badge {badge_class} n'a pas de version {version}.",
    },
    "badge_class_slug_taken": {
        "en": "The slug {slug} is already used by another badge class of this issuer.",
        "fr": "Le slug {slug} est déjà utilisé par un autre badge de cet émetteur.",
    },
    "badge_class_archived": {
        "en": "Badge class {badge_class} is archived and can no longer be changed or awarded.",
        "fr": "Le badge {badge_class} est archivé : il ne peut plus être modifié ni décerné.",
    },
    "badge_class_has_awards": {
        "en": "Badge class {badge_class} has awards: archive it instead of deleting it.",
        "fr": "Le badge {badge_class} a déjà été décerné : archivez-le au lieu de le supprimer.",
    },
    "invalid_claims_schema": {
        "en": "The claims schema is not a valid JSON Schema.",
        "fr": "Le schéma des déclarations (claims) n'est pas un schéma JSON valide.",
    },
    "claims_schema_error": {"en": "{reason}", "fr": "Schéma invalide : {reason}"},
    "invalid_validity": {
        "en": "Validity must be an ISO 8601 duration such as P2Y, P6M or P30D.",
        "fr": "La validité doit être une durée ISO 8601, par exemple P2Y, P6M ou P30D.",
    },
    "image_rejected": {
        "en": "The image was refused: {reason}",
        "fr": "L'image a été refusée : {reason}",
    },
    "invalid_cursor": {
        "en": "The pagination cursor is invalid.",
        "fr": "Le curseur de pagination est invalide.",
    },
    # award criteria
    "criteria_not_met": {
        "en": "The award does not meet {count} requirement(s) of the label; nothing was saved.",
        "fr": "L'attribution ne remplit pas {count} exigence(s) du label ; rien n'a été "
        "enregistré.",
    },
    "criteria_recipient_type": {
        "en": "This label cannot be awarded to a recipient of type {type}; allowed: {allowed}.",
        "fr": "Ce label ne peut pas être décerné à un destinataire de type {type} ; types "
        "permis : {allowed}.",
    },
    "criteria_narrative_required": {
        "en": "This label requires a narrative describing why it is awarded.",
        "fr": "Ce label exige un récit expliquant pourquoi il est décerné.",
    },
    "criteria_min_evidence": {
        "en": "This label requires at least {min} piece(s) of evidence; {count} given.",
        "fr": "Ce label exige au moins {min} preuve(s) ; {count} fournie(s).",
    },
    "criteria_min_evidence_kinds": {
        "en": "This label requires at least {min} piece(s) of evidence of kind {kinds}; "
        "{count} given.",
        "fr": "Ce label exige au moins {min} preuve(s) de type {kinds} ; {count} fournie(s).",
    },
    "criteria_claims": {
        "en": "Claim refused: {reason}",
        "fr": "Déclaration refusée : {reason}",
    },
    "criteria_one_live_award": {
        "en": "This recipient already holds a live award of this label.",
        "fr": "Ce destinataire détient déjà une attribution valide de ce label.",
    },
    # idempotency
    "idempotency_key_missing": {
        "en": "An Idempotency-Key header is required, so that a retried request is never "
        "applied twice.",
        "fr": "Un en-tête Idempotency-Key est requis, pour qu'une requête répétée ne soit "
        "jamais appliquée deux fois.",
    },
    "idempotency_key_invalid": {
        "en": "The Idempotency-Key must be printable text of at most {max} characters.",
        "fr": "L'Idempotency-Key doit être un texte imprimable d'au plus {max} caractères.",
    },
    "idempotency_key_reused": {
        "en": "Idempotency-Key {key} was already used with another request body.",
        "fr": "L'Idempotency-Key {key} a déjà servi pour une autre requête.",
    },
    "idempotency_in_progress": {
        "en": "A request with Idempotency-Key {key} is still being processed; retry later.",
        "fr": "Une requête avec l'Idempotency-Key {key} est encore en cours ; réessayez plus tard.",
    },
    # awards
    "award_not_found": {"en": "No award {award}.", "fr": "Aucune attribution {award}."},
    "award_already_revoked": {
        "en": "Award {award} is already revoked; revocation cannot be undone.",
        "fr": "L'attribution {award} est déjà révoquée ; une révocation est définitive.",
    },
}

MESSAGES.update(VERIFICATION_MESSAGES)
