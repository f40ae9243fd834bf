"""Documents and helpers shared by the interop tests.

The Node side (jsonld.js, rdf-canonize, Digital Bazaar's Data Integrity verifier) is installed
with ``npm ci`` in this folder from the committed package.json and package-lock.json; tests
that need it skip, saying so, when node or node_modules is missing.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
from pathlib import Path

from tests.support.tools import missing_tool

INTEROP_DIR = Path(__file__).resolve().parent
VECTOR = json.loads(
    (
        INTEROP_DIR.parents[1]
        / ".."
        / "shared/spec/test-vectors/ob-v3p0-eddsa-rdfc-2022/vector.json"
    ).read_text(encoding="utf-8")
)
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_3_0_3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
ISSUER = "did:web:badges.example.org:issuers:isopolis"
VERIFICATION_METHOD = ISSUER + "#key-1"
NODE_TIMEOUT_SECONDS = 120


def require_node() -> str:
    """The node executable, or skip: the Node packages are installed by `npm ci` here."""
    node = shutil.which("node")
    if node is None:
        missing_tool("node is not installed (Debian: apt-get install nodejs npm)")
    if not (INTEROP_DIR / "node_modules" / "jsonld").is_dir():
        missing_tool("Node packages missing: run `make interop-tools`")
    return node


def run_node(script: str, payload: dict[str, object]) -> list[dict[str, object]]:
    """Run one of this folder's .mjs scripts on a JSON payload; return its ``results``."""
    completed = subprocess.run(
        [require_node(), str(INTEROP_DIR / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_SECONDS,
        check=True,
    )
    results = json.loads(completed.stdout)["results"]
    assert isinstance(results, list)
    return results


def vector_credential() -> dict[str, object]:
    document: dict[str, object] = copy.deepcopy(VECTOR["unsignedCredential"])
    return document


def rich_credential() -> dict[str, object]:
    """An OB 3.0 credential using most of what badgeservice issues (DESIGN.md, FACTS.md §2)."""
    return {
        "@context": [VC_V2, OB_3_0_3, OB_EXTENSIONS],
        "id": "urn:uuid:8b5f2a56-8a3e-4a4e-b0f6-0e5d0a8a1f11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Faiseur de changement",
        "description": "Décerné à celles et ceux qui font bouger leur territoire 🌱",
        "image": {"id": "https://badges.example.org/badges/42/image.png", "type": "Image"},
        "issuer": {
            "id": ISSUER,
            "type": ["Profile"],
            "name": "Isopolis",
            "url": "https://isopolis.example.org/",
            "email": "contact@isopolis.example.org",
        },
        "validFrom": "2026-06-01T10:00:00Z",
        "validUntil": "2028-06-01T10:00:00Z",
        "awardedDate": "2026-06-01T10:00:00Z",
        "credentialSubject": {
            "id": "urn:uuid:1d0c8f5e-5c43-4ad5-9a38-2a4f1d6b8c77",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "s4lt-ÿ",
                    "identityHash": (
                        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
                    ),
                }
            ],
            "narrative": "A animé **12** ateliers.\nMerci !",
            "creditsEarned": 2.5,
            "result": [{"type": ["Result"], "resultDescription": "urn:uuid:rd-1", "value": "B+"}],
            "achievement": {
                "id": "https://badges.example.org/ob3/achievements/faiseur-de-changement",
                "type": ["Achievement"],
                "achievementType": "Badge",
                "name": "Faiseur de changement",
                "description": "Personne qui porte un projet de transition.",
                "criteria": {"narrative": "Porter un projet **un an** au moins."},
                "image": {
                    "id": "https://badges.example.org/badge-classes/7/image.png",
                    "type": "Image",
                    "caption": "Une graine 🌱 qui germe",
                },
                "creditsAvailable": 2.5,
                "inLanguage": "fr",
                "tag": ["transition", "écologie", "🌍 climat", "日本語のタグ"],
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "Compétence citoyenne",
                        "targetUrl": "https://example.org/competences/citoyenne",
                        "targetType": "ext:Referentiel",
                    }
                ],
                "resultDescription": [
                    {
                        "id": "urn:uuid:rd-1",
                        "type": ["ResultDescription"],
                        "name": "Note",
                        "resultType": "LetterGrade",
                        "allowedValue": ["A", "B+", "B", "C"],
                    }
                ],
            },
        },
        "evidence": [
            {
                "id": "https://projets.example.org/jardin",
                "type": ["Evidence"],
                "name": "Jardin partagé",
                "narrative": "Photos et compte rendu.",
            },
            {"type": ["Evidence"], "narrative": "Témoignage des voisins."},
        ],
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
        "credentialStatus": {
            "id": "https://badges.example.org/ob3/status-lists/1#94567",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "94567",
            "statusListCredential": "https://badges.example.org/ob3/status-lists/1",
        },
    }


def status_list_credential() -> dict[str, object]:
    """A Bitstring Status List credential (BSL §2.2) with the spec's empty list."""
    return {
        "@context": [VC_V2],
        "id": "https://badges.example.org/ob3/status-lists/1",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ISSUER,
        "validFrom": "2026-06-01T10:00:00Z",
        "credentialSubject": {
            "id": "https://badges.example.org/ob3/status-lists/1#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
        },
    }


# Characters drawn for random text: ASCII, Latin accents, emoji (above U+FFFF), private use and
# full-width forms (U+E000-U+FFFF), CJK, a variation selector, and controls.
_ALPHABET = (
    list("abcXYZ 019-_.,!?'\"\\/")
    + list("éèàçœÿ")
    + ["\U0001f600", "\U0001f331", "\U0001f30d"]
    + ["\ue000", "\uf8ff", "\ufe0f", "\uff01", "\ufffd", "日", "本"]
    + ["\t", "\n", "\x01", "\x7f"]
)


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 6)))


def random_credential(rng: random.Random) -> dict[str, object]:
    """The rich credential with random texts and numbers where issuers put free input."""
    document = rich_credential()
    subject = document["credentialSubject"]
    assert isinstance(subject, dict)
    achievement = subject["achievement"]
    assert isinstance(achievement, dict)
    document["name"] = random_text(rng)
    achievement["tag"] = [random_text(rng) for _ in range(rng.randint(1, 4))]
    achievement["description"] = random_text(rng)
    subject["narrative"] = random_text(rng)
    achievement["creditsAvailable"] = rng.choice(
        [rng.randint(0, 100), rng.uniform(0, 10), rng.uniform(0, 1e-5), 2**53 + rng.randint(1, 9)]
    )
    return document
