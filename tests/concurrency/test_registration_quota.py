"""Hundreds of attendees register in the same second: the quota and voucher limits must hold.

Each test runs 200 registrations on 20 threads with real PostgreSQL connections. A barrier makes every thread
reach the critical point (just before the seat is taken) together, round after round, so the race window is
as wide as it can be. ``test_guards_switched_off.py`` runs the same harness with each guard switched off and
shows the oversale these tests rule out.
"""

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from events.errors import DomainError
from events.models import Registration, RegistrationStatus, Voucher
from events.services import registration as service
from tests import factories
from tests.conftest import require_postgresql

ATTEMPTS = 200
THREADS = 20  # every thread makes the same number of attempts, so the per-round barrier always fills


def run_in_parallel(attempt: Callable[[int], str]) -> Counter:
    """Run ``attempt(i)`` for i in 0..199 on THREADS threads, each with its own connection; count the outcomes."""
    outcomes: list[str] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def worker(first: int) -> None:
        try:
            for index in range(first, ATTEMPTS, THREADS):
                outcome = attempt(index)
                with lock:
                    outcomes.append(outcome)
        except BaseException as exc:  # surfaced in the main thread below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(first,)) for first in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return Counter(outcomes)


def register(convention, ticket_type, index: int, voucher_code: str = "") -> str:
    try:
        new = service.register_attendee(
            convention=convention,
            ticket_type_id=ticket_type.pk,
            first_name="Attendee",
            last_name=str(index),
            email=f"attendee{index}@berlin.de",
            accept_terms=True,
            voucher_code=voucher_code,
        )
    except DomainError as exc:
        return exc.code
    return new.registration.status


def barrier_before(monkeypatch, name: str, barrier: threading.Barrier) -> None:
    """Make every thread wait for the others right before the service's locking statement ``name``."""
    original = getattr(service, name)

    def waiting(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(service, name, waiting)


@pytest.mark.django_db(transaction=True)
def test_quota_of_50_sells_exactly_50_of_200_parallel_registrations(monkeypatch):
    require_postgresql()
    convention = factories.ConventionFactory()
    ticket_type = factories.TicketTypeFactory(convention=convention, quota=50)
    barrier_before(monkeypatch, "_take_seat", threading.Barrier(THREADS, timeout=60))

    outcomes = run_in_parallel(lambda index: register(convention, ticket_type, index))

    assert outcomes == Counter({"confirmed": 50, "sold_out": 150})
    ticket_type.refresh_from_db()
    assert ticket_type.quota_used == 50
    assert Registration.objects.filter(ticket_type=ticket_type, status=RegistrationStatus.CONFIRMED).count() == 50
    assert Registration.objects.count() == 50  # refused attempts left no rows


@pytest.mark.django_db(transaction=True)
def test_voucher_limited_to_10_is_used_exactly_10_times_by_200_parallel_registrations(monkeypatch):
    require_postgresql()
    convention = factories.ConventionFactory()
    ticket_type = factories.TicketTypeFactory(convention=convention)
    voucher = Voucher.objects.create(convention=convention, code="PRESS", usage_limit=10)
    barrier_before(monkeypatch, "_take_voucher_use", threading.Barrier(THREADS, timeout=60))

    outcomes = run_in_parallel(lambda index: register(convention, ticket_type, index, voucher_code="PRESS"))

    assert outcomes == Counter({"confirmed": 10, "voucher_exhausted": 190})
    voucher.refresh_from_db()
    ticket_type.refresh_from_db()
    assert voucher.times_used == 10
    assert Registration.objects.filter(voucher=voucher, status=RegistrationStatus.CONFIRMED).count() == 10
    assert ticket_type.quota_used == 10
    assert Registration.objects.count() == 10


@pytest.mark.django_db(transaction=True)
def test_one_address_registering_on_many_threads_gets_one_registration():
    require_postgresql()
    convention = factories.ConventionFactory()
    ticket_type = factories.TicketTypeFactory(convention=convention, max_per_order=1)

    def same_address(index: int) -> str:
        try:
            service.register_attendee(
                convention=convention,
                ticket_type_id=ticket_type.pk,
                first_name="Erika",
                last_name="Mustermann",
                email="erika@berlin.de",
                accept_terms=True,
            )
        except DomainError as exc:
            return exc.code
        return "confirmed"

    outcomes = run_in_parallel(same_address)

    assert outcomes == Counter({"confirmed": 1, "max_per_order_exceeded": 199})
    ticket_type.refresh_from_db()
    assert (ticket_type.quota_used, Registration.objects.count()) == (1, 1)
