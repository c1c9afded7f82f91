"""Who the attendee is on the public pages: the magic link token, kept in a signed cookie after the first visit.

The cookie holds the magic link token of one registration (``events.services.magic_links``), signed with the
secret key, HttpOnly (scripts cannot read it) and SameSite=Lax (other sites cannot POST with it; CSRF tokens
protect the forms as well). Pages that show personal data are ``Cache-Control: private, no-store``.

Referrer policy: a URL carrying the token (the magic link itself, answered with a redirect) and pages showing a
secret link without any form get ``no-referrer``. Pages with forms get ``same-origin``: Chromium sends
``Origin: null`` with form POSTs from a ``no-referrer`` document, which Django's CSRF origin check rightly
refuses; ``same-origin`` still never sends a Referer to another site, and their URLs carry no token.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from events.models import Registration
from events.selectors.registrations import registration_by_code
from events.services.magic_links import magic_link_token, token_matches

COOKIE_NAME = "messe_attendee"
COOKIE_SALT = "messe.attendee-cookie"
COOKIE_MAX_AGE = 180 * 24 * 3600  # from registration, months before the convention, until well after it


def registration_for_token(*, code: str, token: str) -> Registration | None:
    if len(code) > 12:
        return None
    registration = registration_by_code(code=code)
    if registration is None or not token_matches(registration, token):
        return None
    return registration


def _cookie_value(request: HttpRequest) -> tuple[str, str] | None:
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    code, _, token = value.partition(":")
    return (code, token) if code and token else None


def signed_in_registration(request: HttpRequest) -> Registration | None:
    """The registration whose magic link this browser opened, or ``None``; cached on the request."""
    if not hasattr(request, "_messe_attendee"):
        value = _cookie_value(request)
        request._messe_attendee = registration_for_token(code=value[0], token=value[1]) if value else None
    return request._messe_attendee


def remember_attendee(response: HttpResponse, registration: Registration) -> None:
    response.set_signed_cookie(
        COOKIE_NAME,
        f"{registration.code}:{magic_link_token(registration)}",
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget_attendee(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE_NAME, samesite="Lax")


NO_REFERRER = "no-referrer"
SAME_ORIGIN = "same-origin"


def private(response: HttpResponse, *, referrer_policy: str = SAME_ORIGIN) -> HttpResponse:
    """Headers for pages with personal data: no Referer to other sites, no caching (see the module docstring)."""
    response["Referrer-Policy"] = referrer_policy
    response["Cache-Control"] = "private, no-store"
    return response
