"""The released programme as the public pages show it, in one language.

Built from a release's frozen snapshot through ``events.exports.programme.Programme`` (the same reading of the
snapshot the exports use), so the pages never show a draft, a cancelled session or an unreleased change.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.exports.programme import Programme
from events.models import ScheduleRelease

FORMAT_LABELS = {
    "keynote": _("Keynote"),
    "panel": _("Panel"),
    "talk": _("Talk"),
    "workshop": _("Workshop"),
    "booth_talk": _("Booth talk"),
}
LANGUAGE_LABELS = {"de": _("German"), "en": _("English")}
ROLE_LABELS = {"speaker": _("Speaker"), "moderator": _("Moderator"), "panelist": _("Panelist")}


@dataclass
class SessionEntry:
    id: int
    guid: str
    title: str
    abstract: str
    start: dt.datetime
    end: dt.datetime
    format: str
    format_label: str
    language: str
    language_label: str
    track_id: int | None
    track_name: str | None
    track_color: str
    room_id: int
    room_name: str
    hall_name: str
    exhibitor_id: int | None
    speakers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def date(self) -> dt.date:
        return self.start.date()


# The timetable of a day is a CSS grid of 5-minute rows, so a session's height shows its length.
SLOT_MINUTES = 5
LABEL_MINUTES = 30


@dataclass
class PlacedSession:
    """A session's cell in the timetable: grid row (1 is the room header), its span in slots, grid column."""

    session: SessionEntry
    row: int
    span: int
    column: int


@dataclass
class Timetable:
    rows: int
    labels: list[tuple[int, str]]
    placed: list[PlacedSession]


def timetable(sessions: list[SessionEntry], column: dict[int, int]) -> Timetable:
    """Place ``sessions`` (one day, in start order) on a grid of ``SLOT_MINUTES`` rows from the half hour
    before the first start to the last end; ``column`` maps room id → 0-based room column."""
    first = min(session.start for session in sessions)
    last = max(session.end for session in sessions)
    origin = first.replace(minute=first.minute - first.minute % LABEL_MINUTES, second=0, microsecond=0)
    slot = dt.timedelta(minutes=SLOT_MINUTES)

    def slot_of(moment: dt.datetime) -> int:
        return int((moment - origin) // slot)

    rows = max(-(-(last - origin) // slot), 1)
    labels = []
    moment = origin
    while moment < last:
        labels.append((slot_of(moment) + 2, f"{moment:%H:%M}"))
        moment += dt.timedelta(minutes=LABEL_MINUTES)
    placed = [
        PlacedSession(
            session=session,
            row=slot_of(session.start) + 2,
            span=max(-(-(session.end - session.start) // slot), 1),
            column=column[session.room_id] + 2,
        )
        for session in sessions
    ]
    return Timetable(rows=rows, labels=labels, placed=placed)


@dataclass
class ProgrammeDay:
    date: dt.date
    label: str
    sessions: list[SessionEntry]
    rooms: list[dict[str, Any]]
    rows: list[tuple[str, list[list[SessionEntry]]]]
    timetable: Timetable | None = None


class ProgrammePage:
    """Sessions, days, rooms, tracks and speakers of one release, with texts in ``language``."""

    def __init__(self, release: ScheduleRelease, language: str):
        programme = Programme(release)
        self.release = release
        self.language = language
        self.convention = programme.convention
        self.rooms = programme.rooms
        self.tracks = [
            {"id": track["id"], "name": programme.text(track, "name", language), "color": track["color"]}
            for track in programme.tracks_by_id.values()
        ]
        self.speakers = {
            speaker["id"]: speaker | {"bio": programme.text(speaker, "bio", language)}
            for speaker in programme.speakers_by_id.values()
        }
        self.sessions = [self._entry(programme, session) for session in programme.sessions]
        self.sessions_by_id = {session.id: session for session in self.sessions}
        self.dates = [day.date for day in programme.days]

    def _entry(self, programme: Programme, session: dict[str, Any]) -> SessionEntry:
        room = programme.rooms_by_id[session["room_id"]]
        hall = programme.halls_by_id.get(room["hall_id"])
        track = programme.tracks_by_id.get(session["track_id"])
        return SessionEntry(
            id=session["id"],
            guid=session["guid"],
            title=programme.text(session, "title", self.language),
            abstract=programme.text(session, "abstract", self.language),
            start=session["_start"],
            end=session["_end"],
            format=session["format"],
            format_label=str(FORMAT_LABELS.get(session["format"], session["format"])),
            language=session["language"],
            language_label=str(LANGUAGE_LABELS.get(session["language"], session["language"])),
            track_id=session["track_id"] if track else None,
            track_name=programme.text(track, "name", self.language) if track else None,
            track_color=(track or {}).get("color") or "",
            room_id=room["id"],
            room_name=room["name"],
            hall_name=hall["name"] if hall else "",
            exhibitor_id=session["exhibitor_id"],
            speakers=[
                {
                    "id": speaker["id"],
                    "name": speaker["name"],
                    "organization": speaker["organization"],
                    "role": role,
                    "role_label": str(ROLE_LABELS.get(role, role)),
                }
                for speaker, role in programme.persons(session)
            ],
        )

    def filter(self, *, day: dt.date | None, track_id: int | None, format: str, language: str) -> list[SessionEntry]:
        return [
            session
            for session in self.sessions
            if (day is None or session.date == day)
            and (track_id is None or session.track_id == track_id)
            and (not format or session.format == format)
            and (not language or session.language == language)
        ]

    def days(self, sessions: list[SessionEntry]) -> list[ProgrammeDay]:
        """``sessions`` grouped by day; each day as a grid of start times × rooms that have a session."""
        by_date: dict[dt.date, list[SessionEntry]] = {}
        for session in sessions:
            by_date.setdefault(session.date, []).append(session)
        days = []
        for date in sorted(by_date):
            day_sessions = by_date[date]
            used_rooms = {session.room_id for session in day_sessions}
            rooms = [room for room in self.rooms if room["id"] in used_rooms]
            column = {room["id"]: index for index, room in enumerate(rooms)}
            rows: dict[str, list[list[SessionEntry]]] = {}
            for session in day_sessions:
                cells = rows.setdefault(f"{session.start:%H:%M}", [[] for _room in rooms])
                cells[column[session.room_id]].append(session)
            days.append(
                ProgrammeDay(
                    date=date,
                    label=f"{date_format(date, 'l')}, {date_format(date, 'DATE_FORMAT')}",
                    sessions=day_sessions,
                    rooms=rooms,
                    rows=sorted(rows.items()),
                    timetable=timetable(
                        sorted(day_sessions, key=lambda session: (session.start, column[session.room_id])), column
                    ),
                )
            )
        return days

    def sessions_of_speaker(self, speaker_id: int) -> list[SessionEntry]:
        return [s for s in self.sessions if any(p["id"] == speaker_id for p in s.speakers)]
