"""The full-scale convention for benchmarks: SCCON's size (500 sessions, 650 speakers, 400 exhibitors).

Everything is written with ``bulk_create`` so a seed takes seconds. Sessions sit on a grid of 30-minute slots
(9:00–18:00) over rooms × days, one session per cell, so there are no room clashes and nothing lies outside the
opening hours; the grid grows extra rooms when ``scale`` asks for more sessions than the standard rooms hold.
"""

import datetime as dt
import math
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from events.demo import FIRST_NAMES, HALLS, LAST_NAMES, ORGANIZATIONS, ROOMS, SUBJECTS, TRACKS
from events.enums import Language, MaterialKind, RoomKind, SessionFormat, SessionStatus, SpeakerRole
from events.errors import DomainError
from events.models import (
    Booth,
    Convention,
    Exhibitor,
    ExhibitorMaterial,
    Hall,
    OpeningHours,
    Room,
    ScheduleRelease,
    Session,
    SessionSpeaker,
    Speaker,
    Track,
)
from events.services.publishing import release_schedule

FULL_SESSIONS = 500
FULL_SPEAKERS = 650
FULL_EXHIBITORS = 400
DAYS = 3
SLOT_MINUTES = 30
SESSION_MINUTES = 25
SLOTS_PER_DAY = (18 - 9) * 60 // SLOT_MINUTES


class ConventionExists(DomainError):
    code = "convention_exists"
    status = 409
    default_message = "A convention with this slug exists already; seed into a fresh slug or database."


@dataclass(frozen=True)
class FullScaleSummary:
    convention: Convention
    sessions: int
    speakers: int
    exhibitors: int
    release: ScheduleRelease


def _acronym(slug: str) -> str:
    acronym = re.sub(r"[^a-z0-9_-]", "", slug.lower())
    return acronym if len(acronym) >= 4 else f"{acronym}full"


def seed_fullscale(*, slug: str, scale: float = 1.0, start_date: dt.date = dt.date(2025, 9, 30)) -> FullScaleSummary:
    """Create a released convention of SCCON's size (times ``scale``) under ``slug``.

    Refuses with ``ConventionExists`` when the slug is taken, so a benchmark never measures a half-old database.
    """
    if Convention.objects.filter(slug=slug).exists():
        raise ConventionExists()
    session_count = max(1, round(FULL_SESSIONS * scale))
    speaker_count = max(1, round(FULL_SPEAKERS * scale))
    exhibitor_count = max(1, round(FULL_EXHIBITORS * scale))
    zone = ZoneInfo("Europe/Berlin")
    with transaction.atomic():
        convention = Convention.objects.create(
            slug=slug,
            acronym=_acronym(slug),
            name=f"Smart Country Convention (full scale, {slug})",
            venue="Messe Berlin",
            city="Berlin",
            start_date=start_date,
            end_date=start_date + dt.timedelta(days=DAYS - 1),
            time_zone="Europe/Berlin",
        )
        days = [start_date + dt.timedelta(days=offset) for offset in range(DAYS)]
        OpeningHours.objects.bulk_create(
            OpeningHours(convention=convention, date=day, opens_at=dt.time(9), closes_at=dt.time(18)) for day in days
        )
        halls = Hall.objects.bulk_create(
            Hall(convention=convention, name=name, position=position) for position, name in enumerate(HALLS)
        )
        hall_by_name = {hall.name: hall for hall in halls}
        room_specs = [(name, hall_by_name[hall], kind, capacity) for name, hall, kind, capacity in ROOMS]
        needed_rooms = math.ceil(session_count / (SLOTS_PER_DAY * DAYS))
        for extra in range(len(room_specs), needed_rooms):
            room_specs.append((f"Extra Stage {extra + 1}", halls[extra % 2], RoomKind.STAGE, 150))
        rooms = Room.objects.bulk_create(
            Room(convention=convention, name=name, hall=hall, kind=kind, capacity=capacity, position=position)
            for position, (name, hall, kind, capacity) in enumerate(room_specs)
        )
        tracks = Track.objects.bulk_create(
            Track(convention=convention, name_en=en, name_de=de, color=color, position=position)
            for position, (en, de, color) in enumerate(TRACKS)
        )
        speakers = Speaker.objects.bulk_create(
            Speaker(
                convention=convention,
                name=_speaker_name(index),
                organization=ORGANIZATIONS[index % len(ORGANIZATIONS)],
                bio_en="Works on digital infrastructure for municipalities.",
                bio_de="Arbeitet an digitaler Infrastruktur für Kommunen.",
                email=f"speaker{index}@example.org",
            )
            for index in range(speaker_count)
        )
        exhibitors = Exhibitor.objects.bulk_create(
            Exhibitor(
                convention=convention,
                name=f"Exhibitor {index + 1:03d}",
                slug=f"exhibitor-{index + 1:03d}",
                profile_en="Solutions for the digital municipality.",
                profile_de="Lösungen für die digitale Kommune.",
                website=f"https://example.org/exhibitor-{index + 1:03d}/",
            )
            for index in range(exhibitor_count)
        )
        Booth.objects.bulk_create(
            Booth(exhibitor=exhibitor, hall=halls[index % 2], number=f"{100 + index // 2}", size_sqm=12)
            for index, exhibitor in enumerate(exhibitors)
        )
        ExhibitorMaterial.objects.bulk_create(
            ExhibitorMaterial(
                exhibitor=exhibitor,
                title="Product overview",
                kind=MaterialKind.DOCUMENT,
                url=f"https://example.org/{exhibitor.slug}/overview.pdf",
            )
            for exhibitor in exhibitors
        )
        titles = [pair for track_subjects in SUBJECTS.values() for pair in track_subjects]
        sessions = []
        for index in range(session_count):
            # Day-major interleaving spreads the programme evenly over days, then rooms, then slots.
            day = days[index % DAYS]
            rest = index // DAYS
            room = rooms[rest % len(rooms)]
            slot = rest // len(rooms)
            start = dt.datetime.combine(day, dt.time(9), tzinfo=zone) + dt.timedelta(minutes=slot * SLOT_MINUTES)
            en, de = titles[index % len(titles)]
            sessions.append(
                Session(
                    convention=convention,
                    title_en=f"{en} ({index + 1})",
                    title_de=f"{de} ({index + 1})",
                    abstract_en=f"{en}: experiences from German municipalities.",
                    abstract_de=f"{de}: Erfahrungen aus deutschen Kommunen.",
                    format=_format_for(room, slot),
                    track=tracks[index % len(tracks)],
                    room=room,
                    start=start,
                    end=start + dt.timedelta(minutes=SESSION_MINUTES),
                    language=Language.ENGLISH if index % 4 == 0 else Language.GERMAN,
                    capacity=room.capacity if room.kind == RoomKind.WORKSHOP_ROOM else None,
                    expected_attendance=min(room.capacity or 0, 100),
                    status=SessionStatus.CONFIRMED,
                    exhibitor=exhibitors[index % len(exhibitors)] if room.kind == RoomKind.BOOTH_AREA else None,
                )
            )
        sessions = Session.objects.bulk_create(sessions)
        roles = []
        draw = 0
        for session in sessions:
            if session.format == SessionFormat.PANEL:
                line_up = [SpeakerRole.MODERATOR] + [SpeakerRole.PANELIST] * 3
            else:
                line_up = [SpeakerRole.SPEAKER] * (1 + draw % 2)
            for position, role in enumerate(line_up):
                roles.append(
                    SessionSpeaker(
                        session=session, speaker=speakers[draw % len(speakers)], role=role, position=position
                    )
                )
                draw += 1
        SessionSpeaker.objects.bulk_create(roles)
    release = release_schedule(convention=convention, comment="Full-scale seed")
    return FullScaleSummary(
        convention=convention,
        sessions=len(sessions),
        speakers=len(speakers),
        exhibitors=len(exhibitors),
        release=release,
    )


def _speaker_name(index: int) -> str:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last} {index + 1}"


def _format_for(room: Room, slot: int) -> str:
    if room.kind == RoomKind.WORKSHOP_ROOM:
        return SessionFormat.WORKSHOP
    if room.kind == RoomKind.BOOTH_AREA:
        return SessionFormat.BOOTH_TALK
    if room.position == 0 and slot == 0:
        return SessionFormat.KEYNOTE
    return SessionFormat.PANEL if slot % 3 == 1 else SessionFormat.TALK
