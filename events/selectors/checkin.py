"""Check-in reads: what scanners need to verify badges offline, and the organizers' counters."""

import base64
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Max
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from events.models import Badge, CheckinList, Convention, Presence, Scan, ScanDirection, ScanResult, SigningKey


def offline_verification_data(*, convention: Convention) -> dict[str, Any]:
    """Public keys, revoked badge ids and a version that grows whenever either changes."""
    keys = list(SigningKey.objects.filter(convention=convention).order_by("key_id"))
    revoked = Badge.objects.filter(registration__convention=convention, revoked_at__isnull=False)
    revoked_ids = sorted(revoked.values_list("pk", flat=True))
    last_revocation = revoked.aggregate(last=Max("revoked_at"))["last"]
    moments = [key.created_at for key in keys] + [key.retired_at for key in keys if key.retired_at]
    if last_revocation:
        moments.append(last_revocation)
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


def checkin_counters(*, convention: Convention) -> dict[str, Any]:
    """Per check-in list: people inside now, and accepted entries per hour and per day (local time)."""
    tz = ZoneInfo(convention.time_zone)
    today = timezone.now().astimezone(tz).date()
    lists = list(CheckinList.objects.filter(convention=convention).order_by("name", "pk"))
    inside = dict(
        Presence.objects.filter(checkin_list__convention=convention, inside=True, day=today)
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
    result = {
        item.pk: {"id": item.pk, "name": item.name, "inside_now": inside.get(item.pk, 0), "per_hour": [], "per_day": []}
        for item in lists
    }
    for row in per_hour:
        result[row["checkin_list"]]["per_hour"].append({"hour": row["hour"].isoformat(), "entries": row["n"]})
    for row in per_day:
        result[row["checkin_list"]]["per_day"].append({"day": row["day"].isoformat(), "entries": row["n"]})
    return {"today": today.isoformat(), "lists": list(result.values())}


def checkin_list_for_scanner(*, user: Any, slug: str, list_id: int) -> CheckinList | None:
    """The check-in list if ``user`` may scan on it, in one query (the rule of ``permissions.can_scan_on``).

    Gate devices see the lists they are assigned to; organizers every list of their conventions.
    """
    lists = CheckinList.objects.select_related("convention").filter(pk=list_id, convention__slug=slug)
    device = getattr(user, "device", None)
    if device is not None:
        if device.kind != "gate":
            return None
        return lists.filter(devices=device, convention_id=device.convention_id).first()
    if user is None or not user.is_authenticated or not getattr(user, "pk", None):
        return None
    if not getattr(user, "is_superuser", False):
        lists = lists.filter(convention__organizers=user)
    return lists.first()
