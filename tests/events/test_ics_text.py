"""The iCalendar text writer produces exactly what icalendar's component model wrote for the same data.

``reference_schedule_ics`` and ``reference_invite`` are the renderers Messe used before the writer (built
on ``icalendar.Calendar``); each test compares bytes, so escaping, quoting, property order and folding all
count.
"""

import datetime as dt
from email.utils import parseaddr

import icalendar
import pytest
from django.conf import settings
from icalendar import vCalAddress, vText

from events.exports import ics_text
from events.exports.ical import session_ical_uid, session_sequences
from events.exports.programme import Programme
from events.models import ScheduleRelease
from events.services import calendar
from events.services.exports import render_schedule_ics
from events.services.publishing import release_schedule
from tests import factories
from tests.events.services.test_exports import build_large_programme, programme  # noqa: F401 (fixture)
from tests.factories import berlin

TRICKY_TEXT = 'Städte; Daten, "Zwillinge" \\ Backslash\nneue Zeile\r\nund ^Caret^ ’ ' + "ü" * 60


def reference_schedule_ics(release: ScheduleRelease) -> bytes:
    exported = Programme(release)
    convention = exported.convention
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Messe//Schedule//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{convention['name']} ({exported.version})")
    stamp = release.released_at.astimezone(dt.UTC)
    sequences = session_sequences(release=release)
    for session in exported.sessions:
        language = session["language"]
        event = icalendar.Event()
        event.add("uid", session_ical_uid(guid=session["guid"]))
        event.add("dtstamp", stamp)
        event.add("sequence", sequences.get(session["guid"], 0))
        event.add("dtstart", session["_start"])
        event.add("dtend", session["_end"])
        event.add("summary", exported.text(session, "title", language))
        names = ", ".join(speaker["name"] for speaker, _role in exported.persons(session))
        description = "\n\n".join(part for part in (exported.text(session, "abstract", language), names) if part)
        if description:
            event.add("description", description)
        event.add("location", exported.location(session["room_id"]))
        event.add("url", exported.session_url(session))
        track = exported.track_name(session["track_id"])
        if track:
            event.add("categories", [track])
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones(
        first_date=dt.date(int(convention["start_date"][:4]), 1, 1),
        last_date=dt.date(int(convention["end_date"][:4]) + 1, 1, 1),
    )
    return cal.to_ical()


def reference_invite(*, details, registration, sequence: int, method: str, now: dt.datetime) -> str:
    event = icalendar.Event()
    event.add("uid", session_ical_uid(guid=details.guid))
    event.add("sequence", sequence)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", details.start.astimezone(dt.UTC))
    event.add("dtend", details.end.astimezone(dt.UTC))
    event.add("summary", details.title(registration.language))
    event.add("description", details.abstract(registration.language))
    event.add("location", details.location)
    event.add("url", details.url)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["CN"] = vText(details.convention_name)
    event.add("organizer", organizer)
    address = vCalAddress(f"mailto:{registration.email}")
    address.params["CN"] = vText(registration.full_name)
    address.params["ROLE"] = vText("REQ-PARTICIPANT")
    address.params["PARTSTAT"] = vText("ACCEPTED")
    address.params["RSVP"] = vText("FALSE")
    event.add("attendee", address)
    cal = icalendar.Calendar()
    cal.add("prodid", calendar.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(event)
    return cal.to_ical().decode()


def test_schedule_ics_is_byte_for_byte_what_icalendar_wrote(convention, programme):  # noqa: F811
    programme["panel"].title_de = TRICKY_TEXT
    programme["panel"].abstract_de = "Kurz; knapp,\n\nmit Absatz " + "x" * 200
    programme["panel"].save()
    release = release_schedule(convention=convention)

    assert render_schedule_ics(release) == reference_schedule_ics(release)


def test_large_schedule_ics_is_byte_for_byte_what_icalendar_wrote(convention):
    build_large_programme(convention)
    release = release_schedule(convention=convention)

    rendered = render_schedule_ics(release)

    assert rendered == reference_schedule_ics(release)
    assert len(icalendar.Calendar.from_ical(rendered).walk("VEVENT")) == 126


def test_schedule_ics_of_a_utc_convention_has_utc_times_and_no_timezone(db):
    convention = factories.ConventionFactory(slug="utc", time_zone="UTC")
    factories.SessionFactory(convention=convention)
    release = release_schedule(convention=convention)

    rendered = render_schedule_ics(release)

    assert rendered == reference_schedule_ics(release)
    assert b"VTIMEZONE" not in rendered
    assert b"DTSTART:2025" in rendered


def test_schedule_ics_without_sessions_is_what_icalendar_wrote(convention):
    release = release_schedule(convention=convention)

    assert render_schedule_ics(release) == reference_schedule_ics(release)


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [("Erika", "Muster"), ('Erika "E"', "Muster, Jr."), ("Jo", "O'Neil"), ("Zoë^", "Ünal;Bey:x"), ("Ann", "")],
)
def test_invite_is_byte_for_byte_what_icalendar_wrote(convention, monkeypatch, method, first_name, last_name):
    now = dt.datetime(2025, 9, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)
    monkeypatch.setattr(calendar.timezone, "now", lambda: now)
    hall = factories.HallFactory(convention=convention, name="Halle 25")
    room = factories.RoomFactory(convention=convention, hall=hall, name="Workshop, Raum 2; oben")
    session = factories.SessionFactory(
        convention=convention,
        room=room,
        title_de=TRICKY_TEXT,
        abstract_de="Zeile 1\nZeile 2 " + "ß" * 80,
        start=berlin(0, 10),
        end=berlin(0, 12),
    )
    registration = factories.RegistrationFactory(
        convention=convention, first_name=first_name, last_name=last_name, language="de", email="erika@berlin.de"
    )
    details = calendar.details_from_session(session=session)

    invite = calendar.build_invite(details=details, registration=registration, sequence=3, method=method)

    assert invite == reference_invite(details=details, registration=registration, sequence=3, method=method, now=now)
    (event,) = icalendar.Calendar.from_ical(invite).walk("VEVENT")
    # A title is single-line (stored so), its escapes as in any TEXT; the abstract keeps its line break.
    assert str(event["SUMMARY"]) == 'Städte; Daten, "Zwillinge" \\ Backslash neue Zeile und ^Caret^ ’ ' + "ü" * 60
    assert str(event["DESCRIPTION"]).startswith("Zeile 1\nZeile 2 ")
    assert str(event["ATTENDEE"].params["CN"]) == registration.full_name


def test_fold_keeps_lines_under_75_octets_and_escapes_whole():
    line = "DESCRIPTION:" + "ä" * 40 + "\\n" + "a" * 30 + "\\," + "b" * 100

    folded = ics_text.fold(line)

    physical = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in physical)
    assert "".join(part.removeprefix(" ") if index else part for index, part in enumerate(physical)) == line
    assert not any(part.endswith("\\") for part in physical)


def test_short_ascii_lines_are_not_folded():
    assert ics_text.fold("SUMMARY:" + "a" * 66) == "SUMMARY:" + "a" * 66
