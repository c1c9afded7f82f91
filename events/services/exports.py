"""Public schedule exports of a release: c3voc ``schedule.json``, frab ``schedule.xml`` and iCalendar.

Everything is rendered from the release's frozen ``snapshot`` (never from the live tables), so an export of a
release never changes. That lets ``rendered_export`` keep the rendered bytes (plain and gzip-compressed) in the
Django cache keyed by release id and format, and lets the views answer ``If-None-Match`` from the release
version alone (``export_etag``).

Formats: https://c3voc.de/wiki/schedule (schema.json and schedule.xml.xsd); RFC 5545 for iCalendar.
"""

import datetime as dt
import gzip
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.utils.text import slugify
from lxml import etree

from events.enums import RoomKind, SessionFormat
from events.models import ScheduleRelease

# Bump when the rendering changes, so cached bytes and clients' ETags of older renderings are not reused.
RENDER_REVISION = "1"
CACHE_SECONDS = 24 * 3600  # releases are immutable; the limit only bounds memory held for old releases
GENERATOR = {"name": "Messe", "version": RENDER_REVISION}
# Rooms have no GUID of their own; derive a stable one from the room's id.
ROOM_GUID_NAMESPACE = UUID("6f1c1d2e-3c8a-5a43-9b0e-6d6573736572")
C3VOC_ROOM_TYPES = {RoomKind.STAGE: "stage", RoomKind.WORKSHOP_ROOM: "workshop"}


@dataclass(frozen=True)
class RenderedExport:
    content_type: str
    body: bytes
    gzipped: bytes


def session_ical_uid(*, guid: str) -> str:
    """The iCalendar UID of a session: stable for its whole life, in every feed and invitation."""
    return f"{guid}@messe"


def session_sequences(*, release: ScheduleRelease) -> dict[str, int]:
    """iCalendar SEQUENCE per session GUID at ``release``: how often it was moved or changed in a release since
    it was first published. Calendars apply an update of an event only when its SEQUENCE grows."""
    sequences: dict[str, int] = {}
    changelogs = ScheduleRelease.objects.filter(
        convention_id=release.convention_id, version__lte=release.version
    ).values_list("changelog", flat=True)
    for changelog in changelogs:
        revised = {entry["guid"] for kind in ("moved", "changed") for entry in changelog.get(kind, [])}
        for guid in revised:
            sequences[guid] = sequences.get(guid, 0) + 1
    return sequences


def export_etag(*, convention_id: int, version: int, format: str) -> str:
    """A strong ETag for one format of one release (the body of a release's export never changes)."""
    digest = hashlib.sha256(
        f"{convention_id}:{version}:{format}:{RENDER_REVISION}:{settings.SITE_URL}".encode()
    ).hexdigest()
    return f'"{digest[:24]}"'


def rendered_export(*, release_id: int, format: str) -> RenderedExport:
    """The rendered export of a release, from the cache when it is there (rendered and cached otherwise)."""
    key = f"messe:schedule-export:{RENDER_REVISION}:{release_id}:{format}"
    cached = cache.get(key)
    if cached is None:
        release = ScheduleRelease.objects.get(pk=release_id)
        content_type, render = RENDERERS[format]
        body = render(release)
        cached = RenderedExport(content_type=content_type, body=body, gzipped=gzip.compress(body, mtime=0))
        cache.set(key, cached, CACHE_SECONDS)
    return cached


# --- A programme read from a snapshot, in the convention's local time --------------------------------------


@dataclass
class _Day:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    sessions_by_room: dict[int, list[dict[str, Any]]]


class _Programme:
    def __init__(self, release: ScheduleRelease):
        snapshot = release.snapshot
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

    def _days(self, opening_hours: list[dict[str, str]]) -> list[_Day]:
        hours = {entry["date"]: entry for entry in opening_hours}
        dates = {session["_start"].date() for session in self.sessions}
        day = dt.date.fromisoformat(self.convention["start_date"])
        while day <= dt.date.fromisoformat(self.convention["end_date"]):
            dates.add(day)
            day += dt.timedelta(days=1)
        days = []
        for index, date in enumerate(sorted(dates), start=1):
            entry = hours.get(date.isoformat())
            opens, closes = (entry["opens_at"], entry["closes_at"]) if entry else ("00:00", "23:59")
            start = dt.datetime.combine(date, dt.time.fromisoformat(opens), tzinfo=self.zone)
            end = dt.datetime.combine(date, dt.time.fromisoformat(closes), tzinfo=self.zone)
            sessions = [session for session in self.sessions if session["_start"].date() == date]
            for session in sessions:
                start, end = min(start, session["_start"]), max(end, session["_end"])
            by_room: dict[int, list[dict[str, Any]]] = {room["id"]: [] for room in self.rooms}
            for session in sessions:
                by_room.setdefault(session["room_id"], []).append(session)
            days.append(_Day(index=index, date=date, start=start, end=end, sessions_by_room=by_room))
        return days

    def text(self, record: dict[str, Any], field: str, language: str | None = None) -> str:
        first, second = ("de", "en") if (language or self.language) == "de" else ("en", "de")
        return record.get(f"{field}_{first}") or record.get(f"{field}_{second}") or ""

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
        return f"{self.base_url}sessions/{session['id']}/"

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


def _duration(session: dict[str, Any]) -> str:
    minutes = int((session["_end"] - session["_start"]).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- schedule.json (c3voc) ----------------------------------------------------------------------------------


def render_schedule_json(release: ScheduleRelease) -> bytes:
    programme = _Programme(release)
    convention = programme.convention
    conference: dict[str, Any] = {
        "acronym": _json_acronym(convention["acronym"]),
        "title": convention["name"],
        "start": convention["start_date"],
        "end": convention["end_date"],
        "daysCount": len(programme.days),
        "timeslot_duration": "00:05",
        "time_zone_name": convention["time_zone"],
        "tracks": [
            {"name": programme.text(track, "name"), "slug": programme.track_slug(track), "color": track["color"]}
            for track in programme.tracks_by_id.values()
        ],
        "rooms": [_json_room(programme, room) for room in programme.rooms],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.isoformat(),
                "day_end": day.end.isoformat(),
                "rooms": {
                    programme.room_name(room_id): [_json_event(programme, session) for session in sessions]
                    for room_id, sessions in day.sessions_by_room.items()
                },
            }
            for day in programme.days
        ],
    }
    if convention.get("website"):
        conference["url"] = convention["website"]
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": GENERATOR,
        "schedule": {"version": programme.version, "base_url": programme.base_url, "conference": conference},
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


C3VOC_JSON_ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")


def _json_acronym(acronym: str) -> str:
    # schema.json is stricter than the XSD about dashes ("sccon-2025" fails): fall back to underscores there.
    return acronym if C3VOC_JSON_ACRONYM.match(acronym) else acronym[0] + acronym[1:].replace("-", "_")


def _json_room(programme: _Programme, room: dict[str, Any]) -> dict[str, Any]:
    hall = programme.halls_by_id.get(room["hall_id"])
    return {
        "name": room["name"],
        "guid": programme.room_guid(room["id"]),
        "type": C3VOC_ROOM_TYPES.get(room["kind"], "other"),
        "capacity": room["capacity"],
        "description": hall["name"] if hall else None,
    }


def _json_event(programme: _Programme, session: dict[str, Any]) -> dict[str, Any]:
    language = session["language"]
    return {
        "id": session["id"],
        "guid": session["guid"],
        "date": session["_start"].isoformat(),
        "start": f"{session['_start']:%H:%M}",
        "end": session["_end"].isoformat(),
        "duration": _duration(session),
        "room": programme.room_name(session["room_id"]),
        "slug": programme.event_slug(session),
        "url": programme.session_url(session),
        "title": programme.text(session, "title", language),
        "subtitle": "",
        "track": programme.track_name(session["track_id"]),
        "type": programme.session_type(session),
        "language": language,
        "abstract": programme.text(session, "abstract", language),
        "persons": [
            {
                "id": speaker["id"],
                "guid": speaker["guid"],
                "public_name": speaker["name"],
                "biography": programme.text(speaker, "bio", language),
                "organization": speaker["organization"],
                "role": role,
            }
            for speaker, role in programme.persons(session)
        ],
        "links": [],
        "attachments": [],
    }


# --- schedule.xml (frab) ------------------------------------------------------------------------------------


def render_schedule_xml(release: ScheduleRelease) -> bytes:
    programme = _Programme(release)
    convention = programme.convention
    root = etree.Element("schedule")
    etree.SubElement(root, "generator", name=GENERATOR["name"], version=GENERATOR["version"])
    etree.SubElement(root, "url").text = f"{programme.base_url}schedule.xml"
    etree.SubElement(root, "version").text = programme.version
    conference = etree.SubElement(root, "conference")
    for tag, value in (
        ("title", convention["name"]),
        ("acronym", convention["acronym"]),
        ("start", convention["start_date"]),
        ("end", convention["end_date"]),
        ("days", str(len(programme.days))),
        ("timeslot_duration", "00:05"),
        ("base_url", programme.base_url),
        ("time_zone_name", convention["time_zone"]),
    ):
        etree.SubElement(conference, tag).text = value
    if convention.get("website", "").startswith(("http://", "https://")):
        etree.SubElement(conference, "url").text = convention["website"]
    for track in programme.tracks_by_id.values():
        etree.SubElement(
            conference,
            "track",
            name=programme.text(track, "name"),
            color=track["color"],
            slug=programme.track_slug(track),
        )
    for day in programme.days:
        day_element = etree.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start.isoformat(),
            end=day.end.isoformat(),
        )
        for room_id, sessions in day.sessions_by_room.items():
            room_element = etree.SubElement(
                day_element, "room", name=programme.room_name(room_id), guid=programme.room_guid(room_id)
            )
            for session in sessions:
                _xml_event(programme, room_element, session)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xml_event(programme: _Programme, parent: etree._Element, session: dict[str, Any]) -> None:
    language = session["language"]
    event = etree.SubElement(parent, "event", id=str(session["id"]), guid=session["guid"])
    for tag, value in (
        ("date", session["_start"].isoformat()),
        ("start", f"{session['_start']:%H:%M}"),
        ("duration", _duration(session)),
        ("room", programme.room_name(session["room_id"])),
        ("slug", programme.event_slug(session)),
        ("url", programme.session_url(session)),
        ("title", programme.text(session, "title", language)),
        ("subtitle", ""),
        ("track", programme.track_name(session["track_id"]) or ""),
        ("type", programme.session_type(session)),
        ("language", language),
        ("abstract", programme.text(session, "abstract", language)),
    ):
        etree.SubElement(event, tag).text = value
    persons = etree.SubElement(event, "persons")
    for speaker, _role in programme.persons(session):
        etree.SubElement(persons, "person", id=str(speaker["id"]), guid=speaker["guid"]).text = speaker["name"]
    etree.SubElement(event, "links")
    etree.SubElement(event, "attachments")


# --- schedule.ics -------------------------------------------------------------------------------------------


def render_schedule_ics(release: ScheduleRelease) -> bytes:
    programme = _Programme(release)
    convention = programme.convention
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Messe//Schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{convention['name']} ({programme.version})")
    stamp = release.released_at.astimezone(dt.UTC)
    sequences = session_sequences(release=release)
    for session in programme.sessions:
        language = session["language"]
        event = icalendar.Event()
        event.add("uid", session_ical_uid(guid=session["guid"]))
        event.add("dtstamp", stamp)
        event.add("sequence", sequences.get(session["guid"], 0))
        event.add("dtstart", session["_start"])
        event.add("dtend", session["_end"])
        event.add("summary", programme.text(session, "title", language))
        names = ", ".join(speaker["name"] for speaker, _role in programme.persons(session))
        description = "\n\n".join(part for part in (programme.text(session, "abstract", language), names) if part)
        if description:
            event.add("description", description)
        event.add("location", programme.location(session["room_id"]))
        event.add("url", programme.session_url(session))
        track = programme.track_name(session["track_id"])
        if track:
            event.add("categories", [track])
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    # Transitions of the convention's years only: a full 1970–2038 VTIMEZONE is ~3 KB of noise per feed.
    calendar.add_missing_timezones(
        first_date=dt.date(int(convention["start_date"][:4]), 1, 1),
        last_date=dt.date(int(convention["end_date"][:4]) + 1, 1, 1),
    )
    return calendar.to_ical()


RENDERERS: dict[str, tuple[str, Callable[[ScheduleRelease], bytes]]] = {
    "json": ("application/json", render_schedule_json),
    "xml": ("application/xml; charset=utf-8", render_schedule_xml),
    "ics": ("text/calendar; charset=utf-8", render_schedule_ics),
}
