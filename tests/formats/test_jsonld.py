"""Strict, offline JSON-LD expansion: what pyld would silently drop is refused, by name."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from pyld import jsonld as pyld_jsonld

from badgeservice.formats.jsonld import (
    ContextLoader,
    JsonLdError,
    RelativeIriError,
    UndefinedTermError,
    UnknownContextError,
    UnsafeJsonLdError,
    bundled_loader,
    expand_strict,
    unknown_context_urls,
)

VECTOR = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / ".."
        / "shared/spec/test-vectors/ob-v3p0-eddsa-rdfc-2022/vector.json"
    ).read_text(encoding="utf-8")
)
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_3_0_3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
OB_VOCAB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"


def credential() -> dict[str, object]:
    document: dict[str, object] = copy.deepcopy(VECTOR["unsignedCredential"])
    return document


def subject(document: dict[str, object]) -> dict[str, object]:
    value = document["credentialSubject"]
    assert isinstance(value, dict)
    return value


def bundled_documents() -> dict[str, dict[str, object]]:
    documents: dict[str, dict[str, object]] = {}
    for url in bundled_loader().urls:
        document = bundled_loader()(url)["document"]
        assert isinstance(document, dict)
        documents[url] = document
    return documents


class CountingLoader(ContextLoader):
    """Our loader, counting how often pyld asks it for a document."""

    def __init__(self) -> None:
        super().__init__(bundled_documents())
        self.calls = 0

    def __call__(self, url: str, options: Mapping[str, object] | None = None) -> dict[str, object]:
        self.calls += 1
        return super().__call__(url, options)


def test_expands_the_official_test_credential() -> None:
    expanded = expand_strict(credential())
    assert len(expanded) == 1
    node = expanded[0]
    assert isinstance(node, dict)
    assert node["@id"] == "http://example.com/credentials/3527"
    assert OB_VOCAB + "OpenBadgeCredential" in node["@type"]


def test_loader_answers_static_documents_for_bundled_urls() -> None:
    answer = bundled_loader()(VC_V2, {})
    assert answer["documentUrl"] == VC_V2
    assert answer["contextUrl"] is None
    assert answer["tag"] == "static"
    assert isinstance(answer["document"], dict)
    assert "@context" in answer["document"]


def test_loader_refuses_an_unknown_url() -> None:
    with pytest.raises(UnknownContextError) as refused:
        bundled_loader()("https://example.com/context.jsonld", {})
    assert refused.value.url == "https://example.com/context.jsonld"


def test_loader_hands_out_copies_that_cannot_alter_the_bundle() -> None:
    first = bundled_loader()(VC_V2)["document"]
    assert isinstance(first, dict)
    first["@context"] = {}
    second = bundled_loader()(VC_V2)["document"]
    assert isinstance(second, dict)
    assert second["@context"] != {}


def test_unknown_context_is_refused_and_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def fetch(url: str, options: object) -> None:
        pytest.fail(f"pyld's default loader tried to fetch {url}")

    monkeypatch.setattr(pyld_jsonld, "_default_document_loader", fetch)
    document = credential()
    document["@context"] = [VC_V2, "https://evil.example/context.jsonld"]
    with pytest.raises(UnknownContextError) as refused:
        expand_strict(document)
    assert refused.value.url == "https://evil.example/context.jsonld"
    assert refused.value.code == "unknown-context"


def test_unknown_context_urls_lists_only_unbundled_ones() -> None:
    document = credential()
    document["@context"] = [VC_V2, "https://a.example/ctx", {"x": "https://x.example/x"}]
    subject(document)["@context"] = "https://b.example/ctx"
    assert sorted(unknown_context_urls(document)) == [
        "https://a.example/ctx",
        "https://b.example/ctx",
    ]
    assert unknown_context_urls(credential()) == []


def test_undefined_top_level_term_is_refused_with_its_pointer() -> None:
    document = credential()
    document["nickname"] = "unsigned data"
    with pytest.raises(UndefinedTermError) as refused:
        expand_strict(document)
    assert refused.value.term == "nickname"
    assert refused.value.pointers == ("/nickname",)


def test_undefined_nested_term_is_refused_with_its_pointer() -> None:
    document = credential()
    subject(document)["favouriteColour"] = "green"
    with pytest.raises(UndefinedTermError) as refused:
        expand_strict(document)
    assert refused.value.pointers == ("/credentialSubject/favouriteColour",)


def test_reserved_keyword_lookalike_is_refused() -> None:
    document = credential()
    document["@note"] = "x"
    with pytest.raises(UndefinedTermError) as refused:
        expand_strict(document)
    assert refused.value.pointers == ("/@note",)


def test_undefined_type_value_is_refused() -> None:
    document = credential()
    document["type"] = ["VerifiableCredential", "OpenBadgeCredential", "FancyBadge"]
    with pytest.raises(RelativeIriError) as refused:
        expand_strict(document)
    assert refused.value.value == "FancyBadge"
    assert refused.value.pointers == ("/type",)


def test_1edtech_extension_type_needs_the_extensions_context() -> None:
    document = credential()
    document["credentialSchema"] = [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]
    with pytest.raises(RelativeIriError):
        expand_strict(document)
    document["@context"] = [VC_V2, OB_3_0_3, OB_EXTENSIONS]
    assert expand_strict(document)


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/id", "credentials/3527"),
        ("/issuer/id", "../issuers/565049"),
        ("/id", "https://example.com/a credential"),
        ("/id", "https://example.com/<x>"),
    ],
)
def test_relative_or_malformed_id_is_refused(pointer: str, value: str) -> None:
    document = credential()
    target: dict[str, object] = document
    *parents, last = pointer.strip("/").split("/")
    for name in parents:
        child = target[name]
        assert isinstance(child, dict)
        target = child
    target[last] = value
    with pytest.raises(RelativeIriError) as refused:
        expand_strict(document)
    assert refused.value.pointers == (pointer,)


def test_blank_node_and_urn_identifiers_are_accepted() -> None:
    document = credential()
    document["id"] = "urn:uuid:2f4ae3f6-e7a4-4fd8-a2a2-4f8e6c6a2b0c"
    subject(document)["id"] = "_:recipient"
    assert expand_strict(document)


def test_null_id_is_refused() -> None:
    document = credential()
    subject(document)["id"] = None
    with pytest.raises(UnsafeJsonLdError) as refused:
        expand_strict(document)
    assert refused.value.pointers == ("/credentialSubject/id",)


def test_direction_is_refused_because_canonical_rdf_would_drop_it() -> None:
    document = credential()
    document["name"] = {"@value": "شارة", "@language": "ar", "@direction": "rtl"}
    with pytest.raises(UnsafeJsonLdError, match="@direction"):
        expand_strict(document)


def test_malformed_language_tag_is_refused() -> None:
    document = credential()
    document["name"] = {"@value": "Badge", "@language": "en US"}
    with pytest.raises(UnsafeJsonLdError, match="@language"):
        expand_strict(document)


def test_well_formed_language_tag_is_accepted() -> None:
    document = credential()
    document["name"] = {"@value": "Badge d'équipe", "@language": "fr-FR"}
    assert expand_strict(document)


def test_blank_node_property_is_refused() -> None:
    document = credential()
    document["@context"] = [VC_V2, OB_3_0_3, {"secretNote": "_:note"}]
    document["secretNote"] = "hidden"
    with pytest.raises(JsonLdError):
        expand_strict(document)


def test_document_with_nothing_but_an_id_is_refused() -> None:
    with pytest.raises(UnsafeJsonLdError, match="nothing"):
        expand_strict({"@context": VC_V2, "id": "urn:uuid:1"})


def test_non_object_document_is_refused() -> None:
    with pytest.raises(JsonLdError):
        expand_strict([credential()])  # type: ignore[arg-type]  # a wrong type on purpose


def test_invalid_json_ld_syntax_is_reported_as_json_ld_error() -> None:
    document = credential()
    document["@context"] = [VC_V2, 42]
    with pytest.raises(JsonLdError):
        expand_strict(document)


def test_contexts_are_resolved_once_per_process_not_per_document() -> None:
    # Start from a cold cache so the first expansion must load both contexts.
    pyld_jsonld._resolved_context_cache.clear()
    loader = CountingLoader()
    expand_strict(credential(), loader=loader)
    assert loader.calls == 2
    expand_strict(credential(), loader=loader)
    assert loader.calls == 2


def _count_term_definitions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The terms pyld defines from here on (its context processing, term by term)."""
    defined: list[str] = []
    create = pyld_jsonld.JsonLdProcessor._create_term_definition

    def counting(
        self: object, active_ctx: object, local_ctx: object, term: str, *args: object, **kw: object
    ) -> object:
        defined.append(term)
        return create(self, active_ctx, local_ctx, term, *args, **kw)

    monkeypatch.setattr(pyld_jsonld.JsonLdProcessor, "_create_term_definition", counting)
    return defined


def test_type_scoped_contexts_are_processed_once_per_process_not_per_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = expand_strict(credential())
    defined = _count_term_definitions(monkeypatch)
    again = expand_strict(credential())
    assert again == first
    # OB 3.0 scopes contexts to AchievementCredential, AchievementSubject, Achievement, ...
    assert defined == []


def _typed_document(property_iri: str) -> dict[str, object]:
    return {
        "@context": {
            "Thing": {
                "@id": "https://types.example.org/Thing",
                "@context": {"colour": {"@id": property_iri}},
            },
            "type": "@type",
        },
        "@id": "urn:uuid:3a3c7e5e-4e0a-4b59-9a7b-2f4b8a2d9c10",
        "type": "Thing",
        "colour": "green",
    }


def _expanded_properties(document: dict[str, object]) -> set[str]:
    [node] = expand_strict(document)
    assert isinstance(node, dict)
    return {key for key in node if not key.startswith("@")}


def test_each_document_gets_its_own_type_scoped_context() -> None:
    first = _typed_document("https://a.example.org/colour")
    second = _typed_document("https://b.example.org/colour")
    assert _expanded_properties(first) == {"https://a.example.org/colour"}
    assert _expanded_properties(second) == {"https://b.example.org/colour"}


def test_a_type_scoped_context_changed_in_place_is_processed_again() -> None:
    document = _typed_document("https://a.example.org/colour")
    assert _expanded_properties(document) == {"https://a.example.org/colour"}
    context = document["@context"]
    assert isinstance(context, dict)
    context["Thing"]["@context"]["colour"]["@id"] = "https://b.example.org/colour"
    assert _expanded_properties(document) == {"https://b.example.org/colour"}
