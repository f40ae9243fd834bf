"""RDFC-1.0 canonical N-Quads over strictly expanded JSON-LD."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from badgeservice.formats.jsonld import JsonLdError, UndefinedTermError, UnknownContextError
from badgeservice.formats.rdfc import NonPortableOrderError, canonicalize, check_portable_order

VECTOR_DIR = (
    Path(__file__).resolve().parents[2] / ".." / "shared/spec/test-vectors/ob-v3p0-eddsa-rdfc-2022"
)
VECTOR = json.loads((VECTOR_DIR / "vector.json").read_text(encoding="utf-8"))


def credential() -> dict[str, object]:
    document: dict[str, object] = copy.deepcopy(VECTOR["unsignedCredential"])
    return document


def achievement(document: dict[str, object]) -> dict[str, object]:
    subject = document["credentialSubject"]
    assert isinstance(subject, dict)
    value = subject["achievement"]
    assert isinstance(value, dict)
    return value


def test_canonical_form_of_the_official_credential_matches_the_vector_byte_for_byte() -> None:
    expected = (VECTOR_DIR / "document-canon.nq").read_text(encoding="utf-8")
    assert canonicalize(credential()) == expected


def test_member_order_does_not_change_the_canonical_form() -> None:
    document = credential()
    reordered = dict(reversed(list(document.items())))
    assert canonicalize(reordered) == canonicalize(document)


def test_a_changed_value_changes_the_canonical_form() -> None:
    document = credential()
    document["name"] = "Teamwork Badge (revised)"
    assert canonicalize(document) != canonicalize(credential())


def test_undefined_term_is_refused_rather_than_left_out() -> None:
    document = credential()
    achievement(document)["secretScore"] = 42
    with pytest.raises(UndefinedTermError):
        canonicalize(document)


def test_unknown_context_is_refused() -> None:
    document = credential()
    document["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://x.example/c"]
    with pytest.raises(UnknownContextError):
        canonicalize(document)


def test_everyday_emoji_text_is_portable() -> None:
    document = credential()
    achievement(document)["tag"] = ["🎉 fête", "✔️ validé", "équipe 🤝", "日本語"]
    assert "🎉 fête" in canonicalize(document)


def test_text_that_javascript_would_sort_differently_is_refused() -> None:
    document = credential()
    # At the second character, U+1F600 (above U+FFFF) meets U+FF01 (full-width "!"):
    # code point order puts U+FF01 first, UTF-16 code units put the emoji's D83D first.
    achievement(document)["tag"] = ["x😀", "x！"]
    with pytest.raises(NonPortableOrderError) as refused:
        canonicalize(document)
    assert {refused.value.first, refused.value.second} == {"x😀", "x！"}


def test_verifiers_can_still_canonicalize_in_the_spec_order() -> None:
    document = credential()
    achievement(document)["tag"] = ["x😀", "x！"]
    nquads = canonicalize(document, require_portable_order=False)
    assert nquads.index('"x！"') < nquads.index('"x😀"')


@pytest.mark.parametrize(
    ("terms", "portable"),
    [
        (["a😀", "a\uffff"], False),
        (["a😀", "a\ue000"], False),
        (["a😀", "a\ud7ff"], True),
        (["a😀", "b\uffff"], True),
        (["😀", "😁"], True),
    ],
)
def test_portable_order_check_compares_code_points_with_utf16(
    terms: list[str], portable: bool
) -> None:
    nquads = "".join(f'<urn:s> <urn:p> "{term}" .\n' for term in sorted(terms))
    if portable:
        check_portable_order(nquads)
    else:
        with pytest.raises(NonPortableOrderError):
            check_portable_order(nquads)


def test_lone_surrogate_is_refused() -> None:
    document = credential()
    document["name"] = "broken \ud83d text"
    with pytest.raises(JsonLdError, match="surrogate"):
        canonicalize(document)
