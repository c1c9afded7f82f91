"""Parallel sign-ups on real PostgreSQL connections: the session row lock keeps seats and the waitlist exact."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from events.enums import SessionFormat, SignupStatus
from events.models import Registration, Session, WorkshopSignup
from events.services import workshops
from tests import factories
from tests.conftest import require_postgresql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# Fewer threads than sign-ups: the database server is shared and has 100 connections in all.
THREADS = 16


def upcoming_workshop(capacity: int) -> Session:
    start = timezone.now() + dt.timedelta(days=1)
    return factories.SessionFactory(
        format=SessionFormat.WORKSHOP, capacity=capacity, start=start, end=start + dt.timedelta(hours=2)
    )


def in_threads(function, items, threads=THREADS):
    def run(item):
        try:
            return function(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, items))


def test_100_parallel_signups_for_20_seats():
    require_postgresql()
    session = upcoming_workshop(capacity=20)
    registrations = [factories.RegistrationFactory(convention=session.convention) for _ in range(100)]

    in_threads(lambda r: workshops.sign_up_for_workshop(session=session, registration=r), registrations)

    signups = WorkshopSignup.objects.filter(session=session)
    assert signups.filter(status=SignupStatus.CONFIRMED).count() == 20
    waitlist = list(signups.filter(status=SignupStatus.WAITLISTED).order_by("queue_number"))
    assert [s.queue_number for s in waitlist] == list(range(1, 81))
    assert [workshops.waitlist_position(signup=s) for s in waitlist] == list(range(1, 81))
    # In order: the waitlist follows the order in which sign-ups got the lock (and were written).
    assert [s.pk for s in waitlist] == sorted(s.pk for s in waitlist)

    leaving = list(signups.filter(status=SignupStatus.CONFIRMED).values_list("registration", flat=True)[:5])
    in_threads(
        lambda pk: workshops.cancel_workshop_signup(session=session, registration=Registration(pk=pk)),
        leaving,
        threads=5,
    )

    promoted = {s.pk for s in waitlist[:5]}
    assert set(signups.filter(status=SignupStatus.CONFIRMED, pk__in=[s.pk for s in waitlist])) == {
        s for s in waitlist if s.pk in promoted
    }
    assert signups.filter(status=SignupStatus.CONFIRMED).count() == 20
    assert [
        workshops.waitlist_position(signup=s)
        for s in signups.filter(status=SignupStatus.WAITLISTED).order_by("queue_number")
    ] == list(range(1, 76))


def test_without_the_lock_parallel_signups_overbook(monkeypatch):
    """Control: the same service with the row locks taken out lets every thread see a free seat."""
    require_postgresql()
    session = upcoming_workshop(capacity=1)
    registrations = [factories.RegistrationFactory(convention=session.convention) for _ in range(8)]
    everyone_counted = threading.Barrier(8, timeout=20)
    capacity_of = workshops.workshop_capacity

    def capacity_then_wait(*, session):
        everyone_counted.wait()  # all threads reach the seat count before any inserts its sign-up
        return capacity_of(session=session)

    monkeypatch.setattr(workshops, "locked_session", lambda *, session_id: Session.objects.get(pk=session_id))
    monkeypatch.setattr(
        workshops,
        "locked_registration",
        lambda *, registration_id: Registration.objects.get(pk=registration_id),
    )
    monkeypatch.setattr(workshops, "workshop_capacity", capacity_then_wait)

    in_threads(lambda r: workshops.sign_up_for_workshop(session=session, registration=r), registrations, threads=8)

    assert WorkshopSignup.objects.filter(session=session, status=SignupStatus.CONFIRMED).count() > 1
