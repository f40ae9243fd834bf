"""OB 3.0 VC-JWT: the "JSON Web Token Proof Format" (OB 3.0 §8.2, FACTS §2.9 A).

The JWT payload is the credential itself plus ``iss`` (issuer id), ``jti`` (credential id),
``nbf`` (``validFrom``), ``sub`` (``credentialSubject.id``) and, with ``validUntil``, ``exp``.
The header holds only ``alg``, ``kid`` and ``typ: "JWT"``. Verifiers check each claim against the
credential; a VC 1.1-style ``vc`` claim is unwrapped for legacy tokens (VC-JWT 1.1 §6.3.1).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from badgeservice.crypto import jws
from badgeservice.crypto.jws import JoseHeader, VerificationKey
from badgeservice.crypto.keypairs import PrivateKey

IssuingAlg = Literal["RS256", "ES256"]
DEFAULT_ALLOWED_ALGS = frozenset({"RS256", "ES256", "EdDSA"})
_ASYMMETRIC_ALGS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "EdDSA"}
)
_REGISTERED_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")
_VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
# XML Schema dateTime with a mandatory time zone (VCDM 2.0 §4.9 dateTimeStamp).
_DATETIME_Z = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?P<fraction>\.\d+)?(?:Z|[+-]\d{2}:\d{2})"
)


class VcJwtError(Exception):
    """A VC-JWT was refused; subclasses say why."""


class MalformedVcJwtError(VcJwtError):
    """Not a compact JWS holding a JSON credential, or a header VC-JWT does not allow."""


class AlgorithmRefusedError(VcJwtError):
    """``alg`` is ``none``, symmetric, or outside the allowlist."""


class KeyRefusedError(VcJwtError):
    """No key was found for the header, or its type does not match ``alg``."""


class BadSignatureError(VcJwtError):
    """The signature does not verify with the issuer's key."""


class ClaimsMismatchError(VcJwtError):
    """A JWT claim disagrees with the credential (iss, jti, sub, nbf or exp)."""


class ExpiredError(VcJwtError):
    """``exp`` is in the past."""


class NotYetValidError(VcJwtError):
    """``nbf`` is in the future."""


@dataclass(frozen=True, slots=True)
class DecodedVcJwt:
    """A verified VC-JWT: its header, the credential, and the registered JWT claims."""

    header: JoseHeader
    credential: dict[str, object]
    claims: dict[str, object]
    legacy_vc_claim: bool = False


def _issuer_id(credential: Mapping[str, object]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _subject_id(credential: Mapping[str, object]) -> str | None:
    subject = credential.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, Mapping) else None
    return subject_id if isinstance(subject_id, str) else None


def _parse_datetime(value: object) -> datetime | None:
    if not isinstance(value, str) or not _DATETIME_Z.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _whole_seconds(value: object, name: str) -> int:
    parsed = _parse_datetime(value)
    if parsed is None:
        raise ValueError(f"{name} must be an XML Schema dateTime with a time zone")
    match = _DATETIME_Z.fullmatch(str(value))
    if match and match["fraction"] and match["fraction"].strip(".0"):
        raise ValueError(f"{name} must be whole seconds to round-trip through a NumericDate")
    return int(parsed.timestamp())


def _json_bytes(payload: Mapping[str, object]) -> bytes:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def encode_vc_jwt(
    credential: Mapping[str, object], *, private_key: PrivateKey, alg: IssuingAlg, kid: str
) -> str:
    """Sign a credential as a VC-JWT (OB 3.0 §8.2.4 "Create the Proof"; FACTS §2.9 A).

    The credential needs ``id``, ``issuer`` (id), whole-second ``validFrom`` and
    ``credentialSubject.id``; ``validUntil`` (whole seconds) adds ``exp``. Only RS256 and ES256,
    the algorithms the 1EdTech validator accepts, are issued.
    """
    if alg not in ("RS256", "ES256"):
        raise ValueError("VC-JWTs are issued with RS256 or ES256 only")
    issuer_id, credential_id = _issuer_id(credential), credential.get("id")
    subject_id = _subject_id(credential)
    if issuer_id is None or not isinstance(credential_id, str) or subject_id is None:
        raise ValueError("a VC-JWT credential needs id, issuer id and credentialSubject.id")
    clashing = [claim for claim in (*_REGISTERED_CLAIMS, "vc") if claim in credential]
    if clashing:
        raise ValueError(f"the credential already holds JWT claim names {clashing}")
    claims: dict[str, object] = {
        "iss": issuer_id,
        "jti": credential_id,
        "nbf": _whole_seconds(credential.get("validFrom"), "validFrom"),
        "sub": subject_id,
    }
    if "validUntil" in credential:
        claims["exp"] = _whole_seconds(credential["validUntil"], "validUntil")
    payload = _json_bytes({**credential, **claims})
    return jws.sign_compact(payload, private_key=private_key, alg=alg, kid=kid)


def _verify_signature(
    token: str,
    key_for: Callable[[JoseHeader], VerificationKey],
    allowed_algs: frozenset[str],
) -> jws.VerifiedJws:
    try:
        return jws.verify_compact(
            token, key_for=key_for, allowed_algs=allowed_algs, strict_headers=True
        )
    except jws.AlgorithmNotAllowedError as exc:
        raise AlgorithmRefusedError(str(exc)) from exc
    except (jws.KeyTypeMismatchError, jws.UnknownKeyError) as exc:
        raise KeyRefusedError(str(exc)) from exc
    except jws.BadSignatureError as exc:
        raise BadSignatureError(str(exc)) from exc
    except jws.JwsError as exc:
        raise MalformedVcJwtError(str(exc)) from exc


def _load_payload(payload: bytes) -> dict[str, object]:
    def refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise MalformedVcJwtError("the payload repeats a member name")
        return result

    try:
        loaded = json.loads(payload.decode("utf-8"), object_pairs_hook=refuse_duplicates)
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedVcJwtError("the payload is not UTF-8 JSON") from exc
    if not isinstance(loaded, dict):
        raise MalformedVcJwtError("the payload is not a JSON object")
    return loaded


def _numeric_date(claims: Mapping[str, object], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedVcJwtError(f"{name} must be a NumericDate")
    return float(value)


def _from_seconds(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _iso(seconds: float) -> str:
    instant = _from_seconds(seconds)
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ") if instant else str(seconds)


def _unwrap_legacy(vc: dict[str, object], claims: Mapping[str, object]) -> dict[str, object]:
    # VC-JWT 1.1 §6.3.1 decoding: claims fill in what the `vc` object left out.
    credential = copy.deepcopy(vc)
    v1 = _is_v1(credential)
    fill = {"issuer": claims.get("iss"), "id": claims.get("jti")}
    nbf, exp = _numeric_date(claims, "nbf"), _numeric_date(claims, "exp")
    fill["issuanceDate" if v1 else "validFrom"] = _iso(nbf) if nbf is not None else None
    fill["expirationDate" if v1 else "validUntil"] = _iso(exp) if exp is not None else None
    for name, value in fill.items():
        if value is not None and name not in credential:
            credential[name] = value
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict) and "id" not in subject and isinstance(claims.get("sub"), str):
        subject["id"] = claims["sub"]
    return credential


def _is_v1(credential: Mapping[str, object]) -> bool:
    context = credential.get("@context")
    return isinstance(context, list) and bool(context) and context[0] == _VC_V1_CONTEXT


def _check_claims(credential: Mapping[str, object], claims: Mapping[str, object]) -> None:
    if claims.get("iss") is None or claims.get("iss") != _issuer_id(credential):
        raise ClaimsMismatchError("iss must equal the credential's issuer id")
    if claims.get("jti") is None or claims.get("jti") != credential.get("id"):
        raise ClaimsMismatchError("jti must equal the credential id")
    subject_id = _subject_id(credential)
    if subject_id is not None and claims.get("sub") != subject_id:
        raise ClaimsMismatchError("sub must equal credentialSubject.id")
    v1 = _is_v1(credential)
    _check_date(claims, "nbf", credential, "issuanceDate" if v1 else "validFrom", required=True)
    _check_date(claims, "exp", credential, "expirationDate" if v1 else "validUntil", required=False)


def _check_date(
    claims: Mapping[str, object],
    claim: str,
    credential: Mapping[str, object],
    field: str,
    *,
    required: bool,
) -> None:
    seconds = _numeric_date(claims, claim)
    if field not in credential and seconds is None and not required:
        return
    when = _parse_datetime(credential.get(field))
    if seconds is None or when is None or when != _from_seconds(seconds):
        raise ClaimsMismatchError(f"{claim} must equal the credential's {field} exactly")


def decode_vc_jwt(
    token: str,
    *,
    key_for: Callable[[JoseHeader], VerificationKey],
    now: datetime,
    allowed_algs: frozenset[str] = DEFAULT_ALLOWED_ALGS,
    leeway: timedelta = timedelta(0),
) -> DecodedVcJwt:
    """Verify a VC-JWT (OB 3.0 §8.2.6 "Verify a Credential"; FACTS §2.9 A verifier rules).

    Checks, in order: header (alg allowlist, only alg/kid/jwk/typ, typ ``JWT``, kid or jwk
    present), signature, then iss/jti/sub/nbf/exp against the credential, then exp and nbf
    against ``now`` (± ``leeway``).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not allowed_algs <= _ASYMMETRIC_ALGS:
        raise ValueError("VC-JWTs are verified with asymmetric algorithms only")
    verified = _verify_signature(token, key_for, allowed_algs)
    header = verified.header
    if header.typ is not None and header.typ != "JWT":
        raise MalformedVcJwtError('typ, when present, must be "JWT"')
    if header.kid is None and header.jwk is None:
        raise MalformedVcJwtError("the header must carry kid or jwk")
    payload = _load_payload(verified.payload)
    claims = {name: payload[name] for name in _REGISTERED_CLAIMS if name in payload}
    vc = payload.get("vc")
    if isinstance(vc, dict):
        credential = _unwrap_legacy(vc, claims)
    else:
        credential = {k: v for k, v in payload.items() if k not in _REGISTERED_CLAIMS}
    _check_claims(credential, claims)
    instant = now.timestamp()
    exp, nbf = _numeric_date(claims, "exp"), _numeric_date(claims, "nbf")
    if exp is not None and instant >= exp + leeway.total_seconds():
        raise ExpiredError(f"the credential expired at {_iso(exp)}")
    if nbf is not None and instant < nbf - leeway.total_seconds():
        raise NotYetValidError(f"the credential is not valid before {_iso(nbf)}")
    return DecodedVcJwt(
        header=header, credential=credential, claims=claims, legacy_vc_claim=isinstance(vc, dict)
    )
