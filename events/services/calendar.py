"""Calendar invites and the personal feed: one identity per session, a SEQUENCE that only grows.

A session has one UID everywhere (``schedule.ics``, the session's ``.ics``, the personal feed, every e-mailed
invite, update and cancellation): ``session_ical_uid``, independent of the host name. Its published SEQUENCE
counts the releases that moved or changed it (``session_sequences``); what an attendee receives never has a lower
SEQUENCE than that, and every invite, update or cancellation to them has a higher one than the last, so a
calendar that holds the feed and an invite shows one event and applies each change.

``CalendarDelivery`` remembers what each attendee's calendar holds. Every invite, update and cancellation is
an outbox message written in the caller's transaction together with the bumped sequence, so an attendee's
calendar and Messe's record of it never disagree. Times are written in UTC, which every client understands
without a VTIMEZONE.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from email.utils import parseaddr
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from events.bilingual import field_in
from events.enums import CalendarMethod, SignupStatus
from events.exports import ics_text
from events.exports.ical import session_ical_uid, session_sequences
from events.exports.ics_text import escape_text, parameter_value, utc_datetime
from events.models import (
    AgendaItem,
    AttendeePreferences,
    CalendarDelivery,
    OutboundMessage,
    Registration,
    RegistrationStatus,
    ScheduleRelease,
    Session,
    WorkshopSignup,
)
from events.services import messages

PRODID = "-//Messe//Convention calendar//EN"
CN_QUOTED = " '"  # common names are quoted when they hold a space or an apostrophe, as icalendar does
# Rows per transaction when a release updates calendars: short transactions, bounded memory.
FAN_OUT_CHUNK = 1000


@dataclasses.dataclass(frozen=True)
class EventDetails:
    """What a calendar entry shows for a session, taken from the live programme or from a release."""

    session_id: int
    guid: str
    title_de: str
    title_en: str
    abstract_de: str
    abstract_en: str
    start: dt.datetime
    end: dt.datetime
    room_id: int | None
    location: str
    url: str
    convention_slug: str
    convention_name: str

    def title(self, language: str) -> str:
        return field_in(self, "title", language)

    def abstract(self, language: str) -> str:
        return field_in(self, "abstract", language)


def session_url(*, convention_slug: str, session_id: int) -> str:
    """The session's HTML page, for people following a link from a calendar entry or an e-mail."""
    return f"{settings.SITE_URL}/events/{convention_slug}/sessions/{session_id}/"


def details_from_session(*, session: Session) -> EventDetails:
    """The live session (with ``room__hall`` and ``convention`` loaded, or loaded here)."""
    room = session.room
    location = ", ".join(
        part for part in (room.name if room else "", room.hall.name if room and room.hall else "") if part
    )
    return EventDetails(
        session_id=session.pk,
        guid=str(session.guid),
        title_de=session.title_de,
        title_en=session.title_en,
        abstract_de=session.abstract_de,
        abstract_en=session.abstract_en,
        # Set for every scheduled session; send_cancellation replaces them by the times it had delivered.
        start=cast(dt.datetime, session.start),
        end=cast(dt.datetime, session.end),
        room_id=session.room_id,
        location=location,
        url=session_url(convention_slug=session.convention.slug, session_id=session.pk),
        convention_slug=session.convention.slug,
        convention_name=session.convention.name,
    )


def details_from_snapshot(*, snapshot: dict[str, Any]) -> dict[int, EventDetails]:
    """Every published session of a release snapshot, by session id."""
    halls = {hall["id"]: hall["name"] for hall in snapshot["halls"]}
    rooms = {room["id"]: room for room in snapshot["rooms"]}
    convention = snapshot["convention"]
    details = {}
    for item in snapshot["sessions"]:
        room = rooms.get(item["room_id"])
        location = ", ".join(part for part in (room["name"], halls.get(room["hall_id"], "")) if part) if room else ""
        details[item["id"]] = EventDetails(
            session_id=item["id"],
            guid=item["guid"],
            title_de=item["title_de"],
            title_en=item["title_en"],
            abstract_de=item["abstract_de"],
            abstract_en=item["abstract_en"],
            start=dt.datetime.fromisoformat(item["start"]),
            end=dt.datetime.fromisoformat(item["end"]),
            room_id=item["room_id"],
            location=location,
            url=session_url(convention_slug=convention["slug"], session_id=item["id"]),
            convention_slug=convention["slug"],
            convention_name=convention["name"],
        )
    return details


def published_sequence(*, convention_id: int, guid: str) -> int:
    """The SEQUENCE ``schedule.ics`` gives the session in the convention's latest release (0 if unreleased)."""
    release = ScheduleRelease.objects.filter(convention_id=convention_id).order_by("-version").first()
    return session_sequences(release=release).get(guid, 0) if release else 0


def _organizer(convention_name: str) -> tuple[str, str]:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return f"ORGANIZER;CN={parameter_value(convention_name or name, quote_if=CN_QUOTED)}", f"mailto:{address}"


def build_event(
    *,
    details: EventDetails,
    uid: str,
    sequence: int,
    language: str,
    cancelled: bool = False,
    attendee: Registration | None = None,
    participant: tuple[str, str] | None = None,
) -> str:
    """One VEVENT as iCalendar text, times in UTC, properties in the order icalendar writes them.

    ``attendee`` (a registration) or ``participant`` (name, e-mail address) is the person the invite is for."""
    properties = [
        ("SUMMARY", escape_text(details.title(language))),
        ("DTSTART", utc_datetime(details.start)),
        ("DTEND", utc_datetime(details.end)),
        ("DTSTAMP", utc_datetime(timezone.now())),
        ("UID", escape_text(uid)),
        ("SEQUENCE", str(sequence)),
    ]
    if attendee is not None:
        participant = (attendee.full_name, attendee.email)
    if participant is not None:
        name = parameter_value(participant[0], quote_if=CN_QUOTED)
        properties.append(
            (f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE", f"mailto:{participant[1]}")
        )
    properties += [
        ("DESCRIPTION", escape_text(details.abstract(language))),
        ("LOCATION", escape_text(details.location)),
        _organizer(details.convention_name),
        ("STATUS", "CANCELLED" if cancelled else "CONFIRMED"),
        ("URL", details.url),
    ]
    return ics_text.component("VEVENT", properties)


def build_calendar(*, events: Iterable[str], method: str | None = None) -> str:
    """A VCALENDAR around VEVENTs written by ``build_event``."""
    properties = [("VERSION", "2.0"), ("PRODID", escape_text(PRODID)), ("CALSCALE", "GREGORIAN")]
    if method:
        properties.append(("METHOD", escape_text(method)))
    return ics_text.component("VCALENDAR", properties, children=events)


def build_invite(
    *, details: EventDetails, registration: Registration, sequence: int, method: str = CalendarMethod.REQUEST
) -> str:
    """An iTIP message (RFC 5546) for one attendee: METHOD:REQUEST for new/updated, METHOD:CANCEL to remove."""
    cancelled = method == CalendarMethod.CANCEL
    event = build_event(
        details=details,
        uid=session_ical_uid(guid=details.guid),
        sequence=sequence,
        language=registration.language,
        cancelled=cancelled,
        attendee=registration,
    )
    return build_calendar(events=[event], method=method)


def build_personal_feed(*, registration: Registration, release: ScheduleRelease | None, session_ids: set[int]) -> str:
    """The attendee's subscribable calendar: the sessions ``session_ids`` as ``release`` publishes them.

    Each event has the session's UID and the higher of its published SEQUENCE and the last one e-mailed to this
    attendee, so the feed and the invites describe one event and neither looks older than the other.
    """
    if release is None:
        return build_calendar(events=[])
    published = details_from_snapshot(snapshot=release.snapshot)
    sequences = session_sequences(release=release)
    sent = dict(
        CalendarDelivery.objects.filter(registration=registration, session_id__in=session_ids).values_list(
            "session_id", "sequence"
        )
    )
    events = [
        build_event(
            details=details,
            uid=session_ical_uid(guid=details.guid),
            sequence=max(sequences.get(details.guid, 0), sent.get(session_id, 0)),
            language=registration.language,
        )
        for session_id, details in sorted(published.items(), key=lambda item: (item[1].start, item[0]))
        if session_id in session_ids
    ]
    return build_calendar(events=events)


_TEMPLATES = {
    "invite": "calendar_invite",
    "update": "calendar_update",
    "cancel": "calendar_cancel",
}


def _message_for(
    *,
    registration: Registration,
    details: EventDetails,
    sequence: int,
    change: str,
    version: int,
    convention_id: int,
    rendered: dict[tuple[str, str, int], tuple[str, str, str]] | None = None,
    reason: str = "seat",
) -> OutboundMessage:
    """An unsaved outbox row carrying the invite; ``rendered`` caches bodies per (change, language, session)."""
    if reason not in INVITE_REASONS:
        raise ValueError(f"unknown invite reason {reason!r}")
    method = CalendarMethod.CANCEL if change == "cancel" else CalendarMethod.REQUEST
    cache_key = (f"{change}:{reason}", registration.language, details.session_id)
    if rendered is not None and cache_key in rendered:
        subject, body_text, body_html = rendered[cache_key]
    else:
        subject, body_text, body_html = messages.render_message(
            template=_TEMPLATES[change],
            context={
                "details": details,
                "title": details.title(registration.language),
                "lang": registration.language,
                "reason": reason,
            },
            language=registration.language,
        )
        if rendered is not None:
            rendered[cache_key] = (subject, body_text, body_html)
    return OutboundMessage(
        idempotency_key=f"calendar:{change}:{registration.pk}:{details.session_id}:v{version}:s{sequence}",
        kind=f"calendar_{change}",
        recipient=registration.email,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        language=registration.language,
        convention_id=convention_id,
        registration_id=registration.pk,
        calendar_ics=build_invite(details=details, registration=registration, sequence=sequence, method=method),
        calendar_method=method,
    )


def _latest_version(convention_id: int) -> int:
    return (
        ScheduleRelease.objects.filter(convention_id=convention_id)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    )


INVITE_REASONS = ("seat", "bookmark")


def send_invite(*, registration: Registration, session: Session, reason: str = "seat") -> CalendarDelivery | None:
    """Send (or re-send) a METHOD:REQUEST for ``session`` to the attendee, in the caller's transaction.

    ``reason`` says what happened in the e-mail's words: ``"seat"`` (a workshop seat, "your place is
    confirmed") or ``"bookmark"`` (a bookmarked session, "added to your calendar").

    Does nothing when the attendee's calendar already holds the session as it is now. Must run inside the
    transaction that causes the invite (sign-up, promotion, bookmark) so the two commit together.
    """
    if session.start is None or session.end is None:
        return None
    details = details_from_session(session=session)
    delivery = CalendarDelivery.objects.select_for_update().filter(registration=registration, session=session).first()
    if delivery is not None and delivery.method == CalendarMethod.REQUEST and _matches(delivery, details):
        return delivery
    published = published_sequence(convention_id=session.convention_id, guid=details.guid)
    if delivery is None:
        delivery = CalendarDelivery(registration=registration, session=session, sequence=published)
        change = "invite"
    else:
        delivery.sequence = max(delivery.sequence + 1, published)
        change = "invite" if delivery.method == CalendarMethod.CANCEL else "update"
    delivery.method = CalendarMethod.REQUEST
    delivery.start, delivery.end, delivery.room_id = details.start, details.end, details.room_id
    delivery.save()
    message = _message_for(
        registration=registration,
        details=details,
        sequence=delivery.sequence,
        change=change,
        version=_latest_version(session.convention_id),
        convention_id=session.convention_id,
        reason=reason,
    )
    messages.queue_messages(messages=[message])
    return delivery


def send_cancellation(*, registration: Registration, session: Session) -> CalendarDelivery | None:
    """Send METHOD:CANCEL (same UID, next SEQUENCE) if the attendee's calendar holds the session."""
    delivery = CalendarDelivery.objects.select_for_update().filter(registration=registration, session=session).first()
    if delivery is None or delivery.method == CalendarMethod.CANCEL:
        return delivery
    details = dataclasses.replace(details_from_session(session=session), start=delivery.start, end=delivery.end)
    delivery.sequence = max(
        delivery.sequence + 1, published_sequence(convention_id=session.convention_id, guid=details.guid)
    )
    delivery.method = CalendarMethod.CANCEL
    delivery.save(update_fields=["sequence", "method", "updated_at"])
    messages.queue_messages(
        messages=[
            _message_for(
                registration=registration,
                details=details,
                sequence=delivery.sequence,
                change="cancel",
                version=_latest_version(session.convention_id),
                convention_id=session.convention_id,
            )
        ]
    )
    return delivery


def wants_bookmark_invites(*, registration: Registration) -> bool:
    return AttendeePreferences.objects.filter(registration=registration, calendar_invites_for_bookmarks=True).exists()


def holds_session(*, registration: Registration, session: Session) -> bool:
    """Whether the attendee still has a reason to keep the session in their calendar."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return False
    if WorkshopSignup.objects.filter(
        registration=registration, session=session, status=SignupStatus.CONFIRMED
    ).exists():
        return True
    return (
        wants_bookmark_invites(registration=registration)
        and AgendaItem.objects.filter(registration=registration, session=session).exists()
    )


def _matches(delivery: CalendarDelivery, details: EventDetails) -> bool:
    return (delivery.start, delivery.end, delivery.room_id) == (details.start, details.end, details.room_id)


def queue_release_updates(*, release: ScheduleRelease) -> None:
    """Called by ``release_schedule`` inside its transaction: fan the release out to calendars after commit.

    The release request only pays for one broker publish; the updates themselves are written by a task.
    """
    from events import tasks

    def _enqueue() -> None:
        try:
            tasks.fan_out_release_updates.apply_async(kwargs={"release_id": release.pk}, retry=False)
        except Exception:
            # The beat job ``fan_out_pending_releases`` catches up when the broker is back.
            messages.logger.warning("broker unavailable; calendar updates of release %s wait", release.pk)

    transaction.on_commit(_enqueue)


def calendars_out_of_date(*, convention_id: int, published: dict[int, EventDetails]) -> list[tuple[int, int]]:
    """(delivery id, registration id) of every attendee calendar entry that differs from ``published``: moved
    sessions and sessions no longer published. What a release updates, and what its preview counts."""
    rows = CalendarDelivery.objects.filter(session__convention_id=convention_id).exclude(method=CalendarMethod.CANCEL)
    out_of_date = []
    for pk, registration_id, session_id, start, end, room_id in rows.values_list(
        "pk", "registration_id", "session_id", "start", "end", "room_id"
    ):
        details = published.get(session_id)
        if details is None or (start, end, room_id) != (details.start, details.end, details.room_id):
            out_of_date.append((pk, registration_id))
    return out_of_date


def fan_out_release_updates(*, release: ScheduleRelease) -> int:
    """Update every attendee calendar whose copy of a session differs from ``release``; returns messages queued.

    Moved sessions (other start, end or room) get METHOD:REQUEST with the same UID and SEQUENCE+1; sessions
    no longer published (cancelled, unscheduled) get METHOD:CANCEL. Only the latest release is applied, so an
    old task arriving late cannot roll calendars back. Safe to run twice: a calendar that already matches is
    left alone, and idempotency keys carry the schedule version.
    """
    latest = _latest_version(release.convention_id)
    if release.version != latest:
        return 0
    published = details_from_snapshot(snapshot=release.snapshot)
    sequences = session_sequences(release=release)
    candidate_ids = [
        pk for pk, _registration_id in calendars_out_of_date(convention_id=release.convention_id, published=published)
    ]
    # Sessions that left the programme are described from the live table (title, URL) for the cancellation.
    unpublished_ids = set(
        CalendarDelivery.objects.filter(pk__in=candidate_ids).values_list("session_id", flat=True)
    ) - set(published)
    live = {
        session.pk: details_from_session(session=session)
        for session in Session.objects.filter(pk__in=unpublished_ids).select_related("room__hall", "convention")
        if session.start and session.end
    }
    queued = 0
    for offset in range(0, len(candidate_ids), FAN_OUT_CHUNK):
        queued += _apply_release_chunk(
            release=release,
            delivery_ids=candidate_ids[offset : offset + FAN_OUT_CHUNK],
            published=published,
            live=live,
            sequences=sequences,
        )
    from events.services import speaker_calendar  # it builds on this module

    return queued + speaker_calendar.fan_out_release(release=release, published=published, sequences=sequences)


def _apply_release_chunk(
    *,
    release: ScheduleRelease,
    delivery_ids: list[int],
    published: dict[int, EventDetails],
    live: dict,
    sequences: dict[str, int],
) -> int:
    rendered: dict[tuple[str, str, int], tuple[str, str, str]] = {}
    with transaction.atomic():
        deliveries = list(
            CalendarDelivery.objects.select_for_update(of=("self",))
            .filter(pk__in=delivery_ids)
            .exclude(method=CalendarMethod.CANCEL)
            .select_related("registration")
            .order_by("pk")
        )
        outgoing, changed = [], []
        floors: dict[int, int] = {}  # delivery id -> the session's published SEQUENCE (_save_fanned_out)
        for delivery in deliveries:
            details = published.get(delivery.session_id)
            registration = delivery.registration
            if details is not None and _matches(delivery, details):
                continue  # another run got here first
            described = details or live.get(delivery.session_id)
            floor = sequences.get(described.guid, 0) if described else 0
            delivery.sequence = max(delivery.sequence + 1, floor)
            floors[delivery.pk] = floor
            if details is None or registration.status != RegistrationStatus.CONFIRMED:
                old = live.get(delivery.session_id) or published.get(delivery.session_id)
                if old is None:
                    continue
                details = dataclasses.replace(old, start=delivery.start, end=delivery.end)
                delivery.method = CalendarMethod.CANCEL
                change = "cancel"
            else:
                delivery.start, delivery.end, delivery.room_id = details.start, details.end, details.room_id
                change = "update"
            changed.append(delivery)
            outgoing.append(
                _message_for(
                    registration=registration,
                    details=details,
                    sequence=delivery.sequence,
                    change=change,
                    version=release.version,
                    convention_id=release.convention_id,
                    rendered=rendered,
                )
            )
        _save_fanned_out(changed, floors=floors)
        messages.queue_messages(messages=outgoing)
    return len(outgoing)


def _save_fanned_out(deliveries: list[CalendarDelivery], *, floors: dict[int, int]) -> None:
    """Write the new state of locked deliveries: one UPDATE per (method, start, end, room), i.e. per session.

    Each delivery's sequence was raised by one from the locked row, or to the session's published SEQUENCE if
    that is higher, so ``GREATEST(sequence + 1, published)`` writes it. (``bulk_update`` would build a CASE branch
    per row and field: most of a fan-out's CPU.)
    """
    groups: dict[tuple, list[int]] = defaultdict(list)
    for delivery in deliveries:
        key = (delivery.method, delivery.start, delivery.end, delivery.room_id, floors[delivery.pk])
        groups[key].append(delivery.pk)
    now = timezone.now()
    for (method, start, end, room_id, floor), ids in groups.items():
        CalendarDelivery.objects.filter(pk__in=ids).update(
            sequence=Greatest(F("sequence") + 1, Value(floor)),
            method=method,
            start=start,
            end=end,
            room_id=room_id,
            updated_at=now,
        )


def fan_out_recent_releases(*, within: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Apply the latest release of each convention released within ``within``: catches up on fan-outs whose
    task never reached a worker (broker down at release time). Calendars already up to date cost nothing."""
    queued = 0
    recent = ScheduleRelease.objects.filter(released_at__gte=timezone.now() - within)
    for convention_id in sorted(set(recent.values_list("convention_id", flat=True))):
        release = ScheduleRelease.objects.filter(convention_id=convention_id).order_by("-version").first()
        if release is not None:
            queued += fan_out_release_updates(release=release)
    return queued
