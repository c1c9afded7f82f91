"""What a gate or booth device may see about itself, and the device reads of every gate scan."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import F, QuerySet

from events import rows
from events.models import CheckinList, Convention, Device, DeviceKind, Scan, ScanResult

_BIGINT_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class ScanListRead:
    """The check-in list a scan route names, read in the statement that finds the device: ``checkin_list`` is
    the list (with its convention) if the device may scan on it, else ``None``."""

    slug: str
    list_id: int
    checkin_list: CheckinList | None

    def answers(self, *, slug: str, list_id: int) -> bool:
        return self.list_id == list_id and self.slug == slug


@dataclass(frozen=True, slots=True)
class ActiveDevice:
    """A device that is not revoked (with its convention) and, on scan routes, the list the route names."""

    device: Device
    scan_list: ScanListRead | None


def device_profile(*, device: Device) -> dict[str, Any]:
    """The device's convention (dates and time zone, for offline day checks), its lists or its exhibitor."""
    convention = device.convention
    lists = device.checkin_lists.order_by("name", "pk").values("id", "name", "kind", "days")
    exhibitor = device.exhibitor
    return {
        "id": device.pk,
        "name": device.name,
        "kind": device.kind,
        "convention": {
            "id": convention.pk,
            "slug": convention.slug,
            "name": convention.name,
            "start_date": convention.start_date.isoformat(),
            "end_date": convention.end_date.isoformat(),
            "time_zone": convention.time_zone,
        },
        "checkin_lists": list(lists),
        "exhibitor": None if exhibitor is None else {"id": exhibitor.pk, "name": exhibitor.name},
    }


@cache
def _device_sql(*, key: str, with_list: bool) -> str:
    """The device (by ``key``: token hash or id, not revoked) with its convention, and with ``with_list`` the
    check-in list given by id and convention slug if the device may scan on it — the rule of
    ``events.selectors.checkin.checkin_list_for_scanner`` for devices: a gate device assigned to a list of its own
    convention.
    Hand-written SQL, as every gate scan runs it (``events.rows``)."""
    sql = f"SELECT {rows.columns(Device, 'd')}, {rows.columns(Convention, 'c')}"
    if with_list:
        sql += f", {rows.columns(CheckinList, 'l')}"
    sql += f' FROM "{Device._meta.db_table}" d JOIN "{Convention._meta.db_table}" c ON c."id" = d."convention_id"'
    if with_list:
        assigned = CheckinList.devices.through._meta.db_table
        sql += (
            f' LEFT JOIN "{CheckinList._meta.db_table}" l ON l."id" = %s AND l."convention_id" = d."convention_id"'
            f""" AND c."slug" = %s AND d."kind" = '{DeviceKind.GATE.value}'"""
            f' AND EXISTS (SELECT 1 FROM "{assigned}" a WHERE a."checkinlist_id" = l."id" AND a."device_id" = d."id")'
        )
    return sql + f' WHERE d."{key}" = %s AND d."revoked_at" IS NULL'


def _read_device(*, key: str, value: Any, scan_list: tuple[str, int] | None) -> ActiveDevice | None:
    # An id beyond bigint names no list, and PostgreSQL would refuse it as a parameter.
    list_exists = scan_list is not None and 0 < scan_list[1] <= _BIGINT_MAX
    params = [scan_list[1], scan_list[0], value] if scan_list is not None and list_exists else [value]
    with rows.cursor() as cursor:
        cursor.execute(_device_sql(key=key, with_list=list_exists), params)
        row = cursor.fetchone()
    if row is None:
        return None
    device, after = rows.build(Device, row)
    device.convention, after = rows.build(Convention, row, after)
    if scan_list is None:
        return ActiveDevice(device=device, scan_list=None)
    checkin_list = None
    if list_exists and row[after] is not None:
        checkin_list, _ = rows.build(CheckinList, row, after)
        checkin_list.convention = device.convention
    return ActiveDevice(device=device, scan_list=ScanListRead(*scan_list, checkin_list=checkin_list))


def active_device(*, token_hash: str, scan_list: tuple[str, int] | None = None) -> ActiveDevice | None:
    """The device (with its convention) holding the token with this hash, unless revoked.

    With ``scan_list`` (convention slug, list id), the same statement reads that check-in list if the device may
    scan on it (``ActiveDevice.scan_list``).
    """
    return _read_device(key="token_hash", value=token_hash, scan_list=scan_list)


def scannable_list(*, device: Device, slug: str, list_id: int) -> CheckinList | None:
    """The check-in list ``list_id`` of convention ``slug`` if ``device`` may scan on it (one statement)."""
    found = _read_device(key="id", value=device.pk, scan_list=(slug, list_id))
    return None if found is None or found.scan_list is None else found.scan_list.checkin_list


def refused_scans(*, convention: Convention) -> QuerySet[Scan]:
    """Refused scans of the convention's lists, newest first, with the reason, for the security desk."""
    return (
        Scan.objects.filter(checkin_list__convention=convention, result=ScanResult.REJECTED)
        .select_related("checkin_list", "registration", "device")
        .order_by("-scanned_at", "-pk")
    )


def gate_devices(*, convention: Convention) -> QuerySet[Device]:
    """The convention's gate devices with their lists: working ones first, revoked ones last."""
    return (
        Device.objects.filter(convention=convention, kind=DeviceKind.GATE)
        .prefetch_related("checkin_lists")
        .order_by(F("revoked_at").asc(nulls_first=True), "name", "pk")
    )


def booth_device_count(*, convention: Convention) -> int:
    """How many booth devices the exhibitors set up and did not revoke: organizers see the number, not the devices,
    which read their exhibitor's leads."""
    return Device.objects.filter(convention=convention, kind=DeviceKind.BOOTH, revoked_at=None).count()
