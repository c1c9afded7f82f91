"""The outbox: every e-mail is a row first, and a row is sent at most once.

``queue_message`` is called inside the caller's transaction and schedules delivery for after the commit, so a
rolled-back change never sends mail and a committed one never loses it (``requeue_stuck_messages`` picks up
rows whose task never reached a worker, e.g. because the broker was down). ``deliver_message`` claims the row
with a conditional UPDATE (pending → sending): only the worker whose update hit one row talks to SMTP.
"""

import base64
import datetime as dt
import hashlib
import logging
import smtplib
from email import encoders
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from events.models import Convention, MessageStatus, OutboundMessage, Registration

logger = logging.getLogger(__name__)

# A row left in "sending" this long belongs to a worker that died mid-send; it goes back to pending. A claim is
# renewed right before each send, so the lease only has to cover one send: connecting and talking to SMTP, each
# bounded by EMAIL_TIMEOUT (10 s). A shorter lease would hand out messages still being sent; a longer one only
# makes the messages of a dead worker later.
SENDING_LEASE = dt.timedelta(seconds=settings.MESSE_MESSAGE_SENDING_LEASE_SECONDS)
# A pending row older than this never reached a worker (broker down, process killed before on_commit).
PENDING_GRACE = dt.timedelta(minutes=2)


class TransientDeliveryError(Exception):
    """The mail server could not take the message now; the task retries with backoff."""


def render_message(*, template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Render ``templates/emails/<template>.{subject,txt,html}`` in ``language``; html is optional."""
    with translation.override(language):
        subject = render_to_string(f"emails/{template}.subject.txt", context).strip()
        body_text = render_to_string(f"emails/{template}.txt", context)
        body_html: str
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


# Messages per delivery task: one SMTP connection serves the whole batch, and a 20,000-message burst costs
# the broker 400 publishes instead of 20,000.
DELIVERY_BATCH_SIZE = 50
# Attempts before a message that keeps failing transiently is given up as failed.
MAX_DELIVERY_ATTEMPTS = 8


def queue_messages(*, messages: list[OutboundMessage]) -> list[int]:
    """Write many unsaved outbox rows at once (in the caller's transaction) and enqueue them after commit.

    Rows whose idempotency key exists already are skipped, so running the same fan-out twice queues nothing
    new; ``ignore_conflicts`` covers a parallel run inserting the same key. Returns the ids of the new rows.
    """
    if not messages:
        return []
    keys = [message.idempotency_key for message in messages]
    existing: set[str] = set()
    for offset in range(0, len(keys), 1000):
        existing.update(
            OutboundMessage.objects.filter(idempotency_key__in=keys[offset : offset + 1000]).values_list(
                "idempotency_key", flat=True
            )
        )
    fresh = [message for message in messages if message.idempotency_key not in existing]
    OutboundMessage.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    fresh_keys = [message.idempotency_key for message in fresh]
    message_ids: list[int] = []
    for offset in range(0, len(fresh_keys), 1000):
        message_ids.extend(
            OutboundMessage.objects.filter(
                idempotency_key__in=fresh_keys[offset : offset + 1000], status=MessageStatus.PENDING
            ).values_list("pk", flat=True)
        )
    message_ids.sort()
    enqueue_delivery_on_commit(message_ids=message_ids)
    return message_ids


def enqueue_delivery(*, message_ids: list[int]) -> int:
    """Publish delivery tasks for ``message_ids`` in batches; returns how many batches reached the broker.

    A broker that is down is not an error here: the rows stay pending and ``requeue_stuck_messages`` enqueues
    them again. ``retry=False`` keeps a request (a sign-up, a release) from hanging while the broker is away.
    """
    from events import tasks

    published = 0
    for offset in range(0, len(message_ids), DELIVERY_BATCH_SIZE):
        batch = message_ids[offset : offset + DELIVERY_BATCH_SIZE]
        try:
            tasks.deliver_messages.apply_async(kwargs={"message_ids": batch}, retry=False)
        except Exception:
            logger.warning(
                "broker unavailable; %d messages wait in the outbox", len(message_ids) - offset, exc_info=True
            )
            break
        published += 1
    return published


def enqueue_delivery_on_commit(*, message_ids: list[int]) -> None:
    if message_ids:
        transaction.on_commit(lambda: enqueue_delivery(message_ids=message_ids))


def claim_message(*, message_id: int) -> bool:
    """Move a pending message to "sending". True only for the one caller whose update changed the row."""
    claimed = OutboundMessage.objects.filter(pk=message_id, status=MessageStatus.PENDING).update(
        status=MessageStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1, next_attempt_at=None
    )
    return claimed == 1


def invite_attachment(calendar_ics: str) -> MIMEBase:
    """``invite.ics`` as UTF-8 bytes that say so (``charset=utf-8``). Handing Django the text itself would give a
    non-text attachment Latin-1 bytes and ``\\uXXXX`` escapes for anything else, breaking umlauts and dashes."""
    part = MIMEBase("application", "ics", charset="utf-8", name="invite.ics")
    part.set_payload(calendar_ics.encode("utf-8"))
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def build_email(*, message: OutboundMessage, connection: Any = None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={
            "X-Messe-Message-Key": message.idempotency_key,
            # Stable per reason: if a worker dies after the server accepted a message but before it was marked
            # sent, the copy sent after the lease carries the same Message-ID and receivers can drop it.
            "Message-ID": f"<{hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]}@messe>",
        },
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.calendar_ics:
        method = message.calendar_method or "REQUEST"
        email.attach_alternative(message.calendar_ics, f"text/calendar; method={method}")
        email.attach(invite_attachment(message.calendar_ics))
    for attachment in message.attachments:
        email.attach(attachment["filename"], base64.b64decode(attachment["content_b64"]), attachment["content_type"])
    return email


def is_transient_error(exc: BaseException) -> bool:
    """Whether retrying later can help: 4xx replies and network trouble yes, 5xx replies no.

    ``smtplib.SMTPException`` is an ``OSError``, so the class alone cannot tell a full mailbox from a
    connection refused; the reply code can.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500 or exc.smtp_code < 0
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPException):
        return False  # e.g. SMTPNotSupportedError: a configuration problem, not a passing one
    return isinstance(exc, (OSError, TimeoutError))


def retry_delay(*, attempts: int) -> int:
    """Seconds before the next attempt: 5 s doubling per attempt, capped at 10 minutes."""
    return min(600, 5 * 2 ** max(attempts - 1, 0))


def _mark_sent(*, message_id: int) -> None:
    """Mark the message sent; on PostgreSQL the commit does not wait for the WAL flush.

    A dead *worker* cannot lose a mark (the server has it); only a crash of PostgreSQL itself could lose the last
    marks, and those messages would be sent once more after the lease. ``SET LOCAL`` ends with this transaction,
    so the setting never outlives it: behind a transaction-pooling PgBouncer the connection serves other clients
    next, and a session-level ``SET`` would follow them.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        OutboundMessage.objects.filter(pk=message_id).update(status=MessageStatus.SENT, sent_at=timezone.now())


def _send_claimed(*, message: OutboundMessage, smtp: Any = None) -> OutboundMessage:
    message_id = message.pk
    try:
        if smtp is not None:
            # Opened here, not by ``send()``: a backend whose connection is closed opens one for that message
            # and closes it again, i.e. one SMTP session (EHLO … QUIT) per message instead of one per batch.
            smtp.open()
        build_email(message=message, connection=smtp).send(fail_silently=False)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if is_transient_error(exc) and message.attempts < MAX_DELIVERY_ATTEMPTS:
            next_attempt_at = timezone.now() + dt.timedelta(seconds=retry_delay(attempts=message.attempts))
            OutboundMessage.objects.filter(pk=message_id).update(
                status=MessageStatus.PENDING, last_error=error, next_attempt_at=next_attempt_at
            )
            raise TransientDeliveryError(error) from exc
        OutboundMessage.objects.filter(pk=message_id).update(status=MessageStatus.FAILED, last_error=error)
        message.status = MessageStatus.FAILED
        logger.warning("message %s failed for good: %s", message_id, error)
        return message
    _mark_sent(message_id=message_id)
    message.status = MessageStatus.SENT
    return message


def deliver_message(*, message_id: int) -> OutboundMessage | None:
    """Send one outbox message if this caller wins the claim; safe to call any number of times.

    Permanent failures (5xx replies, malformed messages) mark the row failed. Transient ones put it back to
    pending with ``next_attempt_at`` and raise ``TransientDeliveryError`` so the task retries with backoff;
    after ``MAX_DELIVERY_ATTEMPTS`` the row is marked failed.
    """
    if not claim_message(message_id=message_id):
        return None
    return _send_claimed(message=OutboundMessage.objects.get(pk=message_id))


def claim_messages(*, message_ids: list[int]) -> list[int]:
    """Claim every still-pending message of a batch in one statement; returns the ids this caller won.

    Rows locked by a parallel claim are skipped, not waited for. If the worker dies, its claimed but unsent
    rows go back to pending after ``SENDING_LEASE``; they were never sent, so they are only late.
    """
    return _claim_batch(message_ids=message_ids)[0]


def _claim_batch(*, message_ids: list[int]) -> tuple[list[int], dt.datetime]:
    """``claim_messages`` and the claim time, which identifies this claim (see ``_renew_claim``)."""
    claimed_at = timezone.now()
    with transaction.atomic():
        won = list(
            OutboundMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=message_ids, status=MessageStatus.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        OutboundMessage.objects.filter(pk__in=won).update(
            status=MessageStatus.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1, next_attempt_at=None
        )
    return won, claimed_at


def _renew_claim(*, message_id: int, claimed_at: dt.datetime) -> dt.datetime | None:
    """Restart the lease of a message this batch claimed at ``claimed_at``, right before sending it.

    None when the claim is no longer this batch's: the lease ran out while earlier messages of the batch were
    sent, and the message was handed out again (or erased). Sending it anyway would send it twice.
    """
    renewed_at = timezone.now()
    renewed = OutboundMessage.objects.filter(pk=message_id, status=MessageStatus.SENDING, claimed_at=claimed_at).update(
        claimed_at=renewed_at
    )
    return renewed_at if renewed else None


def deliver_messages(*, message_ids: list[int]) -> dict[int, int]:
    """Send a batch over one SMTP connection; claiming makes a batch safe to run twice.

    Returns ``{message_id: retry_delay_seconds}`` for the messages that failed transiently; the caller
    schedules their retries.
    """
    retries: dict[int, int] = {}
    won, claimed_at = _claim_batch(message_ids=message_ids)
    if not won:
        return retries
    smtp = get_connection(fail_silently=False)
    try:
        for message in list(OutboundMessage.objects.filter(pk__in=won).order_by("pk")):
            if _renew_claim(message_id=message.pk, claimed_at=claimed_at) is None:
                continue
            try:
                _send_claimed(message=message, smtp=smtp)
            except TransientDeliveryError:
                retries[message.pk] = retry_delay(attempts=message.attempts)
                smtp.close()  # a broken connection must not poison the rest of the batch
    finally:
        smtp.close()
    return retries


def requeue_stuck_messages(*, now: dt.datetime | None = None) -> int:
    """Re-enqueue messages that never reached a worker, and free claims of workers that died mid-send.

    Returns how many messages were enqueued again.
    """
    now = now or timezone.now()
    expired_claims = OutboundMessage.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_LEASE)
    freed = list(expired_claims.order_by("pk").values_list("pk", flat=True)[:5000])
    # Freed claims go out in this run, however young the message: their worker is gone, nobody else has them.
    expired_claims.filter(pk__in=freed).update(status=MessageStatus.PENDING)
    stuck_ids = list(
        OutboundMessage.objects.filter(status=MessageStatus.PENDING, created_at__lt=now - PENDING_GRACE)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    stuck_ids = sorted(set(stuck_ids) | set(freed))
    enqueue_delivery(message_ids=stuck_ids)
    return len(stuck_ids)


def retry_failed_message(*, message: OutboundMessage) -> bool:
    """Send a message that failed for good once more (e.g. after the organizer fixed the mail server or the
    address); its idempotency key stays, so it is still one message. False if it had not failed."""
    with transaction.atomic():
        retried = OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
            status=MessageStatus.PENDING, attempts=0, next_attempt_at=None, last_error=""
        )
        if retried:
            enqueue_delivery_on_commit(message_ids=[message.pk])
    return retried == 1
