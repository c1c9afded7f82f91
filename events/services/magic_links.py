"""Magic links: the address that opens an attendee's own registration page without a password.

The link token is an HMAC of the registration code and its access token hash, keyed with ``SECRET_KEY``. It can
be computed again whenever a confirmation e-mail is written (the bearer token itself is shown once and never
stored), and it stops working when the access token changes or the secret key is rotated. The bearer token from
the registration API opens the page too.

Both stop working for good when the registration is erased (erasure also replaces the token hash), and both
expire ``MESSE_ATTENDEE_ACCESS_DAYS`` days after the convention's last day: long enough to fetch the material
and the certificate of attendance, not as long as the data is kept.
"""

import datetime as dt
import hmac
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from events.models import Convention, Registration
from events.tokens import hash_token as hash_access_token

_SALT = "messe.magic-link"
MAX_TOKEN_LENGTH = 100


def magic_link_token(registration: Registration) -> str:
    return salted_hmac(_SALT, f"{registration.code}:{registration.access_token_hash}", algorithm="sha256").hexdigest()


def magic_link_path(registration: Registration) -> str:
    return f"/r/{registration.code}/?token={magic_link_token(registration)}"


def magic_link_url(registration: Registration) -> str:
    return f"{settings.SITE_URL}{magic_link_path(registration)}"


def attendee_access_open(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    """Whether the attendee's magic link and bearer token still open anything: not after erasure, and not later
    than ``MESSE_ATTENDEE_ACCESS_DAYS`` days after the convention's last day (in the convention's time zone)."""
    if registration.erased_at is not None:
        return False
    convention = registration.convention
    today = (now or timezone.now()).astimezone(ZoneInfo(convention.time_zone)).date()
    return today <= convention.end_date + dt.timedelta(days=settings.MESSE_ATTENDEE_ACCESS_DAYS)


def token_matches(registration: Registration, token: str) -> bool:
    """Whether ``token`` is the registration's magic link token or its bearer access token, and still open."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not attendee_access_open(registration):
        return False
    return hmac.compare_digest(magic_link_token(registration), token) or hmac.compare_digest(
        registration.access_token_hash, hash_access_token(token)
    )


# At most one "here is your link again" e-mail per registration in this many seconds, however often it is asked
# for: the outbox key carries the window, so a second request inside it finds the row and sends nothing.
RESEND_WINDOW_SECONDS = 15 * 60


def resend_magic_link(*, convention: Convention, email: str, now: dt.datetime | None = None) -> int:
    """E-mail the magic link of every active registration of ``email`` for ``convention`` again.

    Returns how many messages were queued. The caller shows the same answer whatever this returns, so nobody
    learns whether an address is registered. Erased, cancelled and expired registrations get nothing.
    """
    from django.db import transaction

    from events.models import RegistrationStatus

    now = now or timezone.now()
    window = int(now.timestamp() // RESEND_WINDOW_SECONDS)
    registrations = Registration.objects.filter(
        convention=convention,
        email__iexact=email.strip(),
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_PAYMENT),
        erased_at__isnull=True,
    ).select_related("ticket_type", "convention")
    queued = 0
    with transaction.atomic():
        for registration in registrations:
            queued += _queue_link_mail(registration=registration, window=window)
    return queued


def resend_registration_link(*, registration: Registration, now: dt.datetime | None = None) -> bool:
    """E-mail one registration's magic link again (the registration desk's "resend the link").

    The same rules as ``resend_magic_link``: nothing for erased, cancelled or expired registrations, and at most
    one such e-mail per registration in ``RESEND_WINDOW_SECONDS``, whoever asks. Returns whether one was queued.
    """
    from django.db import transaction

    from events.models import RegistrationStatus

    now = now or timezone.now()
    if registration.erased_at is not None or registration.status not in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.PENDING_PAYMENT,
    ):
        return False
    with transaction.atomic():
        return _queue_link_mail(registration=registration, window=int(now.timestamp() // RESEND_WINDOW_SECONDS))


def _queue_link_mail(*, registration: Registration, window: int) -> bool:
    from events.services import messages

    context = {
        "registration": registration,
        "convention": registration.convention,
        "ticket_name": registration.ticket_type.name_in(registration.language),
        "magic_link": magic_link_url(registration),
    }
    subject, body_text, _html = messages.render_message(
        template="magic_link_resent", context=context, language=registration.language
    )
    row = messages.queue_message(
        idempotency_key=f"magic_link_resent:{registration.pk}:{window}",
        kind="magic_link_resent",
        recipient=registration.email,
        subject=subject,
        body_text=body_text,
        language=registration.language,
        convention=registration.convention,
        registration=registration,
    )
    return row is not None
