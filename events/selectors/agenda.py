"""Reads for personal agendas, workshop sign-ups and follow-up messages."""

from collections.abc import Iterable

from django.db.models import QuerySet

from events.enums import SignupStatus
from events.models import (
    AgendaItem,
    CalendarFeed,
    Exhibitor,
    OutboundMessage,
    Registration,
    RegistrationStatus,
    ScheduleRelease,
    Session,
    WorkshopSignup,
)
from events.services.agenda import hash_feed_token


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
    """Who receives a session's follow-up material: attendees with a confirmed seat.

    Checked-in attendees of the room join here once check-in exists (one more ``Q`` in this filter).
    """
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        workshop_signups__session=session,
        workshop_signups__status=SignupStatus.CONFIRMED,
    ).distinct()


def consenting_lead_pairs(*, pairs: Iterable[tuple[Exhibitor, Registration]]) -> list[tuple[Exhibitor, Registration]]:
    """Keep the (exhibitor, lead) pairs whose attendee agreed to share contact with exhibitors."""
    return [
        (exhibitor, registration)
        for exhibitor, registration in pairs
        if registration.consent_share_contact_at is not None and registration.status == RegistrationStatus.CONFIRMED
    ]
