"""Magic links: the address that opens an attendee's own registration page without a password.

The link token is an HMAC of the registration code and its access token hash, keyed with ``SECRET_KEY``. It can
be computed again whenever a confirmation e-mail is written (the bearer token itself is shown once and never
stored), and it stops working when the access token changes or the secret key is rotated. The bearer token from
the registration API opens the page too.
"""

import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

from events.models import Registration
from events.tokens import hash_token as hash_access_token

_SALT = "messe.magic-link"
MAX_TOKEN_LENGTH = 100


def magic_link_token(registration: Registration) -> str:
    return salted_hmac(_SALT, f"{registration.code}:{registration.access_token_hash}", algorithm="sha256").hexdigest()


def magic_link_path(registration: Registration) -> str:
    return f"/r/{registration.code}/?token={magic_link_token(registration)}"


def magic_link_url(registration: Registration) -> str:
    return f"{settings.SITE_URL}{magic_link_path(registration)}"


def token_matches(registration: Registration, token: str) -> bool:
    """Whether ``token`` is the registration's magic link token or its bearer access token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return False
    return hmac.compare_digest(magic_link_token(registration), token) or hmac.compare_digest(
        registration.access_token_hash, hash_access_token(token)
    )
