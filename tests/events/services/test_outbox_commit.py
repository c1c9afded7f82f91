"""The "sent" marks of the outbox commit without waiting for the WAL flush, and nothing else does.

``SET LOCAL`` scopes the setting to the mark's own transaction: a session-level ``SET`` would hold for the whole
delivery batch and, behind a transaction-pooling PgBouncer, for whichever client gets the connection next.
"""

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from events.models import MessageStatus, OutboundMessage
from events.services import messages
from tests.conftest import require_postgresql

SEEN_WHILE_SENDING: list[str] = []


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


class ObservingBackend(EmailBackend):
    def send_messages(self, email_messages):
        SEEN_WHILE_SENDING.append(_synchronous_commit())
        return super().send_messages(email_messages)


@pytest.mark.django_db(transaction=True)
def test_only_the_sent_mark_commits_asynchronously(settings):
    require_postgresql()
    settings.EMAIL_BACKEND = "tests.events.services.test_outbox_commit.ObservingBackend"
    SEEN_WHILE_SENDING.clear()
    ids = [
        OutboundMessage.objects.create(
            idempotency_key=f"k:{n}", kind="test", recipient="erika@berlin.de", subject="Hallo", body_text="Text"
        ).pk
        for n in range(2)
    ]
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert messages.deliver_messages(message_ids=ids) == {}

    assert list(OutboundMessage.objects.filter(pk__in=ids).values_list("status", flat=True)) == [MessageStatus.SENT] * 2
    assert SEEN_WHILE_SENDING == ["on", "on"]
    assert statements.count("SET LOCAL synchronous_commit TO OFF") == 2
    assert not any(sql.startswith(("SET synchronous_commit", "RESET")) for sql in statements)
    assert _synchronous_commit() == "on"
