"""Gate and room check-in: verify a badge, decide, record every scan (accepted or refused).

The hot path is kept lean because it runs at every gate at once: one signature check against a cached public
key, one read (badge + registration + ticket type + list admission), one upsert of the presence row and one
insert of the scan. Race safety comes from the database, not from Python: the presence upsert only flips
``inside`` when it was false (PostgreSQL re-checks the condition after waiting for a concurrent writer), the
room counter is raised by a conditional UPDATE, and the scan's nonce is unique.

On PostgreSQL an entry at a list without capacity (nearly every scan at a gate) is a single statement, the
upsert and the insert in one data-modifying CTE, run without an explicit transaction; the read is hand-written
SQL (``events.rows``). With the device token's statement, which reads the scanned list as well, that makes
three statements per scan, each prepared once per connection, no BEGIN/COMMIT, and a fraction of the CPU the ORM
spent compiling the same queries (``bench/scan_cpu.py``).
"""

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from typing import cast
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events import rows
from events.errors import NotFound, ScanNotAnnullable
from events.models import (
    Badge,
    CheckinList,
    Device,
    Presence,
    Registration,
    RegistrationStatus,
    Scan,
    ScanDirection,
    ScanReason,
    ScanResult,
    TicketType,
)
from events.services.badge_codes import BadgePayload, InvalidBadgeCode, read_unverified
from events.services.badges import verify_badge_code
from events.services.registration import CODE_LENGTH as REGISTRATION_CODE_LENGTH

ANNUL_WINDOW = dt.timedelta(minutes=15)
RAW_CODE_KEPT = 300
_TICKET_TYPES = CheckinList.ticket_types.through


class _RoomFull(Exception):
    """Raised inside the savepoint to undo the presence change when the room counter is at capacity."""


@dataclass(frozen=True, slots=True)
class _ScannedBadge:
    """A scanned badge's row (with registration and ticket type), its verified code, and whether the list
    restricts ticket types (``list_restricted``) and admits this one (``admitted``)."""

    badge: Badge
    payload: BadgePayload
    list_restricted: bool
    admitted: bool


def _find_badge(*, checkin_list: CheckinList, code: str) -> tuple[str | None, _ScannedBadge | None]:
    """(refusal reason, None) or (None, the scanned badge) for a scanned code.

    The badge row comes with registration, ticket type and whether the list admits the ticket type, in one
    query.
    """
    if is_registration_code(code):
        reason, code = badge_code_of_registration(convention_id=checkin_list.convention_id, code=code)
        if reason is not None:
            return reason, None
    try:
        payload = verify_badge_code(code=code, convention_id=checkin_list.convention_id)
    except InvalidBadgeCode:
        if _signed_for_another_convention(code=code, convention_id=checkin_list.convention_id):
            return ScanReason.OTHER_CONVENTION, None
        return ScanReason.INVALID_SIGNATURE, None
    scanned = _badge_with_admission(checkin_list=checkin_list, payload=payload)
    if scanned is None:
        return ScanReason.UNKNOWN, None
    return None, scanned


def normalized_registration_code(code: str) -> str:
    """The registration code as printed on the badge ("K7QM 2XPA") or typed ("k7qm-2xpa"): ``K7QM2XPA``."""
    return "".join(code.split()).replace("-", "").upper()


def is_registration_code(code: str) -> bool:
    """Whether ``code`` is a short registration code typed at a scanner rather than a badge's signed QR code."""
    code = normalized_registration_code(code)
    # Letters and digits, not only the generator's alphabet: codes imported from elsewhere may hold 0, O, 1, I.
    return len(code) == REGISTRATION_CODE_LENGTH and code.isascii() and code.isalnum()


def badge_code_of_registration(*, convention_id: int, code: str) -> tuple[str | None, str]:
    """(refusal reason, "") or (None, the signed code of the registration's current badge), for a registration
    code typed at a gate or booth scanner of convention ``convention_id``.

    The registration code is looked up in every convention so that the scanner can say that a badge belongs to
    another convention instead of "unknown". A revoked badge is still returned: the scan is then refused as
    revoked (or cancelled), like a scan of its QR code.
    """
    registration = (
        Registration.objects.filter(code=normalized_registration_code(code)).only("pk", "convention_id").first()
    )
    if registration is None:
        return ScanReason.UNKNOWN, ""
    if registration.convention_id != convention_id:
        return ScanReason.OTHER_CONVENTION, ""
    badge = (
        Badge.objects.filter(registration_id=registration.pk)
        .exclude(code="")
        .order_by(F("revoked_at").desc(nulls_first=True), "-pk")
        .values_list("code", flat=True)
        .first()
    )
    return (None, badge) if badge else (ScanReason.UNKNOWN, "")


def _signed_for_another_convention(*, code: str, convention_id: int) -> bool:
    """Whether a code refused here is a genuine badge of another convention (checked with that one's keys).

    Only refused codes get here, so the extra key lookup never slows an admitted scan.
    """
    try:
        payload, _header, _signature = read_unverified(code)
    except InvalidBadgeCode:
        return False
    if payload.convention_id == convention_id:
        return False
    try:
        verify_badge_code(code=code, convention_id=payload.convention_id)
    except InvalidBadgeCode:
        return False
    return True


# What a scan reads of the registration and its ticket type (``_judge``, ``scan_data``); the rest stays deferred.
_REGISTRATION_READ = (
    "convention_id",
    "ticket_type_id",
    "status",
    "first_name",
    "last_name",
    "organization",
    "language",
)
_TICKET_TYPE_READ = ("convention_id", "name_de", "name_en")


@cache
def _badge_sql() -> str:
    assigned = _TICKET_TYPES._meta.db_table
    return (
        f"SELECT {rows.columns(Badge, 'b')}, {rows.columns(Registration, 'r', _REGISTRATION_READ)}, "
        f"{rows.columns(TicketType, 't', _TICKET_TYPE_READ)}, "
        f'EXISTS (SELECT 1 FROM "{assigned}" a WHERE a."checkinlist_id" = %s), '
        f'EXISTS (SELECT 1 FROM "{assigned}" a '
        'WHERE a."checkinlist_id" = %s AND a."tickettype_id" = r."ticket_type_id") '
        f'FROM "{Badge._meta.db_table}" b JOIN "{Registration._meta.db_table}" r ON r."id" = b."registration_id" '
        f'JOIN "{TicketType._meta.db_table}" t ON t."id" = r."ticket_type_id" '
        'WHERE b."id" = %s AND b."registration_id" = %s'
    )


def _badge_with_admission(*, checkin_list: CheckinList, payload: BadgePayload) -> _ScannedBadge | None:
    """The badge with registration and ticket type, and whether ``checkin_list`` restricts and admits the ticket
    type: one hand-written SELECT (see ``events.rows``)."""
    with rows.cursor() as cursor:
        cursor.execute(_badge_sql(), [checkin_list.pk, checkin_list.pk, payload.badge_id, payload.registration_id])
        row = cursor.fetchone()
    if row is None:
        return None
    badge, after = rows.build(Badge, row)
    badge.registration, after = rows.build(Registration, row, after, _REGISTRATION_READ)
    badge.registration.ticket_type, after = rows.build(TicketType, row, after, _TICKET_TYPE_READ)
    return _ScannedBadge(badge=badge, payload=payload, list_restricted=bool(row[after]), admitted=bool(row[after + 1]))


def _judge(*, checkin_list: CheckinList, scanned: _ScannedBadge, scanned_at: dt.datetime) -> str | None:
    badge, payload = scanned.badge, scanned.payload
    registration = badge.registration
    if registration.status == RegistrationStatus.CANCELLED:
        return ScanReason.CANCELLED
    if registration.status in (RegistrationStatus.PENDING_PAYMENT, RegistrationStatus.EXPIRED):
        return ScanReason.UNPAID
    if badge.revoked_at is not None:
        return ScanReason.REVOKED
    convention = checkin_list.convention
    day = scanned_at.astimezone(ZoneInfo(convention.time_zone)).date()
    if (
        not convention.start_date <= day <= convention.end_date
        or not payload.is_valid_on(day_index=(day - convention.start_date).days)
        or scanned_at.timestamp() > payload.expires_at
        or (checkin_list.days and day.isoformat() not in checkin_list.days)
    ):
        return ScanReason.NOT_VALID_TODAY
    if scanned.list_restricted and not scanned.admitted:
        return ScanReason.NOT_ON_LIST
    return None


_ENTER_SQL = """
INSERT INTO {presence} (checkin_list_id, registration_id, inside, day, first_entry_at, last_entry_at)
VALUES (%s, %s, TRUE, %s, %s, %s)
ON CONFLICT (checkin_list_id, registration_id) DO UPDATE
    SET inside = TRUE, day = EXCLUDED.day, last_entry_at = EXCLUDED.last_entry_at
    WHERE {presence}.inside = FALSE OR ({presence}.day <> EXCLUDED.day AND %s)
RETURNING id
"""


def _enter(*, checkin_list: CheckinList, registration_id: int, scanned_at: dt.datetime) -> dt.datetime | None:
    """Open a stay; returns ``None`` on success or the open stay's entry time when already inside.

    A new day opens a new stay even without an exit scan, except on lists with a capacity: there the person
    still holds a seat in ``inside_count`` until an exit (or an annulled entry) gives it back.
    """
    day = scanned_at.astimezone(ZoneInfo(checkin_list.convention.time_zone)).date()
    new_day_reopens = checkin_list.capacity is None
    with rows.cursor() as cursor:
        cursor.execute(
            _ENTER_SQL.format(presence=Presence._meta.db_table),
            [checkin_list.pk, registration_id, day, scanned_at, scanned_at, new_day_reopens],
        )
        entered = cursor.fetchone() is not None
    if entered:
        return None
    return (
        Presence.objects.filter(checkin_list=checkin_list, registration_id=registration_id)
        .values_list("last_entry_at", flat=True)
        .first()
    )


def _take_seat(checkin_list: CheckinList) -> bool:
    return bool(
        CheckinList.objects.filter(pk=checkin_list.pk, inside_count__lt=F("capacity")).update(
            inside_count=F("inside_count") + 1
        )
    )


def _free_seat(checkin_list: CheckinList) -> None:
    CheckinList.objects.filter(pk=checkin_list.pk, inside_count__gt=0).update(inside_count=F("inside_count") - 1)


def _move(
    *, checkin_list: CheckinList, registration_id: int, direction: str, scanned_at: dt.datetime
) -> tuple[str | None, dt.datetime | None]:
    """Apply an entry or exit; returns (refusal reason or None, first scan time for ``already_checked_in``)."""
    if direction == ScanDirection.EXIT:
        left = Presence.objects.filter(checkin_list=checkin_list, registration_id=registration_id, inside=True).update(
            inside=False
        )
        if left and checkin_list.capacity is not None:
            _free_seat(checkin_list)
        return None, None
    if checkin_list.capacity is None:
        first_scan_at = _enter(checkin_list=checkin_list, registration_id=registration_id, scanned_at=scanned_at)
        return (ScanReason.ALREADY_CHECKED_IN, first_scan_at) if first_scan_at else (None, None)
    try:
        with transaction.atomic():
            first_scan_at = _enter(checkin_list=checkin_list, registration_id=registration_id, scanned_at=scanned_at)
            if first_scan_at:
                return ScanReason.ALREADY_CHECKED_IN, first_scan_at
            if not _take_seat(checkin_list):
                raise _RoomFull()
    except _RoomFull:
        return ScanReason.ROOM_FULL, None
    return None, None


def scan_badge(
    *,
    checkin_list: CheckinList,
    code: str,
    nonce: str,
    direction: str = ScanDirection.ENTRY,
    scanned_at: dt.datetime | None = None,
    device: Device | None = None,
    user: User | None = None,
    device_label: str = "",
) -> tuple[Scan, bool]:
    """Check a badge in or out at ``checkin_list``; returns the recorded scan and whether it was a replay.

    Refused scans are recorded with their reason and raw code. A nonce seen before returns the scan stored for
    it and changes nothing (the nonce is scoped to the list: another list's scan with the same nonce is never
    returned), also when the same nonce arrives twice at the same moment (the unique index makes
    the later transaction roll back entirely, presence change included).
    """
    scanned_at = scanned_at or timezone.now()
    reason, scanned = _find_badge(checkin_list=checkin_list, code=code)
    badge = None
    if scanned is not None:
        badge = scanned.badge
        reason = _judge(checkin_list=checkin_list, scanned=scanned, scanned_at=scanned_at)
    scan = Scan(
        nonce=nonce,
        checkin_list=checkin_list,
        registration=badge.registration if badge else None,
        badge=badge,
        device=device,
        scanned_by=user if user is not None and getattr(user, "pk", None) else None,
        device_label=device_label,
        direction=direction,
        scanned_at=scanned_at,
    )
    try:
        if reason is not None or badge is None:
            _record(scan, reason=reason, code=code)
        elif direction == ScanDirection.ENTRY and checkin_list.capacity is None and connection.vendor == "postgresql":
            _record_entry(scan, code=code)
        else:
            with transaction.atomic():
                reason, first_scan_at = _move(
                    checkin_list=checkin_list,
                    registration_id=badge.registration_id,
                    direction=direction,
                    scanned_at=scanned_at,
                )
                _record(scan, reason=reason, code=code, first_scan_at=first_scan_at)
    except IntegrityError:
        replayed = stored_scan(checkin_list=checkin_list, nonce=nonce)
        if replayed is None:
            raise
        return replayed, True
    return scan, False


def _record(scan: Scan, *, reason: str | None, code: str, first_scan_at: dt.datetime | None = None) -> None:
    """Insert ``scan`` with its outcome. One statement: atomic on its own, so only a savepoint when nested."""
    scan.result = ScanResult.REJECTED if reason else ScanResult.OK
    scan.reason = reason or ""
    scan.raw_code = "" if reason is None else code[:RAW_CODE_KEPT]
    scan.first_scan_at = first_scan_at
    with _atomic_if_nested():
        scan.save(force_insert=True)


def _atomic_if_nested():
    # Outside a transaction, a single statement needs none (and BEGIN/COMMIT would cost two round trips per
    # scan). Inside one (a batch caller, tests), a savepoint keeps a duplicate nonce from aborting it.
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


_SCAN_FIELDS = [field for field in Scan._meta.concrete_fields if not field.primary_key]


@cache
def _entry_sql() -> tuple[str, str]:
    """The two statements of ``_record_entry``, built once from the models (column order of ``_SCAN_FIELDS``)."""
    scan_table, presence_table = Scan._meta.db_table, Presence._meta.db_table
    columns = ", ".join(f'"{field.column}"' for field in _SCAN_FIELDS)
    # Typed, because the values come from a SELECT, where a bare NULL would be text.
    casts = ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in _SCAN_FIELDS)
    entered = (
        f"WITH entered AS ({_ENTER_SQL.format(presence=presence_table)}) "
        f'INSERT INTO "{scan_table}" ({columns}) SELECT {casts} FROM entered RETURNING "id"'
    )
    open_stay_entry = (
        f'(SELECT "last_entry_at" FROM "{presence_table}" WHERE "checkin_list_id" = %s AND "registration_id" = %s)'
    )
    placeholders = ", ".join(open_stay_entry if field.attname == "first_scan_at" else "%s" for field in _SCAN_FIELDS)
    refused = f'INSERT INTO "{scan_table}" ({columns}) VALUES ({placeholders}) RETURNING "id", "first_scan_at"'
    return entered, refused


def _record_entry(scan: Scan, *, code: str) -> None:
    """PostgreSQL, entry on a list without capacity: open the stay and insert the scan in one statement.

    A data-modifying CTE upserts the presence and inserts the ``ok`` scan only when the stay opened; the
    statement is atomic, so a duplicate nonce undoes the presence change with it, and no explicit transaction
    (BEGIN/COMMIT round trips) is needed. When the person is already inside, a second statement records the
    refusal with the open stay's entry time; being a new statement it sees a stay opened by a concurrent scan
    that the first statement waited for.
    """
    checkin_list = scan.checkin_list
    day = scan.scanned_at.astimezone(ZoneInfo(checkin_list.convention.time_zone)).date()
    entered_sql, refused_sql = _entry_sql()
    scan.result, scan.reason, scan.raw_code, scan.first_scan_at = ScanResult.OK, "", "", None
    presence = [checkin_list.pk, scan.registration_id, day, scan.scanned_at, scan.scanned_at, True]
    with _atomic_if_nested(), rows.cursor() as cursor:
        cursor.execute(entered_sql, presence + _scan_values(scan))
        row = cursor.fetchone()
    if row is None:
        scan.result, scan.reason = ScanResult.REJECTED, ScanReason.ALREADY_CHECKED_IN
        scan.raw_code = code[:RAW_CODE_KEPT]
        values = _scan_values(scan)
        values[_FIRST_SCAN_AT : _FIRST_SCAN_AT + 1] = [checkin_list.pk, scan.registration_id]
        with _atomic_if_nested(), rows.cursor() as cursor:
            cursor.execute(refused_sql, values)
            row = cursor.fetchone()
        scan.first_scan_at = row[1]
    scan.pk = row[0]
    scan._state.adding = False
    scan._state.db = connection.alias


_FIRST_SCAN_AT = next(index for index, field in enumerate(_SCAN_FIELDS) if field.attname == "first_scan_at")


def _scan_values(scan: Scan) -> list:
    # As the ORM's INSERT would: pre_save fills recorded_at (auto_now_add), get_db_prep_save adapts each value.
    db = connections[scan.checkin_list._state.db or DEFAULT_DB_ALIAS]
    return [field.get_db_prep_save(field.pre_save(scan, True), db) for field in _SCAN_FIELDS]


def stored_scan(*, checkin_list: CheckinList, nonce: str) -> Scan | None:
    """The scan recorded for ``nonce`` at ``checkin_list``: nonces are unique per list, never across lists."""
    return (
        Scan.objects.select_related("registration__ticket_type").filter(checkin_list=checkin_list, nonce=nonce).first()
    )


def scan_batch(*, checkin_list: CheckinList, scans: list[dict], device: Device | None = None, user=None) -> list:
    """Apply scans collected offline in ``scanned_at`` order; answers come back in the order sent.

    Each scan is its own transaction, exactly as if it had been sent online at its time.
    """
    order = sorted(range(len(scans)), key=lambda i: (scans[i].get("scanned_at") or timezone.now(), i))
    results: list = [None] * len(scans)
    for index in order:
        item = scans[index]
        results[index] = scan_badge(
            checkin_list=checkin_list,
            code=item["code"],
            nonce=item["nonce"],
            direction=item.get("direction") or ScanDirection.ENTRY,
            scanned_at=item.get("scanned_at"),
            device=device,
            user=user,
            device_label=item.get("device") or "",
        )
    return results


def annul_scan(
    *, checkin_list: CheckinList, nonce: str, device: Device | None, user=None, device_label: str = ""
) -> Scan:
    """Undo an accepted scan (the turnstile did not turn): same device, within 15 minutes of recording.

    The presence and room counter are restored; the scan row stays, marked ``annulled_at``. Annulling twice
    returns the already annulled scan.
    """
    now = timezone.now()
    with transaction.atomic():
        scan = Scan.objects.select_for_update().filter(checkin_list=checkin_list, nonce=nonce).first()
        if scan is None:
            raise NotFound(_("No scan with this nonce on this list."))
        if device is not None:
            same_device = scan.device_id == device.pk
        else:
            same_device = scan.device_id is None and scan.scanned_by_id == getattr(user, "pk", None)
            same_device = same_device and scan.device_label == device_label
        if not same_device:
            raise ScanNotAnnullable(_("Only the device that made the scan can annul it."))
        if scan.annulled_at is not None:
            return scan
        if scan.result != ScanResult.OK or now - scan.recorded_at > ANNUL_WINDOW:
            raise ScanNotAnnullable()
        # An accepted scan always has its registration.
        presence = Presence.objects.filter(checkin_list=checkin_list, registration_id=cast(int, scan.registration_id))
        if scan.direction == ScanDirection.ENTRY:
            if presence.filter(inside=True).update(inside=False) and checkin_list.capacity is not None:
                _free_seat(checkin_list)
        elif presence.filter(inside=False).update(inside=True) and checkin_list.capacity is not None:
            _take_seat(checkin_list)  # best effort: a full room keeps its count at capacity
        scan.annulled_at = now
        scan.save(update_fields=["annulled_at"])
    return scan
