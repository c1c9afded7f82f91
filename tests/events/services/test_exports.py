import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlparse

import icalendar
import jsonschema
import pytest
from lxml import etree

from events.enums import Language, RoomKind, SessionFormat, SessionStatus, SpeakerRole
from events.models import Room, Session, SessionSpeaker, Speaker, Track
from events.services.exports import render_schedule_ics, render_schedule_json, render_schedule_xml
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

C3VOC = Path(__file__).resolve().parents[2] / "fixtures" / "c3voc"


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time_with_offset(value: object) -> bool:
        return not isinstance(value, str) or dt.datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("uri")
    def is_absolute_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(urlparse(value).scheme and urlparse(value).netloc)

    return checker


def assert_valid_json(body: bytes) -> dict:
    document = json.loads(body)
    schema = json.loads((C3VOC / "schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=_format_checker())
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []
    return document


def assert_valid_xml(body: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(C3VOC / "schedule.xml.xsd")))
    root = etree.fromstring(body)
    valid = schema.validate(root)
    assert [str(error) for error in schema.error_log] == []
    assert valid
    return root


@pytest.fixture
def programme(convention):
    """Two stages in two halls, a track, a panel with a moderator and a German talk."""
    hub = factories.HallFactory(convention=convention, name="hub27")
    halle = factories.HallFactory(convention=convention, name="Halle 25")
    stage = factories.RoomFactory(convention=convention, hall=hub, name="Stage 1", kind=RoomKind.STAGE)
    workshop = factories.RoomFactory(convention=convention, hall=halle, name="Workshop 2", kind=RoomKind.WORKSHOP_ROOM)
    track = factories.TrackFactory(convention=convention, name_de="Digitale Zwillinge", name_en="Digital twins")
    moderator = factories.SpeakerFactory(convention=convention, name="Anna Beispiel", bio_de="Leitet das Amt.")
    panelist = factories.SpeakerFactory(convention=convention, name="Bernd Muster")
    panel = factories.SessionFactory(
        convention=convention,
        title_de="Zwillinge für Städte",
        title_en="Twins for cities",
        abstract_de="Wie Kommunen digitale Zwillinge betreiben.",
        format=SessionFormat.PANEL,
        language=Language.GERMAN,
        track=track,
        room=stage,
        start=berlin(0, 10),
        end=berlin(0, 11, 30),
    )
    SessionSpeaker.objects.create(session=panel, speaker=moderator, role=SpeakerRole.MODERATOR, position=0)
    SessionSpeaker.objects.create(session=panel, speaker=panelist, role=SpeakerRole.PANELIST, position=1)
    talk = factories.SessionFactory(
        convention=convention,
        title_en="Open source procurement",
        language=Language.ENGLISH,
        format=SessionFormat.WORKSHOP,
        room=workshop,
        start=berlin(1, 14),
        end=berlin(1, 15),
    )
    factories.SessionFactory(convention=convention, room=stage, status=SessionStatus.DRAFT, start=berlin(2, 10))
    return {"stage": stage, "workshop": workshop, "panel": panel, "talk": talk, "panelist": panelist}


def test_schedule_json_is_valid_c3voc_with_local_times(convention, programme, settings):
    settings.SITE_URL = "https://messe.example.org"
    release = release_schedule(convention=convention)

    document = assert_valid_json(render_schedule_json(release))

    conference = document["schedule"]["conference"]
    assert (document["schedule"]["version"], conference["acronym"], conference["daysCount"]) == ("v1", "sccon2025", 3)
    assert [day["date"] for day in conference["days"]] == ["2025-09-30", "2025-10-01", "2025-10-02"]
    first_day = conference["days"][0]
    assert (first_day["day_start"], first_day["day_end"]) == ("2025-09-30T09:00:00+02:00", "2025-09-30T18:00:00+02:00")
    assert first_day["rooms"]["Workshop 2"] == []
    [panel] = first_day["rooms"]["Stage 1"]
    assert panel == {
        "id": programme["panel"].pk,
        "guid": str(programme["panel"].guid),
        "date": "2025-09-30T10:00:00+02:00",
        "start": "10:00",
        "end": "2025-09-30T11:30:00+02:00",
        "duration": "01:30",
        "room": "Stage 1",
        "slug": f"sccon2025-{programme['panel'].pk}-zwillinge-fur-stadte",
        "url": f"https://messe.example.org/events/sccon/sessions/{programme['panel'].pk}/",
        "title": "Zwillinge für Städte",
        "subtitle": "",
        "track": "Digitale Zwillinge",
        "type": "Panel",
        "language": "de",
        "abstract": "Wie Kommunen digitale Zwillinge betreiben.",
        "persons": [
            {
                "id": panel["persons"][0]["id"],
                "guid": panel["persons"][0]["guid"],
                "public_name": "Anna Beispiel",
                "biography": "Leitet das Amt.",
                "organization": "City of Example",
                "role": "moderator",
            },
            {
                "id": programme["panelist"].pk,
                "guid": str(programme["panelist"].guid),
                "public_name": "Bernd Muster",
                "biography": "",
                "organization": "City of Example",
                "role": "panelist",
            },
        ],
        "links": [],
        "attachments": [],
    }
    assert [event["title"] for event in conference["days"][1]["rooms"]["Workshop 2"]] == ["Open source procurement"]


def test_schedule_xml_is_valid_frab_with_integer_ids_beside_guids(convention, programme):
    release = release_schedule(convention=convention)

    root = assert_valid_xml(render_schedule_xml(release))

    events = root.findall("day/room/event")
    assert [(event.get("id"), event.get("guid")) for event in events] == [
        (str(programme["panel"].pk), str(programme["panel"].guid)),
        (str(programme["talk"].pk), str(programme["talk"].guid)),
    ]
    assert root.findtext("conference/acronym") == "sccon2025"
    assert [person.text for person in events[0].findall("persons/person")] == ["Anna Beispiel", "Bernd Muster"]
    assert events[0].findtext("date") == "2025-09-30T10:00:00+02:00"
    assert [day.get("start") for day in root.findall("day")] == [
        "2025-09-30T09:00:00+02:00",
        "2025-10-01T09:00:00+02:00",
        "2025-10-02T09:00:00+02:00",
    ]


def test_schedule_ics_has_one_event_per_released_session_with_stable_uid(convention, programme, settings):
    settings.SITE_URL = "https://messe.example.org"
    release = release_schedule(convention=convention)

    calendar = icalendar.Calendar.from_ical(render_schedule_ics(release))

    events = calendar.walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [
        f"{programme['panel'].guid}@messe",
        f"{programme['talk'].guid}@messe",
    ]
    panel = events[0]
    assert panel.decoded("DTSTART") == berlin(0, 10)
    assert panel.decoded("DTEND") == berlin(0, 11, 30)
    assert panel.decoded("DTSTAMP") == release.released_at.replace(microsecond=0)
    assert str(panel["SUMMARY"]) == "Zwillinge für Städte"
    assert str(panel["LOCATION"]) == "Stage 1, hub27"
    assert str(panel["URL"]) == f"https://messe.example.org/events/sccon/sessions/{programme['panel'].pk}/"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_exports_show_the_release_not_the_live_programme(convention, programme):
    release = release_schedule(convention=convention)
    programme["panel"].delete()

    document = json.loads(render_schedule_json(release))

    assert [
        event["title"]
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ] == ["Zwillinge für Städte", "Open source procurement"]


def build_large_programme(convention, *, rooms: int = 7, days: int = 3, slots_per_day: int = 6) -> int:
    """A generated programme: rooms × days × slots confirmed sessions with two or three speakers each."""
    hall = factories.HallFactory(convention=convention, name="hub27")
    tracks = Track.objects.bulk_create(
        Track(convention=convention, name_de=f"Themenfeld {n}", name_en=f"Track {n}", position=n) for n in range(6)
    )
    stages = Room.objects.bulk_create(
        Room(convention=convention, hall=hall, name=f"Stage {n + 1}", capacity=300, position=n) for n in range(rooms)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(convention=convention, name=f"Sprecherin {n}", organization=f"Stadt {n}", bio_de="Bio")
        for n in range(rooms * days * slots_per_day * 2)
    )
    sessions = Session.objects.bulk_create(
        Session(
            convention=convention,
            title_de=f"Vortrag {day}-{slot}-{room.name} über Plattformen & Daten",
            title_en=f"Talk {day}-{slot}",
            abstract_de="Kurzfassung",
            format=SessionFormat.TALK if slot % 3 else SessionFormat.PANEL,
            language=Language.GERMAN if slot % 2 else Language.ENGLISH,
            track=tracks[(day + slot) % len(tracks)],
            room=room,
            start=berlin(day, 9) + dt.timedelta(minutes=75 * slot),
            end=berlin(day, 9) + dt.timedelta(minutes=75 * slot + 60),
            status=SessionStatus.CONFIRMED,
        )
        for day in range(days)
        for room in stages
        for slot in range(slots_per_day)
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=speakers[(2 * index + offset) % len(speakers)], position=offset)
        for index, session in enumerate(sessions)
        for offset in range(2 + index % 2)
    )
    return len(sessions)


def test_large_generated_programme_exports_validate(convention):
    count = build_large_programme(convention)
    release = release_schedule(convention=convention)

    document = assert_valid_json(render_schedule_json(release))
    root = assert_valid_xml(render_schedule_xml(release))
    calendar = icalendar.Calendar.from_ical(render_schedule_ics(release))

    json_events = [
        event
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]
    assert count == 126
    assert len(json_events) == len(root.findall("day/room/event")) == len(calendar.walk("VEVENT")) == count
    assert len({event["guid"] for event in json_events}) == count


def test_dashed_acronym_stays_valid_in_both_formats(db):
    convention = factories.ConventionFactory(slug="sc", acronym="sccon-berlin")
    factories.SessionFactory(convention=convention)
    release = release_schedule(convention=convention)

    document = assert_valid_json(render_schedule_json(release))
    root = assert_valid_xml(render_schedule_xml(release))

    assert document["schedule"]["conference"]["acronym"] == "sccon_berlin"
    assert root.findtext("conference/acronym") == "sccon-berlin"


def test_full_scale_seed_exports_validate(db):
    """The benchmark convention (``seed_fullscale``) exports valid schedule.json and schedule.xml."""
    from django.core.management import call_command

    from events.models import Convention

    call_command("seed_fullscale", "--slug", "fullscale")

    conventions = [Convention.objects.get(slug="fullscale")]
    assert conventions[0].sessions.count() == 500
    for convention in conventions:
        release = release_schedule(convention=convention)
        published = len(release.snapshot["sessions"])
        document = assert_valid_json(render_schedule_json(release))
        root = assert_valid_xml(render_schedule_xml(release))
        json_events = [
            event
            for day in document["schedule"]["conference"]["days"]
            for events in day["rooms"].values()
            for event in events
        ]
        assert len(json_events) == len(root.findall("day/room/event")) == published > 0


def test_ics_sequence_grows_each_release_that_moves_or_changes_a_session(convention, programme):
    from events.services.schedule import update_session

    release_schedule(convention=convention)
    update_session(session=programme["panel"], start=berlin(0, 12), end=berlin(0, 13))
    release_schedule(convention=convention)
    update_session(session=programme["panel"], title_de="Zwillinge für Regionen")
    release_schedule(convention=convention)
    latest = release_schedule(convention=convention)

    calendar = icalendar.Calendar.from_ical(render_schedule_ics(latest))

    assert {str(event["UID"]): event["SEQUENCE"] for event in calendar.walk("VEVENT")} == {
        f"{programme['panel'].guid}@messe": 2,
        f"{programme['talk'].guid}@messe": 0,
    }
