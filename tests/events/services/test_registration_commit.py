"""Free registrations may commit without waiting for the WAL flush (MESSE_REGISTRATION_ASYNCHRONOUS_COMMIT)."""

import pytest
from django.db import connection

from events.services import registration as service
from tests import factories
from tests.conftest import require_postgresql


def synchronous_commit_when_the_seat_is_taken(monkeypatch, convention, ticket_type) -> str:
    seen: list[str] = []
    take_seat = service._take_seat

    def spying_take_seat(ticket_type_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        take_seat(ticket_type_id)

    monkeypatch.setattr(service, "_take_seat", spying_take_seat)
    service.register_attendee(
        convention=convention,
        ticket_type_id=ticket_type.pk,
        first_name="Erika",
        last_name="Mustermann",
        email="erika@berlin.de",
        accept_terms=True,
    )
    return seen[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("asynchronous", "expected"), [(True, "off"), (False, "on")])
def test_free_registration_waits_for_the_flush_unless_configured(
    settings, monkeypatch, convention, asynchronous, expected
):
    require_postgresql()
    settings.MESSE_REGISTRATION_ASYNCHRONOUS_COMMIT = asynchronous
    ticket_type = factories.TicketTypeFactory(convention=convention, quota=10)

    assert synchronous_commit_when_the_seat_is_taken(monkeypatch, convention, ticket_type) == expected
