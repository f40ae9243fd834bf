"""What cannot be read as a badge ends in an ``unreadable-credential`` refusal that says why:
damaged images, decompression and entity bombs, external entities, strangers to Open Badges,
and URLs the outbound client refuses to fetch. Never an unhandled error."""

from __future__ import annotations

import io
import struct
import zlib

import png
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from badgeservice.problems import UNREADABLE_CREDENTIAL
from badgeservice.verification.detect import Submission, UnreadableCredentialError
from badgeservice.verification.service import VerificationContext, verify
from tests.support.resolve import local_path
from tests.verification.conftest import IssueAward, RemoteWeb, links


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (200, 30, 90, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def with_chunk(base: bytes, kind: bytes, body: bytes) -> bytes:
    chunks = [(bytes(k), bytes(b)) for k, b in png.Reader(bytes=base).chunks()]
    out = io.BytesIO()
    png.write_chunks(out, [chunks[0], (kind, body), *chunks[1:]])
    return out.getvalue()


def decompression_bomb() -> bytes:
    """A compressed iTXt ``openbadges`` chunk of 20 kB that inflates to 50 MB."""
    inflated = zlib.compress(b"{" + b" " * 50_000_000, 9)
    body = b"openbadges\x00\x01\x00\x00\x00" + inflated
    return with_chunk(small_png(), b"iTXt", body)


def pixel_bomb() -> bytes:
    """An IHDR announcing 100,000 × 100,000 pixels: never decoded, only its chunks are read."""
    chunks = [(bytes(k), bytes(b)) for k, b in png.Reader(bytes=small_png()).chunks()]
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 6, 0, 0, 0)
    out = io.BytesIO()
    png.write_chunks(out, [(b"IHDR", ihdr), *chunks[1:]])
    return out.getvalue()


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


def refusal(session: Session, context: VerificationContext, **submission: object) -> str:
    with pytest.raises(UnreadableCredentialError) as caught:
        verify(session, submission=Submission(**submission), context=context)  # type: ignore[arg-type]  # one keyword per test
    assert caught.value.kind is UNREADABLE_CREDENTIAL
    return caught.value.text.key


def test_a_truncated_png_is_unreadable(
    session: Session, context: VerificationContext, client: TestClient, issue: IssueAward
) -> None:
    baked = client.get(local_path(links(issue())["image_png"])).content
    truncated = baked[: len(baked) // 2]
    assert refusal(session, context, file=truncated) == "unreadable_baking_corrupt"


def test_a_png_decompression_bomb_is_refused(
    session: Session, context: VerificationContext
) -> None:
    assert refusal(session, context, file=decompression_bomb()) == "unreadable_baking_too_large"


def test_a_png_announcing_huge_dimensions_is_read_without_decoding(
    session: Session, context: VerificationContext
) -> None:
    assert refusal(session, context, file=pixel_bomb()) == "unreadable_baking_no_badge"


@pytest.mark.parametrize("svg", [BILLION_LAUGHS, XXE], ids=["entity-bomb", "external-entity"])
def test_svg_entities_are_refused(
    session: Session, context: VerificationContext, svg: bytes
) -> None:
    assert refusal(session, context, file=svg) == "unreadable_baking_unsafe_xml"


def test_a_png_without_a_badge_is_unreadable(
    session: Session, context: VerificationContext
) -> None:
    assert refusal(session, context, file=small_png()) == "unreadable_baking_no_badge"


@pytest.mark.parametrize(
    ("submission", "key"),
    [
        ({"file": b"\x00\x01garbage"}, "unreadable_unknown"),
        ({"file": b"[1, 2]"}, "unreadable_not_object"),
        ({"file": b'{"a": '}, "unreadable_json"),
        ({"credential": {"hello": "world"}}, "unreadable_not_open_badge"),
        ({"jwt": "not.a.token"}, "unreadable_unknown"),
        ({"jwt": "a.b"}, "unreadable_unknown"),
    ],
    ids=["bytes", "array", "broken-json", "stranger", "bad-token", "two-segments"],
)
def test_strangers_to_open_badges_are_unreadable(
    session: Session, context: VerificationContext, submission: dict[str, object], key: str
) -> None:
    assert refusal(session, context, **submission) == key


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/badge.json",
        "https://[::1]/badge.json",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/badge.json",
        "https://intranet.example/badge.json",
    ],
    ids=["loopback", "ipv6-loopback", "cloud-metadata", "private", "name-resolving-to-private"],
)
def test_a_url_to_an_inside_address_is_not_fetched(
    session: Session, context: VerificationContext, remote: RemoteWeb, url: str
) -> None:
    remote.addresses["intranet.example"] = ["192.168.10.5"]
    assert refusal(session, context, url=url) == "fetch_address"
    assert remote.requests == []


def test_a_url_redirecting_inside_is_not_followed(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    remote.redirect("https://issuer.example/badge", "https://127.0.0.1:8000/admin")
    assert refusal(session, context, url="https://issuer.example/badge") == "fetch_address"
    assert remote.requests == ["https://issuer.example/badge"]


def test_the_userinfo_trick_is_not_fetched(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    assert (
        refusal(session, context, url="https://trusted.example@evil.example/") == "fetch_userinfo"
    )
    assert remote.requests == []


def test_an_unknown_award_of_ours_is_unreadable_without_http(
    session: Session, context: VerificationContext, remote: RemoteWeb
) -> None:
    remote.forbid_all = True
    url = "https://badges.example.org/ob3/credentials/01a2239f-5c9e-7521-b031-14a6055bd3c2"
    assert refusal(session, context, url=url) == "document_status"
