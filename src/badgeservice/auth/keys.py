"""Sub-keys the auth domain derives from the key-encryption key."""

from __future__ import annotations

from dataclasses import dataclass

from badgeservice.crypto.secrets import SubkeyPurpose, derive_subkey


@dataclass(frozen=True, repr=False)
class AuthKeys:
    token_signing_key: bytes
    client_secret_pepper: bytes

    @classmethod
    def derive(cls, kek: bytes) -> AuthKeys:
        return cls(
            token_signing_key=derive_subkey(kek, purpose=SubkeyPurpose.ACCESS_TOKEN_SIGNING),
            client_secret_pepper=derive_subkey(kek, purpose=SubkeyPurpose.CLIENT_SECRET_PEPPER),
        )

    def __repr__(self) -> str:
        return "AuthKeys(<redacted>)"
