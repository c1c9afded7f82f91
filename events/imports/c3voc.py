"""c3voc ``schedule.json`` (pretalx) and ``schedule.xml`` (frab) into a ``Schedule``.

Real files are imperfect (frab writes base64 GUIDs, pretalx gives two rooms one GUID, a night session's date is
the next calendar day): the reader keeps going and notes what it had to map; a value it cannot read at all (a
start time that is no time) is a problem of that event only.
"""

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _
from lxml import etree

from events.dates import message_date
from events.imports import values
from events.imports.records import Day, Event, FileUnreadable, Person, Schedule

MAX_EVENTS = 5000


def read_schedule(data: bytes) -> Schedule:
    """Read a schedule file of either kind, told apart by its first character."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return read_schedule_xml(data)
    if head in (b"{", b"["):
        return read_schedule_json(data)
    raise FileUnreadable(_("The file is neither a schedule.json nor a schedule.xml."))


def _zone_name(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return raw


def _date(raw: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw or "")[:10])
    except ValueError:
        return None


def _datetime(raw: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(raw or ""))
    except ValueError:
        return None


def _event(
    *,
    row: int,
    raw_id: str,
    raw_guid: str,
    fields: dict[str, str],
    persons: list[Person],
    day: dt.date | None,
    room: str,
) -> Event:
    notes: list[str] = []
    problems: list[str] = []
    guid, note = values.guid(raw_guid)
    if note:
        notes.append(note)
    start = _datetime(fields.get("date"))
    if start is not None and start.tzinfo is None:
        start = None
    if start is None:
        problems.append(
            _("start “%(value)s” is not a date and time with an offset") % {"value": fields.get("date", "")}
        )
    length = values.duration(fields.get("duration", ""))
    if length is None:
        problems.append(_("duration “%(value)s” is not HH:MM") % {"value": fields.get("duration", "")})
    if start is not None and day is not None and start.date() != day:
        notes.append(
            _("starts %(time)s on %(date)s, after midnight: kept on the day of %(day)s")
            % {"time": f"{start:%H:%M}", "date": message_date(start.date()), "day": message_date(day)}
        )
    return Event(
        row=row,
        external_id=raw_guid.strip() or f"id:{raw_id}",
        guid=guid,
        title=fields.get("title", "").strip(),
        subtitle=fields.get("subtitle", "").strip(),
        abstract=fields.get("abstract", "").strip() or fields.get("description", "").strip(),
        start=start,
        duration=length,
        room=(fields.get("room") or room).strip(),
        track=fields.get("track", "").strip(),
        type=fields.get("type", "").strip(),
        language=fields.get("language", "").strip(),
        day=day,
        persons=persons,
        notes=notes,
        problems=problems,
    )


def _too_many(count: int) -> None:
    if count > MAX_EVENTS:
        raise FileUnreadable(_("The file holds more than %(count)s events.") % {"count": MAX_EVENTS})


# --- schedule.json ------------------------------------------------------------------------------------------


def read_schedule_json(data: bytes) -> Schedule:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileUnreadable(_("The file is not valid JSON: %(error)s.") % {"error": error}) from None
    conference = document.get("schedule", {}).get("conference") if isinstance(document, dict) else None
    if not isinstance(conference, dict):
        raise FileUnreadable(_("The JSON file has no schedule.conference: it is not a c3voc schedule.json."))
    notes: list[str] = []
    zone = _zone_name(str(conference.get("time_zone_name") or ""))
    rooms: list[str] = [str(room.get("name", "")).strip() for room in conference.get("rooms") or [] if room]
    tracks = {
        str(track.get("name", "")).strip(): str(track.get("color") or "")
        for track in conference.get("tracks") or []
        if isinstance(track, dict) and track.get("name")
    }
    room_guids = [room.get("guid") for room in conference.get("rooms") or [] if room and room.get("guid")]
    if len(room_guids) != len(set(room_guids)):
        notes.append(_("several rooms share one GUID: rooms are told apart by their names"))
    days: list[Day] = []
    events: list[Event] = []
    for raw_day in conference.get("days") or []:
        if not isinstance(raw_day, dict):
            continue
        date = _date(raw_day.get("date"))
        if date is not None:
            days.append(
                Day(date=date, start=_datetime(raw_day.get("day_start")), end=_datetime(raw_day.get("day_end")))
            )
        for room_name, raw_events in (raw_day.get("rooms") or {}).items():
            if str(room_name).strip() and str(room_name).strip() not in rooms:
                rooms.append(str(room_name).strip())
            for raw in raw_events or []:
                if not isinstance(raw, dict):
                    continue
                _too_many(len(events) + 1)
                events.append(
                    _event(
                        row=len(events) + 1,
                        raw_id=str(raw.get("id", "")),
                        raw_guid=str(raw.get("guid") or ""),
                        fields={key: "" if raw.get(key) is None else str(raw.get(key)) for key in _EVENT_FIELDS},
                        persons=[
                            _json_person(person) for person in raw.get("persons") or [] if isinstance(person, dict)
                        ],
                        day=date,
                        room=str(room_name),
                    )
                )
    return Schedule(
        acronym=str(conference.get("acronym") or "").strip(),
        title=str(conference.get("title") or "").strip(),
        start=_date(conference.get("start")),
        end=_date(conference.get("end")),
        time_zone=zone,
        url=str(conference.get("url") or ""),
        days=days,
        rooms=[room for room in rooms if room],
        tracks=tracks,
        events=events,
        notes=notes,
    )


_EVENT_FIELDS = (
    "date",
    "duration",
    "room",
    "title",
    "subtitle",
    "abstract",
    "description",
    "track",
    "type",
    "language",
)


def _json_person(raw: dict[str, Any]) -> Person:
    name = str(raw.get("public_name") or raw.get("name") or "").strip()
    key = raw.get("guid") or raw.get("code") or raw.get("id") or name
    return Person(
        external_id=str(key),
        name=name,
        biography=str(raw.get("biography") or "").strip(),
        organization=str(raw.get("organization") or "").strip(),
        role=str(raw.get("role") or "").strip(),
    )


# --- schedule.xml -------------------------------------------------------------------------------------------


def read_schedule_xml(data: bytes) -> Schedule:
    # No entities, no network, no huge trees: the file comes from outside.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise FileUnreadable(_("The file is not well-formed XML: %(error)s.") % {"error": error}) from None
    if root.tag != "schedule":
        raise FileUnreadable(_("The XML file's root is not <schedule>: it is not a frab schedule.xml."))
    conference = root.find("conference")
    if conference is None:
        raise FileUnreadable(_("The schedule.xml has no <conference>."))

    def text(element: Any, tag: str) -> str:
        return (element.findtext(tag) or "").strip()

    tracks = {
        (track.get("name") or "").strip(): (track.get("color") or "")
        for track in conference.findall("track")
        if (track.get("name") or "").strip()
    }
    rooms: list[str] = []
    days: list[Day] = []
    events: list[Event] = []
    for day_element in root.findall("day"):
        date = _date(day_element.get("date"))
        if date is not None:
            days.append(
                Day(date=date, start=_datetime(day_element.get("start")), end=_datetime(day_element.get("end")))
            )
        for room_element in day_element.findall("room"):
            room_name = (room_element.get("name") or "").strip()
            if room_name and room_name not in rooms:
                rooms.append(room_name)
            for event_element in room_element.findall("event"):
                _too_many(len(events) + 1)
                persons = [
                    Person(
                        external_id=(person.get("guid") or person.get("id") or (person.text or "")).strip(),
                        name=(person.text or "").strip(),
                    )
                    for person in event_element.findall("persons/person")
                ]
                events.append(
                    _event(
                        row=len(events) + 1,
                        raw_id=event_element.get("id") or "",
                        raw_guid=event_element.get("guid") or "",
                        fields={key: text(event_element, key) for key in _EVENT_FIELDS},
                        persons=persons,
                        day=date,
                        room=room_name,
                    )
                )
    return Schedule(
        acronym=text(conference, "acronym"),
        title=text(conference, "title"),
        start=_date(text(conference, "start")),
        end=_date(text(conference, "end")),
        time_zone=_zone_name(text(conference, "time_zone_name")),
        url=text(conference, "url"),
        days=days,
        rooms=rooms,
        tracks=tracks,
        events=events,
    )
