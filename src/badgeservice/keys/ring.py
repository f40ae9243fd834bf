"""The key ring: the envelope key derived from the key-encryption key, and which key types
every issuer holds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from badgeservice.crypto.envelope import open_sealed, private_key_aad, seal
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.crypto.secrets import SubkeyPurpose, derive_subkey


@dataclass(frozen=True, repr=False)
class KeyRing:
    envelope_key: bytes
    vc_jwt_algorithm: KeyAlgorithm = KeyAlgorithm.RS256

    @classmethod
    def derive(cls, kek: bytes, *, vc_jwt_algorithm: KeyAlgorithm = KeyAlgorithm.RS256) -> KeyRing:
        if vc_jwt_algorithm not in (KeyAlgorithm.RS256, KeyAlgorithm.ES256):
            raise ValueError("VC-JWT is signed with RS256 or ES256 (FACTS §2.9 A)")
        return cls(
            envelope_key=derive_subkey(kek, purpose=SubkeyPurpose.PRIVATE_KEY_ENVELOPE),
            vc_jwt_algorithm=vc_jwt_algorithm,
        )

    @property
    def issuer_algorithms(self) -> tuple[KeyAlgorithm, ...]:
        """Ed25519 for Data Integrity (eddsa-rdfc-2022), RSA for OB 2.0 signed badges (the
        1EdTech validator verifies RS256 only) and VC-JWT RS256, P-256 when VC-JWT uses ES256."""
        if self.vc_jwt_algorithm is KeyAlgorithm.ES256:
            return (KeyAlgorithm.ED25519, KeyAlgorithm.RS256, KeyAlgorithm.ES256)
        return (KeyAlgorithm.ED25519, KeyAlgorithm.RS256)

    def seal_private_key(
        self, der: bytes, *, issuer_id: uuid.UUID, key_id: uuid.UUID, algorithm: KeyAlgorithm
    ) -> bytes:
        aad = _aad(issuer_id, key_id, algorithm)
        return seal(der, kek=self.envelope_key, aad=aad)

    def open_private_key(
        self, envelope: bytes, *, issuer_id: uuid.UUID, key_id: uuid.UUID, algorithm: KeyAlgorithm
    ) -> bytes:
        """The PKCS#8 DER inside an envelope; raises ``EnvelopeError`` if it does not open."""
        aad = _aad(issuer_id, key_id, algorithm)
        return open_sealed(envelope, kek=self.envelope_key, aad=aad)

    def __repr__(self) -> str:
        return f"KeyRing(<redacted>, vc_jwt_algorithm={self.vc_jwt_algorithm.value})"


def _aad(issuer_id: uuid.UUID, key_id: uuid.UUID, algorithm: KeyAlgorithm) -> bytes:
    # Binds the envelope to its row: a blob copied onto another key or issuer fails to open.
    return private_key_aad(issuer_id=str(issuer_id), key_id=str(key_id), algorithm=algorithm.value)
