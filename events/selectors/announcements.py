"""Reads for announcements: who is in an audience, and how far the sending has come."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet

from events.enums import AnnouncementKind, AudiencePresence, SignupStatus
from events.models import (
    AgendaItem,
    Announcement,
    CheckinList,
    Convention,
    MessageStatus,
    OutboundMessage,
    Presence,
    Registration,
    RegistrationStatus,
    Session,
    WorkshopSignup,
)
from events.selectors.checkin import presences_inside_now
from events.selectors.registrations import ticket_type_ids_valid_on


@dataclass(frozen=True)
class Audience:
    """The filters of an announcement's audience; every filter that is set must hold (no filter: everyone)."""

    convention: Convention
    kind: str = AnnouncementKind.OPERATIONAL
    ticket_type_ids: frozenset[int] = field(default_factory=frozenset)
    day: dt.date | None = None
    checkin_list: CheckinList | None = None
    presence: str = AudiencePresence.ANY
    workshop: Session | None = None
    bookmarked_session: Session | None = None
    language: str = ""


def audience_of(*, announcement: Announcement) -> Audience:
    return Audience(
        convention=announcement.convention,
        kind=announcement.kind,
        ticket_type_ids=frozenset(announcement.ticket_types.values_list("pk", flat=True)),
        day=announcement.day,
        checkin_list=announcement.checkin_list,
        presence=announcement.presence,
        workshop=announcement.workshop,
        bookmarked_session=announcement.bookmarked_session,
        language=announcement.language,
    )


def audience_registrations(*, audience: Audience) -> QuerySet[Registration]:
    """The confirmed, not erased registrations an announcement reaches, ordered by id.

    Marketing announcements reach only attendees whose newsletter consent stands at the moment this runs, so
    a consent withdrawn after the organizer pressed "send" is still honoured. Operational announcements (a
    room change, a hall closing) reach everyone in the audience whatever their marketing consent.
    """
    registrations = Registration.objects.filter(
        convention=audience.convention, status=RegistrationStatus.CONFIRMED, erased_at__isnull=True
    )
    if audience.kind == AnnouncementKind.MARKETING:
        registrations = registrations.filter(consent_newsletter_at__isnull=False)
    if audience.ticket_type_ids:
        registrations = registrations.filter(ticket_type_id__in=sorted(audience.ticket_type_ids))
    if audience.day is not None:
        registrations = registrations.filter(
            ticket_type_id__in=ticket_type_ids_valid_on(convention=audience.convention, day=audience.day)
        )
    if audience.checkin_list is not None:
        if audience.presence == AudiencePresence.INSIDE_NOW:
            presences = presences_inside_now(convention=audience.convention)
        else:
            presences = Presence.objects.all()  # a presence row exists once an entry was accepted
        registrations = registrations.filter(
            Exists(presences.filter(checkin_list=audience.checkin_list, registration=OuterRef("pk")))
        )
    if audience.workshop is not None:
        registrations = registrations.filter(
            Exists(
                WorkshopSignup.objects.filter(
                    session=audience.workshop, status=SignupStatus.CONFIRMED, registration=OuterRef("pk")
                )
            )
        )
    if audience.bookmarked_session is not None:
        registrations = registrations.filter(
            Exists(AgendaItem.objects.filter(session=audience.bookmarked_session, registration=OuterRef("pk")))
        )
    if audience.language:
        registrations = registrations.filter(language=audience.language)
    return registrations.order_by("pk")


def recipient_count(*, audience: Audience) -> int:
    return audience_registrations(audience=audience).count()


def announcements_of(*, convention: Convention) -> QuerySet[Announcement]:
    return Announcement.objects.filter(convention=convention).select_related(
        "checkin_list", "workshop", "bookmarked_session", "created_by", "sent_by"
    )


@dataclass(frozen=True)
class Progress:
    recipients: int
    queued: int
    sent: int
    failed: int

    @property
    def waiting(self) -> int:
        return self.queued - self.sent - self.failed


def announcement_progress(*, announcement: Announcement) -> Progress:
    """Messages in the outbox for the announcement, and how many of them went out or failed for good."""
    by_status = dict(
        OutboundMessage.objects.filter(announcement=announcement)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
        .order_by()
    )
    return Progress(
        recipients=announcement.recipient_count or 0,
        queued=sum(by_status.values()),
        sent=by_status.get(MessageStatus.SENT, 0),
        failed=by_status.get(MessageStatus.FAILED, 0),
    )


def progress_of(*, announcements: list[Announcement]) -> dict[int, Progress]:
    """``announcement_progress`` of several announcements in one read of the outbox."""
    counts: dict[int, dict[str, int]] = {item.pk: {} for item in announcements}
    rows = (
        OutboundMessage.objects.filter(announcement__in=[item.pk for item in announcements])
        .values("announcement", "status")
        .annotate(n=Count("pk"))
        .values_list("announcement", "status", "n")
        .order_by()
    )
    for announcement_id, status, n in rows:
        counts[announcement_id][status] = n
    return {
        item.pk: Progress(
            recipients=item.recipient_count or 0,
            queued=sum(counts[item.pk].values()),
            sent=counts[item.pk].get(MessageStatus.SENT, 0),
            failed=counts[item.pk].get(MessageStatus.FAILED, 0),
        )
        for item in announcements
    }
