"""Building the programme: creating, moving and cancelling sessions.

The scheduling rules (room clashes, opening hours, valid time ranges) are enforced here, inside the
transaction that writes the session.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from events.enums import Language, SessionFormat, SessionStatus, SpeakerRole
from events.models import Convention, Exhibitor, Room, Session, SessionSpeaker, Speaker, Track

SESSION_FIELDS = {
    "title_de",
    "title_en",
    "abstract_de",
    "abstract_en",
    "format",
    "track",
    "room",
    "start",
    "end",
    "language",
    "capacity",
    "expected_attendance",
    "status",
    "exhibitor",
}


def create_session(
    *,
    convention: Convention,
    title_de: str = "",
    title_en: str = "",
    abstract_de: str = "",
    abstract_en: str = "",
    format: str = SessionFormat.TALK,
    track: Track | None = None,
    room: Room | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    language: str = Language.GERMAN,
    capacity: int | None = None,
    expected_attendance: int | None = None,
    status: str = SessionStatus.DRAFT,
    exhibitor: Exhibitor | None = None,
    speakers: list[tuple[Speaker, str]] | None = None,
) -> Session:
    """Create a session; ``speakers`` is a list of (speaker, role) in the order they appear."""
    with transaction.atomic():
        session = Session(
            convention=convention,
            title_de=title_de,
            title_en=title_en,
            abstract_de=abstract_de,
            abstract_en=abstract_en,
            format=format,
            track=track,
            room=room,
            start=start,
            end=end,
            language=language,
            capacity=capacity,
            expected_attendance=expected_attendance,
            status=status,
            exhibitor=exhibitor,
        )
        session.save()
        if speakers is not None:
            set_session_speakers(session=session, speakers=speakers)
    return session


def update_session(*, session: Session, speakers: list[tuple[Speaker, str]] | None = None, **changes: Any) -> Session:
    """Change fields of a session (any of ``SESSION_FIELDS``); ``speakers`` replaces the line-up if given."""
    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    with transaction.atomic():
        for field, value in changes.items():
            setattr(session, field, value)
        session.save()
        if speakers is not None:
            set_session_speakers(session=session, speakers=speakers)
    return session


def cancel_session(*, session: Session) -> Session:
    """Mark a session cancelled; the next release lists it as cancelled."""
    return update_session(session=session, status=SessionStatus.CANCELLED)


def set_session_speakers(*, session: Session, speakers: list[tuple[Speaker, str]]) -> None:
    SessionSpeaker.objects.filter(session=session).delete()
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=speaker, role=role or SpeakerRole.SPEAKER, position=index)
        for index, (speaker, role) in enumerate(speakers)
    )
