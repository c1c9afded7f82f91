"""A release's programme as the exports need it: days, rooms and sessions in the convention's local time."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.text import slugify

from events.bilingual import field_in
from events.enums import SessionFormat
from events.models import ScheduleRelease
from events.text import clean_data

# Bump when the rendering changes, so cached bytes and clients' ETags of older renderings are not reused.
RENDER_REVISION = "2"
GENERATOR = {"name": "Messe", "version": RENDER_REVISION}
# Rooms have no GUID of their own; derive a stable one from the room's id.
ROOM_GUID_NAMESPACE = UUID("6f1c1d2e-3c8a-5a43-9b0e-6d6573736572")


@dataclass
class Day:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    sessions_by_room: dict[int, list[dict[str, Any]]]


class Programme:
    def __init__(self, release: ScheduleRelease):
        # A snapshot written before input was cleaned may hold control characters; no export may fail on them.
        snapshot = clean_data(release.snapshot)
        self.release = release
        self.convention = snapshot["convention"]
        self.zone = ZoneInfo(self.convention["time_zone"])
        self.language = (self.convention.get("languages") or ["en"])[0]
        self.rooms = snapshot["rooms"]
        self.rooms_by_id = {room["id"]: room for room in self.rooms}
        self.halls_by_id = {hall["id"]: hall for hall in snapshot["halls"]}
        self.tracks_by_id = {track["id"]: track for track in snapshot["tracks"]}
        self.speakers_by_id = {speaker["id"]: speaker for speaker in snapshot["speakers"]}
        # Services keep a session's room in its convention; data written around them must not break an export.
        self.sessions = [session for session in snapshot["sessions"] if session["room_id"] in self.rooms_by_id]
        for session in self.sessions:
            session["_start"] = dt.datetime.fromisoformat(session["start"]).astimezone(self.zone)
            session["_end"] = dt.datetime.fromisoformat(session["end"]).astimezone(self.zone)
        self.base_url = f"{settings.SITE_URL}/api/v1/events/{self.convention['slug']}/"
        self.days = self._days(snapshot.get("opening_hours", []))

    def _days(self, opening_hours: list[dict[str, Any]]) -> list[Day]:
        hours = {entry["date"]: entry for entry in opening_hours}
        for session in self.sessions:
            session["_day"] = self._day_of(session["_start"], hours)
        dates = {session["_day"] for session in self.sessions}
        day = dt.date.fromisoformat(self.convention["start_date"])
        while day <= dt.date.fromisoformat(self.convention["end_date"]):
            dates.add(day)
            day += dt.timedelta(days=1)
        days = []
        for index, date in enumerate(sorted(dates), start=1):
            entry = hours.get(date.isoformat())
            opens, closes = (entry["opens_at"], entry["closes_at"]) if entry else ("00:00", "23:59")
            start = dt.datetime.combine(date, dt.time.fromisoformat(opens), tzinfo=self.zone)
            closing_day = date + dt.timedelta(days=1) if entry and entry.get("closes_next_day") else date
            end = dt.datetime.combine(closing_day, dt.time.fromisoformat(closes), tzinfo=self.zone)
            sessions = [session for session in self.sessions if session["_day"] == date]
            for session in sessions:
                start, end = min(start, session["_start"]), max(end, session["_end"])
            by_room: dict[int, list[dict[str, Any]]] = {room["id"]: [] for room in self.rooms}
            for session in sessions:
                by_room.setdefault(session["room_id"], []).append(session)
            days.append(Day(index=index, date=date, start=start, end=end, sessions_by_room=by_room))
        return days

    def _day_of(self, start: dt.datetime, hours: dict[str, dict[str, Any]]) -> dt.date:
        """The convention day a session belongs to: the day before when that day's night reaches past it."""
        previous = start.date() - dt.timedelta(days=1)
        entry = hours.get(previous.isoformat())
        if entry and entry.get("closes_next_day") and start.time() < dt.time.fromisoformat(entry["closes_at"]):
            return previous
        return start.date()

    def text(self, record: dict[str, Any], field: str, language: str | None = None) -> str:
        return field_in(record, field, language or self.language)

    def room_name(self, room_id: int) -> str:
        return self.rooms_by_id[room_id]["name"]

    def room_guid(self, room_id: int) -> str:
        return str(uuid5(ROOM_GUID_NAMESPACE, str(room_id)))

    def location(self, room_id: int) -> str:
        room = self.rooms_by_id[room_id]
        hall = self.halls_by_id.get(room["hall_id"])
        return f"{room['name']}, {hall['name']}" if hall else room["name"]

    def track_name(self, track_id: int | None) -> str | None:
        return self.text(self.tracks_by_id[track_id], "name") if track_id in self.tracks_by_id else None

    def track_slug(self, track: dict[str, Any]) -> str:
        # frab track slugs start with a letter and hold only [a-z0-9-].
        slug = slugify(self.text(track, "name")).replace("_", "-").strip("-")
        return slug if slug[:1].isalpha() and len(slug) >= 2 else f"track-{track['id']}"

    def event_slug(self, session: dict[str, Any]) -> str:
        # "<acronym>-<id>-<title>" as frab writes it; [a-z0-9_] before the first dash, ends alphanumeric.
        title = slugify(self.text(session, "title", session["language"]))[:60].strip("-_") or "session"
        return f"{self.convention['acronym'].replace('-', '_')}-{session['id']}-{title}"

    def session_url(self, session: dict[str, Any]) -> str:
        """The session's HTML page: what a person following the link from an app or a calendar wants to see."""
        return f"{settings.SITE_URL}/events/{self.convention['slug']}/sessions/{session['id']}/"

    def session_type(self, session: dict[str, Any]) -> str:
        try:
            return str(SessionFormat(session["format"]).label)
        except ValueError:
            return session["format"]

    def persons(self, session: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
        return [
            (self.speakers_by_id[role["id"]], role["role"])
            for role in session["speakers"]
            if role["id"] in self.speakers_by_id
        ]

    @property
    def version(self) -> str:
        return f"v{self.release.version}"


def duration(session: dict[str, Any]) -> str:
    minutes = int((session["_end"] - session["_start"]).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
