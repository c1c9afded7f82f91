"""The outbox: every e-mail is a row first, and a row is sent at most once.

``queue_message`` is called inside the caller's transaction and schedules delivery for after the commit, so a
rolled-back change never sends mail and a committed one never loses it (``requeue_stuck_messages`` picks up
rows whose task never reached a worker, e.g. because the broker was down). ``deliver_message`` claims the row
with a conditional UPDATE (pending → sending): only the worker whose update hit one row talks to SMTP.
"""

import base64
import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from events.models import Convention, MessageStatus, OutboundMessage, Registration

logger = logging.getLogger(__name__)

# A row left in "sending" this long belongs to a worker that died mid-send; it goes back to pending.
SENDING_LEASE = dt.timedelta(minutes=10)
# A pending row older than this never reached a worker (broker down, process killed before on_commit).
PENDING_GRACE = dt.timedelta(minutes=2)


class TransientDeliveryError(Exception):
    """The mail server could not take the message now; the task retries with backoff."""


def render_message(*, template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Render ``templates/emails/<template>.{subject,txt,html}`` in ``language``; html is optional."""
    with translation.override(language):
        subject = render_to_string(f"emails/{template}.subject.txt", context).strip()
        body_text = render_to_string(f"emails/{template}.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}.html", context)
        except Exception:
            body_html = ""
    return " ".join(subject.split()), body_text, body_html


def queue_message(
    *,
    idempotency_key: str,
    kind: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "de",
    convention: Convention | None = None,
    registration: Registration | None = None,
    calendar_ics: str = "",
    calendar_method: str = "",
    attachments: list[dict[str, str]] | None = None,
) -> OutboundMessage | None:
    """Write the message row (in the caller's transaction) and enqueue its delivery after commit.

    Returns ``None`` when a message with this idempotency key exists already: the reason was handled before.
    """
    try:
        with transaction.atomic():  # a savepoint, so a duplicate key does not break the caller's transaction
            message = OutboundMessage.objects.create(
                idempotency_key=idempotency_key,
                kind=kind,
                recipient=recipient,
                subject=subject[:300],
                body_text=body_text,
                body_html=body_html,
                language=language,
                convention=convention,
                registration=registration,
                calendar_ics=calendar_ics,
                calendar_method=calendar_method,
                attachments=attachments or [],
            )
    except IntegrityError:
        if OutboundMessage.objects.filter(idempotency_key=idempotency_key).exists():
            return None
        raise
    enqueue_delivery_on_commit(message_ids=[message.pk])
    return message


def enqueue_delivery_on_commit(*, message_ids: list[int]) -> None:
    from events import tasks

    def _enqueue() -> None:
        for message_id in message_ids:
            try:
                tasks.deliver_message.delay(message_id=message_id)
            except Exception:
                logger.warning("broker unavailable; message %s waits in the outbox", message_id)

    transaction.on_commit(_enqueue)


def claim_message(*, message_id: int) -> bool:
    """Move a pending message to "sending". True only for the one caller whose update changed the row."""
    claimed = OutboundMessage.objects.filter(pk=message_id, status=MessageStatus.PENDING).update(
        status=MessageStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return claimed == 1


def build_email(*, message: OutboundMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"X-Messe-Message-Key": message.idempotency_key},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.calendar_ics:
        method = message.calendar_method or "REQUEST"
        email.attach_alternative(message.calendar_ics, f"text/calendar; method={method}")
        email.attach("invite.ics", message.calendar_ics, "application/ics")
    for attachment in message.attachments:
        email.attach(attachment["filename"], base64.b64decode(attachment["content_b64"]), attachment["content_type"])
    return email


def deliver_message(*, message_id: int) -> OutboundMessage | None:
    """Send one outbox message if this caller wins the claim; safe to call any number of times.

    Raises ``TransientDeliveryError`` (after putting the row back to pending) when the mail server failed
    in a way worth retrying.
    """
    if not claim_message(message_id=message_id):
        return None
    message = OutboundMessage.objects.get(pk=message_id)
    try:
        build_email(message=message).send(fail_silently=False)
    except (OSError, TimeoutError) as exc:  # SMTP errors are OSErrors: connection refused, 4xx replies
        OutboundMessage.objects.filter(pk=message_id).update(status=MessageStatus.PENDING, last_error=str(exc)[:2000])
        raise TransientDeliveryError(str(exc)) from exc
    except Exception as exc:
        OutboundMessage.objects.filter(pk=message_id).update(status=MessageStatus.FAILED, last_error=str(exc)[:2000])
        raise
    OutboundMessage.objects.filter(pk=message_id).update(status=MessageStatus.SENT, sent_at=timezone.now())
    message.status = MessageStatus.SENT
    return message


def requeue_stuck_messages(*, now: dt.datetime | None = None) -> int:
    """Re-enqueue messages that never reached a worker, and free claims of workers that died mid-send.

    Returns how many messages were enqueued again.
    """
    now = now or timezone.now()
    OutboundMessage.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_LEASE).update(
        status=MessageStatus.PENDING
    )
    stuck_ids = list(
        OutboundMessage.objects.filter(status=MessageStatus.PENDING, created_at__lt=now - PENDING_GRACE)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    from events import tasks

    for message_id in stuck_ids:
        tasks.deliver_message.delay(message_id=message_id)
    return len(stuck_ids)
