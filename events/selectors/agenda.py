"""Reads for personal agendas, workshop sign-ups and follow-up messages."""

import datetime as dt
from collections.abc import Iterable
from typing import cast
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from events.enums import SignupStatus
from events.models import (
    AgendaItem,
    CalendarFeed,
    Convention,
    Exhibitor,
    Lead,
    OutboundMessage,
    Registration,
    RegistrationStatus,
    Scan,
    ScanDirection,
    ScanResult,
    ScheduleRelease,
    Session,
    WorkshopSignup,
)
from events.tokens import hash_token as hash_feed_token

# People come in a little early; an entry this long before the start counts as attending the session.
ROOM_ENTRY_BEFORE_START = dt.timedelta(minutes=30)


def agenda_items_of(*, registration: Registration) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(registration=registration)
        .select_related("session__room__hall")
        .order_by("session__start", "pk")
    )


def active_feed(*, token: str) -> CalendarFeed | None:
    """The feed behind a token, or ``None`` for unknown and revoked tokens."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=hash_feed_token(token), revoked_at__isnull=True)
        .select_related("registration__convention")
        .first()
    )


def latest_release(*, convention_id: int) -> ScheduleRelease | None:
    return ScheduleRelease.objects.filter(convention_id=convention_id).order_by("-version").first()


def feed_session_ids(*, registration: Registration) -> set[int]:
    """Sessions in the attendee's feed: bookmarks and confirmed workshop seats."""
    bookmarked = AgendaItem.objects.filter(registration=registration).values_list("session_id", flat=True)
    seats = WorkshopSignup.objects.filter(registration=registration, status=SignupStatus.CONFIRMED).values_list(
        "session_id", flat=True
    )
    return set(bookmarked) | set(seats)


def workshop_signups(*, session: Session) -> QuerySet[WorkshopSignup]:
    return (
        WorkshopSignup.objects.filter(session=session)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("registration")
        .order_by("status", "queue_number", "confirmed_at", "pk")
    )


def messages_of(*, convention_id: int) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(convention_id=convention_id).order_by("-pk")


def session_followup_recipients(*, session: Session) -> QuerySet[Registration]:
    """Who receives a session's follow-up material: attendees with a confirmed seat, and attendees whose badge
    was let into the session's room (an ``ok`` entry scan, not annulled) while the session ran.
    """
    seat = Q(workshop_signups__session=session, workshop_signups__status=SignupStatus.CONFIRMED)
    recipients = Q(pk__in=Registration.objects.filter(seat).values("pk"))
    if session.room_id and session.start and session.end:
        checked_in = Scan.objects.filter(
            checkin_list__room_id=session.room_id,
            result=ScanResult.OK,
            direction=ScanDirection.ENTRY,
            annulled_at__isnull=True,
            scanned_at__lt=session.end,
            scanned_at__gte=session.start - ROOM_ENTRY_BEFORE_START,
        ).values("registration_id")
        recipients |= Q(pk__in=checked_in)
    return Registration.objects.filter(recipients, status=RegistrationStatus.CONFIRMED)


def lead_pairs_of_day(*, convention: Convention, day: dt.date) -> list[tuple[Exhibitor, Registration]]:
    """The (exhibitor, registration) leads whose booth scanned the attendee on ``day`` (convention's time zone)."""
    zone = ZoneInfo(convention.time_zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    leads = (
        Lead.objects.filter(
            exhibitor__convention=convention,
            registration__isnull=False,
            scans__scanned_at__gte=start,
            scans__scanned_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("exhibitor", "registration")
        .distinct()
        .order_by("pk")
    )
    # registration__isnull=False above: every lead here has its registration.
    return [(lead.exhibitor, cast(Registration, lead.registration)) for lead in leads]


def consenting_lead_pairs(*, pairs: Iterable[tuple[Exhibitor, Registration]]) -> list[tuple[Exhibitor, Registration]]:
    """Keep the (exhibitor, lead) pairs whose attendee agreed to share contact with exhibitors."""
    return [
        (exhibitor, registration)
        for exhibitor, registration in pairs
        if registration.consent_share_contact_at is not None and registration.status == RegistrationStatus.CONFIRMED
    ]


def waitlist_positions(*, signups: Iterable[WorkshopSignup], complete: bool = False) -> dict[int, int]:
    """Sign-up id → place on its workshop's waitlist (1 is next), for the waitlisted ones among ``signups``.

    The one statement of the rule: places count the waitlisted sign-ups of the same workshop in ``queue_number``
    order. One query for any number of sign-ups and workshops; none with ``complete`` (``signups`` already holds
    every sign-up of its workshops, as an organizer's list does).
    """
    waitlisted = [signup for signup in signups if signup.status == SignupStatus.WAITLISTED]
    if not waitlisted:
        return {}
    if complete:
        queue = [
            (signup.pk, signup.session_id)
            for signup in sorted(waitlisted, key=lambda s: (s.session_id, s.queue_number or 0, s.pk))
        ]
    else:
        queue = list(
            WorkshopSignup.objects.filter(
                session_id__in={signup.session_id for signup in waitlisted}, status=SignupStatus.WAITLISTED
            )
            .order_by("session_id", "queue_number", "pk")
            .values_list("pk", "session_id")
        )
    wanted = {signup.pk for signup in waitlisted}
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    for pk, session_id in queue:
        counters[session_id] = counters.get(session_id, 0) + 1
        if pk in wanted:
            positions[pk] = counters[session_id]
    return positions


def waitlist_position(*, signup: WorkshopSignup) -> int | None:
    """``signup``'s place on its workshop's waitlist, or ``None`` when it is not waitlisted."""
    return waitlist_positions(signups=[signup]).get(signup.pk)
