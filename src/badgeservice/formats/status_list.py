"""W3C Bitstring Status List v1.0 (Recommendation, 15 May 2025): the bitstring and its encoding.

https://www.w3.org/TR/vc-bitstring-status-list/

* Index 0 is the left-most bit, i.e. the most significant bit of byte 0 (§ 2.2 encodedList).
* ``encodedList`` is the Multibase base64url (no padding, prefix ``u``) of the GZIP-compressed
  bitstring; the uncompressed bitstring is at least 16 KB, 131,072 entries (§ 2.2, § 3.2).
* Errors carry the spec's names: ``STATUS_LIST_LENGTH_ERROR`` (§ 3.5), and ``RANGE_ERROR`` and
  ``MALFORMED_VALUE_ERROR`` from VC Data Model 2.0, which § 3 and § 3.2 step 10 point to.

The status list *credential* around the encoded list is built in ``formats/ob3.py``.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import zlib
from collections.abc import Mapping
from typing import ClassVar

MIN_ENTRIES = 131_072
MIN_BYTES = MIN_ENTRIES // 8
# A verifier reading someone else's list needs a ceiling: 16 MiB is 128 Mi entries, far above
# any list we or a sane issuer publish, and small enough that a gzip bomb costs nothing.
DEFAULT_MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024

# Level 6 (zlib's default) reproduces the spec's empty 131,072-bit example byte for byte.
_GZIP_LEVEL = 6
_MULTIBASE_BASE64URL = "u"
_BASE64URL_NO_PAD = re.compile(r"[A-Za-z0-9_-]*")
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip container only: no raw deflate, no zlib header


class StatusListError(ValueError):
    """A Bitstring Status List processing error (BSL § 3.5)."""

    error_type: ClassVar[str] = "STATUS_VERIFICATION_ERROR"


class StatusListMalformedError(StatusListError):
    """``encodedList`` is not ``u`` + base64url(gzip(bits)) (BSL § 3: MALFORMED_VALUE_ERROR)."""

    error_type: ClassVar[str] = "MALFORMED_VALUE_ERROR"


class StatusListTooLargeError(StatusListMalformedError):
    """The list decompresses past the caller's ceiling (a gzip bomb, or an absurd list)."""


class StatusListLengthError(StatusListError):
    """Fewer than 131,072 entries (BSL § 3.2 step 9, § 3.5: STATUS_LIST_LENGTH_ERROR)."""

    error_type: ClassVar[str] = "STATUS_LIST_LENGTH_ERROR"


class StatusListRangeError(StatusListError):
    """The index points outside the bitstring (BSL § 3.2 step 10: RANGE_ERROR)."""

    error_type: ClassVar[str] = "RANGE_ERROR"


def new_bitstring(size: int = MIN_ENTRIES) -> bytearray:
    """Return an all-zero bitstring of ``size`` entries (BSL § 3.3 step 1; size ≥ 131,072)."""
    if size < MIN_ENTRIES:
        raise StatusListLengthError(f"a status list holds at least {MIN_ENTRIES} entries")
    if size % 8:
        raise ValueError("the number of entries must be a multiple of 8")
    return bytearray(size // 8)


def _check_index(bits: bytes | bytearray, index: int) -> None:
    if index < 0 or index >= len(bits) * 8:
        raise StatusListRangeError(f"index {index} is outside a list of {len(bits) * 8} bits")


def set_bit(bits: bytearray, index: int, value: bool = True) -> None:
    """Set (or clear) entry ``index``; index 0 is the MSB of byte 0 (BSL § 3.3 step 2, § 2.2)."""
    _check_index(bits, index)
    mask = 0x80 >> (index % 8)
    if value:
        bits[index // 8] |= mask
    else:
        bits[index // 8] &= ~mask & 0xFF


def get_bit(bits: bytes | bytearray, index: int) -> bool:
    """Read entry ``index``; index 0 is the MSB of byte 0 (BSL § 3.2 step 10, § 2.2)."""
    _check_index(bits, index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def encode_list(bits: bytes | bytearray) -> str:
    """Return ``encodedList``: ``"u"`` + base64url-no-padding(GZIP(bits)) (BSL § 3.3 step 3).

    The gzip header's mtime is fixed at 0, so the same bits always give the same string.
    """
    if len(bits) < MIN_BYTES:
        raise StatusListLengthError(f"a status list holds at least {MIN_ENTRIES} entries")
    compressed = gzip.compress(bytes(bits), compresslevel=_GZIP_LEVEL, mtime=0)
    return _MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_list(encoded: str, *, max_decompressed_bytes: int) -> bytes:
    """Expand ``encodedList`` back into the bitstring (BSL § 3.4 Bitstring Expansion Algorithm).

    Refuses anything but the ``u`` multibase prefix, padding or non-base64url characters, a
    corrupt or truncated gzip stream, trailing bytes after it, more than
    ``max_decompressed_bytes`` of output (checked while inflating), and fewer than 131,072
    entries.
    """
    if not encoded.startswith(_MULTIBASE_BASE64URL):
        raise StatusListMalformedError("encodedList must start with the multibase prefix 'u'")
    body = encoded[1:]
    if not _BASE64URL_NO_PAD.fullmatch(body) or len(body) % 4 == 1:
        raise StatusListMalformedError("encodedList is not unpadded base64url")
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error as error:
        raise StatusListMalformedError("encodedList is not unpadded base64url") from error

    inflater = zlib.decompressobj(_GZIP_WBITS)
    try:
        bits = inflater.decompress(compressed, max_decompressed_bytes + 1)
    except zlib.error as error:
        raise StatusListMalformedError("encodedList is not a GZIP stream") from error
    if len(bits) > max_decompressed_bytes:
        raise StatusListTooLargeError(
            f"the status list inflates past {max_decompressed_bytes} bytes"
        )
    if not inflater.eof:
        raise StatusListMalformedError("the GZIP stream is truncated")
    if inflater.unused_data:
        raise StatusListMalformedError("unexpected bytes after the GZIP stream")
    if len(bits) < MIN_BYTES:
        raise StatusListLengthError(
            f"the status list holds {len(bits) * 8} entries, fewer than {MIN_ENTRIES}"
        )
    return bits


def read_status(
    credential_subject: Mapping[str, object],
    index: int,
    *,
    status_size: int = 1,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
) -> int:
    """Return the status at ``index`` of a BitstringStatusList subject (BSL § 3.2 steps 6-10).

    The value spans ``status_size`` bits starting at bit ``index * status_size``, most
    significant first. Checking the list's signature and ``statusPurpose`` is the caller's job.
    """
    if status_size < 1:
        raise ValueError("statusSize is at least 1")
    encoded = credential_subject.get("encodedList")
    if not isinstance(encoded, str):
        raise StatusListMalformedError("the status list has no encodedList string")
    bits = decode_list(encoded, max_decompressed_bytes=max_decompressed_bytes)
    total_bits = len(bits) * 8
    if total_bits // status_size < MIN_ENTRIES:
        raise StatusListLengthError(
            f"the status list holds {total_bits // status_size} entries of {status_size} bits,"
            f" fewer than {MIN_ENTRIES}"
        )
    start = index * status_size
    if index < 0 or start + status_size > total_bits:
        raise StatusListRangeError(f"index {index} is outside a list of {total_bits} bits")
    value = 0
    for position in range(start, start + status_size):
        value = (value << 1) | get_bit(bits, position)
    return value
