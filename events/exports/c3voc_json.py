"""c3voc ``schedule.json`` (https://c3voc.de/schedule/schema.json)."""

import json
import re
from typing import Any

from events.enums import RoomKind
from events.exports.programme import GENERATOR, Programme, duration
from events.models import ScheduleRelease

C3VOC_ROOM_TYPES = {RoomKind.STAGE: "stage", RoomKind.WORKSHOP_ROOM: "workshop"}


def render_schedule_json(release: ScheduleRelease) -> bytes:
    programme = Programme(release)
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


def _json_room(programme: Programme, room: dict[str, Any]) -> dict[str, Any]:
    hall = programme.halls_by_id.get(room["hall_id"])
    return {
        "name": room["name"],
        "guid": programme.room_guid(room["id"]),
        "type": C3VOC_ROOM_TYPES.get(room["kind"], "other"),
        "capacity": room["capacity"],
        "description": hall["name"] if hall else None,
    }


def _json_event(programme: Programme, session: dict[str, Any]) -> dict[str, Any]:
    language = session["language"]
    return {
        "id": session["id"],
        "guid": session["guid"],
        "date": session["_start"].isoformat(),
        "start": f"{session['_start']:%H:%M}",
        "end": session["_end"].isoformat(),
        "duration": duration(session),
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
