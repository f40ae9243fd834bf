"""Values that pyld and jsonld.js canonicalize differently are reported with their pointer."""

from __future__ import annotations

import json

import pytest

from badgeservice.formats.json_guard import (
    MAX_SAFE_INTEGER,
    UnsafeReason,
    UnsafeValue,
    find_unsafe_values,
)


def reasons(value: object) -> list[tuple[str, UnsafeReason]]:
    return [(found.pointer, found.reason) for found in find_unsafe_values(value)]


def test_ordinary_credential_json_has_no_unsafe_value() -> None:
    document = {
        "name": "Badge d'équipe 🎉 ✔️",
        "description": "Line one\nLine two\twith a tab\r\n",
        "creditsAvailable": 1.5,
        "count": MAX_SAFE_INTEGER,
        "negative": -MAX_SAFE_INTEGER,
        "small": 0.000001,
        "zero": 0.0,
        "flags": [True, False, None],
        "日本語": "全角！",
    }
    assert find_unsafe_values(document) == []


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f"])
def test_control_character_in_a_value_is_reported(character: str) -> None:
    assert reasons({"name": f"a{character}b"}) == [("/name", UnsafeReason.CONTROL_CHARACTER)]


def test_control_character_in_a_key_is_reported_at_its_member() -> None:
    assert reasons({"claims": {"bad\x07key": 1}}) == [
        ("/claims/bad\x07key", UnsafeReason.CONTROL_CHARACTER)
    ]


def test_lone_surrogate_is_reported() -> None:
    value = json.loads('{"name": "broken \\ud83d"}')
    assert reasons(value) == [("/name", UnsafeReason.LONE_SURROGATE)]


@pytest.mark.parametrize("number", [MAX_SAFE_INTEGER + 1, -(MAX_SAFE_INTEGER + 1), 10**30])
def test_integer_beyond_javascript_precision_is_reported(number: int) -> None:
    assert reasons({"n": number}) == [("/n", UnsafeReason.INTEGER_OUT_OF_RANGE)]


@pytest.mark.parametrize("number", [9.99e-7, -1e-7, 5e-324])
def test_tiny_float_is_reported(number: float) -> None:
    assert reasons({"n": number}) == [("/n", UnsafeReason.TINY_FLOAT)]


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_number_is_reported(text: str) -> None:
    value = json.loads(f'{{"n": {text}}}')
    assert reasons(value) == [("/n", UnsafeReason.NON_FINITE_NUMBER)]


def test_booleans_are_not_mistaken_for_integers() -> None:
    assert find_unsafe_values({"a": True, "b": False}) == []


def test_every_unsafe_value_is_reported_in_document_order_with_escaped_pointers() -> None:
    document = {
        "a/b": "\x01",
        "list": [1, 2**60, {"m~n": 1e-9}],
        "ok": "fine",
        "z": float("inf"),
    }
    assert reasons(document) == [
        ("/a~1b", UnsafeReason.CONTROL_CHARACTER),
        ("/list/1", UnsafeReason.INTEGER_OUT_OF_RANGE),
        ("/list/2/m~0n", UnsafeReason.TINY_FLOAT),
        ("/z", UnsafeReason.NON_FINITE_NUMBER),
    ]


def test_top_level_scalar_is_reported_at_the_root_pointer() -> None:
    assert reasons("\x02") == [("", UnsafeReason.CONTROL_CHARACTER)]


def test_values_that_are_not_json_are_reported() -> None:
    assert reasons({"when": b"bytes", 3: "int key"}) == [
        ("", UnsafeReason.NOT_JSON),
        ("/when", UnsafeReason.NOT_JSON),
    ]


def test_report_carries_an_english_detail() -> None:
    (found,) = find_unsafe_values({"n": 2**53})
    assert found == UnsafeValue("/n", UnsafeReason.INTEGER_OUT_OF_RANGE, found.detail)
    assert str(MAX_SAFE_INTEGER) in found.detail
