"""iCalendar feed of a release: one VEVENT per session with a stable UID and a growing SEQUENCE."""

import datetime as dt

import icalendar

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
