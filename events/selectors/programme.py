"""Reads of the released programme, for the public API.

Everything here comes from the latest ``ScheduleRelease.snapshot`` of a public convention, never from the live
tables an organizer is editing. A release is immutable, so its parsed form (``ReleasedProgramme``: public
representations with rooms, halls, tracks and speakers already expanded, plus search text and local day per
session) is kept in memory per release; a warm read costs one query (which release is the latest).

The parsed releases live in a small per-process LRU, not in the Django cache: for a full-scale convention
(500 sessions, 650 speakers) unpickling the parsed programme from the cache took as long as parsing the snapshot
again (about 16 ms each), while a dictionary lookup in the process costs nothing.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, QuerySet, Subquery

from events.errors import NotFound
from events.models import ScheduleRelease

PARSED_RELEASES_KEPT = 16


@dataclass
class ReleasedProgramme:
    """One release's programme, parsed and indexed for the public endpoints.

    Shared between requests: callers must treat it and everything in it as read-only.
    """

    release_id: int
    version: int
    released_at: str
    convention: dict[str, Any]
    rooms: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    # Indexes and derived values used by filters; not part of any response.
    sessions_by_id: dict[int, dict[str, Any]] = field(default_factory=dict)
    speakers_by_id: dict[int, dict[str, Any]] = field(default_factory=dict)
    session_days: dict[int, dt.date] = field(default_factory=dict)
    session_search_text: dict[int, str] = field(default_factory=dict)
    speaker_session_ids: dict[int, list[int]] = field(default_factory=dict)
    sessions_by_exhibitor: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def release(self) -> dict[str, Any]:
        return {"version": self.version, "released_at": self.released_at}

    def convention_detail(self) -> dict[str, Any]:
        return {**self.convention, "release": self.release}

    def session(self, session_id: int) -> dict[str, Any]:
        try:
            return self.sessions_by_id[session_id]
        except KeyError:
            raise NotFound("No released session with this id.") from None

    def speaker_detail(self, speaker_id: int) -> dict[str, Any]:
        try:
            speaker = self.speakers_by_id[speaker_id]
        except KeyError:
            raise NotFound("No speaker with this id in the released programme.") from None
        sessions = [self.sessions_by_id[pk] for pk in self.speaker_session_ids.get(speaker_id, [])]
        return {**speaker, "sessions": [_session_summary(session) for session in sessions]}


def _session_summary(session: dict[str, Any]) -> dict[str, Any]:
    return {
        key: session[key]
        for key in ("id", "guid", "title_de", "title_en", "format", "language", "start", "end", "room", "track")
    }


def parse_snapshot(*, release_id: int, version: int, released_at: str, snapshot: dict[str, Any]) -> ReleasedProgramme:
    """Turn a release snapshot into public representations (pure; no queries)."""
    time_zone = ZoneInfo(snapshot["convention"]["time_zone"])
    halls = {hall["id"]: {"id": hall["id"], "name": hall["name"]} for hall in snapshot["halls"]}
    rooms = [
        {
            "id": room["id"],
            "name": room["name"],
            "kind": room["kind"],
            "capacity": room["capacity"],
            "hall": halls.get(room["hall_id"]),
        }
        for room in snapshot["rooms"]
    ]
    rooms_by_id = {room["id"]: room for room in rooms}
    tracks = [dict(track) for track in snapshot["tracks"]]
    tracks_by_id = {track["id"]: track for track in tracks}
    speakers = [
        {key: speaker[key] for key in ("id", "guid", "name", "organization", "bio_de", "bio_en", "photo_url")}
        for speaker in snapshot["speakers"]
    ]
    speakers_by_id = {speaker["id"]: speaker for speaker in speakers}

    programme = ReleasedProgramme(
        release_id=release_id,
        version=version,
        released_at=released_at,
        convention=dict(snapshot["convention"]),
        rooms=rooms,
        tracks=tracks,
        sessions=[],
        speakers=speakers,
        speakers_by_id=speakers_by_id,
    )
    for raw in snapshot["sessions"]:
        line_up = [
            {
                "id": role["id"],
                "name": speakers_by_id[role["id"]]["name"],
                "organization": speakers_by_id[role["id"]]["organization"],
                "photo_url": speakers_by_id[role["id"]]["photo_url"],
                "role": role["role"],
            }
            for role in raw["speakers"]
            if role["id"] in speakers_by_id
        ]
        session = {
            "id": raw["id"],
            "guid": raw["guid"],
            "title_de": raw["title_de"],
            "title_en": raw["title_en"],
            "abstract_de": raw["abstract_de"],
            "abstract_en": raw["abstract_en"],
            "format": raw["format"],
            "language": raw["language"],
            # In the convention's zone with its offset (ISO 8601), as the organizer API answers.
            "start": dt.datetime.fromisoformat(raw["start"]).astimezone(time_zone).isoformat(),
            "end": dt.datetime.fromisoformat(raw["end"]).astimezone(time_zone).isoformat(),
            "capacity": raw["capacity"],
            "room": rooms_by_id.get(raw["room_id"]),
            "track": tracks_by_id.get(raw["track_id"]),
            "exhibitor_id": raw["exhibitor_id"],
            "speakers": line_up,
        }
        programme.sessions.append(session)
        programme.sessions_by_id[session["id"]] = session
        programme.session_days[session["id"]] = dt.datetime.fromisoformat(raw["start"]).astimezone(time_zone).date()
        searchable = [raw["title_de"], raw["title_en"], raw["abstract_de"], raw["abstract_en"]]
        searchable += [speaker["name"] for speaker in line_up]
        programme.session_search_text[session["id"]] = "\n".join(searchable).casefold()
        for speaker in line_up:
            programme.speaker_session_ids.setdefault(speaker["id"], []).append(session["id"])
        if raw["exhibitor_id"] is not None:
            programme.sessions_by_exhibitor.setdefault(raw["exhibitor_id"], []).append(_session_summary(session))
    return programme


def released_programme(*, slug: str) -> ReleasedProgramme:
    """The latest release of the public convention ``slug``; ``NotFound`` when there is none.

    One query when the release is already parsed in this process (the common case), two when it is not.
    """
    latest = (
        ScheduleRelease.objects.filter(convention__slug=slug, convention__is_public=True)
        .order_by("-version")
        .values_list("pk", "released_at")
        .first()
    )
    if latest is None:
        raise NotFound("No public convention with this slug has a released schedule.")
    release_id, released_at = latest
    return _parsed_release(release_id, released_at)


@functools.lru_cache(maxsize=PARSED_RELEASES_KEPT)
def _parsed_release(release_id: int, released_at: dt.datetime) -> ReleasedProgramme:
    # Keyed by release time as well as id: a database that reuses a deleted row's id (SQLite) must not be
    # answered from a release that no longer exists.
    release = ScheduleRelease.objects.filter(pk=release_id).values("version", "snapshot").first()
    if release is None:  # deleted between the two queries
        raise NotFound("No public convention with this slug has a released schedule.")
    return parse_snapshot(
        release_id=release_id,
        version=release["version"],
        released_at=released_at.isoformat(),
        snapshot=release["snapshot"],
    )


def public_conventions() -> QuerySet:
    """Latest release of every public convention, as dicts with the snapshot's convention and the version.

    Reads only the ``convention`` part of each snapshot (a JSON key lookup in the database), never the
    whole programme.
    """
    latest_version = (
        ScheduleRelease.objects.filter(convention=OuterRef("convention")).order_by("-version").values("version")[:1]
    )
    return (
        ScheduleRelease.objects.filter(convention__is_public=True, version=Subquery(latest_version))
        .order_by("convention__start_date", "convention__slug")
        .values("version", "released_at", "snapshot__convention")
    )


@dataclass(frozen=True)
class SessionFilters:
    day: dt.date | None = None
    track: int | None = None
    room: int | None = None
    format: str | None = None
    language: str | None = None
    q: str | None = None


def filter_sessions(*, programme: ReleasedProgramme, filters: SessionFilters) -> list[dict[str, Any]]:
    """Released sessions matching every given filter, in programme order."""
    needle = filters.q.casefold() if filters.q else None
    result = []
    for session in programme.sessions:
        if filters.day is not None and programme.session_days[session["id"]] != filters.day:
            continue
        if filters.track is not None and (session["track"] or {}).get("id") != filters.track:
            continue
        if filters.room is not None and (session["room"] or {}).get("id") != filters.room:
            continue
        if filters.format is not None and session["format"] != filters.format:
            continue
        if filters.language is not None and session["language"] != filters.language:
            continue
        if needle is not None and needle not in programme.session_search_text[session["id"]]:
            continue
        result.append(session)
    return result


def live_sessions(
    *,
    convention,
    status: str | None = None,
    room: int | None = None,
    track: int | None = None,
    format: str | None = None,
    day: dt.date | None = None,
) -> QuerySet:
    """The organizer's live programme (drafts and cancelled sessions included), narrowed by every filter given;
    ``day`` is a day in the convention's time zone. Unscheduled sessions come last."""
    from django.db.models import F

    from events.models import Session

    sessions = Session.objects.filter(convention=convention).prefetch_related("session_speakers__speaker")
    if status:
        sessions = sessions.filter(status=status)
    if room is not None:
        sessions = sessions.filter(room_id=room)
    if track is not None:
        sessions = sessions.filter(track_id=track)
    if format:
        sessions = sessions.filter(format=format)
    if day is not None:
        zone = ZoneInfo(convention.time_zone)
        begins = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        ends = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        sessions = sessions.filter(start__gte=begins, start__lt=ends)
    return sessions.order_by(F("start").asc(nulls_last=True), "pk")
