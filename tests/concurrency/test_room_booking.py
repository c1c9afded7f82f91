"""Two organizers booking the same room slot at the same moment: exactly one booking may win.

PostgreSQL only, real threads, each with its own connection. The deterministic tests pause the first booking
right after its clash check (inside its transaction) and let the second one run into it: with the room lock the
second waits for the first to commit and then sees the clash; without the lock (control) both get through.
"""

import threading
import time

import pytest
from django.db import connection

from events.enums import SessionStatus
from events.errors import RoomClash
from events.models import Room, Session
from events.services import schedule as schedule_service
from tests import factories
from tests.conftest import require_postgresql
from tests.factories import berlin

TIMEOUT = 10


@pytest.fixture
def stage(db):
    require_postgresql()
    convention = factories.ConventionFactory()
    return factories.RoomFactory(convention=convention, name="Stage 1")


def _book(stage: Room, results: dict[str, str]) -> None:
    name = threading.current_thread().name
    try:
        schedule_service.create_session(
            convention=stage.convention,
            title_en=name,
            room=stage,
            start=berlin(0, 10),
            end=berlin(0, 11),
            status=SessionStatus.CONFIRMED,
        )
        results[name] = "booked"
    except RoomClash:
        results[name] = "room_clash"
    finally:
        connection.close()


def _thread(name: str, stage: Room, results: dict[str, str]) -> threading.Thread:
    return threading.Thread(target=_book, args=(stage, results), name=name)


def _pause_first_after_clash_check(monkeypatch) -> tuple[threading.Event, threading.Event]:
    checked, proceed = threading.Event(), threading.Event()
    find_room_clash = schedule_service._find_room_clash

    def find_then_pause(*, session):
        clash = find_room_clash(session=session)
        if threading.current_thread().name == "first":
            checked.set()
            assert proceed.wait(TIMEOUT)
        return clash

    monkeypatch.setattr(schedule_service, "_find_room_clash", find_then_pause)
    return checked, proceed


def _wait_until_a_backend_waits_for_a_lock() -> None:
    deadline = time.monotonic() + TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.01)  # poll the database's own view of who is blocked
    pytest.fail("the second booking never waited for the room lock")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_of_one_slot_give_exactly_one_success(stage):
    results: dict[str, str] = {}
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def book_at_once() -> None:
        barrier.wait()
        _book(stage, results)

    threads = [threading.Thread(target=book_at_once, name=name) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)

    assert sorted(results.values()) == ["booked", "room_clash"]
    assert Session.objects.filter(room=stage).count() == 1


@pytest.mark.django_db(transaction=True)
def test_second_booking_waits_for_room_lock_and_then_sees_the_clash(stage, monkeypatch):
    results: dict[str, str] = {}
    checked, proceed = _pause_first_after_clash_check(monkeypatch)
    first, second = _thread("first", stage, results), _thread("second", stage, results)

    first.start()
    assert checked.wait(TIMEOUT)
    second.start()
    _wait_until_a_backend_waits_for_a_lock()
    proceed.set()
    first.join(TIMEOUT)
    second.join(TIMEOUT)

    assert results == {"first": "booked", "second": "room_clash"}
    assert list(Session.objects.filter(room=stage).values_list("title_en", flat=True)) == ["first"]


@pytest.mark.django_db(transaction=True)
def test_control_without_room_lock_both_bookings_get_through(stage, monkeypatch):
    results: dict[str, str] = {}
    checked, proceed = _pause_first_after_clash_check(monkeypatch)
    monkeypatch.setattr(schedule_service, "_lock_room", lambda *, room_id: Room.objects.get(pk=room_id))
    first, second = _thread("first", stage, results), _thread("second", stage, results)

    first.start()
    assert checked.wait(TIMEOUT)
    second.start()
    second.join(TIMEOUT)  # nothing holds it back: it checks, finds no committed clash, and commits
    proceed.set()
    first.join(TIMEOUT)

    assert results == {"first": "booked", "second": "booked"}
    assert Session.objects.filter(room=stage).count() == 2  # the double booking the lock prevents
