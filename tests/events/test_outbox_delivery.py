import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from events.models import MessageStatus, OutboundMessage
from events.services import messages
from tests import factories


class FlakySMTPBackend(EmailBackend):
    """The locmem backend, failing with the exceptions queued in ``failures`` first (the SMTP boundary)."""

    failures: list[Exception] = []

    def send_messages(self, email_messages):
        if FlakySMTPBackend.failures:
            raise FlakySMTPBackend.failures.pop(0)
        return super().send_messages(email_messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.events.test_outbox_delivery.FlakySMTPBackend"
    FlakySMTPBackend.failures = []
    return FlakySMTPBackend.failures


def _pending(key: str = "k:1") -> OutboundMessage:
    return OutboundMessage.objects.create(
        idempotency_key=key, kind="test", recipient="erika@berlin.de", subject="Hallo", body_text="Text"
    )


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (smtplib.SMTPResponseException(421, b"try later"), True),
        (smtplib.SMTPRecipientsRefused({"a@b.de": (452, b"mailbox full")}), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (ConnectionRefusedError(111, "refused"), True),
        (smtplib.SMTPRecipientsRefused({"a@b.de": (550, b"no such user")}), False),
        (smtplib.SMTPSenderRefused(553, b"sender rejected", "noreply@messe"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
    ],
)
def test_transient_errors_are_told_from_permanent_ones(error, transient):
    assert messages.is_transient_error(error) is transient


def test_transient_failure_goes_back_to_pending_with_backoff(db, flaky_smtp):
    message = _pending()
    flaky_smtp.append(smtplib.SMTPResponseException(451, b"greylisted"))

    with pytest.raises(messages.TransientDeliveryError):
        messages.deliver_message(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert message.next_attempt_at is not None
    assert "greylisted" in message.last_error
    assert [messages.retry_delay(attempts=n) for n in (1, 2, 3, 8, 20)] == [5, 10, 20, 600, 600]


def test_permanent_failure_is_marked_failed_without_retry(db, flaky_smtp):
    message = _pending()
    flaky_smtp.append(smtplib.SMTPRecipientsRefused({"erika@berlin.de": (550, b"no such user")}))

    messages.deliver_message(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)


def test_batch_hands_transient_failure_to_a_retry_and_it_is_sent(db, flaky_smtp, django_capture_on_commit_callbacks):
    flaky_smtp.append(ConnectionRefusedError(111, "refused"))

    with django_capture_on_commit_callbacks(execute=True):
        message = messages.queue_message(
            idempotency_key="k:retry", kind="test", recipient="erika@berlin.de", subject="Hallo", body_text="Text"
        )

    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_task_retries_with_growing_countdown(db, flaky_smtp, monkeypatch):
    from celery.exceptions import Retry

    from events import tasks

    message = _pending()
    countdowns = []

    def record_retry(*, exc, countdown):
        countdowns.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.deliver_message, "retry", record_retry)
    flaky_smtp.extend([smtplib.SMTPResponseException(421, b"busy")] * 2)
    for _ in range(2):
        with pytest.raises(Retry):
            tasks.deliver_message.run(message_id=message.pk)
        OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    tasks.deliver_message.run(message_id=message.pk)

    message.refresh_from_db()
    assert (countdowns, message.status, len(mail.outbox)) == ([5, 10], MessageStatus.SENT, 1)


def test_gives_up_after_max_attempts(db, flaky_smtp):
    message = _pending()
    OutboundMessage.objects.filter(pk=message.pk).update(attempts=messages.MAX_DELIVERY_ATTEMPTS - 1)
    flaky_smtp.append(smtplib.SMTPResponseException(421, b"busy"))

    messages.deliver_message(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, messages.MAX_DELIVERY_ATTEMPTS)


def test_requeue_waits_for_next_attempt_and_frees_dead_claims(db, flaky_smtp):
    import datetime as dt

    from django.utils import timezone

    waiting, stuck, dead_claim = _pending("k:wait"), _pending("k:stuck"), _pending("k:dead")
    now = timezone.now() + dt.timedelta(minutes=5)
    OutboundMessage.objects.filter(pk=waiting.pk).update(next_attempt_at=now + dt.timedelta(minutes=1))
    OutboundMessage.objects.filter(pk=dead_claim.pk).update(
        status=MessageStatus.SENDING, claimed_at=now - dt.timedelta(minutes=30)
    )

    requeued = messages.requeue_stuck_messages(now=now)

    assert requeued == 2
    assert dict(OutboundMessage.objects.values_list("idempotency_key", "status")) == {
        "k:wait": "pending",
        "k:stuck": "sent",
        "k:dead": "sent",
    }
    assert stuck.pk != dead_claim.pk


def test_bulk_queue_skips_known_keys_and_sends_in_batches(db, django_capture_on_commit_callbacks):
    rows = [
        OutboundMessage(
            idempotency_key=f"bulk:{n}", kind="test", recipient=f"a{n}@berlin.de", subject="s", body_text="b"
        )
        for n in range(120)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        first = messages.queue_messages(messages=rows[:70])
        second = messages.queue_messages(messages=rows)

    assert (len(first), len(second)) == (70, 50)
    assert len(mail.outbox) == 120
    assert len({m.extra_headers["X-Messe-Message-Key"] for m in mail.outbox}) == 120


def test_organizer_sees_delivery_status_per_message(convention, organizer_client, flaky_smtp):
    registration = factories.RegistrationFactory(convention=convention)
    for n, state in enumerate(["sent", "failed", "pending"]):
        OutboundMessage.objects.create(
            idempotency_key=f"org:{n}",
            kind="calendar_invite",
            recipient=registration.email,
            subject=f"s{n}",
            body_text="b",
            convention=convention,
            status=state,
            last_error="550 no such user" if state == "failed" else "",
        )

    failed = organizer_client.get("/api/v1/events/sccon/messages/?status=failed").json()
    bad = organizer_client.get("/api/v1/events/sccon/messages/?status=lost")

    assert failed["totals"] == {"pending": 1, "sending": 0, "sent": 1, "failed": 1}
    assert [(m["subject"], m["status"], m["last_error"]) for m in failed["results"]] == [
        ("s1", "failed", "550 no such user")
    ]
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid")


def test_messages_are_for_organizers_only(convention, api_client):
    assert api_client.get("/api/v1/events/sccon/messages/").status_code == 401


class RecordingSMTP:
    """Stands in for ``smtplib.SMTP`` (the network boundary): records each session and what it sent."""

    sessions: list[list[str]] = []
    refuse_next = 0

    def __init__(self, host, port, **kwargs):
        if RecordingSMTP.refuse_next:
            RecordingSMTP.refuse_next -= 1
            raise ConnectionRefusedError(111, "refused")
        self.sent: list[str] = []
        RecordingSMTP.sessions.append(self.sent)

    def sendmail(self, from_addr, to_addrs, message):
        self.sent.extend(to_addrs)

    def quit(self):
        pass

    def close(self):
        pass


@pytest.fixture
def recording_smtp(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    RecordingSMTP.sessions = []
    RecordingSMTP.refuse_next = 0
    return RecordingSMTP


def test_batch_is_sent_over_one_smtp_session(db, recording_smtp):
    batch = [
        OutboundMessage.objects.create(
            idempotency_key=f"k:{n}", kind="test", recipient=f"a{n}@berlin.de", subject="Hallo", body_text="Text"
        )
        for n in range(3)
    ]

    retries = messages.deliver_messages(message_ids=[message.pk for message in batch])

    assert retries == {}
    assert recording_smtp.sessions == [["a0@berlin.de", "a1@berlin.de", "a2@berlin.de"]]
    assert list(OutboundMessage.objects.order_by("pk").values_list("status", flat=True)) == [MessageStatus.SENT] * 3


def test_refused_connection_sends_the_message_back_to_pending_and_the_batch_goes_on(db, recording_smtp):
    batch = [
        OutboundMessage.objects.create(
            idempotency_key=f"k:{n}", kind="test", recipient=f"a{n}@berlin.de", subject="Hallo", body_text="Text"
        )
        for n in range(2)
    ]
    recording_smtp.refuse_next = 1

    retries = messages.deliver_messages(message_ids=[message.pk for message in batch])

    assert retries == {batch[0].pk: messages.retry_delay(attempts=1)}
    assert recording_smtp.sessions == [["a1@berlin.de"]]
    assert list(OutboundMessage.objects.order_by("pk").values_list("status", flat=True)) == [
        MessageStatus.PENDING,
        MessageStatus.SENT,
    ]
