"""Reads for the organizers' session editor: the live programme (drafts included), filtered and searched."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch, Q, QuerySet

from events.models import Convention, Session, SessionSpeaker


@dataclass(frozen=True)
class SessionQuery:
    """What the organizer filters by; empty values filter nothing. ``room``/``track`` take ``"none"`` for
    sessions without one."""

    day: dt.date | None = None
    room: str = ""
    track: str = ""
    status: str = ""
    text: str = ""


def editor_sessions(*, convention: Convention, query: SessionQuery) -> QuerySet[Session]:
    """The convention's sessions (every status) matching ``query``, by start (unscheduled last), with room,
    track and line-up loaded; the number of queries does not grow with the sessions listed."""
    sessions = Session.objects.filter(convention=convention)
    if query.day is not None:
        zone = ZoneInfo(convention.time_zone)
        day_start = dt.datetime.combine(query.day, dt.time.min, tzinfo=zone)
        sessions = sessions.filter(start__gte=day_start, start__lt=day_start + dt.timedelta(days=1))
    for name in ("room", "track"):
        value = getattr(query, name)
        if value == "none":
            sessions = sessions.filter(**{f"{name}__isnull": True})
        elif value:
            sessions = sessions.filter(**{f"{name}_id": value})
    if query.status:
        sessions = sessions.filter(status=query.status)
    if query.text:
        words = query.text.split()
        for word in words[:8]:
            sessions = sessions.filter(
                Q(title_de__icontains=word)
                | Q(title_en__icontains=word)
                | Q(abstract_de__icontains=word)
                | Q(abstract_en__icontains=word)
                | Q(session_speakers__speaker__name__icontains=word)
            )
        sessions = sessions.distinct()
    line_up = SessionSpeaker.objects.select_related("speaker").order_by("position", "pk")
    return (
        sessions.select_related("room", "track")
        .prefetch_related(Prefetch("session_speakers", queryset=line_up))
        .order_by(F("start").asc(nulls_last=True), "room__position", "pk")
    )


def editor_session(*, convention: Convention, session_id: int) -> Session | None:
    """One session of ``convention`` with its room, track and line-up, or ``None``."""
    line_up = SessionSpeaker.objects.select_related("speaker").order_by("position", "pk")
    return (
        Session.objects.filter(convention=convention, pk=session_id)
        .select_related("room", "track", "convention")
        .prefetch_related(Prefetch("session_speakers", queryset=line_up))
        .first()
    )
