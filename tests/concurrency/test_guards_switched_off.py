"""Each concurrency guard, switched off in the real service, lets its race through — and left on, holds.

Every test here runs twice over the same harness, real PostgreSQL connections and real threads: ``guard="on"``
is the service as it ships, ``guard="off"`` the same service with exactly one guard disabled — its locking
statement replaced by a plain read-then-write (monkeypatched), or its database constraint dropped for the length
of the test. The "off" run must show the race (an oversold quota, a duplicated scan, …); if it did not, the
guard would not be what prevents it, and the "on" run's clean result would prove nothing. The same assertion
with the guard left on fails, which the "on" run shows by asserting the opposite outcome.
"""

import contextlib
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.models import F

from events.errors import DomainError
from events.models import CheckinList, Presence, Registration, Scan, TicketType, Voucher
from events.services import registration as registration_service
from events.services import scanning
from tests import factories
from tests.checkin_helpers import badge_code, entrance
from tests.concurrency.test_registration_quota import THREADS, barrier_before, register, run_in_parallel
from tests.concurrency.test_scan_races import _scan, run_at_once
from tests.conftest import require_postgresql

GUARD = pytest.mark.parametrize("guard", ["on", "off"])


def _switch_off_increment_guard(monkeypatch, guard: str, *, model, statement: str) -> None:
    """``guard="on"``: every thread reaches the real ``statement`` together, round after round. ``"off"``: the
    same pressure, with ``_increment_below_limit`` for ``model`` replaced by a read-then-write."""
    barrier = threading.Barrier(THREADS, timeout=60)
    if guard == "on":
        barrier_before(monkeypatch, statement, barrier)
        return
    guarded = registration_service._increment_below_limit

    def read_then_write(table, pk: int, *, counter: str, limit: str) -> bool:
        if table is not model:
            return guarded(table, pk, counter=counter, limit=limit)
        row = table.objects.get(pk=pk)
        taken, allowed = getattr(row, counter), getattr(row, limit)
        barrier.wait()  # every thread of this round has read the same counter
        if allowed is not None and taken >= allowed:
            return False
        table.objects.filter(pk=pk).update(**{counter: taken + 1})
        return True

    monkeypatch.setattr(registration_service, "_increment_below_limit", read_then_write)


@GUARD
@pytest.mark.django_db(transaction=True)
def test_quota_guard(monkeypatch, guard):
    """The conditional UPDATE on the ticket type is what keeps 200 parallel registrations within a quota of 50."""
    require_postgresql()
    convention = factories.ConventionFactory()
    ticket_type = factories.TicketTypeFactory(convention=convention, quota=50)
    _switch_off_increment_guard(monkeypatch, guard, model=TicketType, statement="_take_seat")

    outcomes = run_in_parallel(lambda index: register(convention, ticket_type, index))

    sold = Registration.objects.filter(ticket_type=ticket_type).count()
    if guard == "on":
        assert outcomes == Counter({"confirmed": 50, "sold_out": 150})
        assert sold == 50
    else:
        # Each round's 20 threads read the same counter: far more than 50 seats are sold.
        assert sold > 50
        assert outcomes["confirmed"] == sold


@GUARD
@pytest.mark.django_db(transaction=True)
def test_voucher_guard(monkeypatch, guard):
    """The same statement keeps a voucher limited to 10 uses at 10 under 200 parallel registrations."""
    require_postgresql()
    convention = factories.ConventionFactory()
    ticket_type = factories.TicketTypeFactory(convention=convention)
    voucher = Voucher.objects.create(convention=convention, code="PRESSE10", usage_limit=10)
    _switch_off_increment_guard(monkeypatch, guard, model=Voucher, statement="_take_voucher_use")

    run_in_parallel(lambda index: register(convention, ticket_type, index, voucher_code=voucher.code))

    used = Registration.objects.filter(voucher=voucher).count()
    if guard == "on":
        assert used == 10
    else:
        assert used > 10


@GUARD
@pytest.mark.django_db(transaction=True)
def test_one_address_guard(monkeypatch, guard):
    """The advisory lock on (ticket type, address) is what gives one address one registration when its
    "register" button fires on many threads at once (max one per order)."""
    require_postgresql()
    convention = factories.ConventionFactory()
    ticket_type = factories.TicketTypeFactory(convention=convention, max_per_order=1)
    if guard == "off":
        unlocked_sql = registration_service._count_held_after_address_lock_sql().replace(
            "SELECT pg_advisory_xact_lock(%s);", "SELECT %s;"
        )
        monkeypatch.setattr(registration_service, "_count_held_after_address_lock_sql", lambda: unlocked_sql)
    # Every thread counts the address's registrations at the same moment, round after round.
    barrier_before(monkeypatch, "_count_held_after_address_lock", threading.Barrier(THREADS, timeout=60))

    def same_address(index: int) -> str:
        try:
            registration_service.register_attendee(
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

    held = Registration.objects.filter(email="erika@berlin.de").count()
    if guard == "on":
        assert outcomes["confirmed"] == 1
        assert held == 1
    else:
        assert held > 1


@contextlib.contextmanager
def constraint_dropped(model, name: str) -> Iterator[None]:
    """The model's database constraint ``name`` dropped until the block ends (its rows are deleted first then,
    as they may break it)."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    with connection.schema_editor() as editor:
        editor.remove_constraint(model, constraint)
    try:
        yield
    finally:
        Scan.objects.all().delete()
        model.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(model, constraint)


@pytest.fixture
def scan_nonce_constraint(guard) -> Iterator[None]:
    """With ``guard="off"``: the unique (list, nonce) constraint dropped for the test, restored afterwards."""
    if guard == "on":
        yield
        return
    with constraint_dropped(Scan, "one_scan_per_nonce_per_list"):
        yield


@pytest.fixture
def capacity_constraint(guard) -> Iterator[None]:
    """With ``guard="off"``: the check constraint that keeps a room's counter within its capacity dropped."""
    if guard == "on":
        yield
        return
    with constraint_dropped(CheckinList, "checkin_list_within_capacity"):
        yield


@GUARD
@pytest.mark.django_db(transaction=True)
def test_scan_nonce_guard(guard, scan_nonce_constraint):
    """The unique index on (list, nonce) is what makes a scanner's retry of one scan count once."""
    require_postgresql()
    convention = factories.ConventionFactory()
    gate = entrance(convention)
    code = badge_code(factories.RegistrationFactory(convention=convention))

    results = run_at_once(8, lambda i: _scan(gate.pk, code, "retried-nonce-1"))

    stored = Scan.objects.filter(checkin_list=gate, nonce="retried-nonce-1").count()
    if guard == "on":
        assert results == [("ok", "")] * 8
        assert stored == 1
    else:
        # Every retry is stored as a scan of its own: one entry and seven "already checked in" refusals.
        assert stored == 8
        assert sorted(results) == [("ok", "")] + [("rejected", "already_checked_in")] * 7


@GUARD
@pytest.mark.django_db(transaction=True)
def test_room_capacity_guard(monkeypatch, guard, capacity_constraint):
    """A room admits exactly 30 of 60 people entering at once thanks to two guards: the conditional UPDATE of
    its counter, and behind it a check constraint (counter ≤ capacity) that refuses what a faulty statement would
    let through. "off" switches off both."""
    require_postgresql()
    convention = factories.ConventionFactory()
    room = entrance(convention, kind="room", room=factories.RoomFactory(convention=convention), capacity=30)
    codes = [badge_code(factories.RegistrationFactory(convention=convention)) for _ in range(60)]
    if guard == "off":
        barrier = threading.Barrier(60, timeout=60)

        def read_then_write_seat(checkin_list) -> bool:
            inside = type(checkin_list).objects.get(pk=checkin_list.pk).inside_count
            barrier.wait()  # every entrance has read the same count
            if inside >= checkin_list.capacity:
                return False
            type(checkin_list).objects.filter(pk=checkin_list.pk).update(inside_count=F("inside_count") + 1)
            return True

        monkeypatch.setattr(scanning, "_take_seat", read_then_write_seat)

    results = run_at_once(60, lambda i: _scan(room.pk, codes[i], f"room-{i:02d}-nonce"))

    inside = Presence.objects.filter(checkin_list=room, inside=True).count()
    if guard == "on":
        assert results.count(("ok", "")) == 30
        assert inside == 30
    else:
        assert results.count(("ok", "")) == 60
        assert inside == 60
