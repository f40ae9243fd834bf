"""Signing keys: every issuer's Ed25519, RSA (and P-256) key pairs, sealed at rest."""
