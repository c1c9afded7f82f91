"""The organizer dashboard's figures: registrations, check-ins, occupancy, workshops and the outbox.

A constant number of queries whatever the size of the convention (grouped counts only, no per-row lookups).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from events.enums import SessionFormat, SessionStatus, SignupStatus
from events.models import (
    CheckinList,
    Convention,
    OutboundMessage,
    Registration,
    RegistrationStatus,
    Room,
    Session,
    TicketType,
)
from events.selectors.checkin import checkin_counters


@dataclass(frozen=True)
class WorkshopFill:
    title: str
    start: dt.datetime | None
    capacity: int | None
    confirmed: int
    waitlisted: int


@dataclass(frozen=True)
class RoomOccupancy:
    list_name: str
    room: str
    inside: int
    capacity: int | None


def dashboard_figures(*, convention: Convention, language: str) -> dict[str, Any]:
    """Everything the dashboard draws, as plain data (local dates and hours of the convention's time zone)."""
    tz = ZoneInfo(convention.time_zone)
    ticket_types = list(TicketType.objects.filter(convention=convention).order_by("position", "pk"))
    per_day = (
        Registration.objects.filter(convention=convention, status=RegistrationStatus.CONFIRMED)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day", "ticket_type")
        .annotate(n=Count("pk"))
        .order_by("day", "ticket_type")
    )
    registrations: dict[dt.date, dict[int, int]] = {}
    for row in per_day:
        registrations.setdefault(row["day"], {})[row["ticket_type"]] = row["n"]

    counters = checkin_counters(convention=convention)
    today = counters["today"]
    hours: dict[str, dict[int, int]] = {}
    for item in counters["lists"]:
        for row in item["per_hour"]:
            hour = dt.datetime.fromisoformat(row["hour"]).astimezone(tz)
            if hour.date().isoformat() == today:
                hours.setdefault(f"{hour:%H}:00", {})[item["id"]] = row["entries"]
    gates = [
        {
            "name": item["name"],
            "inside": item["inside_now"],
            "today": next((day["entries"] for day in item["per_day"] if day["day"] == today), 0),
        }
        for item in counters["lists"]
    ]
    inside = {item["id"]: item["inside_now"] for item in counters["lists"]}
    room_lists = CheckinList.objects.filter(convention=convention, room__isnull=False).select_related("room")
    rooms = [
        RoomOccupancy(
            list_name=item.name,
            room=room.name,
            inside=inside.get(item.pk, 0),
            capacity=item.capacity if item.capacity is not None else room.capacity,
        )
        for item, room in (
            (item, cast(Room, item.room))  # room__isnull=False above
            for item in room_lists.order_by("room__position", "room__name", "pk")
        )
    ]

    workshops = [
        WorkshopFill(
            title=session.title_in(language),
            start=session.start,
            capacity=session.capacity if session.capacity is not None else getattr(session.room, "capacity", None),
            confirmed=session.confirmed,
            waitlisted=session.waitlisted,
        )
        for session in Session.objects.filter(convention=convention, format=SessionFormat.WORKSHOP)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("room")
        .annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
            waitlisted=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
        )
        .order_by("start", "pk")
    ]
    messages = dict(
        OutboundMessage.objects.filter(convention=convention)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "speakers": speaker_figures(convention=convention),
        "generated_at": timezone.now(),
        "today": today,
        "ticket_types": [(ticket_type.pk, ticket_type.name_in(language)) for ticket_type in ticket_types],
        "registrations_per_day": sorted(registrations.items()),
        "checkin_lists": [(item["id"], item["name"]) for item in counters["lists"]],
        "checkins_per_hour": sorted(hours.items()),
        "gates": gates,
        "rooms": rooms,
        "workshops": workshops,
        "messages": messages,
    }


def speaker_figures(*, convention: Convention) -> dict[str, int]:
    """Speakers at a glance: on the programme, confirmed (at least one session), holding a pass, checked in
    (a pass let in at any gate, scans not annulled)."""
    from events.enums import SpeakerState
    from events.models import Scan, ScanDirection, ScanResult, Speaker

    speakers = Speaker.objects.filter(convention=convention, session_roles__isnull=False).distinct()
    passes = Registration.objects.filter(
        convention=convention, ticket_type__is_speaker_pass=True, status=RegistrationStatus.CONFIRMED
    )
    checked_in = (
        Scan.objects.filter(
            registration__in=passes, result=ScanResult.OK, direction=ScanDirection.ENTRY, annulled_at__isnull=True
        )
        .values("registration_id")
        .distinct()
        .count()
    )
    return {
        "total": speakers.count(),
        "confirmed": speakers.filter(session_roles__state=SpeakerState.CONFIRMED).count(),
        "passes": passes.count(),
        "checked_in": checked_in,
    }
