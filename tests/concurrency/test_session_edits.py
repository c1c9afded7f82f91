"""Two organizers edit one session from the same version at the same moment: exactly one edit is saved.

PostgreSQL only, real threads, each with its own connection. Both edits read version 1; the first pauses right
after its version check (inside its transaction, holding the session row) and the second runs into it. With the
row lock the second waits, then sees version 2 and is refused with ``StaleEdit``; with the guard switched off
(control) both are told "saved" and the second edit is silently overwritten by the first.
"""

import threading
import time

import pytest
from django.db import connection

from events.errors import StaleEdit
from events.models import Room, Session
from events.services import schedule as schedule_service
from tests import factories
from tests.conftest import require_postgresql
from tests.factories import berlin

TIMEOUT = 10


@pytest.fixture
def planned(db):
    require_postgresql()
    convention = factories.ConventionFactory()
    stage_a = factories.RoomFactory(convention=convention, name="Stage A")
    stage_b = factories.RoomFactory(convention=convention, name="Stage B")
    stage_c = factories.RoomFactory(convention=convention, name="Stage C")
    session = factories.SessionFactory(convention=convention, room=stage_a, start=berlin(0, 10))
    return session, {"first": stage_b, "second": stage_c}


def _move(session_id: int, room: Room, results: dict[str, str]) -> None:
    name = threading.current_thread().name
    try:
        session = Session.objects.get(pk=session_id)
        schedule_service.update_session(session=session, room=room, expected_version=1)
        results[name] = "saved"
    except StaleEdit:
        results[name] = "stale_edit"
    finally:
        connection.close()


def _threads(session: Session, rooms: dict[str, Room], results: dict[str, str]) -> list[threading.Thread]:
    return [threading.Thread(target=_move, args=(session.pk, rooms[name], results), name=name) for name in rooms]


def _pause_first_after_version_check(monkeypatch) -> tuple[threading.Event, threading.Event]:
    checked, proceed = threading.Event(), threading.Event()
    check_version = schedule_service._check_version

    def check_then_pause(*, current, expected_version):
        check_version(current=current, expected_version=expected_version)
        if threading.current_thread().name == "first":
            checked.set()
            assert proceed.wait(TIMEOUT)

    monkeypatch.setattr(schedule_service, "_check_version", check_then_pause)
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
            threading.Event().wait(0.01)
    pytest.fail("the second edit never waited for the session's row lock")


@pytest.mark.django_db(transaction=True)
def test_two_edits_from_one_version_at_once_save_exactly_one(planned):
    session, rooms = planned
    results: dict[str, str] = {}
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def move_at_once(room: Room) -> None:
        barrier.wait()
        _move(session.pk, room, results)

    threads = [threading.Thread(target=move_at_once, args=(room,), name=name) for name, room in rooms.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)

    assert sorted(results.values()) == ["saved", "stale_edit"]
    winner = next(name for name, result in results.items() if result == "saved")
    saved = Session.objects.get(pk=session.pk)
    assert (saved.room, saved.version) == (rooms[winner], 2)


@pytest.mark.django_db(transaction=True)
def test_second_edit_waits_for_the_first_and_is_refused_as_stale(planned, monkeypatch):
    session, rooms = planned
    results: dict[str, str] = {}
    checked, proceed = _pause_first_after_version_check(monkeypatch)
    first, second = _threads(session, rooms, results)

    first.start()
    assert checked.wait(TIMEOUT)
    second.start()
    _wait_until_a_backend_waits_for_a_lock()
    proceed.set()
    first.join(TIMEOUT)
    second.join(TIMEOUT)

    assert results == {"first": "saved", "second": "stale_edit"}
    saved = Session.objects.get(pk=session.pk)
    assert (saved.room, saved.version) == (rooms["first"], 2)


@pytest.mark.django_db(transaction=True)
def test_control_without_the_guard_one_edit_is_silently_lost(planned, monkeypatch):
    session, rooms = planned
    results: dict[str, str] = {}
    checked, proceed = _pause_first_after_version_check(monkeypatch)
    # The guard switched off: read without the row lock and without comparing versions.
    monkeypatch.setattr(schedule_service, "_lock_session", lambda *, session_id: Session.objects.get(pk=session_id))
    pause = schedule_service._check_version

    def no_version_check(*, current, expected_version):
        pause(current=current, expected_version=None)

    monkeypatch.setattr(schedule_service, "_check_version", no_version_check)
    first, second = _threads(session, rooms, results)

    first.start()
    assert checked.wait(TIMEOUT)
    second.start()
    second.join(TIMEOUT)  # nothing holds it back: it saves the session in Stage C
    proceed.set()
    first.join(TIMEOUT)

    assert results == {"first": "saved", "second": "saved"}
    saved = Session.objects.get(pk=session.pk)
    # Both were told "saved", but the second organizer's move was overwritten by the first's, unseen.
    assert saved.room == rooms["first"]
    assert saved.version == 2  # both wrote "version 1 + 1"
