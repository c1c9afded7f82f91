"""Check-in reads: what scanners need to verify badges offline, and the organizers' counters."""

import base64
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from events.models import (
    Badge,
    CheckinList,
    Convention,
    Presence,
    RegistrationStatus,
    Scan,
    ScanDirection,
    ScanResult,
    SigningKey,
)
from events.permissions import organized_by
from events.selectors.devices import scannable_list


def offline_verification_data(*, convention: Convention) -> dict[str, Any]:
    """Public keys, the badge ids an offline scanner must refuse, and a version that grows with every change.

    Refused offline: revoked badges and every badge whose registration is not confirmed (cancelled, expired,
    not yet paid), so a cancelled badge fails offline even before its revocation is recorded.
    """
    keys = list(SigningKey.objects.filter(convention=convention).order_by("key_id"))
    badges = Badge.objects.filter(registration__convention=convention)
    refused = badges.filter(Q(revoked_at__isnull=False) | ~Q(registration__status=RegistrationStatus.CONFIRMED))
    revoked_ids = sorted(refused.values_list("pk", flat=True))
    latest = badges.aggregate(
        issued=Max("issued_at"),
        revoked=Max("revoked_at"),
        confirmed=Max("registration__confirmed_at"),
        cancelled=Max("registration__cancelled_at"),
    )
    moments = [key.created_at for key in keys] + [key.retired_at for key in keys if key.retired_at]
    moments += [moment for moment in latest.values() if moment is not None]
    version = int(max(moments).timestamp() * 1_000_000) if moments else 0
    return {
        "convention_id": convention.pk,
        "format_version": 1,
        "version": version,
        "keys": [
            {
                "key_id": key.key_id,
                "algorithm": "ed25519",
                "public_key": base64.b64encode(bytes(key.public_key)).decode(),
                "created_at": key.created_at,
                "retired_at": key.retired_at,
            }
            for key in keys
        ],
        "revoked_badge_ids": revoked_ids,
    }


def presences_inside_now(*, convention: Convention) -> QuerySet[Presence]:
    """Who is inside a list's area now: entered today (local time) and not scanned out since. A stay opened
    on an earlier day is over, whether or not its exit was scanned."""
    today = timezone.now().astimezone(ZoneInfo(convention.time_zone)).date()
    return Presence.objects.filter(checkin_list__convention=convention, inside=True, day=today)


def checkin_counters(*, convention: Convention) -> dict[str, Any]:
    """Per check-in list: people inside now, and accepted entries per hour and per day (local time)."""
    tz = ZoneInfo(convention.time_zone)
    today = timezone.now().astimezone(tz).date()
    lists = list(CheckinList.objects.filter(convention=convention).order_by("name", "pk"))
    inside = dict(
        presences_inside_now(convention=convention)
        .values("checkin_list")
        .annotate(n=Count("pk"))
        .values_list("checkin_list", "n")
    )
    entries = Scan.objects.filter(
        checkin_list__convention=convention,
        result=ScanResult.OK,
        direction=ScanDirection.ENTRY,
        annulled_at=None,
    )
    per_hour = (
        entries.annotate(hour=TruncHour("scanned_at", tzinfo=tz))
        .values("checkin_list", "hour")
        .annotate(n=Count("pk"))
        .order_by("checkin_list", "hour")
    )
    per_day = (
        entries.annotate(day=TruncDate("scanned_at", tzinfo=tz))
        .values("checkin_list", "day")
        .annotate(n=Count("pk"))
        .order_by("checkin_list", "day")
    )
    result: dict[int, dict[str, Any]] = {
        item.pk: {"id": item.pk, "name": item.name, "inside_now": inside.get(item.pk, 0), "per_hour": [], "per_day": []}
        for item in lists
    }
    for row in per_hour:
        result[row["checkin_list"]]["per_hour"].append({"hour": row["hour"].isoformat(), "entries": row["n"]})
    for day_row in per_day:
        result[day_row["checkin_list"]]["per_day"].append({"day": day_row["day"].isoformat(), "entries": day_row["n"]})
    return {"today": today.isoformat(), "lists": list(result.values())}


def checkin_list_for_scanner(*, user: Any, slug: str, list_id: int) -> CheckinList | None:
    """The check-in list if ``user`` may scan on it, in one query: the one home of who scans where.

    Gate devices scan on the lists they are assigned to, of their own convention (the device statement of
    ``events.selectors.devices``); organizers on every list of the conventions they organize
    (``permissions.organized_by``); nobody else anywhere.
    """
    device = getattr(user, "device", None)
    if device is not None:
        read_with_device = getattr(user, "scan_list", None)  # api.device_authentication reads it on scan routes
        if read_with_device is not None and read_with_device.answers(slug=slug, list_id=list_id):
            return read_with_device.checkin_list
        return scannable_list(device=device, slug=slug, list_id=list_id)
    rule = organized_by(user, convention="convention__")
    return CheckinList.objects.select_related("convention").filter(rule, pk=list_id, convention__slug=slug).first()


def checkin_lists_of(*, convention: Convention) -> QuerySet[CheckinList]:
    """The convention's check-in lists with the ticket types they admit, by name."""
    return CheckinList.objects.filter(convention=convention).prefetch_related("ticket_types").order_by("name", "pk")
