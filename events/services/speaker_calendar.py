"""Speakers' calendars: an invite for each confirmed session, updates and cancellations when releases change it.

The attendees' machinery (``events.services.calendar``) with the speaker in the attendee's place: what a
speaker's calendar should hold is what the latest release publishes of the sessions they confirmed. Each
(session, speaker) has its own UID (``speaker_ical_uid``), so the speaker's entry never merges with the public
feed's event of the same session; every update or cancellation carries a higher SEQUENCE than the last one
sent, and never a lower one than the session's published SEQUENCE. ``SpeakerCalendarDelivery`` remembers what
was sent; each message is an outbox row written in the transaction that records it.
"""

import dataclasses

from django.db import transaction

from events.enums import CalendarMethod, SpeakerState
from events.models import (
    OutboundMessage,
    ScheduleRelease,
    Session,
    SessionSpeaker,
    Speaker,
    SpeakerCalendarDelivery,
)
from events.services import messages
from events.services.calendar import (
    EventDetails,
    build_calendar,
    build_event,
    details_from_session,
    details_from_snapshot,
)

_TEMPLATES = {"invite": "calendar_invite", "update": "calendar_update", "cancel": "calendar_cancel"}


def speaker_ical_uid(*, session_guid: str, speaker_guid: str) -> str:
    """The UID of a session in one speaker's calendar: stable for the life of the session and the speaker."""
    return f"{session_guid}-speaker-{speaker_guid}@messe"


def _latest_release(convention_id: int) -> ScheduleRelease | None:
    return ScheduleRelease.objects.filter(convention_id=convention_id).order_by("-version").first()


def build_speaker_invite(*, details: EventDetails, speaker: Speaker, sequence: int, method: str) -> str:
    event = build_event(
        details=details,
        uid=speaker_ical_uid(session_guid=details.guid, speaker_guid=str(speaker.guid)),
        sequence=sequence,
        language=speaker.language,
        cancelled=method == CalendarMethod.CANCEL,
        participant=(speaker.name, speaker.email),
    )
    return build_calendar(events=[event], method=method)


def _message(*, speaker: Speaker, details: EventDetails, sequence: int, change: str, convention_id: int):
    method = CalendarMethod.CANCEL if change == "cancel" else CalendarMethod.REQUEST
    subject, body_text, body_html = messages.render_message(
        template=_TEMPLATES[change],
        context={
            "details": details,
            "title": details.title(speaker.language),
            "lang": speaker.language,
            "reason": "speaker",
        },
        language=speaker.language,
    )
    return OutboundMessage(
        idempotency_key=f"speaker_calendar:{change}:{speaker.pk}:{details.session_id}:s{sequence}",
        kind=f"speaker_calendar_{change}",
        recipient=speaker.email,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        language=speaker.language,
        convention_id=convention_id,
        calendar_ics=build_speaker_invite(details=details, speaker=speaker, sequence=sequence, method=method),
        calendar_method=method,
    )


def _bring_in_line(
    *,
    speaker: Speaker,
    session_id: int,
    delivery: SpeakerCalendarDelivery | None,
    wanted: EventDetails | None,
    old: EventDetails | None,
    floor: int,
    convention_id: int,
) -> OutboundMessage | None:
    """Write the delivery (locked by the caller) so it holds ``wanted`` (``None``: nothing); the message to send."""
    if not speaker.email:
        return None
    if wanted is not None:
        if delivery is None:
            delivery = SpeakerCalendarDelivery(speaker=speaker, session_id=session_id, sequence=floor)
            change = "invite"
        elif delivery.method == CalendarMethod.REQUEST and (delivery.start, delivery.end, delivery.room_id) == (
            wanted.start,
            wanted.end,
            wanted.room_id,
        ):
            return None
        else:
            change = "invite" if delivery.method == CalendarMethod.CANCEL else "update"
            delivery.sequence = max(delivery.sequence + 1, floor)
        delivery.method = CalendarMethod.REQUEST
        delivery.start, delivery.end, delivery.room_id = wanted.start, wanted.end, wanted.room_id
        delivery.save()
        return _message(
            speaker=speaker, details=wanted, sequence=delivery.sequence, change=change, convention_id=convention_id
        )
    if delivery is None or delivery.method == CalendarMethod.CANCEL or old is None:
        return None
    delivery.sequence = max(delivery.sequence + 1, floor)
    delivery.method = CalendarMethod.CANCEL
    delivery.save(update_fields=["sequence", "method", "updated_at"])
    details = dataclasses.replace(old, start=delivery.start, end=delivery.end)
    return _message(
        speaker=speaker, details=details, sequence=delivery.sequence, change="cancel", convention_id=convention_id
    )


def sync_speaker_session(*, speaker: Speaker, session: Session) -> SpeakerCalendarDelivery | None:
    """After the speaker's answer or line-up changed, in the caller's transaction: the speaker's calendar holds
    the session as the latest release publishes it if they confirmed it, and not otherwise."""
    from events.exports.ical import session_sequences

    release = _latest_release(session.convention_id)
    published = details_from_snapshot(snapshot=release.snapshot) if release else {}
    sequences = session_sequences(release=release) if release else {}
    confirmed = SessionSpeaker.objects.filter(speaker=speaker, session=session, state=SpeakerState.CONFIRMED).exists()
    wanted = published.get(session.pk) if confirmed else None
    delivery = SpeakerCalendarDelivery.objects.select_for_update().filter(speaker=speaker, session=session).first()
    old = published.get(session.pk) or (details_from_session(session=session) if delivery is not None else None)
    message = _bring_in_line(
        speaker=speaker,
        session_id=session.pk,
        delivery=delivery,
        wanted=wanted,
        old=old,
        floor=sequences.get(str(session.guid), 0),
        convention_id=session.convention_id,
    )
    if message is not None:
        messages.queue_messages(messages=[message])
    return delivery


def fan_out_release(*, release: ScheduleRelease, published: dict[int, EventDetails], sequences: dict[str, int]) -> int:
    """Called with each release's attendee fan-out: invite speakers to their newly published confirmed sessions,
    update those that moved, cancel those no longer published (or no longer theirs). Returns messages queued;
    safe to run twice (calendars that already match are left alone)."""
    with transaction.atomic():
        confirmed = set(
            SessionSpeaker.objects.filter(
                session__convention_id=release.convention_id,
                session_id__in=list(published),
                state=SpeakerState.CONFIRMED,
            ).values_list("speaker_id", "session_id")
        )
        deliveries = {
            (delivery.speaker_id, delivery.session_id): delivery
            for delivery in SpeakerCalendarDelivery.objects.select_for_update()
            .filter(session__convention_id=release.convention_id)
            .order_by("pk")
        }
        pairs = sorted(confirmed | set(deliveries))
        speakers = Speaker.objects.in_bulk({speaker_id for speaker_id, _ in pairs})
        gone = {session_id for _, session_id in pairs if session_id not in published}
        live = {
            session.pk: details_from_session(session=session)
            for session in Session.objects.filter(pk__in=gone).select_related("room__hall", "convention")
        }
        outgoing = []
        for speaker_id, session_id in pairs:
            details = published.get(session_id)
            old = details or live.get(session_id)
            message = _bring_in_line(
                speaker=speakers[speaker_id],
                session_id=session_id,
                delivery=deliveries.get((speaker_id, session_id)),
                wanted=details if (speaker_id, session_id) in confirmed else None,
                old=old,
                floor=sequences.get(old.guid, 0) if old else 0,
                convention_id=release.convention_id,
            )
            if message is not None:
                outgoing.append(message)
        messages.queue_messages(messages=outgoing)
    return len(outgoing)
