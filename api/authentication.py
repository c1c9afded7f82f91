"""Attendees authenticate with the bearer token they received at registration.

``Authorization: Bearer <token>``: the token's SHA-256 is looked up among registrations. The request's user
is an ``Attendee`` wrapper (authenticated, no Django account) and ``request.auth`` the ``Registration``.
"""

import hashlib

from rest_framework import authentication, exceptions

from events.models import Registration


def hash_access_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Attendee:
    """The user behind an attendee token. Not a Django account: it has no permissions of its own."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, registration: Registration):
        self.registration = registration

    def __str__(self) -> str:
        return f"attendee {self.registration.code}"


class AttendeeTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2 or len(header[1]) > 200:
            raise exceptions.AuthenticationFailed("Malformed bearer token.")
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Malformed bearer token.") from exc
        registration = (
            Registration.objects.select_related("convention", "ticket_type")
            .filter(access_token_hash=hash_access_token(token))
            .first()
        )
        if registration is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked access token.")
        return Attendee(registration), registration

    def authenticate_header(self, request) -> str:
        return self.keyword
