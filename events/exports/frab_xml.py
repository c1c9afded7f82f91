"""frab ``schedule.xml`` (c3voc schedule.xml.xsd): integer ids beside GUIDs, times with offset."""

from typing import Any

from lxml import etree

from events.exports.programme import GENERATOR, Programme, duration
from events.models import ScheduleRelease


def render_schedule_xml(release: ScheduleRelease) -> bytes:
    programme = Programme(release)
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


def _xml_event(programme: Programme, parent: etree._Element, session: dict[str, Any]) -> None:
    language = session["language"]
    event = etree.SubElement(parent, "event", id=str(session["id"]), guid=session["guid"])
    for tag, value in (
        ("date", session["_start"].isoformat()),
        ("start", f"{session['_start']:%H:%M}"),
        ("duration", duration(session)),
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
