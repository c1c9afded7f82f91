"""Consents an attendee gave at registration and may withdraw at any time (GDPR Art. 7(3))."""

from typing import Any

from django.utils.translation import gettext as _

from events import errors
from events.models import Registration

# Consent name → timestamp field. Accepting the terms is not withdrawable: that is cancelling the registration.
WITHDRAWABLE_CONSENTS = {
    "share_contact": "consent_share_contact_at",
    "newsletter": "consent_newsletter_at",
}


def withdraw_consent(*, registration: Registration, consent: str, actor: object = None) -> Registration:
    """Withdraw one optional consent by name; withdrawing one that is not given changes nothing.

    The attendee's page and the API both end in ``privacy.update_consents``, so a withdrawal means the same on
    every channel: withdrawing ``share_contact`` strips the contact data from leads the exhibitor has not listed or
    downloaded yet, later booth scans stay pseudonymous, and the change is audited.
    """
    if consent not in WITHDRAWABLE_CONSENTS:
        raise errors.ValidationFailed(_("There is no such consent."), fields={"consent": _("Unknown consent.")})
    from events.services import privacy

    withdrawn: dict[str, Any] = {consent: False}
    return privacy.update_consents(registration=registration, actor=actor, **withdrawn)
