"""Secrets handed out once (attendee access tokens, calendar feed tokens, device tokens and setup codes) are
stored only as their SHA-256; every lookup hashes what the client sends with this one function. Leaf module:
services and selectors both import it."""

import hashlib
import hmac

from django.conf import settings


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lead_pseudonym(*, exhibitor_id: int, registration_id: int) -> str:
    """The keyed hash a lead without consent carries instead of the attendee: stable per exhibitor and
    registration, so repeated scans count once and the attendee's data export finds them."""
    key = hashlib.sha256(b"messe-lead-pseudonym:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{exhibitor_id}:{registration_id}".encode(), hashlib.sha256).hexdigest()
