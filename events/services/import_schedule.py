"""Importing a whole programme from a c3voc schedule (``events.imports.c3voc``) into a convention.

Rooms and tracks the convention lacks are created; speakers are matched by the id the file gives them, sessions
by their GUID (``external_id``). Sessions go through ``events.services.schedule``: the convention's opening hours
and the room-clash rule apply. A new convention (``create_convention_for``) takes its opening hours from the
schedule's days, reaching past midnight when the days do.
"""

import datetime as dt
import itertools
import re
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.dates import message_date
from events.enums import Language, SessionStatus
from events.imports import values
from events.imports.records import Event, Schedule
from events.models import Convention, ImportKind, Room, Session, Speaker, Track
from events.models.convention import MAX_CONVENTION_DAYS
from events.services import conventions, programme
from events.services import schedule as scheduling
from events.services.import_rows import new_speakers_invited
from events.services.imports import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportFileInvalid,
    ImportOptions,
    ImportResult,
    RowRefused,
    RowResult,
    RowRunner,
)
from events.text import clean_line, clean_text

DEFAULT_TRACK_COLOR = "#1f6feb"
_ACRONYM = re.compile(r"^[a-z0-9_-]{4,}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def create_convention_for(*, schedule: Schedule, slug: str, created_by: User) -> tuple[Convention, list[str]]:
    """A new convention shaped by the schedule: name, acronym, dates, time zone and opening hours."""
    notes: list[str] = []
    zone_name = schedule.time_zone
    if not zone_name:
        zone_name = settings.TIME_ZONE if settings.TIME_ZONE != "UTC" else "Europe/Berlin"
        notes.append(_("the file names no time zone: %(zone)s assumed") % {"zone": zone_name})
    zone = ZoneInfo(zone_name)
    event_starts = [event.start for event in schedule.events if event.start is not None]
    dates = [day.date for day in schedule.days] + [start.astimezone(zone).date() for start in event_starts]
    if schedule.start:
        dates.append(schedule.start)
    if schedule.end:
        dates.append(schedule.end)
    if not dates:
        raise ImportFileInvalid(_("The schedule has no dates: neither conference start and end nor days."))
    start_date, end_date = min(dates), max(dates)
    if (end_date - start_date).days + 1 > MAX_CONVENTION_DAYS:
        raise ImportFileInvalid(_("The schedule spans more than %(count)s days.") % {"count": MAX_CONVENTION_DAYS})
    acronym = schedule.acronym.lower()
    if not _ACRONYM.match(acronym):
        mapped = re.sub(r"[^a-z0-9_-]", "", slug.lower())
        acronym = mapped if len(mapped) >= 4 else f"{mapped}conv"
        notes.append(
            _("acronym “%(acronym)s” is not 4 or more of a-z, 0-9, _ and -: %(used)s used")
            % {"acronym": schedule.acronym, "used": acronym}
        )
    languages = sorted(
        {values.language(event.language, default="")[0] for event in schedule.events} & {"de", "en"}
    ) or ["de", "en"]
    convention = conventions.create_convention(
        created_by=created_by,
        slug=slug,
        acronym=acronym,
        name=clean_line(schedule.title)[:200] or slug,
        start_date=start_date,
        end_date=end_date,
        time_zone=zone_name,
        languages=languages,
        website=schedule.url if schedule.url.startswith(("http://", "https://")) else "",
        opening_hours=_opening_hours(schedule=schedule, zone=zone, notes=notes),
    )
    return convention, notes


def _opening_hours(*, schedule: Schedule, zone: ZoneInfo, notes: list[str]) -> list[dict[str, Any]]:
    """One entry per schedule day: from the day's start and end, widened to the events listed on it."""
    spans: dict[dt.date, list[dt.datetime]] = {}
    for day in schedule.days:
        span = spans.setdefault(day.date, [])
        span.extend(moment.astimezone(zone) for moment in (day.start, day.end) if moment is not None)
    for event in schedule.events:
        if event.start is None or event.duration is None:
            continue
        start = event.start.astimezone(zone)
        date = event.day or start.date()
        spans.setdefault(date, []).extend([start, (event.start + event.duration).astimezone(zone)])
    hours: list[dict[str, Any]] = []
    for date in sorted(spans):
        moments = spans[date]
        if not moments:
            continue
        opens = min(min(moments), dt.datetime.combine(date, dt.time(23, 59), tzinfo=zone))
        closes = max(moments)
        if opens.date() < date:
            opens = dt.datetime.combine(date, dt.time(0), tzinfo=zone)
        closes_next_day = closes.date() > date
        if closes_next_day and (closes.date() > date + dt.timedelta(days=1) or closes.time() > opens.time()):
            closes = dt.datetime.combine(date + dt.timedelta(days=1), opens.time(), tzinfo=zone)
            notes.append(
                _("%(date)s runs longer than 24 hours: its opening hours end after 24 hours")
                % {"date": message_date(date)}
            )
        if not closes_next_day and closes.time() <= opens.time():
            closes = dt.datetime.combine(date, dt.time(23, 59), tzinfo=zone)
        if closes_next_day:
            notes.append(
                _("%(date)s runs past midnight: open %(opens)s to %(closes)s on the next day")
                % {"date": message_date(date), "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
            )
        hours.append(
            {"date": date, "opens_at": opens.time(), "closes_at": closes.time(), "closes_next_day": closes_next_day}
        )
    # A night must end before the next day opens (the conventions service refuses it otherwise).
    for entry, following in itertools.pairwise(hours):
        if (
            entry["closes_next_day"]
            and following["date"] == entry["date"] + dt.timedelta(days=1)
            and following["opens_at"] < entry["closes_at"]
        ):
            following["opens_at"] = entry["closes_at"]
    return hours


def import_schedule(*, convention: Convention, schedule: Schedule, options: ImportOptions) -> ImportResult:
    """Rooms, tracks, speakers and sessions of ``schedule`` into ``convention``. Call inside a transaction."""
    importer = _ScheduleImport(convention=convention, schedule=schedule, options=options)
    importer.run()
    return ImportResult(
        kind=ImportKind.PROGRAMME,
        rows=sorted(importer.runner.results, key=lambda row: (row.row, _ITEM_ORDER.get(row.item, 9))),
        notes=importer.notes,
        written=False,
        convention_id=convention.pk,
    )


_ITEM_ORDER = {"room": 0, "track": 1, "speaker": 2, "session": 3}


class _ScheduleImport:
    def __init__(self, *, convention: Convention, schedule: Schedule, options: ImportOptions) -> None:
        self.options = options
        self.convention = convention
        self.schedule = schedule
        self.zone = ZoneInfo(convention.time_zone)
        self.runner = RowRunner()
        self.notes: list[str] = list(schedule.notes)
        self.rooms = {room.name.lower(): room for room in Room.objects.filter(convention=convention)}
        self.tracks: dict[str, Track] = {}
        for track in Track.objects.filter(convention=convention):
            self.tracks.setdefault(track.name_en.lower(), track)
            self.tracks.setdefault(track.name_de.lower(), track)
        self.speakers = {
            speaker.external_id: speaker
            for speaker in Speaker.objects.filter(convention=convention).exclude(external_id="")
        }
        self.sessions = {
            session.external_id: session
            for session in Session.objects.filter(convention=convention)
            .exclude(external_id="")
            .prefetch_related("session_speakers")
        }
        self.default_language = (convention.languages or [Language.GERMAN])[0]

    def run(self) -> None:
        if self.schedule.time_zone and self.schedule.time_zone != self.convention.time_zone:
            self.notes.append(
                _(
                    "the file's time zone %(file_zone)s is not the convention's: times are kept as instants and "
                    "shown in %(zone)s"
                )
                % {"file_zone": self.schedule.time_zone, "zone": self.convention.time_zone}
            )
        self._check_offsets()
        first_row: dict[str, int] = {}
        for event in self.schedule.events:
            for name in [event.room, event.track]:
                first_row.setdefault(name, event.row)
        for name in self.schedule.rooms:
            self._room(name=name, row=first_row.get(name, 0))
        for name in dict.fromkeys([*self.schedule.tracks, *(event.track for event in self.schedule.events)]):
            if name:
                self._track(name=name, row=first_row.get(name, 0))
        seen: set[str] = set()
        for event in self.schedule.events:
            for person in event.persons:
                if person.external_id and person.external_id not in seen:
                    seen.add(person.external_id)
                    self._speaker(person=person, row=event.row)
        for event in self.schedule.events:
            self._session(event)

    def _check_offsets(self) -> None:
        for event in self.schedule.events:
            if event.start is not None and event.start.utcoffset() != event.start.astimezone(self.zone).utcoffset():
                self.notes.append(
                    _(
                        "the times carry the offset %(offset)s, not the one of %(zone)s: each time is kept as the "
                        "same instant"
                    )
                    % {"offset": f"{event.start:%z}", "zone": self.convention.time_zone}
                )
                return

    def _room(self, *, name: str, row: int) -> None:
        if name.lower() in self.rooms:
            return

        def work() -> RowResult:
            room = programme.create_room(
                convention=self.convention, name=clean_line(name)[:100], position=len(self.rooms)
            )
            self.rooms[name.lower()] = room
            return RowResult(row=row, item="room", action=CREATED, label=room.name)

        self.runner.run(row=row, item="room", label=name, work=work)

    def _track(self, *, name: str, row: int) -> None:
        if name.lower() in self.tracks:
            return
        color = self.schedule.tracks.get(name, "")

        def work() -> RowResult:
            notes = []
            track_color = color if _COLOR.match(color) else DEFAULT_TRACK_COLOR
            if color and track_color != color:
                notes.append(
                    _("colour “%(colour)s” is not #rrggbb: %(used)s used")
                    % {"colour": color, "used": DEFAULT_TRACK_COLOR}
                )
            track = programme.create_track(
                convention=self.convention,
                name_de=clean_line(name)[:200],
                name_en=clean_line(name)[:200],
                color=track_color,
                position=len(self.tracks),
            )
            self.tracks[name.lower()] = track
            return RowResult(row=row, item="track", action=CREATED, label=track.name_en, notes=notes)

        self.runner.run(row=row, item="track", label=name, work=work)

    def _speaker(self, *, person: Any, row: int) -> None:
        wanted: dict[str, Any] = {
            "name": clean_line(person.name)[:200],
            "organization": clean_line(person.organization)[:200],
            "bio_en" if self.default_language == Language.ENGLISH else "bio_de": clean_text(person.biography),
        }

        def work() -> RowResult:
            if not wanted["name"]:
                raise RowRefused(_("The person “%(id)s” has no name.") % {"id": person.external_id})
            existing = self.speakers.get(person.external_id)
            if existing is None:
                speaker = programme.create_speaker(convention=self.convention, external_id=person.external_id, **wanted)
                self.speakers[person.external_id] = speaker
                return RowResult(row=row, item="speaker", action=CREATED, label=speaker.name)
            changes = {key: value for key, value in wanted.items() if getattr(existing, key) != value}
            if not changes:
                return RowResult(row=row, item="speaker", action=UNCHANGED, label=existing.name)
            programme.update_speaker(speaker=existing, **changes)
            return RowResult(row=row, item="speaker", action=UPDATED, label=existing.name)

        self.runner.run(row=row, item="speaker", label=person.name or person.external_id, work=work)

    def _session(self, event: Event) -> None:
        self.runner.run(
            row=event.row,
            item="session",
            label=event.title or event.external_id,
            work=lambda: self._session_work(event),
            savepoint=False,  # one create_session / update_session call after every check (RowRunner.run)
        )

    def _session_work(self, event: Event) -> RowResult:
        notes = list(event.notes)
        if event.problems:
            raise RowRefused("; ".join(event.problems))
        assert event.start is not None and event.duration is not None  # no problems: both were read
        room = self.rooms.get(event.room.lower()) if event.room else None
        if event.room and room is None:
            raise RowRefused(_("Unknown room “%(name)s”.") % {"name": event.room})
        track = self.tracks.get(event.track.lower()) if event.track else None
        if event.track and track is None:
            raise RowRefused(_("Unknown track “%(name)s”.") % {"name": event.track})
        session_format, note = values.session_format(event.type)
        if note:
            notes.append(note)
        language, note = values.language(event.language, default=self.default_language)
        if note:
            notes.append(note)
        abstract = event.abstract
        if event.subtitle:
            abstract = f"{event.subtitle}\n\n{abstract}".strip()
            notes.append(_("subtitle kept as the abstract's first paragraph"))
        line_up: list[tuple[Speaker, str]] = []
        for person in event.persons:
            speaker = self.speakers.get(person.external_id)
            if speaker is None:
                raise RowRefused(
                    _("The person “%(name)s” could not be imported.") % {"name": person.name or person.external_id}
                )
            role = values.speaker_role(person.role)
            if role is None:
                role = "speaker"
                notes.append(
                    _("role “%(role)s” of %(name)s read as speaker") % {"role": person.role, "name": person.name}
                )
            line_up.append((speaker, role))
        title = clean_line(event.title)[:300]
        if not title:
            raise RowRefused(_("The event has no title."))
        wanted: dict[str, Any] = {
            "title_de": title if language == Language.GERMAN else "",
            "title_en": title if language == Language.ENGLISH else "",
            "abstract_de": clean_text(abstract) if language == Language.GERMAN else "",
            "abstract_en": clean_text(abstract) if language == Language.ENGLISH else "",
            "format": session_format,
            "track": track,
            "room": room,
            "start": event.start,
            "end": event.start + event.duration,
            "language": language,
            "status": SessionStatus.CONFIRMED,
        }
        existing = self.sessions.get(event.external_id)
        label = title
        if existing is None:
            guid = uuid.UUID(event.guid) if event.guid else None
            if guid is not None and Session.objects.filter(guid=guid).exists():
                notes.append(
                    _("GUID %(guid)s belongs to a session elsewhere in Messe: a new one is given") % {"guid": guid}
                )
                guid = None
            elif guid is None:
                notes.append(_("the event has no usable GUID: a new one is given"))
            session = scheduling.create_session(
                convention=self.convention,
                speakers=line_up,
                invite_speakers=self.options.invite_speakers,
                external_id=event.external_id,
                guid=guid,
                **wanted,
            )
            self.sessions[event.external_id] = session
            invited = new_speakers_invited(current=[], line_up=line_up, options=self.options)
            return RowResult(row=event.row, item="session", action=CREATED, label=label, notes=notes, invited=invited)
        changes = {key: value for key, value in wanted.items() if getattr(existing, key) != value}
        current_line_up = [(role.speaker_id, role.role) for role in existing.session_speakers.all()]
        speakers_changed = current_line_up != [(speaker.pk, role) for speaker, role in line_up]
        if not changes and not speakers_changed:
            return RowResult(row=event.row, item="session", action=UNCHANGED, label=label, notes=notes)
        scheduling.update_session(
            session=existing,
            speakers=line_up if speakers_changed else None,
            invite_speakers=self.options.invite_speakers,
            **changes,
        )
        invited = ""
        if speakers_changed:
            invited = new_speakers_invited(
                current=[speaker_id for speaker_id, _role in current_line_up], line_up=line_up, options=self.options
            )
        return RowResult(row=event.row, item="session", action=UPDATED, label=label, notes=notes, invited=invited)


def default_slug(schedule: Schedule) -> str:
    return slugify(schedule.acronym or schedule.title)[:64] or f"import-{timezone.now():%Y%m%d%H%M}"
