"""Consents an attendee gave at registration and may withdraw at any time (GDPR Art. 7(3))."""

from django.db import transaction

from events import errors
from events.models import Registration

# Consent name → timestamp field. Accepting the terms is not withdrawable: that is cancelling the registration.
WITHDRAWABLE_CONSENTS = {
    "share_contact": "consent_share_contact_at",
    "newsletter": "consent_newsletter_at",
}


def withdraw_consent(*, registration: Registration, consent: str) -> Registration:
    """Withdraw one optional consent; withdrawing one that is not given changes nothing.

    Withdrawing ``share_contact`` applies to every later booth scan: leads captured from then on stay
    pseudonymous (``events.services.leads`` reads the consent at scan time).
    """
    field = WITHDRAWABLE_CONSENTS.get(consent)
    if field is None:
        raise errors.ValidationFailed("There is no such consent.", fields={"consent": "Unknown consent."})
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if getattr(locked, field) is not None:
            setattr(locked, field, None)
            locked.save(update_fields=[field])
    return locked
