"""Gates scanning at the same moment, on real PostgreSQL connections from real threads."""

import threading

import pytest
from django.db import connections
from django.utils.dateparse import parse_datetime

from events.models import CheckinList, Presence, Scan
from events.services import scanning
from tests.checkin_helpers import badge_code, entrance
from tests.conftest import require_postgresql
from tests.factories import ConventionFactory, RegistrationFactory, RoomFactory

DAY_ONE = "2025-09-30T10:00:00+02:00"


def run_at_once(workers: int, work) -> list:
    """Start ``workers`` threads that call ``work(i)`` together; each closes its own connection."""
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _scan(checkin_list_id: int, code: str, nonce: str) -> tuple[str, str]:
    checkin_list = CheckinList.objects.select_related("convention").get(pk=checkin_list_id)
    scan, _ = scanning.scan_badge(checkin_list=checkin_list, code=code, nonce=nonce, scanned_at=parse_datetime(DAY_ONE))
    return scan.result, scan.reason


@pytest.mark.django_db(transaction=True)
def test_same_badge_at_20_gates_at_once_is_ok_exactly_once():
    require_postgresql()
    convention = ConventionFactory()
    gate = entrance(convention)
    code = badge_code(RegistrationFactory(convention=convention))

    results = run_at_once(20, lambda i: _scan(gate.pk, code, f"gate-{i:02d}-nonce"))

    assert sorted(results) == [("ok", "")] + [("rejected", "already_checked_in")] * 19
    assert Scan.objects.count() == 20
    assert Presence.objects.get().inside is True


@pytest.mark.django_db(transaction=True)
def test_room_of_30_with_60_parallel_entries_admits_exactly_30():
    require_postgresql()
    convention = ConventionFactory()
    room = entrance(convention, kind="room", room=RoomFactory(convention=convention), capacity=30)
    codes = [badge_code(RegistrationFactory(convention=convention)) for _ in range(60)]

    results = run_at_once(60, lambda i: _scan(room.pk, codes[i], f"room-{i:02d}-nonce"))

    assert results.count(("ok", "")) == 30
    assert results.count(("rejected", "room_full")) == 30
    room.refresh_from_db()
    assert room.inside_count == 30
    assert Presence.objects.filter(checkin_list=room, inside=True).count() == 30


@pytest.mark.django_db(transaction=True)
def test_control_read_then_write_check_in_admits_the_same_badge_at_every_gate():
    """What the conditional upsert prevents: look up earlier entries, decide in Python, then write."""
    require_postgresql()
    convention = ConventionFactory()
    gate = entrance(convention)
    registration = RegistrationFactory(convention=convention)
    barrier = threading.Barrier(20)

    def naive_check_in(index: int) -> str:
        inside = Scan.objects.filter(registration=registration, result="ok").exists()
        barrier.wait()  # every gate has looked before any writes: the race made deterministic
        result = "rejected" if inside else "ok"
        Scan.objects.create(
            nonce=f"naive-{index:02d}",
            checkin_list=gate,
            registration=registration,
            result=result,
            scanned_at=parse_datetime(DAY_ONE),
        )
        return result

    results = run_at_once(20, naive_check_in)

    assert results == ["ok"] * 20


@pytest.mark.django_db(transaction=True)
def test_same_nonce_sent_twice_at_once_is_recorded_once():
    require_postgresql()
    convention = ConventionFactory()
    gate = entrance(convention)
    code = badge_code(RegistrationFactory(convention=convention))

    results = run_at_once(8, lambda i: _scan(gate.pk, code, "retried-nonce-1"))

    assert results == [("ok", "")] * 8
    assert Scan.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_refusals_at_20_gates_at_once_all_tell_the_first_entry_time():
    """The refusal is recorded by a statement after the one that waited for the winning gate, so it sees that
    gate's entry even though it committed while the losing gates were already running."""
    require_postgresql()
    convention = ConventionFactory()
    gate = entrance(convention)
    code = badge_code(RegistrationFactory(convention=convention))

    run_at_once(20, lambda i: _scan(gate.pk, code, f"gate-{i:02d}-nonce"))

    refused = Scan.objects.filter(reason="already_checked_in")
    assert refused.count() == 19
    assert set(refused.values_list("first_scan_at", flat=True)) == {parse_datetime(DAY_ONE)}


@pytest.mark.django_db(transaction=True)
def test_same_nonce_at_two_conventions_at_once_is_recorded_at_both():
    """The nonce's constraint is per list: gates of two conventions whose scanners count the same way both
    record their own scan of their own attendee."""
    require_postgresql()
    gates = [entrance(ConventionFactory()) for _ in range(2)]
    codes = [badge_code(RegistrationFactory(convention=gate.convention)) for gate in gates]

    results = run_at_once(2, lambda i: _scan(gates[i].pk, codes[i], "gate-1-000001"))

    assert results == [("ok", "")] * 2
    assert sorted(Scan.objects.values_list("checkin_list_id", flat=True)) == sorted(gate.pk for gate in gates)
