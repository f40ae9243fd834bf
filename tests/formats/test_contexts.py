"""The bundled JSON-LD contexts are the official documents, recorded with source and licence.

Official = the copies in ../shared/spec/contexts, whose sha256 MANIFEST.md lists. A bundled file
is either the same bytes or, where the registry package reformatted it, the same JSON (sorted
keys), which JSON-LD processing cannot tell apart.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from badgeservice.formats.jsonld import bundled_loader, load_context_folder

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC = REPO_ROOT / ".." / "shared" / "spec"
CONTEXTS = REPO_ROOT / "src" / "badgeservice" / "formats" / "contexts"
SOURCES = json.loads((CONTEXTS / "SOURCES.json").read_text(encoding="utf-8"))
ENTRIES = SOURCES["contexts"]

# Canonical URL -> official copy in ../shared/spec/contexts (MANIFEST.md). For context-3.0.3
# we ship the 1EdTech validator's variant (adds `jti` and `endorsementJwt`; MANIFEST note 1).
OFFICIAL_FILE = {
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2": "credentials-undefined-terms-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "bitstring-status-list-v1.jsonld",
    "https://w3id.org/vc/status-list/2021/v1": "status-list-2021-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/v1": "security-v1.jsonld",
    "https://w3id.org/security/v2": "security-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob-v3p0-3.0.0.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld": "ob-v3p0-3.0.0.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-3.0.1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-3.0.2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "ob-v3p0-3.0.3.validator-variant.jsonld"
    ),
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.jsonld",
    "https://w3id.org/openbadges/v2": "ob-v2.jsonld",
    "https://openbadgespec.org/v2/context.json": "ob-v2.jsonld",
}
_MANIFEST_ROW = re.compile(r"^\| (?P<file>[\w.-]+\.jsonld) \|.*\| (?P<sha>[0-9a-f]{64}) \|$")


def _manifest_sha256() -> dict[str, str]:
    text = (SPEC / "MANIFEST.md").read_text(encoding="utf-8")
    return {m["file"]: m["sha"] for m in map(_MANIFEST_ROW.match, text.splitlines()) if m}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _same_json(first: Path, second: Path) -> bool:
    def canonical(path: Path) -> str:
        return json.dumps(json.loads(path.read_bytes()), sort_keys=True)

    return canonical(first) == canonical(second)


def _entry_urls(entry: dict[str, object]) -> list[str]:
    aliases = entry.get("aliases", [])
    assert isinstance(aliases, list)
    return [str(entry["url"]), *map(str, aliases)]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_bundled_context_is_the_official_document(entry: dict[str, object]) -> None:
    bundled = CONTEXTS / str(entry["file"])
    manifest = _manifest_sha256()
    for url in _entry_urls(entry):
        official = SPEC / "contexts" / OFFICIAL_FILE[url]
        assert _sha256(official) == manifest[official.name], "shared copy is not MANIFEST's"
        assert _sha256(bundled) == manifest[official.name] or _same_json(bundled, official)


def test_context_equality_check_detects_a_changed_term(tmp_path: Path) -> None:
    # The PyPI `openbadges` copy of the OB 2.0 context predates 1EdTech's 2020 fix of this
    # term: the comparison used above must see that one-term difference.
    official = SPEC / "contexts" / "ob-v2.jsonld"
    document = json.loads(official.read_bytes())
    document["@context"]["targetFramework"] = {"@id": "schema:targetFramework"}
    stale = tmp_path / "ob-v2.jsonld"
    stale.write_text(json.dumps(document, indent=2), encoding="utf-8")
    assert not _same_json(stale, official)


def test_every_official_url_is_bundled() -> None:
    bundled_urls = {url for entry in ENTRIES for url in _entry_urls(entry)}
    assert bundled_urls == set(OFFICIAL_FILE)
    assert bundled_loader().urls == bundled_urls


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_sources_record_registry_origin_sha256_and_licence(entry: dict[str, object]) -> None:
    source = entry["source"]
    assert isinstance(source, dict)
    assert source["registry"] in {"npm", "pypi"}
    assert source["package"]
    assert source["version"]
    assert source["path"]
    assert entry["sha256"] == _sha256(CONTEXTS / str(entry["file"]))
    assert entry["license"]
    assert (CONTEXTS / str(entry["license_file"])).is_file()


def test_contexts_folder_holds_exactly_the_listed_files() -> None:
    listed = {entry["file"] for entry in ENTRIES}
    assert {path.name for path in CONTEXTS.glob("*.jsonld")} == listed


def test_contexts_are_package_data() -> None:
    folder = resources.files("badgeservice.formats").joinpath("contexts")
    for entry in ENTRIES:
        assert folder.joinpath(entry["file"]).is_file()


def test_context_3_0_3_is_the_validator_variant_with_jti_and_endorsement_jwt() -> None:
    document = bundled_loader()("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
    terms = document["document"]
    assert isinstance(terms, dict)
    assert {"jti", "endorsementJwt"} <= set(terms["@context"])


def test_loader_refuses_a_context_file_altered_after_it_was_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "contexts"
    shutil.copytree(CONTEXTS, folder)
    target = folder / "credentials-v2.jsonld"
    target.write_bytes(target.read_bytes().replace(b'"VerifiableCredential"', b'"Credential"'))
    with pytest.raises(ValueError, match=r"credentials-v2\.jsonld"):
        load_context_folder(folder)


def test_loader_over_an_unaltered_copy_serves_every_url(tmp_path: Path) -> None:
    folder = tmp_path / "contexts"
    shutil.copytree(CONTEXTS, folder)
    assert load_context_folder(folder).urls == set(OFFICIAL_FILE)
