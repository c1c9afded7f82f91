"""The legal pages' one write: accessibility feedback (BITV 2.0 § 7 "Feedback-Mechanismus") to the organizer.

A message is an outbox row like every other e-mail of Messe, so it is sent once and never lost. The organizer
answers the sender directly: the sender's address is in the text (the outbox has no Reply-To of its own).
"""

import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import Convention, OutboundMessage
from events.selectors.conventions import organizer_emails
from events.services import messages


def feedback_recipients(*, convention: Convention) -> list[str]:
    """Who receives accessibility feedback: the convention's legal contact, else its organizers, else the site's
    own sender address (so a message is never dropped for want of a recipient)."""
    if convention.legal_contact_email:
        return [convention.legal_contact_email]
    organizers = sorted({email for email in organizer_emails(convention=convention) if email})
    return organizers or [parseaddr(settings.DEFAULT_FROM_EMAIL)[1]]


def send_accessibility_feedback(
    *, convention: Convention, name: str, email: str, message: str, page: str, language: str
) -> list[OutboundMessage]:
    """Queue the feedback to every recipient of ``feedback_recipients``; returns the new outbox rows.

    The same text from the same sender on the same day is one message (a double click, a reload of the POST),
    keyed by a hash of it; a different text is a new message.
    """
    digest = hashlib.sha256(
        f"{convention.pk}\n{email.casefold()}\n{message}\n{timezone.localdate()}".encode()
    ).hexdigest()[:32]
    context = {"convention": convention, "name": name, "email": email, "message": message, "page": page}
    queued = []
    with transaction.atomic():
        for recipient in feedback_recipients(convention=convention):
            # The organizers read German by default; the sender's language is named in the text.
            subject, body_text, _html = messages.render_message(
                template="accessibility_feedback", context=context | {"sender_language": language}, language="de"
            )
            row = messages.queue_message(
                idempotency_key=f"accessibility_feedback:{digest}:{recipient}",
                kind="accessibility_feedback",
                recipient=recipient,
                subject=subject,
                body_text=body_text,
                language="de",
                convention=convention,
            )
            if row is not None:
                queued.append(row)
    return queued
