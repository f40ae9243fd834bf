"""SVG baking: badge element first under <svg>, exact namespaces, lossless CDATA, safe parsing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from badgeservice.formats.baking_payload import BakingError
from badgeservice.formats.baking_svg import SvgPayload, bake_svg, unbake_svg

SVG_NS = "http://www.w3.org/2000/svg"
OB2 = "http://openbadges.org"
OB3 = "https://purl.imsglobal.org/ob/v3p0"
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
CREDENTIAL = '{"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "Coopérer"}'
BASE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n'
    b'  <rect width="10" height="10" fill="#123456"/>\n  <text y="8">Hi &amp; bye</text>\n</svg>'
)
XML_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]).filter(
        lambda c: c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff")
    )
).filter(lambda text: text.strip(" \t\n\r") != "")


def _root(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def _error(data: bytes) -> str:
    with pytest.raises(BakingError) as caught:
        unbake_svg(data)
    return caught.value.code


def test_ob2_signed_badge_is_a_self_closing_first_child_in_the_ob2_namespace() -> None:
    baked = bake_svg(BASE, payload=SvgPayload(kind="ob2", verify=JWS, embedded_json=None))
    root = _root(baked)
    assert root.nsmap["openbadges"] == OB2
    assert b'xmlns:openbadges="http://openbadges.org"' in baked
    assert root.text is None
    assert root[0].tag == f"{{{OB2}}}assertion"
    assert f'<openbadges:assertion verify="{JWS}"/>'.encode() in baked


def test_ob3_vc_jwt_goes_in_verify_of_a_credential_element() -> None:
    baked = bake_svg(BASE, payload=SvgPayload(kind="ob3", verify=JWS, embedded_json=None))
    root = _root(baked)
    assert root.nsmap["openbadges"] == OB3
    assert root[0].tag == f"{{{OB3}}}credential"
    assert root[0].get("verify") == JWS
    assert root[0].text is None


def test_ob3_embedded_credential_is_cdata_without_verify() -> None:
    payload = SvgPayload(kind="ob3", verify=None, embedded_json=CREDENTIAL)
    baked = bake_svg(BASE, payload=payload)
    assert f"<openbadges:credential><![CDATA[{CREDENTIAL}]]></openbadges:credential>".encode() in (
        baked
    )
    found = unbake_svg(baked)
    assert found is not None
    assert (found.format, found.text, found.verify) == ("ob3", CREDENTIAL, None)


def test_ob2_hosted_badge_carries_url_and_embedded_assertion() -> None:
    url = "https://badges.example.org/ob2/assertions/1"
    payload = SvgPayload(kind="ob2", verify=url, embedded_json='{"id": "x"}')
    found = unbake_svg(bake_svg(BASE, payload=payload))
    assert found is not None
    assert (found.format, found.verify, found.text, found.legacy_url) == (
        "ob2",
        url,
        '{"id": "x"}',
        None,
    )


def _exclusive_c14n(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)


def test_baking_keeps_the_rest_of_the_svg() -> None:
    baked = bake_svg(BASE, payload=SvgPayload(kind="ob2", verify=JWS, embedded_json=None))
    root = _root(baked)
    original = _root(BASE)
    assert [_exclusive_c14n(child) for child in list(root)[1:]] == [
        _exclusive_c14n(child) for child in original
    ]
    assert root.attrib == original.attrib


def test_json_holding_cdata_end_is_split_over_sections_and_reads_back() -> None:
    tricky = '{"note": "a]]>b]]]]>c", "cr": "x\r\ny"}'
    baked = bake_svg(BASE, payload=SvgPayload(kind="ob3", verify=None, embedded_json=tricky))
    assert baked.count(b"<![CDATA[") > 1
    found = unbake_svg(baked)
    assert found is not None
    assert found.text == tricky


@given(text=XML_TEXT, kind=st.sampled_from(["ob2", "ob3"]))
def test_any_embedded_text_round_trips(text: str, kind: str) -> None:
    verify = JWS if kind == "ob2" else None
    payload = SvgPayload(kind="ob2" if kind == "ob2" else "ob3", verify=verify, embedded_json=text)
    found = unbake_svg(bake_svg(BASE, payload=payload))
    assert found is not None
    assert found.format == kind
    assert found.text == text.strip(" \t\n\r")
    assert found.verify == verify


@given(verify=XML_TEXT)
def test_any_verify_value_round_trips(verify: str) -> None:
    found = unbake_svg(
        bake_svg(BASE, payload=SvgPayload(kind="ob3", verify=verify, embedded_json=None))
    )
    assert found is not None
    assert found.verify == verify


def test_rebaking_replaces_the_element_and_switches_namespace() -> None:
    ob2 = bake_svg(
        BASE, payload=SvgPayload(kind="ob2", verify="https://x.example/a", embedded_json=None)
    )
    ob3 = bake_svg(ob2, payload=SvgPayload(kind="ob3", verify=JWS, embedded_json=None))
    root = _root(ob3)
    assert root.nsmap["openbadges"] == OB3
    assert OB2.encode() not in ob3
    assert len(root.findall(f"{{{OB3}}}credential")) == 1
    assert ob3 == bake_svg(BASE, payload=SvgPayload(kind="ob3", verify=JWS, embedded_json=None))


def test_third_party_baked_svg_is_read() -> None:
    data = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        b'<openbadges:credential verify="a.b.c"></openbadges:credential><circle r="1"/></svg>'
    )
    found = unbake_svg(data)
    assert found is not None
    assert (found.format, found.verify, found.text) == ("ob3", "a.b.c", None)


def test_svg_without_badge_has_no_payload() -> None:
    assert unbake_svg(BASE) is None


def test_two_badge_elements_are_refused() -> None:
    once = bake_svg(BASE, payload=SvgPayload(kind="ob2", verify=JWS, embedded_json=None))
    element = re.search(rb"<openbadges:assertion[^>]*/>", once)
    assert element is not None
    twice = once.replace(element.group(), element.group() * 2)
    assert _error(twice) == "duplicate_payload"


def test_empty_badge_element_is_refused() -> None:
    data = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><a:credential xmlns:a="'
        + OB3.encode()
        + b'"/></svg>'
    )
    assert _error(data) == "invalid_payload"


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
    b'<openbadges:assertion verify="&c;"/></svg>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
    b"<openbadges:assertion><![CDATA[&x;]]>&x;</openbadges:assertion></svg>"
)


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["billion_laughs", "xxe"])
def test_entity_declarations_are_refused_when_reading(data: bytes) -> None:
    assert _error(data) == "unsafe_xml"


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["billion_laughs", "xxe"])
def test_entity_declarations_are_refused_when_baking(data: bytes) -> None:
    with pytest.raises(BakingError) as caught:
        bake_svg(data, payload=SvgPayload(kind="ob2", verify=JWS, embedded_json=None))
    assert caught.value.code == "unsafe_xml"


def test_malformed_non_svg_and_oversized_inputs_are_refused() -> None:
    assert _error(b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>") == "corrupt"
    assert _error(b"<html xmlns='http://www.w3.org/1999/xhtml'/>") == "not_svg"
    with pytest.raises(BakingError) as caught:
        unbake_svg(BASE, max_bytes=len(BASE) - 1)
    assert caught.value.code == "too_large"


def test_text_that_xml_cannot_carry_is_refused() -> None:
    payload = SvgPayload(kind="ob3", verify=None, embedded_json='{"a": "\x01"}')
    with pytest.raises(BakingError) as caught:
        bake_svg(BASE, payload=payload)
    assert caught.value.code == "invalid_payload"


@pytest.mark.parametrize(
    ("kind", "verify", "embedded_json"),
    [
        ("ob3", JWS, CREDENTIAL),  # OB 3.0: a VC-JWT or the JSON, never both
        ("ob3", None, None),
        ("ob2", None, CREDENTIAL),  # OB 2.0 always has verify
        ("ob3", None, "  \n"),
    ],
)
def test_payload_shapes_the_specs_do_not_allow_are_refused(
    kind: str, verify: str | None, embedded_json: str | None
) -> None:
    with pytest.raises(ValueError, match=r"."):
        SvgPayload(
            kind="ob3" if kind == "ob3" else "ob2", verify=verify, embedded_json=embedded_json
        )
