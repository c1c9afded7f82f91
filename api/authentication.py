"""Attendees authenticate with the bearer token they received at registration.

``Authorization: Bearer <token>``: the token's SHA-256 is looked up among registrations. The request's user
is an ``Attendee`` wrapper (authenticated, no Django account) and ``request.auth`` the ``Registration``.
"""

from rest_framework import authentication, exceptions

from events.models import Registration
from events.services.magic_links import attendee_access_open
from events.tokens import hash_token

# The attendee's bearer token is stored hashed like every token Messe hands out.
hash_access_token = hash_token


class TokenHolder:
    """Someone authenticated by a token of their own rather than a Django account: no permissions of its own."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None


class Attendee(TokenHolder):
    """The user behind an attendee token."""

    def __init__(self, registration: Registration):
        self.registration = registration

    def __str__(self) -> str:
        return f"attendee {self.registration.code}"


class KeywordTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: <keyword> <token>``: subclasses say which keyword and how a token is looked up."""

    keyword: str
    unknown_message = "Unknown or revoked token."

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2 or len(header[1]) > 200:
            raise exceptions.AuthenticationFailed(f"Malformed {self.keyword.lower()} token.")
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(f"Malformed {self.keyword.lower()} token.") from exc
        found = self.look_up(token, request)
        if found is None:
            raise exceptions.AuthenticationFailed(self.unknown_message)
        return found

    def look_up(self, token: str, request) -> tuple[object, object] | None:
        raise NotImplementedError

    def authenticate_header(self, request) -> str:
        return self.keyword


class AttendeeTokenAuthentication(KeywordTokenAuthentication):
    keyword = "Bearer"
    unknown_message = "Unknown or revoked access token."

    def look_up(self, token: str, request) -> tuple[Attendee, Registration] | None:
        registration = (
            Registration.objects.select_related("convention", "ticket_type")
            .filter(access_token_hash=hash_access_token(token))
            .first()
        )
        # An erased registration or one whose convention is long over: the token is as good as unknown.
        if registration is None or not attendee_access_open(registration):
            return None
        return Attendee(registration), registration
