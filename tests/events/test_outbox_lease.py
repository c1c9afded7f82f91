"""The claim lease covers one send: a dead worker's messages go out within minutes, a batch that lost a claim
does not send that message again."""

import datetime as dt

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from events.models import MessageStatus, OutboundMessage
from events.services import messages


def queue(count: int) -> list[OutboundMessage]:
    rows = [
        OutboundMessage(idempotency_key=f"lease:{n}", kind="test", recipient=f"a{n}@berlin.de", subject=f"m{n}")
        for n in range(count)
    ]
    with transaction.atomic():
        ids = messages.queue_messages(messages=rows)
    return list(OutboundMessage.objects.filter(pk__in=ids).order_by("pk"))


def test_messages_claimed_by_a_dead_worker_go_out_again_within_two_minutes(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no worker takes them right away
        rows = queue(30)
    messages.claim_messages(message_ids=[row.pk for row in rows])  # ... and the worker that claimed them died
    claimed_at = OutboundMessage.objects.get(pk=rows[0].pk).claimed_at

    with django_capture_on_commit_callbacks(execute=True):
        requeued = messages.requeue_stuck_messages(now=claimed_at + dt.timedelta(seconds=90))

    assert requeued == 30
    assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == 30
    assert sorted(m.subject for m in mail.outbox) == sorted(f"m{n}" for n in range(30))


class HandOverSecondMessageBackend(EmailBackend):
    """While the first message of a batch is sent, the second one's claim runs out and another worker takes it."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        second = OutboundMessage.objects.get(idempotency_key="lease:1")
        if second.status == MessageStatus.SENDING and email_messages[0].subject == "m0":
            later = timezone.now() + 2 * messages.SENDING_LEASE
            OutboundMessage.objects.filter(pk=second.pk, claimed_at__lt=later - messages.SENDING_LEASE).update(
                status=MessageStatus.PENDING
            )
            assert messages.claim_message(message_id=second.pk)  # the other worker now owns it
        return sent


def test_a_batch_does_not_send_a_message_whose_claim_went_to_another_worker(
    db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        rows = queue(3)
    settings.EMAIL_BACKEND = "tests.events.test_outbox_lease.HandOverSecondMessageBackend"

    messages.deliver_messages(message_ids=[row.pk for row in rows])

    assert [m.subject for m in mail.outbox] == ["m0", "m2"]
    assert OutboundMessage.objects.get(pk=rows[1].pk).status == MessageStatus.SENDING  # the other worker's now
