"""iCalendar feed of a release: one VEVENT per session with a stable UID and a growing SEQUENCE."""

import datetime as dt
from collections.abc import Callable

import icalendar
from icalendar.timezone.tzid import tzid_from_tzinfo

from events.exports.ics_text import CRLF, component, escape_text, local_datetime, parameter_value, utc_datetime
from events.exports.programme import Programme
from events.models import ScheduleRelease


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


def render_schedule_ics(release: ScheduleRelease) -> bytes:
    programme = Programme(release)
    stamp = utc_datetime(release.released_at)
    sequences = session_sequences(release=release)
    in_zone = _zone_formatter(programme)
    events = []
    for session in programme.sessions:
        language = session["language"]
        names = ", ".join(speaker["name"] for speaker, _role in programme.persons(session))
        description = "\n\n".join(part for part in (programme.text(session, "abstract", language), names) if part)
        track = programme.track_name(session["track_id"])
        # The order of icalendar's output: its canonical properties first, then the others alphabetically.
        properties = [
            ("SUMMARY", escape_text(programme.text(session, "title", language))),
            in_zone("DTSTART", session["_start"]),
            in_zone("DTEND", session["_end"]),
            ("DTSTAMP", stamp),
            ("UID", escape_text(session_ical_uid(guid=session["guid"]))),
            ("SEQUENCE", str(sequences.get(session["guid"], 0))),
        ]
        if track:
            properties.append(("CATEGORIES", escape_text(track)))
        if description:
            properties.append(("DESCRIPTION", escape_text(description)))
        properties.append(("LOCATION", escape_text(programme.location(session["room_id"]))))
        properties.append(("STATUS", "CONFIRMED"))
        properties.append(("URL", programme.session_url(session)))
        events.append(component("VEVENT", properties))
    header = _calendar_header(programme, first_start=programme.sessions[0]["_start"] if programme.sessions else None)
    return (header + "".join(events) + f"END:VCALENDAR{CRLF}").encode()


def _zone_formatter(programme: Programme) -> Callable[[str, dt.datetime], tuple[str, str]]:
    """DTSTART/DTEND in the convention's zone: with TZID (described by a VTIMEZONE), or in UTC form for UTC."""
    tzid = tzid_from_tzinfo(programme.zone)
    if tzid == "UTC":
        return lambda name, value: (name, utc_datetime(value))
    parameter = parameter_value(tzid or "")
    return lambda name, value: (f"{name};TZID={parameter}", local_datetime(value))


def _calendar_header(programme: Programme, *, first_start: dt.datetime | None) -> str:
    """VCALENDAR's properties and the VTIMEZONE the events refer to, without the closing ``END:VCALENDAR``.

    The VTIMEZONE comes from icalendar: it is written once per feed, not once per event.
    """
    convention = programme.convention
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Messe//Schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{convention['name']} ({programme.version})")
    if first_start is not None:
        probe = icalendar.Event()  # lets icalendar find the zone the events use
        probe.add("dtstart", first_start)
        calendar.add_component(probe)
        # Transitions of the convention's years only: a full 1970–2038 VTIMEZONE is ~3 KB of noise per feed.
        calendar.add_missing_timezones(
            first_date=dt.date(int(convention["start_date"][:4]), 1, 1),
            last_date=dt.date(int(convention["end_date"][:4]) + 1, 1, 1),
        )
        calendar.subcomponents.remove(probe)
    text = calendar.to_ical().decode()
    return text.removesuffix(f"END:VCALENDAR{CRLF}")
