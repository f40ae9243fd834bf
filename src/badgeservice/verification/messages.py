"""Verification messages (check messages, unreadable inputs, fetch failures), French and English.

Merged into ``badgeservice.messages.MESSAGES``; keys are stable. A check message says what was
found; a second message (``because``) may follow it and say why.
"""

from __future__ import annotations

_FETCH = {
    "fetch_invalid_url": (
        "{url} is not a URL that can be fetched.",
        "{url} n'est pas une URL récupérable.",
    ),
    "fetch_scheme": (
        "{url} was not fetched: only https URLs are.",
        "{url} n'a pas été récupérée : seules les URL https le sont.",
    ),
    "fetch_userinfo": (
        "{url} was not fetched: URLs carrying a user name are refused.",
        "{url} n'a pas été récupérée : les URL portant un nom d'utilisateur sont refusées.",
    ),
    "fetch_address": (
        "{url} was not fetched: its host resolves to a non-public address ({detail}).",
        "{url} n'a pas été récupérée : son hôte désigne une adresse non publique ({detail}).",
    ),
    "fetch_unresolvable": (
        "{url} was not fetched: its host name does not resolve.",
        "{url} n'a pas été récupérée : son nom d'hôte ne se résout pas.",
    ),
    "fetch_too_many_redirects": (
        "{url} was not fetched: too many redirects.",
        "{url} n'a pas été récupérée : trop de redirections.",
    ),
    "fetch_too_large": (
        "{url} was not fetched: the document is too large.",
        "{url} n'a pas été récupérée : le document est trop volumineux.",
    ),
    "fetch_timeout": (
        "{url} did not answer in time.",
        "{url} n'a pas répondu à temps.",
    ),
    "fetch_content_type": (
        "{url} did not answer with a document of the expected type.",
        "{url} n'a pas répondu par un document du type attendu.",
    ),
    "fetch_status": (
        "{url} answered with an error ({detail}).",
        "{url} a répondu par une erreur ({detail}).",
    ),
    "fetch_network": (
        "{url} could not be reached.",
        "{url} est injoignable.",
    ),
}

_DOCUMENTS = {
    "document_status": (
        "{url} answered with status {status}.",
        "{url} a répondu avec le statut {status}.",
    ),
    "document_not_json": ("{url} is not a JSON object.", "{url} n'est pas un objet JSON."),
    "document_missing": (
        "A linked document is neither a URL nor an object.",
        "Un document lié n'est ni une URL ni un objet.",
    ),
}

_UNREADABLE = {
    "unreadable_empty": (
        "Send a url, a credential, a jwt or a file to verify.",
        "Envoyez une url, un credential, un jwt ou un fichier à vérifier.",
    ),
    "unreadable_unknown": (
        "This is neither JSON, a JWT, a PNG nor an SVG: nothing to verify.",
        "Ce n'est ni du JSON, ni un JWT, ni un PNG, ni un SVG : rien à vérifier.",
    ),
    "unreadable_json": (
        "The credential is not valid JSON: {reason}.",
        "Le credential n'est pas du JSON valide : {reason}.",
    ),
    "unreadable_not_object": (
        "The credential must be a JSON object.",
        "Le credential doit être un objet JSON.",
    ),
    "unreadable_not_open_badge": (
        "This is not an Open Badges 2.0 assertion nor a 3.0 credential.",
        "Ce n'est ni une assertion Open Badges 2.0 ni un credential 3.0.",
    ),
    "unreadable_too_deep": (
        "The badge points to a URL that points to yet another: not followed.",
        "Le badge renvoie à une URL qui renvoie elle-même ailleurs : non suivi.",
    ),
    "unreadable_baked_mismatch": (
        "The image announces one Open Badges version and holds another ({expected} expected).",
        "L'image annonce une version d'Open Badges et en contient une autre ({expected} attendu).",
    ),
    "unreadable_baking_no_badge": (
        "This {image} image holds no badge.",
        "Cette image {image} ne contient aucun badge.",
    ),
    "unreadable_baking_not_png": ("This is not a PNG image.", "Ce n'est pas une image PNG."),
    "unreadable_baking_not_svg": ("This is not an SVG image.", "Ce n'est pas une image SVG."),
    "unreadable_baking_corrupt": (
        "The {image} image is truncated or damaged.",
        "L'image {image} est tronquée ou endommagée.",
    ),
    "unreadable_baking_too_large": (
        "The {image} image, or the badge inside it, is too large (a decompression bomb?).",
        "L'image {image}, ou le badge qu'elle contient, est trop volumineuse (une bombe de "
        "décompression ?).",
    ),
    "unreadable_baking_too_many_chunks": (
        "The {image} image has too many chunks.",
        "L'image {image} contient trop de blocs.",
    ),
    "unreadable_baking_duplicate_payload": (
        "The {image} image holds more than one badge.",
        "L'image {image} contient plus d'un badge.",
    ),
    "unreadable_baking_unsafe_xml": (
        "The {image} image declares a DOCTYPE or entities (entity expansion, external "
        "entities): refused.",
        "L'image {image} déclare un DOCTYPE ou des entités (expansion d'entités, entités "
        "externes) : refusée.",
    ),
    "unreadable_baking_invalid_payload": (
        "The badge inside the {image} image is empty or malformed.",
        "Le badge contenu dans l'image {image} est vide ou mal formé.",
    ),
}

_CHECKS = {
    "check_not_run": ("Not checked.", "Non vérifié."),
    # parse
    "parse_ob3_data_integrity": (
        "An Open Badges 3.0 credential secured with a Data Integrity proof.",
        "Un credential Open Badges 3.0 sécurisé par une preuve Data Integrity.",
    ),
    "parse_ob3_jwt": (
        "An Open Badges 3.0 credential secured as a VC-JWT.",
        "Un credential Open Badges 3.0 sécurisé sous forme de VC-JWT.",
    ),
    "parse_ob2_hosted": (
        "An Open Badges 2.0 hosted assertion.",
        "Une assertion Open Badges 2.0 hébergée.",
    ),
    "parse_ob2_signed": (
        "An Open Badges 2.0 signed assertion.",
        "Une assertion Open Badges 2.0 signée.",
    ),
    "parse_not_open_badge": (
        "This is not an Open Badges credential.",
        "Ce n'est pas un credential Open Badges.",
    ),
    "parse_ob3_incomplete": (
        "The credential has no issuer id or no credentialSubject.",
        "Le credential n'a pas d'identifiant d'émetteur ou pas de credentialSubject.",
    ),
    "parse_jwt_malformed": (
        "The token is not a well-formed compact JWS, or its header is not allowed.",
        "Le jeton n'est pas un JWS compact bien formé, ou son en-tête n'est pas permis.",
    ),
    "parse_ob2_missing": (
        "The assertion lacks required properties: {fields}.",
        "Il manque à l'assertion des propriétés obligatoires : {fields}.",
    ),
    "parse_ob2_no_id": (
        "The hosted assertion has no id to fetch it from.",
        "L'assertion hébergée n'a pas d'identifiant d'où la récupérer.",
    ),
    # contexts
    "contexts_passed": (
        "Known, pinned JSON-LD contexts; every term is defined.",
        "Contextes JSON-LD connus et figés ; chaque terme est défini.",
    ),
    "contexts_failed": (
        "The JSON-LD contexts are not right.",
        "Les contextes JSON-LD ne vont pas.",
    ),
    "contexts_ob3_order": (
        "@context must start with the VC context, then the OB 3.0 context.",
        "@context doit commencer par le contexte VC, puis le contexte OB 3.0.",
    ),
    "contexts_ob2": (
        "@context must be https://w3id.org/openbadges/v2.",
        "@context doit être https://w3id.org/openbadges/v2.",
    ),
    "contexts_unknown": ("Unknown contexts: {urls}.", "Contextes inconnus : {urls}."),
    "contexts_invalid": (
        "The document does not expand strictly: {reason}",
        "Le document ne s'expanse pas strictement : {reason}",
    ),
    # schema
    "schema_passed": (
        "Valid against 1EdTech's Open Badges 3.0 JSON Schema.",
        "Conforme au schéma JSON Open Badges 3.0 de 1EdTech.",
    ),
    "schema_failed": (
        "{count} error(s) against 1EdTech's JSON Schema: {errors}",
        "{count} erreur(s) au regard du schéma JSON de 1EdTech : {errors}",
    ),
    "schema_ob2_passed": (
        "The assertion, its badge class and its issuer have their required properties.",
        "L'assertion, son badge et son émetteur ont leurs propriétés obligatoires.",
    ),
    "schema_ob2_missing": (
        "Required properties are missing: {fields}.",
        "Des propriétés obligatoires manquent : {fields}.",
    ),
    "schema_ob2_unavailable": (
        "The badge class or the issuer could not be read.",
        "Le badge ou l'émetteur n'a pas pu être lu.",
    ),
    # signature
    "signature_data_integrity": (
        "The Data Integrity proof (eddsa-rdfc-2022) verifies.",
        "La preuve Data Integrity (eddsa-rdfc-2022) est valide.",
    ),
    "signature_jwt": ("The {alg} signature verifies.", "La signature {alg} est valide."),
    "signature_ob2": (
        "The RS256 signature verifies with the issuer's key.",
        "La signature RS256 est valide avec la clé de l'émetteur.",
    ),
    "signature_failed": ("The signature does not verify.", "La signature n'est pas valide."),
    "signature_ob2_failed": (
        "The signature does not verify (RS256 only).",
        "La signature n'est pas valide (RS256 seulement).",
    ),
    "signature_alg_refused": (
        "The algorithm {alg} is refused.",
        "L'algorithme {alg} est refusé.",
    ),
    "signature_jwt_claims": (
        "The JWT claim {claim} disagrees with the credential.",
        "La revendication JWT {claim} contredit le credential.",
    ),
    "signature_hosted": (
        "The assertion is served at its id.",
        "L'assertion est servie à son identifiant.",
    ),
    "signature_hosted_differs": (
        "The assertion differs from the one served at its id.",
        "L'assertion diffère de celle servie à son identifiant.",
    ),
    "signature_hosted_id_mismatch": (
        "The assertion served at this URL has another id.",
        "L'assertion servie à cette URL a un autre identifiant.",
    ),
    "signature_hosted_unavailable": (
        "The assertion could not be fetched from its id.",
        "L'assertion n'a pas pu être récupérée à son identifiant.",
    ),
    "signature_signed_json_only": (
        "A signed assertion verifies only as its JWS; this is its JSON alone.",
        "Une assertion signée ne se vérifie que sous forme de JWS ; ceci n'en est que le JSON.",
    ),
    # proof failure reasons (formats.data_integrity.ProofFailure)
    "proof_malformed_document": (
        "The document is not an object.",
        "Le document n'est pas un objet.",
    ),
    "proof_no_proof": ("The credential has no proof.", "Le credential n'a pas de preuve."),
    "proof_malformed_proof": ("The proof is malformed.", "La preuve est mal formée."),
    "proof_unsupported_proof_type": (
        "The proof type is not DataIntegrityProof.",
        "Le type de preuve n'est pas DataIntegrityProof.",
    ),
    "proof_unsupported_cryptosuite": (
        "The cryptosuite is not eddsa-rdfc-2022.",
        "La suite cryptographique n'est pas eddsa-rdfc-2022.",
    ),
    "proof_wrong_proof_purpose": (
        "The proof purpose is not assertionMethod.",
        "L'objet de la preuve n'est pas assertionMethod.",
    ),
    "proof_invalid_date": ("A proof date is invalid.", "Une date de la preuve est invalide."),
    "proof_proof_context_mismatch": (
        "The proof's @context does not match the document's.",
        "Le @context de la preuve ne correspond pas à celui du document.",
    ),
    "proof_unknown_context": (
        "The document uses an unknown context.",
        "Le document utilise un contexte inconnu.",
    ),
    "proof_invalid_json_ld": (
        "The document cannot be canonicalized.",
        "Le document ne peut pas être canonisé.",
    ),
    "proof_key_unavailable": (
        "No key was found for the proof.",
        "Aucune clé n'a été trouvée pour la preuve.",
    ),
    "proof_invalid_proof_value": ("The proofValue is malformed.", "La proofValue est mal formée."),
    "proof_signature_mismatch": (
        "The document was changed, or signed with another key.",
        "Le document a été modifié, ou signé avec une autre clé.",
    ),
    # keys
    "key_status_active": (
        "The issuer's current signing key.",
        "La clé de signature actuelle de l'émetteur.",
    ),
    "key_status_published": (
        "The key is published by its controller.",
        "La clé est publiée par son contrôleur.",
    ),
    "key_status_retired": (
        "The key is retired: it no longer signs, and what it signed stays valid.",
        "La clé est retirée : elle ne signe plus, et ce qu'elle a signé reste valide.",
    ),
    "key_status_revoked": (
        "The key was revoked ({reason}): what it signed is no longer valid.",
        "La clé a été révoquée ({reason}) : ce qu'elle a signé n'est plus valide.",
    ),
    "key_status_embedded": (
        "The key is embedded in the token, not published by the issuer.",
        "La clé est incluse dans le jeton, pas publiée par l'émetteur.",
    ),
    "key_status_unavailable": ("No usable key.", "Aucune clé utilisable."),
    "key_not_found": ("No key {method}.", "Aucune clé {method}."),
    "key_not_listed": (
        "{method} is not listed among the assertion methods of {did} (revoked or unknown).",
        "{method} ne figure pas parmi les méthodes d'assertion de {did} (révoquée ou inconnue).",
    ),
    "key_did_document_mismatch": (
        "The DID document found is not that of {did}.",
        "Le document DID trouvé n'est pas celui de {did}.",
    ),
    "key_malformed": ("The key {method} is malformed.", "La clé {method} est mal formée."),
    "key_gone": (
        "The key {method} was withdrawn by its issuer (410 Gone).",
        "La clé {method} a été retirée par son émetteur (410 Gone).",
    ),
    "key_method_unsupported": (
        "Keys named {method} cannot be resolved.",
        "Les clés nommées {method} ne peuvent pas être résolues.",
    ),
    "key_none_in_header": (
        "The token names no key (neither kid nor jwk).",
        "Le jeton ne désigne aucune clé (ni kid ni jwk).",
    ),
    "key_type_mismatch": (
        "The key does not fit the algorithm {alg}.",
        "La clé ne convient pas à l'algorithme {alg}.",
    ),
    "key_no_creator": (
        "The assertion names no verification.creator key.",
        "L'assertion ne désigne aucune clé verification.creator.",
    ),
    # issuer-key binding
    "binding_passed": ("The issuer controls the key.", "L'émetteur contrôle la clé."),
    "binding_same_host": (
        "The key is served from the issuer's own host.",
        "La clé est servie par l'hôte même de l'émetteur.",
    ),
    "binding_other_controller": (
        "The key is controlled by {controller}, not by the issuer.",
        "La clé est contrôlée par {controller}, pas par l'émetteur.",
    ),
    "binding_foreign_host": (
        "The key is served by {host}, another host than the issuer's.",
        "La clé est servie par {host}, un autre hôte que celui de l'émetteur.",
    ),
    "binding_embedded": (
        "Nothing ties a key embedded in the token to the issuer.",
        "Rien ne lie à l'émetteur une clé incluse dans le jeton.",
    ),
    "binding_no_key": ("No key to check.", "Aucune clé à vérifier."),
    "binding_ob2": (
        "The key's owner is the issuer, and the issuer lists the key.",
        "Le propriétaire de la clé est l'émetteur, et l'émetteur la déclare.",
    ),
    "binding_owner": (
        "The key belongs to {owner}, not to the issuer.",
        "La clé appartient à {owner}, pas à l'émetteur.",
    ),
    "binding_not_listed": (
        "The issuer does not list this key in its publicKey.",
        "L'émetteur ne déclare pas cette clé dans sa publicKey.",
    ),
    # issuer origin (OB 2.0 hosted)
    "origin_same": (
        "The assertion is hosted on its issuer's origin.",
        "L'assertion est hébergée sur l'origine de son émetteur.",
    ),
    "origin_allowed_origins": (
        "The assertion is hosted on an origin its issuer allows.",
        "L'assertion est hébergée sur une origine que son émetteur autorise.",
    ),
    "origin_starts_with": (
        "The assertion is hosted under a prefix its issuer allows.",
        "L'assertion est hébergée sous un préfixe que son émetteur autorise.",
    ),
    "origin_outside": (
        "The assertion is hosted on {host}, outside its issuer's verification scope.",
        "L'assertion est hébergée sur {host}, hors du périmètre de vérification de son émetteur.",
    ),
    "origin_invalid": (
        "The assertion's id is not an http(s) URL without user information.",
        "L'identifiant de l'assertion n'est pas une URL http(s) sans nom d'utilisateur.",
    ),
    # dates
    "dates_valid": (
        "Valid from {date:datetime} until {until:datetime}.",
        "Valide du {date:datetime} au {until:datetime}.",
    ),
    "dates_valid_no_end": (
        "Valid since {date:datetime}, without an end date.",
        "Valide depuis le {date:datetime}, sans date de fin.",
    ),
    "dates_expired": (
        "Expired on {date:datetime} ({end}).",
        "Expiré le {date:datetime} ({end}).",
    ),
    "dates_not_yet_valid": (
        "Not valid before {date:datetime} ({start}).",
        "Pas encore valide : à partir du {date:datetime} ({start}).",
    ),
    "dates_no_start": ("{start} is missing.", "{start} manque."),
    "dates_invalid": (
        "A date is not an ISO 8601 date-time with a time zone.",
        "Une date n'est pas une date-heure ISO 8601 avec fuseau horaire.",
    ),
    # revocation
    "revocation_not_revoked": ("Not revoked.", "Non révoqué."),
    "revocation_revoked": ("Revoked by its issuer.", "Révoqué par son émetteur."),
    "revocation_revoked_reason": (
        "Revoked by its issuer: {reason}",
        "Révoqué par son émetteur : {reason}",
    ),
    "revocation_hosted_live": (
        "The issuer still hosts the assertion.",
        "L'émetteur héberge toujours l'assertion.",
    ),
    "revocation_not_listed": (
        "The issuer's revocation list does not name it.",
        "La liste de révocation de l'émetteur ne le cite pas.",
    ),
    "revocation_no_list": (
        "The issuer publishes no revocation list.",
        "L'émetteur ne publie pas de liste de révocation.",
    ),
    "revocation_none_declared": (
        "The credential declares no revocation status.",
        "Le credential ne déclare aucun statut de révocation.",
    ),
    "revocation_entry_malformed": (
        "The credentialStatus entry is malformed.",
        "L'entrée credentialStatus est mal formée.",
    ),
    "revocation_unknown_type": (
        "Status of type {type} not checked.",
        "Statut de type {type} non vérifié.",
    ),
    "revocation_other_purpose": (
        "Status of purpose {purpose} not checked.",
        "Statut d'objet {purpose} non vérifié.",
    ),
    "revocation_list_unavailable": (
        "The status list could not be read.",
        "La liste de statuts n'a pas pu être lue.",
    ),
    "revocation_list_invalid": (
        "The status list is not a BitstringStatusListCredential.",
        "La liste de statuts n'est pas un BitstringStatusListCredential.",
    ),
    "revocation_list_proof": (
        "The status list's own proof does not verify.",
        "La preuve de la liste de statuts elle-même n'est pas valide.",
    ),
    "revocation_list_key_revoked": (
        "The status list was signed with a revoked key.",
        "La liste de statuts a été signée avec une clé révoquée.",
    ),
    "revocation_list_foreign": (
        "The status list is not issued and signed by the credential's issuer.",
        "La liste de statuts n'est pas émise et signée par l'émetteur du credential.",
    ),
    "revocation_purpose_mismatch": (
        "The status list is not a revocation list.",
        "La liste de statuts n'est pas une liste de révocation.",
    ),
    "revocation_list_error": (
        "The status list cannot be read ({error}).",
        "La liste de statuts est illisible ({error}).",
    ),
    # recipient
    "recipient_not_asked": (
        "No identity given to compare with the recipient.",
        "Aucune identité fournie à comparer au destinataire.",
    ),
    "recipient_matches": (
        "The badge was awarded to this identity.",
        "Le badge a été décerné à cette identité.",
    ),
    "recipient_mismatch": (
        "The badge was not awarded to this {type}.",
        "Le badge n'a pas été décerné à cette identité ({type}).",
    ),
    "recipient_missing": (
        "The badge names no recipient.",
        "Le badge ne désigne aucun destinataire.",
    ),
}

_CLI = {
    "cli_verified": ("Verified.", "Vérifié."),
    "cli_not_verified": ("NOT verified.", "NON vérifié."),
    "cli_no_file": ("Cannot read the file {path}.", "Impossible de lire le fichier {path}."),
    "cli_identity": (
        "Cannot tell what {identity} is: give an email, a +telephone, a URL or a DID.",
        "Impossible de savoir ce qu'est {identity} : donnez un email, un +téléphone, une URL "
        "ou un DID.",
    ),
}

VERIFICATION_MESSAGES: dict[str, dict[str, str]] = {
    key: {"en": en, "fr": fr}
    for group in (_FETCH, _DOCUMENTS, _UNREADABLE, _CHECKS, _CLI)
    for key, (en, fr) in group.items()
}
