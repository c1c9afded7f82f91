"""Importing tables (CSV, XLSX): exhibitors, speakers, sessions and registrations of pre-registered guests.

The columns of each kind, their keys and formats are documented in ``docs/import.md``; ``COLUMNS`` below is the
list the importer knows, so a column it does not know is reported instead of ignored unseen. Each row goes
through the service an organizer's edit goes through (``events.services.exhibitors``, ``programme``,
``schedule``, ``registration``) in a savepoint of its own.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.enums import Language, SessionStatus
from events.imports import values
from events.imports.records import Table, TableRow
from events.models import (
    Convention,
    Exhibitor,
    ExhibitorInvitation,
    ExhibitorStaffMember,
    Hall,
    ImportKind,
    Registration,
    RegistrationStatus,
    Room,
    Session,
    Speaker,
    TicketType,
    Track,
)
from events.services import exhibitor_staff, exhibitors, programme, registration
from events.services import schedule as scheduling
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

COLUMNS: dict[str, dict[str, bool]] = {
    # column -> required
    ImportKind.EXHIBITORS: {
        "external_id": False,
        "name": True,
        "slug": False,
        "hall": False,
        "stand": False,
        "size_sqm": False,
        "main_exhibitor": False,
        "website": False,
        "contact_email": False,
        "profile_de": False,
        "profile_en": False,
        "logo_url": False,
        "manager_email": False,
        "manager_first_name": False,
        "manager_last_name": False,
        "manager_language": False,
    },
    ImportKind.SPEAKERS: {
        "external_id": False,
        "name": True,
        "email": False,
        "organization": False,
        "bio_de": False,
        "bio_en": False,
        "photo_url": False,
        "language": False,
    },
    ImportKind.SESSIONS: {
        "external_id": False,
        "title_de": False,
        "title_en": False,
        "abstract_de": False,
        "abstract_en": False,
        "format": False,
        "track": False,
        "room": False,
        "date": False,
        "start": False,
        "end": False,
        "duration": False,
        "language": False,
        "status": False,
        "capacity": False,
        "speakers": False,
        "exhibitor": False,
    },
    ImportKind.REGISTRATIONS: {
        "external_id": False,
        "first_name": True,
        "last_name": True,
        "email": True,
        "organization": False,
        "job_title": False,
        "language": False,
        "ticket_type": False,
    },
}
_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def import_table(
    *, convention: Convention, kind: str, table: Table, options: ImportOptions, invited_by: User | None
) -> ImportResult:
    """Import the rows of ``table`` as ``kind``. Call inside a transaction (``events.services.imports``)."""
    columns = COLUMNS[kind]
    missing = [name for name, required in columns.items() if required and name not in table.columns]
    if kind == ImportKind.SESSIONS and not {"title_de", "title_en"} & set(table.columns):
        missing.append(_("title_de or title_en"))
    if missing:
        raise ImportFileInvalid(
            _("The file lacks the column(s) %(columns)s (see the file formats).") % {"columns": ", ".join(missing)}
        )
    notes = [
        _("the column “%(name)s” is not one Messe imports: it is left out") % {"name": name}
        for name in table.columns
        if name not in columns
    ]
    importer = _IMPORTERS[kind](convention=convention, options=options, invited_by=invited_by)
    importer.import_rows(table.rows)
    return ImportResult(
        kind=kind,
        rows=sorted(importer.runner.results, key=lambda row: row.row),
        notes=notes + importer.notes,
        written=False,
        convention_id=convention.pk,
    )


class _TableImport:
    item = ""
    # Rows that write more than one service call (or send invitations after writing) need a savepoint of their
    # own; see ``RowRunner.run``.
    row_savepoint = True

    def __init__(self, *, convention: Convention, options: ImportOptions, invited_by: User | None) -> None:
        self.convention = convention
        self.options = options
        self.invited_by = invited_by
        self.zone = ZoneInfo(convention.time_zone)
        self.default_language = (convention.languages or [Language.GERMAN])[0]
        self.runner = RowRunner()
        self.notes: list[str] = []
        self.seen_keys: dict[str, int] = {}

    def import_rows(self, rows: list[TableRow]) -> None:
        for row in rows:
            self.runner.run(
                row=row.row,
                item=self.item,
                label=self.label(row.values),
                work=lambda row=row: self.row(row),
                savepoint=self.row_savepoint,
            )

    def label(self, values: dict[str, str]) -> str:
        return values.get("name", "") or values.get("external_id", "")

    def row(self, row: TableRow) -> RowResult:  # pragma: no cover  (every importer has its own)
        raise NotImplementedError

    def once(self, key: str, row: int) -> None:
        """A row may appear once per file: a second row with the same key would silently win over the first."""
        earlier = self.seen_keys.setdefault(key, row)
        if earlier != row:
            raise RowRefused(
                _("Row %(row)s has the same key “%(key)s”.") % {"row": earlier, "key": key.split(":", 1)[1]}
            )

    def result(self, row: TableRow, action: str, label: str, notes: list[str] | None = None) -> RowResult:
        return RowResult(row=row.row, item=self.item, action=action, label=label, notes=notes or [])


def _line(values: dict[str, str], name: str, limit: int) -> str:
    value = clean_line(values.get(name, ""))
    if len(value) > limit:
        raise RowRefused(_("%(column)s is longer than %(limit)s characters.") % {"column": name, "limit": limit})
    return value


def _checked_email(value: str, column: str) -> str:
    if not value:
        return ""
    try:
        _email(value)
    except ValidationError:
        raise RowRefused(
            _("%(column)s “%(value)s” is not an e-mail address.") % {"column": column, "value": value}
        ) from None
    return registration.normalize_email(value)


def _checked_url(value: str, column: str) -> str:
    if not value:
        return ""
    try:
        _url(value)
    except ValidationError:
        raise RowRefused(
            _("%(column)s “%(value)s” is not a web address (http:// or https://).") % {"column": column, "value": value}
        ) from None
    return value


def _changes(obj: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in wanted.items() if getattr(obj, key) != value}


# --- exhibitors ---------------------------------------------------------------------------------------------


class _ExhibitorImport(_TableImport):
    item = "exhibitor"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        everyone = list(Exhibitor.objects.filter(convention=self.convention).select_related("booth__hall"))
        self.by_external_id = {exhibitor.external_id: exhibitor for exhibitor in everyone if exhibitor.external_id}
        self.by_slug = {exhibitor.slug: exhibitor for exhibitor in everyone}
        self.halls = {hall.name.lower(): hall for hall in Hall.objects.filter(convention=self.convention)}

    def import_rows(self, rows: list[TableRow]) -> None:
        # Main exhibitors first: a joint stand's members may come before their main exhibitor in the file.
        super().import_rows([row for row in rows if not row.values.get("main_exhibitor")])
        super().import_rows([row for row in rows if row.values.get("main_exhibitor")])

    def _find(self, key: str) -> Exhibitor | None:
        return self.by_external_id.get(key) or self.by_slug.get(key)

    def row(self, row: TableRow) -> RowResult:
        v = row.values
        name = _line(v, "name", 200)
        if not name:
            raise RowRefused(_("The name is empty."))
        external_id = _line(v, "external_id", 200)
        slug = slugify(v.get("slug") or name)[:100]
        if not slug:
            raise RowRefused(_("No slug can be made of “%(name)s”: give a slug.") % {"name": name})
        self.once(f"key:{external_id or slug}", row.row)
        wanted: dict[str, Any] = {"name": name, "slug": slug}
        for column in ("profile_de", "profile_en"):
            if column in v:
                wanted[column] = clean_text(v[column])
        for column in ("website", "logo_url"):
            if column in v:
                wanted[column] = _checked_url(v[column].strip(), column)
        if "contact_email" in v:
            wanted["contact_email"] = _checked_email(v["contact_email"].strip(), "contact_email")
        main = None
        if v.get("main_exhibitor"):
            main = self._find(v["main_exhibitor"].strip())
            if main is None:
                raise RowRefused(_("Unknown main exhibitor “%(name)s”.") % {"name": v["main_exhibitor"]})
            if main.main_exhibitor_id is not None:
                raise RowRefused(
                    _("“%(name)s” shares another exhibitor's stand: it cannot host a joint stand.")
                    % {"name": main.name}
                )
        booth = self._booth(v, main=main)
        existing = self.by_external_id.get(external_id) if external_id else self.by_slug.get(slug)
        if existing is None and external_id and slug in self.by_slug:
            raise RowRefused(
                _("The slug “%(slug)s” belongs to “%(name)s”, which has another external_id.")
                % {"slug": slug, "name": self.by_slug[slug].name}
            )
        if existing is None:
            action = CREATED
            if main is not None:
                exhibitor = exhibitors.add_co_exhibitor(main=main, name=name, slug=slug)
                exhibitor = exhibitors.update_exhibitor(exhibitor=exhibitor, external_id=external_id, **wanted)
            else:
                # update_exhibitor on a new row, as create_exhibitor does, without replacing the (empty)
                # materials and staff lists: two statements fewer per row.
                exhibitor = exhibitors.update_exhibitor(
                    exhibitor=Exhibitor(convention=self.convention), booth=booth, external_id=external_id, **wanted
                )
        else:
            exhibitor = existing
            if main is not None and existing.main_exhibitor_id != main.pk:
                raise RowRefused(_("The exhibitor is on another stand: move it on the exhibitor's page."))
            changes = _changes(existing, wanted)
            booth_changed = main is None and "stand" in v and self._booth_of(existing) != self._booth_key(booth)
            if changes or booth_changed:
                if booth_changed:
                    exhibitors.update_exhibitor(exhibitor=existing, booth=booth, **changes)
                else:
                    exhibitors.update_exhibitor(exhibitor=existing, **changes)
                action = UPDATED
            else:
                action = UNCHANGED
        self.by_slug[exhibitor.slug] = exhibitor
        if exhibitor.external_id:
            self.by_external_id[exhibitor.external_id] = exhibitor
        result = self.result(row, action, exhibitor.name)
        if self.options.invite_managers and v.get("manager_email"):
            result.invited = self._invite(exhibitor, v)
        return result

    def _booth(self, v: dict[str, str], *, main: Exhibitor | None) -> dict[str, Any] | None:
        hall_name, number = v.get("hall", "").strip(), clean_line(v.get("stand", ""))
        if not hall_name and not number:
            return None
        if main is not None:
            raise RowRefused(
                _("A member of a joint stand stands on its main exhibitor's stand: leave hall and stand empty.")
            )
        if not hall_name or not number:
            raise RowRefused(_("A stand needs both hall and stand number."))
        hall = self.halls.get(hall_name.lower())
        if hall is None:
            raise RowRefused(_("Unknown hall “%(name)s”.") % {"name": hall_name})
        if len(number) > 20:
            raise RowRefused(_("The stand number is longer than 20 characters."))
        size = None
        if v.get("size_sqm", "").strip():
            try:
                size = Decimal(v["size_sqm"].strip().replace(",", ".")).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise RowRefused(_("size_sqm “%(value)s” is not a number.") % {"value": v["size_sqm"]}) from None
            if size <= 0 or size >= 100_000:
                raise RowRefused(_("size_sqm “%(value)s” is not a stand's size.") % {"value": v["size_sqm"]})
        return {"hall": hall, "number": number, "size_sqm": size}

    @staticmethod
    def _booth_key(booth: dict[str, Any] | None) -> tuple[Any, ...] | None:
        return None if booth is None else (booth["hall"].pk, booth["number"], booth["size_sqm"])

    @staticmethod
    def _booth_of(exhibitor: Exhibitor) -> tuple[Any, ...] | None:
        booth = getattr(exhibitor, "booth", None)
        return None if booth is None else (booth.hall_id, booth.number, booth.size_sqm)

    def _invite(self, exhibitor: Exhibitor, v: dict[str, str]) -> str:
        email = _checked_email(v["manager_email"].strip(), "manager_email")
        on_staff = ExhibitorStaffMember.objects.filter(exhibitor=exhibitor, user__email__iexact=email).exists()
        invited = ExhibitorInvitation.objects.filter(exhibitor=exhibitor, email=email, revoked_at=None).exists()
        if on_staff or invited:
            return ""  # invited before: importing the file again sends nothing
        language, _note = values.language(v.get("manager_language", ""), default=self.default_language)
        exhibitor_staff.invite_staff(
            exhibitor=exhibitor,
            email=email,
            is_manager=True,
            invited_by=self.invited_by,
            first_name=_line(v, "manager_first_name", 100),
            last_name=_line(v, "manager_last_name", 100),
            language=language,
        )
        return email


# --- speakers -----------------------------------------------------------------------------------------------


class _SpeakerImport(_TableImport):
    item = "speaker"
    row_savepoint = False  # one update_speaker call after every check

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        everyone = list(Speaker.objects.filter(convention=self.convention))
        self.by_external_id = {speaker.external_id: speaker for speaker in everyone if speaker.external_id}
        self.by_email: dict[str, list[Speaker]] = {}
        for speaker in everyone:
            if speaker.email:
                self.by_email.setdefault(speaker.email.lower(), []).append(speaker)

    def row(self, row: TableRow) -> RowResult:
        v = row.values
        name = _line(v, "name", 200)
        if not name:
            raise RowRefused(_("The name is empty."))
        external_id = _line(v, "external_id", 200)
        email = _checked_email(v.get("email", "").strip(), "email")
        if not external_id and not email:
            raise RowRefused(_("A speaker needs an external_id or an e-mail address to be found again."))
        self.once(f"key:{external_id or email}", row.row)
        wanted: dict[str, Any] = {"name": name}
        if "email" in v:
            wanted["email"] = email
        if "organization" in v:
            wanted["organization"] = _line(v, "organization", 200)
        for column in ("bio_de", "bio_en"):
            if column in v:
                wanted[column] = clean_text(v[column])
        if "photo_url" in v:
            wanted["photo_url"] = _checked_url(v["photo_url"].strip(), "photo_url")
        notes: list[str] = []
        if v.get("language", "").strip():
            wanted["language"], note = values.language(v["language"], default=self.default_language)
            if note:
                notes.append(note)
        if external_id:
            existing = self.by_external_id.get(external_id)
        else:
            matches = self.by_email.get(email, [])
            if len(matches) > 1:
                raise RowRefused(
                    _("Several speakers have the address %(email)s: give an external_id.") % {"email": email}
                )
            existing = matches[0] if matches else None
        if existing is None:
            # update_speaker on a new row, as create_speaker does, without replacing its (empty) unavailabilities.
            speaker = programme.update_speaker(
                speaker=Speaker(convention=self.convention), external_id=external_id, **wanted
            )
            self.by_external_id[external_id] = speaker
            action = CREATED
        else:
            speaker = existing
            changes = _changes(existing, wanted)
            action = UPDATED if changes else UNCHANGED
            if changes:
                programme.update_speaker(speaker=existing, **changes)
        return self.result(row, action, speaker.name, notes)


def new_speakers_invited(
    *, current: list[int], line_up: list[tuple[Speaker, str]] | None, options: ImportOptions
) -> str:
    """The addresses a line-up change invites (``schedule.set_session_speakers`` writes to each new speaker)."""
    if not options.invite_speakers or line_up is None:
        return ""
    return ", ".join(speaker.email for speaker, _role in line_up if speaker.pk not in current and speaker.email)


# --- sessions -----------------------------------------------------------------------------------------------


class _SessionImport(_TableImport):
    item = "session"
    row_savepoint = False  # one create_session / update_session call after every check

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        sessions = list(Session.objects.filter(convention=self.convention).prefetch_related("session_speakers"))
        self.by_external_id = {session.external_id: session for session in sessions if session.external_id}
        self.by_title: dict[str, list[Session]] = {}
        for session in sessions:
            for title in {session.title_de, session.title_en} - {""}:
                self.by_title.setdefault(title.lower(), []).append(session)
        self.rooms = {room.name.lower(): room for room in Room.objects.filter(convention=self.convention)}
        self.tracks: dict[str, Track] = {}
        for track in Track.objects.filter(convention=self.convention):
            self.tracks.setdefault(track.name_en.lower(), track)
            self.tracks.setdefault(track.name_de.lower(), track)
        self.speakers: dict[str, Speaker] = {}
        for speaker in Speaker.objects.filter(convention=self.convention):
            if speaker.email:
                self.speakers.setdefault(speaker.email.lower(), speaker)
            if speaker.external_id:
                self.speakers[speaker.external_id] = speaker
        self.exhibitors: dict[str, Exhibitor] = {}
        for exhibitor in Exhibitor.objects.filter(convention=self.convention):
            self.exhibitors[exhibitor.slug] = exhibitor
            if exhibitor.external_id:
                self.exhibitors[exhibitor.external_id] = exhibitor

    def label(self, values: dict[str, str]) -> str:
        return values.get("title_en") or values.get("title_de") or values.get("external_id", "")

    def row(self, row: TableRow) -> RowResult:
        v = row.values
        notes: list[str] = []
        title_de, title_en = _line(v, "title_de", 300), _line(v, "title_en", 300)
        if not title_de and not title_en:
            raise RowRefused(_("The session has no title (title_de or title_en)."))
        external_id = _line(v, "external_id", 200)
        self.once(f"key:{external_id or (title_en or title_de).lower()}", row.row)
        wanted: dict[str, Any] = {"title_de": title_de, "title_en": title_en}
        for column in ("abstract_de", "abstract_en"):
            if column in v:
                wanted[column] = clean_text(v[column])
        if v.get("format", "").strip():
            session_format, note = values.session_format(v["format"], strict=True)
            if session_format is None:
                raise RowRefused(
                    _("Unknown format “%(value)s” (keynote, panel, talk, workshop, booth_talk).")
                    % {"value": v["format"]}
                )
            if note:
                notes.append(note)
            wanted["format"] = session_format
        room_name = v.get("room", "").strip()
        room = self.rooms.get(room_name.lower()) if room_name else None
        if room_name and room is None:
            raise RowRefused(_("Unknown room “%(name)s”.") % {"name": room_name})
        if "room" in v:
            wanted["room"] = room
        track_name = v.get("track", "").strip()
        track = self.tracks.get(track_name.lower()) if track_name else None
        if track_name and track is None:
            raise RowRefused(_("Unknown track “%(name)s”.") % {"name": track_name})
        if "track" in v:
            wanted["track"] = track
        if {"date", "start"} & set(v):
            wanted["start"], wanted["end"] = self._times(v, notes)
        if v.get("language", "").strip():
            wanted["language"], note = values.language(v["language"], default=self.default_language)
            if note:
                notes.append(note)
        elif "language" not in v:
            wanted.setdefault("language", Language.GERMAN if title_de and not title_en else self.default_language)
        status = v.get("status", "").strip().lower() or SessionStatus.CONFIRMED
        if status not in SessionStatus.values:
            raise RowRefused(_("Unknown status “%(value)s” (draft, confirmed, cancelled).") % {"value": v["status"]})
        wanted["status"] = status
        if v.get("capacity", "").strip():
            wanted["capacity"] = _positive_int(v["capacity"], "capacity")
        elif "capacity" in v:
            wanted["capacity"] = None
        if v.get("exhibitor", "").strip():
            exhibitor = self.exhibitors.get(v["exhibitor"].strip())
            if exhibitor is None:
                raise RowRefused(_("Unknown exhibitor “%(name)s”.") % {"name": v["exhibitor"]})
            wanted["exhibitor"] = exhibitor
        line_up = self._line_up(v.get("speakers", "")) if "speakers" in v else None
        existing = self._existing(external_id=external_id, title=title_en or title_de)
        label = title_en or title_de
        if existing is None:
            session = scheduling.create_session(
                convention=self.convention,
                speakers=line_up,
                invite_speakers=self.options.invite_speakers,
                external_id=external_id,
                **wanted,
            )
            self.by_external_id[external_id] = session
            result = self.result(row, CREATED, label, notes)
            result.invited = new_speakers_invited(current=[], line_up=line_up, options=self.options)
            return result
        changes = _changes(existing, wanted)
        current = [(role.speaker_id, role.role) for role in existing.session_speakers.all()]
        speakers_changed = line_up is not None and current != [(speaker.pk, role) for speaker, role in line_up]
        if not changes and not speakers_changed:
            return self.result(row, UNCHANGED, label, notes)
        scheduling.update_session(
            session=existing,
            speakers=line_up if speakers_changed else None,
            invite_speakers=self.options.invite_speakers,
            **changes,
        )
        result = self.result(row, UPDATED, label, notes)
        if speakers_changed:
            result.invited = new_speakers_invited(
                current=[speaker_id for speaker_id, _role in current], line_up=line_up, options=self.options
            )
        return result

    def _speaker(self, key: str) -> Speaker | None:
        return self.speakers.get(key) or self.speakers.get(key.lower())

    def _existing(self, *, external_id: str, title: str) -> Session | None:
        if external_id:
            return self.by_external_id.get(external_id)
        matches = self.by_title.get(title.lower(), [])
        if len(matches) > 1:
            raise RowRefused(_("Several sessions are called “%(title)s”: give an external_id.") % {"title": title})
        return matches[0] if matches else None

    def _times(self, v: dict[str, str], notes: list[str]) -> tuple[dt.datetime | None, dt.datetime | None]:
        raw_date, raw_start = v.get("date", "").strip(), v.get("start", "").strip()
        raw_end, raw_duration = v.get("end", "").strip(), v.get("duration", "").strip()
        if not raw_date and not raw_start:
            if raw_end or raw_duration:
                raise RowRefused(_("An end or duration needs a date and a start."))
            return None, None
        if "T" in raw_start or (" " in raw_start and not raw_date):
            start = _aware(raw_start, self.zone)
        else:
            if not raw_date or not raw_start:
                raise RowRefused(_("A session's time needs both date and start."))
            start = dt.datetime.combine(_date(raw_date), _time(raw_start, "start"), tzinfo=self.zone)
        if raw_end:
            if "T" in raw_end or " " in raw_end:
                end = _aware(raw_end, self.zone)
            else:
                end = dt.datetime.combine(start.date(), _time(raw_end, "end"), tzinfo=self.zone)
                if end <= start:
                    end += dt.timedelta(days=1)
                    notes.append(
                        _("ends %(end)s, before it starts: read as %(end)s on the next day") % {"end": raw_end}
                    )
        elif raw_duration:
            length = values.duration(raw_duration)
            if length is None or not length:
                raise RowRefused(_("duration “%(value)s” is not HH:MM.") % {"value": raw_duration})
            end = start + length
        else:
            raise RowRefused(_("A session with a start needs an end or a duration."))
        return start, end

    def _line_up(self, raw: str) -> list[tuple[Speaker, str]]:
        line_up: list[tuple[Speaker, str]] = []
        for entry in (part.strip() for part in raw.split(";")):
            if not entry:
                continue
            # "S-001:moderator": the role after the last colon (ids may hold colons, addresses do not).
            key, role = entry, "speaker"
            head, colon, tail = entry.rpartition(":")
            tail_role = values.speaker_role(tail) if colon else None
            if tail_role is not None:
                key, role = head.strip(), tail_role
            speaker = self._speaker(key)
            if speaker is None:
                if colon and self._speaker(head.strip()) is not None:
                    raise RowRefused(
                        _("Unknown role “%(role)s” of %(speaker)s (speaker, moderator, panelist).")
                        % {"role": tail, "speaker": head.strip()}
                    )
                raise RowRefused(_("Unknown speaker “%(speaker)s” (import the speakers first).") % {"speaker": key})
            if any(known.pk == speaker.pk for known, _role in line_up):
                raise RowRefused(_("%(name)s is named twice.") % {"name": speaker.name})
            line_up.append((speaker, role))
        return line_up


def _date(raw: str) -> dt.date:
    german = _DATE_DE.match(raw)
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise RowRefused(_("date “%(value)s” is not a date (YYYY-MM-DD or DD.MM.YYYY).") % {"value": raw}) from None


def _time(raw: str, column: str) -> dt.time:
    match = _TIME.match(raw)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return dt.time(int(match.group(1)), int(match.group(2)))
    raise RowRefused(_("%(column)s “%(value)s” is not a time (HH:MM).") % {"column": column, "value": raw})


def _aware(raw: str, zone: ZoneInfo) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise RowRefused(_("“%(value)s” is not a date and time (YYYY-MM-DDTHH:MM).") % {"value": raw}) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _positive_int(raw: str, column: str) -> int:
    try:
        number = int(raw.strip())
    except ValueError:
        raise RowRefused(
            _("%(column)s “%(value)s” is not a whole number.") % {"column": column, "value": raw}
        ) from None
    if number < 0 or number > 1_000_000:
        raise RowRefused(_("%(column)s “%(value)s” is out of range.") % {"column": column, "value": raw})
    return number


# --- registrations of pre-registered guests -----------------------------------------------------------------


class _RegistrationImport(_TableImport):
    item = "registration"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ticket_types: dict[str, TicketType] = {}
        for ticket_type in TicketType.objects.filter(convention=self.convention):
            self.ticket_types.setdefault(ticket_type.name_en.lower(), ticket_type)
            self.ticket_types.setdefault(ticket_type.name_de.lower(), ticket_type)
        active = Registration.objects.filter(convention=self.convention).exclude(
            status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED]
        )
        self.by_external_id = {
            registration.external_id: registration for registration in active.exclude(external_id="")
        }
        self.by_email = {
            (registration.email.lower(), registration.ticket_type_id): registration for registration in active
        }

    def label(self, values: dict[str, str]) -> str:
        return f"{values.get('first_name', '')} {values.get('last_name', '')}".strip() or values.get("email", "")

    def row(self, row: TableRow) -> RowResult:
        v = row.values
        email = _checked_email(v.get("email", "").strip(), "email")
        first_name, last_name = _line(v, "first_name", 100), _line(v, "last_name", 100)
        if not email or not (first_name or last_name):
            raise RowRefused(_("A guest needs an e-mail address and a name."))
        ticket_name = v.get("ticket_type", "").strip() or self.options.ticket_type
        if not ticket_name:
            raise RowRefused(_("No ticket type: give a ticket_type column or choose one for the import."))
        ticket_type = self.ticket_types.get(ticket_name.lower())
        if ticket_type is None:
            raise RowRefused(_("Unknown ticket type “%(name)s”.") % {"name": ticket_name})
        external_id = _line(v, "external_id", 200)
        self.once(f"key:{external_id or email + ':' + str(ticket_type.pk)}", row.row)
        notes: list[str] = []
        language = self.default_language
        if v.get("language", "").strip():
            language, note = values.language(v["language"], default=self.default_language)
            if note:
                notes.append(note)
        wanted = {
            "first_name": first_name,
            "last_name": last_name,
            "organization": _line(v, "organization", 200),
            "job_title": _line(v, "job_title", 200),
            "language": language,
        }
        existing = self.by_external_id.get(external_id) if external_id else self.by_email.get((email, ticket_type.pk))
        if existing is None:
            if (
                not external_id
                and Registration.objects.filter(
                    Q(convention=self.convention) & Q(email__iexact=email) & ~Q(external_id="")
                )
                .filter(ticket_type=ticket_type)
                .exists()
            ):
                raise RowRefused(_("This address holds an imported registration with an external_id: give it."))
            new = registration.issue_complimentary_registration(
                ticket_type=ticket_type, email=email, external_id=external_id, **wanted
            )
            self.by_email[(email, ticket_type.pk)] = new.registration
            return self.result(row, CREATED, new.registration.full_name, notes)
        if existing.email.lower() != email:
            raise RowRefused(
                _("The registration %(code)s has another e-mail address: change it there.") % {"code": existing.code}
            )
        if existing.ticket_type_id != ticket_type.pk:
            raise RowRefused(_("The registration %(code)s is for another ticket type.") % {"code": existing.code})
        changes = {key: value for key, value in wanted.items() if getattr(existing, key) != value}
        if not changes:
            return self.result(row, UNCHANGED, existing.full_name, notes)
        registration.update_attendee_details(registration=existing, **changes)
        return self.result(row, UPDATED, existing.full_name, notes)


_IMPORTERS: dict[str, type[_TableImport]] = {
    ImportKind.EXHIBITORS: _ExhibitorImport,
    ImportKind.SPEAKERS: _SpeakerImport,
    ImportKind.SESSIONS: _SessionImport,
    ImportKind.REGISTRATIONS: _RegistrationImport,
}
