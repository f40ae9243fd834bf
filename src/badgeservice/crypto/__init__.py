"""Pure cryptographic helpers: key pairs, JWS, envelopes, secret hashing."""
