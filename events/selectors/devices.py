"""What a gate or booth device may see about itself."""

from typing import Any

from events.models import Device


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
