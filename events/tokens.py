"""Secrets handed out once (attendee access tokens, calendar feed tokens, device tokens and setup codes) are
stored only as their SHA-256; every lookup hashes what the client sends with this one function."""

import hashlib


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
