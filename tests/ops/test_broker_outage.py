"""A stopped broker must not stop the gates or the ticket desk: messages wait in the outbox."""

import contextlib
import socket

import pytest

from config.celery import app as celery_app
from events.models import MessageStatus, OutboundMessage, Registration
from tests import factories


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def broker_stopped(monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it).
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = f"redis://127.0.0.1:{_closed_port()}/0"
    celery_app.conf.broker_transport_options = {}
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_stopped_readiness_says_so_and_registration_still_works(client, monkeypatch):
    convention = factories.ConventionFactory(slug="sccon", acronym="sccon2025")
    ticket = factories.TicketTypeFactory(convention=convention, quota=10)

    with broker_stopped(monkeypatch):
        ready = client.get("/readyz")
        response = client.post(
            "/api/v1/events/sccon/registrations/",
            {
                "ticket_type": ticket.pk,
                "first_name": "Erika",
                "last_name": "Mustermann",
                "email": "erika@berlin.de",
                "language": "de",
                "accept_terms": True,
            },
            content_type="application/json",
        )

    assert ready.status_code == 503
    assert ready.json()["checks"]["broker"]["ok"] is False
    assert response.status_code == 201
    registration = Registration.objects.get(code=response.json()["code"])
    assert registration.status == "confirmed"
    # The confirmation waits in the outbox; the beat job re-enqueues it once the broker is back.
    assert list(OutboundMessage.objects.values_list("kind", "status")) == [
        ("registration_confirmed", MessageStatus.PENDING)
    ]


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_stopped_the_gates_keep_scanning(monkeypatch):
    from rest_framework.test import APIClient

    from tests.checkin_helpers import badge_code, entrance, scan

    convention = factories.ConventionFactory(slug="sccon", acronym="sccon2025")
    organizer = factories.UserFactory(username="gate-lead")
    convention.organizers.add(organizer)
    client = APIClient()
    client.force_authenticate(user=organizer)
    gate = entrance(convention, name="Entrance South")
    attendee = factories.RegistrationFactory(convention=convention)
    code = badge_code(attendee)

    with broker_stopped(monkeypatch):
        first = scan(client, gate, code)
        again = scan(client, gate, code)

    assert (first.status_code, first.json()["result"]) == (200, "ok")
    assert (again.json()["result"], again.json()["reason"]) == ("rejected", "already_checked_in")
