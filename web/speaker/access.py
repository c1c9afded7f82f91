"""The one entrance check of the speaker pages: the magic link, kept in a signed cookie after the first visit.

The link ``/speaker/<guid>/?token=…`` (``events.services.speakers.speaker_link_path``) sets the cookie and
redirects to the same address without the token. Every page then requires the cookie to hold a valid token of
the speaker in the URL: another speaker's page, an unknown GUID, a wrong or expired token all answer 404, so
nobody learns which speakers exist. Cookie and headers as for attendees (``web.attendee.access``). A page runs
in the convention's time zone: it shows times as the convention's wall clock and its forms read typed-in times in it.
"""

from collections.abc import Callable
from functools import wraps
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.cache import never_cache

from events.models import Speaker
from events.services.speakers import speaker_link_token, token_matches
from web.attendee.access import NO_REFERRER, private

COOKIE_NAME = "messe_speaker"
COOKIE_SALT = "messe.speaker-cookie"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _speaker(guid: UUID) -> Speaker | None:
    return Speaker.objects.select_related("convention").filter(guid=guid).first()


def _cookie_token(request: HttpRequest, speaker: Speaker) -> str:
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return ""
    guid, _, token = value.partition(":")
    return token if guid == str(speaker.guid) else ""


def remember_speaker(response: HttpResponse, speaker: Speaker) -> None:
    response.set_signed_cookie(
        COOKIE_NAME,
        f"{speaker.guid}:{speaker_link_token(speaker)}",
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def speaker_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the speaker of the URL for ``view(request, speaker, **kwargs)``; 404 unless this browser holds
    that speaker's link (see the module docstring). A URL carrying a valid token sets the cookie first."""

    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, guid: UUID, **kwargs) -> HttpResponse:
        speaker = _speaker(guid)
        if speaker is None:
            raise Http404()
        token = request.GET.get("token", "")
        if token and request.method == "GET":
            if not token_matches(speaker, token):
                raise Http404()
            response = HttpResponseRedirect(request.path)
            remember_speaker(response, speaker)
            return private(response, referrer_policy=NO_REFERRER)
        if not token_matches(speaker, _cookie_token(request, speaker)):
            raise Http404()
        with timezone.override(speaker.convention.time_zone):
            return private(view(request, speaker, **kwargs))

    return wrapped
