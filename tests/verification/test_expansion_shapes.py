"""Strict expansion verdicts shared by same-shaped documents: a new credential of a known shape
is not expanded again, and a document whose difference matters to expansion still is."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from badgeservice.formats.jsonld import VocabularyUse, expand_strict
from badgeservice.verification.contexts import ExpansionMemo, ob3_context_problem
from badgeservice.verification.expansion_shapes import ShapeMemo

VECTOR = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / ".."
        / "shared/spec/test-vectors/ob-v3p0-eddsa-rdfc-2022/vector.json"
    ).read_text(encoding="utf-8")
)

Document = dict[str, object]


def credential() -> Document:
    document: Document = copy.deepcopy(VECTOR["unsignedCredential"])
    return document


def member(document: Document, *path: str) -> Document:
    value: object = document
    for name in path:
        assert isinstance(value, dict)
        value = value[name]
    assert isinstance(value, dict)
    return value


def another_award(document: Document) -> None:
    """What differs between two awards of one badge class: ids, dates, names, texts."""
    document["id"] = "http://example.com/credentials/9999"
    document["validFrom"] = "2026-11-28T10:00:00Z"
    document["name"] = "Badge d'équipe"
    member(document, "credentialSubject")["id"] = "did:example:another-learner"
    criteria = member(document, "credentialSubject", "achievement", "criteria")
    criteria["narrative"] = "A conduit la transformation d'une friche en jardin partagé."


def remembered(document: Document) -> ShapeMemo:
    shapes = ShapeMemo()
    used = VocabularyUse()
    expand_strict(document, vocabulary=used)
    shapes.remember(document, used)
    return shapes


def test_same_shaped_credential_shares_the_verdict() -> None:
    shapes = remembered(credential())
    other = credential()
    another_award(other)

    assert shapes.expands_strictly(other)


def test_unseen_shape_is_not_known() -> None:
    shapes = remembered(credential())
    other = credential()
    other["awardedDate"] = "2026-11-28T10:00:00Z"

    assert not shapes.expands_strictly(other)


def _undefined_type(document: Document) -> None:
    document["type"] = ["VerifiableCredential", "NotAnOpenBadgeTerm"]


def _relative_id(document: Document) -> None:
    member(document, "credentialSubject")["id"] = "learner-42"


def _id_with_a_space(document: Document) -> None:
    member(document, "credentialSubject")["id"] = "urn:learner 42"


def _undefined_nested_type(document: Document) -> None:
    member(document, "credentialSubject", "achievement")["type"] = ["Achievment"]


def _blank_node_without_label(document: Document) -> None:
    member(document, "credentialSubject")["id"] = "_:"


@pytest.mark.parametrize(
    "change",
    [
        _undefined_type,
        _relative_id,
        _id_with_a_space,
        _undefined_nested_type,
        _blank_node_without_label,
    ],
)
def test_refused_after_a_same_shaped_valid_one_was_remembered(
    change: Callable[[Document], None],
) -> None:
    memo = ExpansionMemo()
    assert memo.problem(credential(), precheck=ob3_context_problem) is None
    other = credential()
    another_award(other)
    assert memo.problem(other, precheck=ob3_context_problem) is None
    change(other)

    assert not memo.shapes.expands_strictly(other)
    assert memo.problem(other, precheck=ob3_context_problem) is not None


def test_an_iri_of_another_kind_is_expanded_again() -> None:
    shapes = remembered(credential())
    other = credential()
    # pyld reads Unicode whitespace as not absolute; the skeleton keeps such an IRI whole
    member(other, "issuer")["id"] = "https://example.edu/issuers/\u2003565049"
    assert not shapes.expands_strictly(other)
    other = credential()
    other["id"] = "urn:uuid:0b6b4e57-9a1e-4c55-b0b5-3f2a3d1c9e10"  # another scheme
    assert not shapes.expands_strictly(other)


def test_vocab_typed_value_is_kept_as_it_is() -> None:
    # credentials v2: proofPurpose is a term whose values are expanded against the vocabulary
    document: Document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:1",
        "type": ["DataIntegrityProof"],
        "proofPurpose": "assertionMethod",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": "did:example:issuer#key-1",
    }
    shapes = remembered(document)
    other = copy.deepcopy(document)
    other["id"] = "urn:uuid:2"
    assert shapes.expands_strictly(other)

    other["proofPurpose"] = "notAPurposeTerm"

    assert not shapes.expands_strictly(other)


def test_language_alias_values_are_kept_as_they_are() -> None:
    document = credential()
    context = document["@context"]
    assert isinstance(context, list)
    document["@context"] = [*context, {"lang": "@language"}]
    document["name"] = {"@value": "Teamwork Badge", "lang": "en"}
    memo = ExpansionMemo()
    assert memo.problem(document, precheck=ob3_context_problem) is None
    other = copy.deepcopy(document)
    other["name"] = {"@value": "Teamwork Badge", "lang": "not a tag"}

    assert not memo.shapes.expands_strictly(other)
    assert memo.problem(other, precheck=ob3_context_problem) is not None


def test_a_number_is_not_a_string() -> None:
    document = credential()
    document["name"] = "1"
    shapes = remembered(document)
    other = credential()
    other["name"] = 1

    assert not shapes.expands_strictly(other)
