"""Acceptance: a pretalx schedule.json and a real, imperfect frab schedule.xml become new conventions whose
sessions, rooms, speakers and times match the source item by item; every value that had to be mapped is
reported; importing the same file again changes nothing."""

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import etree

from events.models import Convention, OpeningHours, Room, Session, Speaker, Track
from events.services.imports import UNCHANGED, import_programme_as_new_convention, run_import
from tests import factories

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "c3voc"


def hhmm(value: dt.timedelta) -> str:
    minutes = int(value.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def imported_sessions(convention: Convention) -> dict[str, Session]:
    sessions = Session.objects.filter(convention=convention).select_related("room", "track")
    return {session.external_id: session for session in sessions.prefetch_related("session_speakers__speaker")}


@pytest.fixture
def owner(db):
    return factories.UserFactory(username="owner")


def test_pretalx_json_becomes_a_convention_matching_the_source(owner):
    data = (FIXTURES / "pretalx-democon.json").read_bytes()
    source = json.loads(data)["schedule"]["conference"]

    result = import_programme_as_new_convention(data=data, slug="democon", created_by=owner)

    assert result.written and result.counts["refused"] == 0
    convention = Convention.objects.get(slug="democon")
    assert (convention.name, convention.acronym, convention.start_date, convention.end_date) == (
        "DemoCon",
        "democon",
        dt.date(2020, 12, 14),
        dt.date(2020, 12, 16),
    )
    assert list(Room.objects.filter(convention=convention).values_list("name", flat=True)) == [
        room["name"] for room in source["rooms"]
    ]
    events = [event for day in source["days"] for room in day["rooms"].values() for event in room]
    sessions = imported_sessions(convention)
    assert len(sessions) == len(events) == 36
    for event in events:
        session = sessions[event["guid"]]
        assert str(session.guid) == event["guid"]
        assert session.title_en == event["title"]
        assert session.start == dt.datetime.fromisoformat(event["date"])
        assert hhmm(session.end - session.start) == event["duration"]
        assert session.room.name == event["room"]
        assert session.track.name_en == event["track"]
        assert session.format == event["type"].lower()
        assert session.language == event["language"]
        assert session.abstract_en == f"{event['abstract']}\n\n{event['description']}".strip() or event["abstract"]
        assert [
            (role.speaker.external_id, role.speaker.name, role.role) for role in session.session_speakers.all()
        ] == [(person["code"], person["public_name"], "speaker") for person in event["persons"]]
    people = {person["code"]: person for event in events for person in event["persons"]}
    assert {s.external_id: s.name for s in Speaker.objects.filter(convention=convention)} == {
        code: person["public_name"] for code, person in people.items()
    }
    assert "several rooms share one GUID: rooms are told apart by their names" in result.notes


def test_frab_xml_becomes_a_convention_matching_the_source_with_every_mapping_reported(owner):
    data = (FIXTURES / "frab-31c3-2014.xml").read_bytes()
    root = etree.fromstring(data)

    result = import_programme_as_new_convention(data=data, slug="31c3", created_by=owner)

    assert result.written and result.counts["refused"] == 0
    convention = Convention.objects.get(slug="31c3")
    assert convention.time_zone == "Europe/Berlin"
    assert "the file names no time zone: Europe/Berlin assumed" in result.notes
    assert sorted(Room.objects.filter(convention=convention).values_list("name", flat=True)) == sorted(
        {room.get("name") for room in root.findall("day/room")}
    )
    assert sorted(Track.objects.filter(convention=convention).values_list("name_en", flat=True)) == sorted(
        {event.findtext("track") for event in root.iter("event")}
    )
    sessions = imported_sessions(convention)
    events = list(root.iter("event"))
    assert len(sessions) == len(events) == 138
    mapped = {}
    for row, note in result.mapped:
        mapped.setdefault(row, []).append(note)
    for position, event in enumerate(events, start=1):
        session = sessions[event.get("guid")]
        title = event.findtext("title").strip()
        assert (session.title_de or session.title_en) == title
        assert session.language == event.findtext("language")
        assert session.start == dt.datetime.fromisoformat(event.findtext("date"))
        assert hhmm(session.end - session.start) == event.findtext("duration")
        assert session.room.name == event.findtext("room")
        assert session.track.name_en == event.findtext("track")
        assert [(role.speaker.external_id, role.speaker.name) for role in session.session_speakers.all()] == [
            (person.get("id"), person.text.strip()) for person in event.iter("person")
        ]
        # Every value that was not taken as it stood is named on the event's row.
        notes = mapped.get(position, [])
        guid = event.get("guid")
        if len(guid) == 22:
            assert f"GUID “{guid}” is base64: read as {session.guid}" in notes
        else:
            assert str(session.guid) == guid
        kind = event.findtext("type")
        if kind in {"lecture", "podium"}:
            assert f"type “{kind}” read as {session.format}" in notes
        elif kind != "talk":
            assert f"type “{kind}” is not a format of Messe: read as talk" in notes
        if event.findtext("subtitle"):
            assert "subtitle kept as the abstract's first paragraph" in notes
    # Night sessions: after midnight, listed on the day before, inside that day's hours.
    night = [notes for notes in mapped.values() if any("after midnight" in note for note in notes)]
    assert len(night) == 4
    hours = OpeningHours.objects.get(convention=convention, date=dt.date(2014, 12, 27))
    assert (hours.opens_at, hours.closes_at, hours.closes_next_day) == (dt.time(11), dt.time(4), True)


@pytest.mark.parametrize("name", ["pretalx-democon.json", "frab-31c3-2014.xml"])
def test_importing_the_same_schedule_again_changes_nothing(owner, name):
    data = (FIXTURES / name).read_bytes()
    first = import_programme_as_new_convention(data=data, slug="again", created_by=owner)
    convention = Convention.objects.get(pk=first.convention_id)
    before = list(Session.objects.filter(convention=convention).order_by("pk").values())

    again = run_import(convention=convention, kind="programme", data=data, filename=name)

    assert {row.action for row in again.rows} == {UNCHANGED}
    assert list(Session.objects.filter(convention=convention).order_by("pk").values()) == before
    assert Speaker.objects.filter(convention=convention).count() == first.counts["created"] - sum(
        1 for row in first.rows if row.item in {"room", "track", "session"}
    )


def test_previewing_a_new_convention_writes_nothing(owner):
    data = (FIXTURES / "pretalx-democon.json").read_bytes()

    result = import_programme_as_new_convention(data=data, slug="democon", created_by=owner, dry_run=True)

    assert result.counts["created"] == 67 and not result.written
    assert not Convention.objects.filter(slug="democon").exists()
    assert Session.objects.count() == 0
