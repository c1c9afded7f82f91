from django.core import mail

from events.models import MessageStatus, OutboundMessage
from events.services import messages


def _queue(key: str = "test:1"):
    return messages.queue_message(
        idempotency_key=key, kind="test", recipient="erika@berlin.de", subject="Hallo", body_text="Text"
    )


def test_queued_message_is_sent_once_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
        assert len(mail.outbox) == 0  # nothing leaves before the transaction commits

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mail.outbox] == [["erika@berlin.de"]]


def test_same_idempotency_key_queues_nothing_new(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue()
        duplicate = _queue()

    assert duplicate is None
    assert OutboundMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = _queue()

    messages.deliver_message(message_id=message.pk)
    messages.deliver_message(message_id=message.pk)

    assert len(mail.outbox) == 1


def test_calendar_invite_travels_as_part_and_attachment(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        messages.queue_message(
            idempotency_key="invite:1",
            kind="invite",
            recipient="erika@berlin.de",
            subject="Einladung",
            body_text="Text",
            calendar_ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            calendar_method="REQUEST",
        )

    sent = mail.outbox[0]
    assert [mimetype for _, mimetype in sent.alternatives] == ["text/calendar; method=REQUEST"]
    assert [(part.get_filename(), part.get_content_type()) for part in sent.attachments] == [
        ("invite.ics", "application/ics")
    ]
