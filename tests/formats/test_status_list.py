"""W3C Bitstring Status List v1.0: bit order, encoding, and the decoder's refusals."""

from __future__ import annotations

import base64
import gzip

import pytest

from badgeservice.formats.status_list import (
    MIN_BYTES,
    MIN_ENTRIES,
    StatusListLengthError,
    StatusListMalformedError,
    StatusListRangeError,
    StatusListTooLargeError,
    decode_list,
    encode_list,
    get_bit,
    new_bitstring,
    read_status,
    set_bit,
)

# BSL v1.0 § 2.2 Example 3: an empty 131,072-entry list.
SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
CAP = 1024 * 1024


def _encode_raw(payload: bytes) -> str:
    """u + base64url-no-pad(gzip(payload)) without encode_list's length check."""
    compressed = gzip.compress(payload, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def test_spec_empty_example_decodes_to_16384_zero_bytes() -> None:
    assert decode_list(SPEC_EMPTY_LIST, max_decompressed_bytes=CAP) == bytes(16_384)


def test_encoding_an_empty_list_reproduces_the_spec_example() -> None:
    assert encode_list(new_bitstring()) == SPEC_EMPTY_LIST


def test_new_bitstring_has_the_minimum_size_and_is_all_zero() -> None:
    bits = new_bitstring()
    assert len(bits) == MIN_BYTES == 16_384
    assert not any(bits)


def test_new_bitstring_refuses_fewer_than_131072_entries() -> None:
    with pytest.raises(StatusListLengthError):
        new_bitstring(MIN_ENTRIES - 8)


def test_index_zero_is_the_most_significant_bit_of_the_first_byte() -> None:
    bits = new_bitstring()
    set_bit(bits, 0)
    assert bits[0] == 0x80
    set_bit(bits, 7)
    assert bits[0] == 0x81
    set_bit(bits, 8)
    assert bits[1] == 0x80
    assert get_bit(bits, 0)
    assert get_bit(bits, 8)
    assert not get_bit(bits, 1)


def test_last_index_is_the_least_significant_bit_of_the_last_byte() -> None:
    bits = new_bitstring()
    set_bit(bits, MIN_ENTRIES - 1)
    assert bits[-1] == 0x01
    assert get_bit(bits, MIN_ENTRIES - 1)


def test_set_bit_false_clears_only_that_bit() -> None:
    bits = new_bitstring()
    set_bit(bits, 3)
    set_bit(bits, 4)
    set_bit(bits, 3, value=False)
    assert not get_bit(bits, 3)
    assert get_bit(bits, 4)


@pytest.mark.parametrize("index", [-1, MIN_ENTRIES])
def test_set_and_get_refuse_an_index_outside_the_list(index: int) -> None:
    bits = new_bitstring()
    with pytest.raises(StatusListRangeError):
        set_bit(bits, index)
    with pytest.raises(StatusListRangeError):
        get_bit(bits, index)


def test_round_trip_keeps_every_set_bit() -> None:
    bits = new_bitstring()
    revoked = {0, 1, 94_567, MIN_ENTRIES - 1}
    for index in revoked:
        set_bit(bits, index)
    decoded = decode_list(encode_list(bits), max_decompressed_bytes=CAP)
    assert decoded == bytes(bits)
    assert {i for i in range(MIN_ENTRIES) if get_bit(decoded, i)} == revoked


def test_encoding_is_deterministic_and_unpadded() -> None:
    bits = new_bitstring()
    set_bit(bits, 42)
    encoded = encode_list(bits)
    assert encoded == encode_list(bytearray(bits))
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert "+" not in encoded
    assert "/" not in encoded


def test_encode_refuses_a_list_shorter_than_16kb() -> None:
    with pytest.raises(StatusListLengthError):
        encode_list(bytes(MIN_BYTES - 1))


def test_decode_refuses_a_list_shorter_than_16kb() -> None:
    with pytest.raises(StatusListLengthError):
        decode_list(_encode_raw(bytes(MIN_BYTES - 1)), max_decompressed_bytes=CAP)


def test_decode_refuses_a_gzip_bomb_past_the_cap() -> None:
    bomb = _encode_raw(bytes(16 * CAP))  # 16 MiB of zeros in ~22 KB of text
    assert len(bomb) < 32_000
    with pytest.raises(StatusListTooLargeError):
        decode_list(bomb, max_decompressed_bytes=CAP)


def test_decode_accepts_a_list_exactly_at_the_cap() -> None:
    assert len(decode_list(_encode_raw(bytes(CAP)), max_decompressed_bytes=CAP)) == CAP


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(SPEC_EMPTY_LIST[1:], id="no-multibase-prefix"),
        pytest.param("z" + SPEC_EMPTY_LIST[1:], id="base58-prefix"),
        pytest.param("U" + SPEC_EMPTY_LIST[1:], id="padded-base64url-prefix"),
        pytest.param(SPEC_EMPTY_LIST + "==", id="padding"),
        pytest.param("uH4sI+AAA", id="standard-base64-alphabet"),
        pytest.param("uA", id="impossible-base64-length"),
        pytest.param(
            "u" + base64.urlsafe_b64encode(b"not gzip").decode().rstrip("="), id="not-gzip"
        ),
        pytest.param(SPEC_EMPTY_LIST[:-8], id="truncated-gzip"),
        pytest.param(_encode_raw(bytes(MIN_BYTES)) + "AAAA", id="trailing-bytes"),
    ],
)
def test_decode_refuses_malformed_encoded_lists(encoded: str) -> None:
    with pytest.raises(StatusListMalformedError):
        decode_list(encoded, max_decompressed_bytes=CAP)


def test_read_status_returns_1_for_a_set_bit_and_0_otherwise() -> None:
    bits = new_bitstring()
    set_bit(bits, 94_567)
    subject: dict[str, object] = {"type": "BitstringStatusList", "encodedList": encode_list(bits)}
    assert read_status(subject, 94_567) == 1
    assert read_status(subject, 94_566) == 0


def test_read_status_reads_multi_bit_entries_most_significant_first() -> None:
    bits = new_bitstring(2 * MIN_ENTRIES)
    set_bit(bits, 2 * 5)  # entry 5, high bit
    set_bit(bits, 2 * 6 + 1)  # entry 6, low bit
    subject: dict[str, object] = {"encodedList": encode_list(bits)}
    assert read_status(subject, 5, status_size=2) == 2
    assert read_status(subject, 6, status_size=2) == 1
    assert read_status(subject, 7, status_size=2) == 0


def test_read_status_raises_range_error_past_the_end() -> None:
    subject: dict[str, object] = {"encodedList": SPEC_EMPTY_LIST}
    assert read_status(subject, MIN_ENTRIES - 1) == 0
    with pytest.raises(StatusListRangeError):
        read_status(subject, MIN_ENTRIES)
    with pytest.raises(StatusListRangeError):
        read_status(subject, -1)


def test_read_status_raises_length_error_when_entries_of_status_size_are_too_few() -> None:
    subject: dict[str, object] = {"encodedList": SPEC_EMPTY_LIST}
    with pytest.raises(StatusListLengthError):
        read_status(subject, 0, status_size=2)


def test_read_status_refuses_a_subject_without_an_encoded_list() -> None:
    with pytest.raises(StatusListMalformedError):
        read_status({"encodedList": 42}, 0)


def test_errors_carry_the_spec_error_names() -> None:
    assert StatusListLengthError.error_type == "STATUS_LIST_LENGTH_ERROR"
    assert StatusListRangeError.error_type == "RANGE_ERROR"
    assert StatusListMalformedError.error_type == "MALFORMED_VALUE_ERROR"
