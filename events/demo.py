"""Builders for the demo convention (``seed_demo``) and the full-scale benchmark convention (``seed_fullscale``).

The demo is a small, readable Smart Country Convention that ``make run`` loads. It is placed relative to a start
day (by default today, so check-in, lead capture, workshop sign-up and reminders work on the day someone tries
it): three days, 9:00–18:00 Europe/Berlin. Every builder looks its objects up by a natural key first, so running
the seed again changes nothing and keeps what people created (registrations, bookmarks, sign-ups, scans). Seeding
with another start day moves the convention, its opening hours and every session by whole days and releases the
moved programme.

``seed_demo`` builds the convention in areas, one function each (``DEMO_AREAS``): programme, ticketing,
check-in, exhibitor staff, devices. Each area receives the ``DemoContext`` (what earlier areas built) and
records the logins, setup codes and pages it offers, which ``seed_demo`` and ``make run`` print. A new area is
a function ``seed_<area>(context: DemoContext) -> None`` appended to ``DEMO_AREAS``.

The full-scale convention (500 sessions, 650 speakers, 400 exhibitors) is written with ``bulk_create`` so it
seeds in seconds; its slot grid makes room clashes impossible by construction.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from events.enums import Language, MaterialKind, RoomKind, SessionFormat, SessionStatus, SpeakerRole, TeamRole
from events.errors import NothingToRelease
from events.models import (
    Booth,
    CheckinList,
    CheckinListKind,
    Convention,
    ConventionMember,
    Device,
    DeviceKind,
    Exhibitor,
    ExhibitorMaterial,
    ExhibitorStaffMember,
    Hall,
    OpeningHours,
    Room,
    ScheduleRelease,
    Session,
    Speaker,
    TicketType,
    Track,
)
from events.services import devices as device_services
from events.services.publishing import build_programme_snapshot, release_schedule
from events.services.schedule import create_session

DEMO_SLUG = "sccon"
DEMO_NAME = "Smart Country Convention"
DEMO_DAYS = 3
DEMO_TIME_ZONE = "Europe/Berlin"
DEMO_ORGANIZER = ("organizer", "messe-demo")
DEMO_ADMIN = ("admin", "messe-admin")
# The rest of the demo convention's team: a programme curator of one stage and a read-only member.
DEMO_CURATOR = ("curator", "messe-curator")
DEMO_CURATOR_STAGE = "Stage Urban Data"
DEMO_READONLY = ("readonly", "messe-readonly")
DEMO_EXHIBITOR_STAFF = ("exhibitor", "messe-exhibitor")
DEMO_EXHIBITOR_STAND = "508"
DEMO_GATE_DEVICE = "Demo gate"
DEMO_BOOTH_DEVICE = "Demo booth 508"
OPENS_AT = dt.time(9, 0)
CLOSES_AT = dt.time(18, 0)

HALLS = ["hub27", "Halle 25"]
# (name, hall, kind, capacity)
ROOMS = [
    ("Main Stage", "hub27", RoomKind.STAGE, 1200),
    ("Stage Urban Data", "hub27", RoomKind.STAGE, 300),
    ("Stage Digital Twins", "hub27", RoomKind.STAGE, 250),
    ("Open Source Stage", "Halle 25", RoomKind.STAGE, 250),
    ("Forum Communication", "Halle 25", RoomKind.STAGE, 200),
    ("Financing Forum", "Halle 25", RoomKind.STAGE, 200),
    ("Impulse Stage", "Halle 25", RoomKind.STAGE, 150),
    ("Workshop Room A", "hub27", RoomKind.WORKSHOP_ROOM, 30),
    ("Workshop Room B", "hub27", RoomKind.WORKSHOP_ROOM, 40),
    ("Workshop Room C", "Halle 25", RoomKind.WORKSHOP_ROOM, 24),
    ("Booth Talks Halle 25", "Halle 25", RoomKind.BOOTH_AREA, 60),
]
STAGES = [name for name, _, kind, _ in ROOMS if kind == RoomKind.STAGE]
WORKSHOP_ROOMS = [name for name, _, kind, _ in ROOMS if kind == RoomKind.WORKSHOP_ROOM]
BOOTH_AREA = "Booth Talks Halle 25"

# (name_en, name_de, colour)
TRACKS = [
    ("Urban data platforms", "Urbane Datenplattformen", "#1f6feb"),
    ("Digital twins", "Digitale Zwillinge", "#8250df"),
    ("Open source", "Open Source", "#1a7f37"),
    ("Communication", "Kommunikation", "#bf8700"),
    ("Financing", "Finanzierung", "#cf222e"),
    ("From pilot to steady operation", "Vom Pilot in den Regelbetrieb", "#0a3069"),
]

# Per track: subjects as (English, German). Formats and rooms are assigned by the slot plan below.
SUBJECTS = {
    "Urban data platforms": [
        ("Building a municipal data platform in twelve months", "Eine kommunale Datenplattform in zwölf Monaten"),
        ("Open data portals that people actually use", "Open-Data-Portale, die wirklich genutzt werden"),
        ("Sensor networks for traffic and air quality", "Sensornetze für Verkehr und Luftqualität"),
        ("Data governance for cities and counties", "Data Governance für Städte und Landkreise"),
        ("Interoperable standards: DCAT-AP and OGC APIs", "Interoperable Standards: DCAT-AP und OGC-APIs"),
        ("Real-time dashboards for the town hall", "Echtzeit-Dashboards für das Rathaus"),
        ("Data sharing between municipal utilities", "Datenteilen zwischen Stadtwerken"),
        ("Privacy by design in urban data", "Datenschutz durch Technikgestaltung bei Stadtdaten"),
        ("Hands-on: publishing your first dataset", "Praxis: Ihr erster Datensatz im Portal"),
        ("Regional data spaces", "Regionale Datenräume"),
    ],
    "Digital twins": [
        ("The city as a digital twin", "Die Stadt als digitaler Zwilling"),
        ("Flood simulation with a 3D city model", "Hochwassersimulation im 3D-Stadtmodell"),
        ("Digital twins for urban planning participation", "Digitale Zwillinge für Bürgerbeteiligung"),
        ("Heat islands: modelling climate adaptation", "Hitzeinseln: Klimaanpassung modellieren"),
        ("Building information modelling for public buildings", "BIM für öffentliche Gebäude"),
        ("Hands-on: a twin from open geodata", "Praxis: ein Zwilling aus offenen Geodaten"),
        ("Mobility twins and traffic control", "Mobilitätszwillinge und Verkehrssteuerung"),
        ("What a twin costs to run", "Was der Betrieb eines Zwillings kostet"),
        ("Twins across county borders", "Zwillinge über Kreisgrenzen hinweg"),
        ("From point cloud to decision", "Von der Punktwolke zur Entscheidung"),
    ],
    "Open source": [
        ("Open source in public administration", "Open Source in der öffentlichen Verwaltung"),
        ("openDesk and the sovereign workplace", "openDesk und der souveräne Arbeitsplatz"),
        ("Public money, public code", "Öffentliches Geld, öffentlicher Code"),
        ("Procuring open source software", "Open-Source-Software beschaffen"),
        ("Maintaining shared municipal software", "Gemeinsame kommunale Software pflegen"),
        ("Hands-on: contributing to a public code repository", "Praxis: Beitragen zu öffentlichem Code"),
        ("Security of open source supply chains", "Sicherheit von Open-Source-Lieferketten"),
        ("Communities of practice across states", "Praxisgemeinschaften über Ländergrenzen"),
        ("Licensing questions answered", "Lizenzfragen beantwortet"),
        ("Reusing solutions: the one-for-all principle", "Nachnutzung: das Einer-für-Alle-Prinzip"),
    ],
    "Communication": [
        ("Explaining digital services to citizens", "Digitale Dienste für Bürgerinnen und Bürger erklären"),
        ("Plain language in online forms", "Einfache Sprache in Online-Formularen"),
        ("Accessible websites for every municipality", "Barrierefreie Websites für jede Kommune"),
        ("Crisis communication in the digital age", "Krisenkommunikation im digitalen Zeitalter"),
        ("Social media for town halls", "Soziale Medien für Rathäuser"),
        ("Hands-on: user research with residents", "Praxis: Nutzerforschung mit Einwohnern"),
        ("Change management inside the administration", "Veränderungsmanagement in der Verwaltung"),
        ("Chatbots at the citizen service desk", "Chatbots im Bürgerservice"),
        ("Storytelling for digital projects", "Storytelling für Digitalprojekte"),
        ("Winning the council for digital investment", "Den Rat für Digitalinvestitionen gewinnen"),
    ],
    "Financing": [
        ("Funding programmes for smart cities", "Förderprogramme für Smart Cities"),
        ("Business cases for municipal digital projects", "Wirtschaftlichkeit kommunaler Digitalprojekte"),
        ("Public–private partnerships that work", "Öffentlich-private Partnerschaften, die funktionieren"),
        ("EU funding for digital infrastructure", "EU-Förderung für digitale Infrastruktur"),
        ("Hands-on: writing a winning funding application", "Praxis: ein erfolgreicher Förderantrag"),
        ("Operating costs after the funding ends", "Betriebskosten nach dem Förderende"),
        ("Joint procurement of municipal IT", "Gemeinsame Beschaffung kommunaler IT"),
        ("Budgeting for broadband and 5G", "Haushaltsplanung für Breitband und 5G"),
        ("Impact measurement for investors", "Wirkungsmessung für Geldgeber"),
        ("Financing data centres of the public sector", "Finanzierung öffentlicher Rechenzentren"),
    ],
    "From pilot to steady operation": [
        ("From pilot to steady operation", "Vom Pilotprojekt in den Regelbetrieb"),
        ("Scaling a model project to the whole county", "Ein Modellprojekt auf den ganzen Kreis übertragen"),
        ("Operating platforms 24/7 with a small team", "Plattformen rund um die Uhr mit kleinem Team betreiben"),
        ("Service level agreements for municipalities", "Service-Level-Vereinbarungen für Kommunen"),
        ("Hands-on: an operations handbook", "Praxis: ein Betriebshandbuch"),
        ("Lessons from ten years of smart city pilots", "Lehren aus zehn Jahren Smart-City-Piloten"),
        ("Staffing digital operations", "Personal für den digitalen Betrieb"),
        ("Monitoring and incident response", "Monitoring und Störungsbehebung"),
        ("Exit strategies for vendor lock-in", "Ausstiegsstrategien gegen Herstellerbindung"),
        ("Sustainability of smart city infrastructure", "Nachhaltigkeit von Smart-City-Infrastruktur"),
    ],
}

FIRST_NAMES = [
    "Anna", "Jonas", "Leonie", "Mehmet", "Sophie", "Lukas", "Fatma", "Paul", "Marie", "Felix", "Katharina",
    "Tobias", "Aylin", "Jan", "Laura", "Stefan", "Nina", "David", "Miriam", "Florian", "Julia", "Tim", "Sarah",
    "Hendrik", "Clara", "Oliver", "Ines", "Moritz", "Hannah", "Kai",
]  # fmt: skip
LAST_NAMES = [
    "Schneider", "Wagner", "Yılmaz", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Meier",
    "Lehmann", "Köhler", "Kaya", "Walter", "Peters", "Möller", "Jung", "Frank", "Berger", "Kowalski",
]  # fmt: skip
ORGANIZATIONS = [
    "Stadt Musterstadt", "Landkreis Beispielkreis", "Kommunales Rechenzentrum Nord", "Stadtwerke Seehafen",
    "Deutscher Städtetag (demo)", "Hochschule für Verwaltung (demo)", "Institut für Stadtdaten",
    "Open Source Verein Kommunal", "Bundesagentur für Digitales (demo)", "Landesamt für Geoinformation (demo)",
    "Smart City Büro Flusstadt", "GovTech Werkstatt", "Zweckverband Digitale Region", "Stadt Hügelburg",
]  # fmt: skip

# (name, hall, booth number, size in m²); the federal ministry has stand 508 in Halle 25.
EXHIBITORS = [
    ("Bundesministerium des Innern und für Heimat", "Halle 25", "508", 120),
    ("Bundesministerium für Digitales und Verkehr", "Halle 25", "510", 100),
    ("Kommunales Rechenzentrum Nord", "hub27", "101", 36),
    ("Stadtwerke Seehafen", "hub27", "102", 24),
    ("Open Source Verein Kommunal", "hub27", "103", 18),
    ("Institut für Stadtdaten", "hub27", "104", 18),
    ("GovTech Werkstatt", "hub27", "105", 12),
    ("Datenraum Mitte eG", "hub27", "106", 24),
    ("Geodaten Kontor", "hub27", "107", 18),
    ("Zwilling & Partner Planung", "hub27", "108", 30),
    ("Sensorik Brandenburg", "hub27", "109", 12),
    ("Civic Forms Lab", "hub27", "110", 12),
    ("Netzausbau Ost", "hub27", "111", 48),
    ("Cloud der Länder (demo)", "hub27", "112", 60),
    ("Bürgerportal Kollektiv", "hub27", "113", 18),
    ("Barrierefrei Digital", "hub27", "114", 12),
    ("Verkehrsdaten Labor", "hub27", "115", 24),
    ("Smart Parking Nord", "hub27", "116", 12),
    ("LoRaWAN Gemeinschaft", "hub27", "117", 18),
    ("Klimadaten Agentur", "hub27", "118", 24),
    ("Landesamt für Geoinformation (demo)", "Halle 25", "501", 48),
    ("Zweckverband Digitale Region", "Halle 25", "502", 36),
    ("Smart City Büro Flusstadt", "Halle 25", "503", 24),
    ("Stadt Hügelburg", "Halle 25", "504", 24),
    ("Landkreis Beispielkreis", "Halle 25", "505", 30),
    ("Hochschule für Verwaltung (demo)", "Halle 25", "506", 18),
    ("E-Akte Systemhaus", "Halle 25", "507", 36),
    ("Registermodernisierung Verbund", "Halle 25", "509", 48),
    ("Digitalakademie Öffentlicher Dienst", "Halle 25", "511", 18),
    ("Förderlotsen Kommunal", "Halle 25", "512", 12),
    ("Rechenzentrum Süd AöR", "Halle 25", "513", 60),
    ("Breitband Kompetenzzentrum", "Halle 25", "514", 24),
    ("5G Modellregion", "Halle 25", "515", 24),
    ("KI in der Verwaltung e.V.", "Halle 25", "516", 18),
    ("Sicherheit Kommunal CERT", "Halle 25", "517", 18),
    ("Wasserwirtschaft Digital", "Halle 25", "518", 24),
    ("Energieagentur Stadtquartier", "Halle 25", "519", 30),
    ("Mobilitätsplattform Region", "Halle 25", "520", 36),
    ("Onlinezugang Werkstatt", "Halle 25", "521", 18),
    ("Startup Verwaltung Lab", "Halle 25", "522", 9),
]

# A day on a stage: (start, end) in local time; keynotes/panels 45–60 min, talks 30 min.
STAGE_SLOTS = [
    (dt.time(9, 30), dt.time(10, 15)),
    (dt.time(10, 30), dt.time(11, 15)),
    (dt.time(11, 30), dt.time(12, 0)),
    (dt.time(13, 30), dt.time(14, 30)),
    (dt.time(15, 0), dt.time(15, 30)),
    (dt.time(16, 0), dt.time(16, 45)),
]
WORKSHOP_SLOTS = [(dt.time(10, 0), dt.time(11, 30)), (dt.time(14, 0), dt.time(15, 30))]
BOOTH_TALK_SLOTS = [(dt.time(12, 15), dt.time(12, 45)), (dt.time(16, 30), dt.time(17, 0))]


@dataclass(frozen=True)
class DemoLogin:
    """A way into the demo for one role: a user name and password, or a device setup code."""

    role: str
    username: str
    password: str
    page: str
    note: str = ""


@dataclass(frozen=True)
class DemoPage:
    """A page (path below the site's root) and who uses it."""

    role: str
    title: str
    path: str


@dataclass
class DemoContext:
    """What the areas built so far, and what they offer newcomers (printed by ``seed_demo`` and ``make run``)."""

    convention: Convention
    organizer: User
    halls: dict[str, Hall] = field(default_factory=dict)
    rooms: dict[str, Room] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    speakers: list[Speaker] = field(default_factory=list)
    exhibitors: list[Exhibitor] = field(default_factory=list)
    ticket_types: dict[str, TicketType] = field(default_factory=dict)
    checkin_lists: dict[str, CheckinList] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    setup_codes: list[DemoLogin] = field(default_factory=list)
    pages: list[DemoPage] = field(default_factory=list)

    @property
    def days(self) -> list[dt.date]:
        return demo_days(self.convention)

    def exhibitor_at(self, number: str) -> Exhibitor:
        return next(item for item in self.exhibitors if item.booth.number == number)


@dataclass(frozen=True)
class DemoSummary:
    convention: Convention
    created: bool
    moved_from: dt.date | None
    release: ScheduleRelease | None
    organizer_token: str
    logins: list[DemoLogin]
    setup_codes: list[DemoLogin]
    pages: list[DemoPage]


def demo_days(convention: Convention) -> list[dt.date]:
    return [
        convention.start_date + dt.timedelta(days=offset)
        for offset in range((convention.end_date - convention.start_date).days + 1)
    ]


def _at(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone)


def _speaker_name(index: int) -> str:
    # Walk first and last names with coprime strides so 100 names are distinct and look varied.
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7 + index // 30) % len(LAST_NAMES)]}"


def _slugify(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss"))[:100]


def demo_name(start: dt.date) -> tuple[str, str]:
    """Name and c3voc acronym of the demo starting on ``start``."""
    return f"{DEMO_NAME} {start.year}", f"sccon{start.year}"


def default_start() -> dt.date:
    """Today in the demo's time zone: day 1 of the demo is the day someone tries it."""
    return timezone.now().astimezone(ZoneInfo(DEMO_TIME_ZONE)).date()


def ensure_demo_convention(start: dt.date) -> tuple[Convention, bool, dt.date | None]:
    """The demo convention starting on ``start``: created, found, or moved there (with everything it holds)."""
    from events.services.conventions import move_convention

    name, acronym = demo_name(start)
    convention, created = Convention.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "acronym": acronym,
            "name": name,
            "venue": "Messe Berlin",
            "city": "Berlin",
            "start_date": start,
            "end_date": start + dt.timedelta(days=DEMO_DAYS - 1),
            "time_zone": DEMO_TIME_ZONE,
            "languages": ["de", "en"],
            "website": "https://www.smartcountry.berlin/",
        },
    )
    moved_from = None
    if convention.start_date != start:
        moved_from = convention.start_date
        convention = move_convention(convention=convention, start_date=start)
    if (convention.name, convention.acronym) != (name, acronym):
        Convention.objects.filter(pk=convention.pk).update(name=name, acronym=acronym)
        convention.name, convention.acronym = name, acronym
    for day in demo_days(convention):
        OpeningHours.objects.get_or_create(
            convention=convention, date=day, defaults={"opens_at": OPENS_AT, "closes_at": CLOSES_AT}
        )
    return convention, created, moved_from


def ensure_venue(convention: Convention) -> tuple[dict[str, Hall], dict[str, Room]]:
    halls = {
        name: Hall.objects.get_or_create(convention=convention, name=name, defaults={"position": position})[0]
        for position, name in enumerate(HALLS)
    }
    rooms = {
        name: Room.objects.get_or_create(
            convention=convention,
            name=name,
            defaults={"hall": halls[hall], "kind": kind, "capacity": capacity, "position": position},
        )[0]
        for position, (name, hall, kind, capacity) in enumerate(ROOMS)
    }
    return halls, rooms


def ensure_tracks(convention: Convention) -> dict[str, Track]:
    return {
        name_en: Track.objects.get_or_create(
            convention=convention,
            name_en=name_en,
            defaults={"name_de": name_de, "color": color, "position": position},
        )[0]
        for position, (name_en, name_de, color) in enumerate(TRACKS)
    }


def ensure_speakers(convention: Convention, count: int = 100) -> list[Speaker]:
    speakers = []
    for index in range(count):
        name = _speaker_name(index)
        organization = ORGANIZATIONS[index % len(ORGANIZATIONS)]
        speaker, _ = Speaker.objects.get_or_create(
            convention=convention,
            name=name,
            defaults={
                "organization": organization,
                "bio_en": f"{name} works on digital infrastructure at {organization}.",
                "bio_de": f"{name} arbeitet bei {organization} an digitaler Infrastruktur.",
                "email": f"speaker{index}@example.org",
            },
        )
        speakers.append(speaker)
    return speakers


def ensure_exhibitors(convention: Convention, halls: dict[str, Hall]) -> list[Exhibitor]:
    exhibitors = []
    for name, hall, number, size in EXHIBITORS:
        slug = _slugify(name)
        exhibitor, created = Exhibitor.objects.get_or_create(
            convention=convention,
            slug=slug,
            defaults={
                "name": name,
                "profile_en": f"{name} presents solutions for digital municipalities at stand {number}.",
                "profile_de": f"{name} zeigt an Stand {number} Lösungen für die digitale Kommune.",
                "logo_url": f"https://example.org/logos/{slug}.png",
                "website": f"https://example.org/{slug}/",
                "links": [{"title": "Press kit", "url": f"https://example.org/{slug}/press/"}],
                "contact_email": f"booth@{slug}.example.org",
            },
        )
        if created:
            Booth.objects.create(exhibitor=exhibitor, hall=halls[hall], number=number, size_sqm=size)
            ExhibitorMaterial.objects.create(
                exhibitor=exhibitor,
                title=f"{name}: product overview",
                kind=MaterialKind.DOCUMENT,
                url=f"https://example.org/{slug}/overview.pdf",
            )
        exhibitors.append(exhibitor)
    return exhibitors


def demo_programme(convention: Convention) -> list[dict]:
    """The demo's sessions as keyword arguments for ``create_session`` (without convention and speakers).

    A fixed plan: per day six stage slots on the first stages in rotation, two workshops per workshop room and
    two booth talks. Every (room, slot) pair is used once, so there are no clashes.
    """
    zone = ZoneInfo(convention.time_zone)
    subjects = {track: list(items) for track, items in SUBJECTS.items()}
    track_cycle = itertools.cycle([name for name, _, _ in TRACKS])
    plan: list[dict] = []

    def next_subject(want_hands_on: bool) -> tuple[str, str, str]:
        for _ in range(len(TRACKS) * 2):
            track = next(track_cycle)
            for index, (en, de) in enumerate(subjects[track]):
                if en.startswith("Hands-on") == want_hands_on:
                    subjects[track].pop(index)
                    return track, en, de
        raise RuntimeError("the demo ran out of subjects")

    for day_index, day in enumerate(demo_days(convention)):
        for slot_index, (start, end) in enumerate(STAGE_SLOTS):
            # Three stages run in parallel per slot, rotating; each day opens with a keynote on the main stage.
            picks = [STAGES[(day_index + slot_index + offset) % len(STAGES)] for offset in (0, 2, 4)]
            if slot_index == 0:
                picks = [STAGES[0], STAGES[1 + day_index % 3], STAGES[4 + day_index % 3]]
            for stage in picks:
                minutes = (dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).seconds // 60
                if stage == STAGES[0] and slot_index == 0:
                    session_format = SessionFormat.KEYNOTE
                elif minutes >= 45:
                    session_format = SessionFormat.PANEL
                else:
                    session_format = SessionFormat.TALK
                track, en, de = next_subject(want_hands_on=False)
                plan.append(
                    {
                        "title_en": en,
                        "title_de": de,
                        "format": session_format,
                        "track": track,
                        "room": stage,
                        "start": _at(day, start, zone),
                        "end": _at(day, end, zone),
                        "language": Language.GERMAN if len(plan) % 3 else Language.ENGLISH,
                    }
                )
        for room in WORKSHOP_ROOMS[: 1 + day_index % 2]:
            start, end = WORKSHOP_SLOTS[day_index % 2]
            track, en, de = next_subject(want_hands_on=True)
            plan.append(
                {
                    "title_en": en,
                    "title_de": de,
                    "format": SessionFormat.WORKSHOP,
                    "track": track,
                    "room": room,
                    "start": _at(day, start, zone),
                    "end": _at(day, end, zone),
                    "language": Language.GERMAN,
                    "capacity": {"Workshop Room A": 25, "Workshop Room B": 35, "Workshop Room C": 20}[room],
                }
            )
    return plan


def ensure_sessions(
    convention: Convention,
    *,
    tracks: dict[str, Track],
    rooms: dict[str, Room],
    speakers: list[Speaker],
    exhibitors: list[Exhibitor],
) -> int:
    """Create the planned sessions that do not exist yet (matched by English title); return how many."""
    existing = set(Session.objects.filter(convention=convention).values_list("title_en", flat=True))
    speaker_pool = itertools.cycle(speakers)
    created = 0
    for entry in demo_programme(convention):
        line_up = _line_up(entry["format"], speaker_pool)
        if entry["title_en"] in existing:
            continue
        create_session(
            convention=convention,
            **{**entry, "track": tracks[entry["track"]], "room": rooms[entry["room"]]},
            abstract_en=f"{entry['title_en']}: experiences, tools and next steps from German municipalities.",
            abstract_de=f"{entry['title_de']}: Erfahrungen, Werkzeuge und nächste Schritte aus deutschen Kommunen.",
            expected_attendance=entry.get("capacity") or min(rooms[entry["room"]].capacity or 0, 180),
            status=SessionStatus.CONFIRMED,
            speakers=line_up,
        )
        created += 1
    zone = ZoneInfo(convention.time_zone)
    for index, (day, (start, end)) in enumerate(itertools.product(demo_days(convention)[:2], BOOTH_TALK_SLOTS)):
        exhibitor = exhibitors[index]
        title_en = f"Booth talk: {exhibitor.name}"
        if title_en in existing:
            continue
        create_session(
            convention=convention,
            title_en=title_en,
            title_de=f"Standgespräch: {exhibitor.name}",
            abstract_en=f"Meet {exhibitor.name} at stand {exhibitor.booth.number}.",
            abstract_de=f"Treffen Sie {exhibitor.name} an Stand {exhibitor.booth.number}.",
            format=SessionFormat.BOOTH_TALK,
            room=rooms[BOOTH_AREA],
            start=_at(day, start, zone),
            end=_at(day, end, zone),
            language=Language.GERMAN,
            exhibitor=exhibitor,
            status=SessionStatus.CONFIRMED,
            speakers=[(next(speaker_pool), SpeakerRole.SPEAKER)],
        )
        created += 1
    return created


def _line_up(session_format: str, pool) -> list[tuple[Speaker, str]]:
    if session_format == SessionFormat.PANEL:
        return [(next(pool), SpeakerRole.MODERATOR)] + [(next(pool), SpeakerRole.PANELIST) for _ in range(3)]
    if session_format == SessionFormat.WORKSHOP:
        return [(next(pool), SpeakerRole.SPEAKER), (next(pool), SpeakerRole.SPEAKER)]
    return [(next(pool), SpeakerRole.SPEAKER)]


def ensure_release(convention: Convention, *, released_by: User | None) -> ScheduleRelease | None:
    """Release the programme unless the latest release already shows exactly the current programme."""
    latest = convention.releases.order_by("-version").first()
    if latest is not None and latest.snapshot == build_programme_snapshot(convention=convention):
        return latest
    try:
        return release_schedule(convention=convention, released_by=released_by, comment="Demo programme")
    except NothingToRelease:
        return latest


def _user(username: str, password: str, **defaults: Any) -> User:
    """A demo user; the password is set on creation only (someone may have changed it since)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults=defaults)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _member(convention: Convention, user: User, role: str) -> ConventionMember:
    member, _created = ConventionMember.objects.update_or_create(
        convention=convention, user=user, defaults={"role": role}
    )
    return member


def ensure_demo_users(convention: Convention) -> tuple[User, str]:
    """The demo logins: the owner of the demo convention (an account of the organizer area, not of the admin
    site) and a superuser."""
    username, password = DEMO_ORGANIZER
    organizer = _user(username, password, email="organizer@messe.localhost")
    if organizer.is_staff:  # a demo seeded before the organizer area gave it the admin site's staff flag
        organizer.is_staff = False
        organizer.save(update_fields=["is_staff"])
    _member(convention, organizer, TeamRole.OWNER)
    admin_name, admin_password = DEMO_ADMIN
    if not get_user_model().objects.filter(username=admin_name).exists():
        get_user_model().objects.create_superuser(admin_name, "admin@messe.localhost", admin_password)
    token, _ = Token.objects.get_or_create(user=organizer)
    return organizer, token.key


# --- Areas: each builds one part of the demo on the context and says what it offers. ---------------------------


def seed_programme(context: DemoContext) -> None:
    """Venue, tracks, speakers, exhibitors with booths and the sessions; the organizer's and public pages."""
    convention = context.convention
    context.halls, context.rooms = ensure_venue(convention)
    context.tracks = ensure_tracks(convention)
    context.speakers = ensure_speakers(convention)
    context.exhibitors = ensure_exhibitors(convention, context.halls)
    ensure_sessions(
        convention, tracks=context.tracks, rooms=context.rooms, speakers=context.speakers,
        exhibitors=context.exhibitors,
    )  # fmt: skip
    slug = convention.slug
    context.logins.append(
        DemoLogin(
            role="organizer",
            username=DEMO_ORGANIZER[0],
            password=DEMO_ORGANIZER[1],
            page=f"/organize/{slug}/",
            note=f"owner of {convention.name} (organizer area); sign in at /login/",
        )
    )
    context.logins.append(
        DemoLogin(role="admin", username=DEMO_ADMIN[0], password=DEMO_ADMIN[1], page="/admin/", note="superuser")
    )
    context.pages += [
        DemoPage("visitor", "Programme", f"/events/{slug}/"),
        DemoPage("visitor", "Exhibitors", f"/events/{slug}/exhibitors/"),
        DemoPage("organizer", "Organizer area", f"/organize/{slug}/"),
        DemoPage("organizer", "Team", f"/organize/{slug}/team/"),
        DemoPage("organizer", "Dashboard", f"/events/{slug}/dashboard/"),
    ]


def seed_team(context: DemoContext) -> None:
    """The demo convention's team besides its owner: a curator of one stage and a read-only member."""
    convention = context.convention
    username, password = DEMO_CURATOR
    curator = _member(convention, _user(username, password, email="curator@messe.localhost"), TeamRole.CURATOR)
    curator.invited_by = context.organizer
    curator.save(update_fields=["invited_by"])
    stage = context.rooms.get(DEMO_CURATOR_STAGE) or convention.rooms.get(name=DEMO_CURATOR_STAGE)
    curator.rooms.set([stage])
    username, password = DEMO_READONLY
    _member(convention, _user(username, password, email="readonly@messe.localhost"), TeamRole.READONLY)
    context.logins += [
        DemoLogin(
            role="curator",
            username=DEMO_CURATOR[0],
            password=DEMO_CURATOR[1],
            page=f"/organize/{convention.slug}/",
            note=f"programme curator of {DEMO_CURATOR_STAGE}; sign in at /login/",
        ),
        DemoLogin(
            role="read-only",
            username=DEMO_READONLY[0],
            password=DEMO_READONLY[1],
            page=f"/organize/{convention.slug}/",
            note="sees the organizer area, changes nothing; sign in at /login/",
        ),
    ]


# (name_en, name_de, price, allowed e-mail domains, quota, description_en, description_de)
TICKET_TYPES = [
    (
        "Public sector visitor", "Besucher öffentlicher Sektor", Decimal("0"),
        ["bund.de", "berlin.de", "brandenburg.de", "bayern.de", "nrw.de", "hamburg.de", "kommune.de", "example.gov"],
        None,
        "Free for employees of public administrations (register with your work e-mail address).",
        "Kostenfrei für Beschäftigte der öffentlichen Verwaltung (Anmeldung mit dienstlicher E-Mail-Adresse).",
    ),
    (
        "Business pass", "Business-Ticket", Decimal("399.00"), [], None,
        "All three days for visitors from companies.", "Alle drei Tage für Besucher aus Unternehmen.",
    ),
    (
        "Press", "Presse", Decimal("0"), [], 200,
        "For accredited journalists; the press office checks each registration.",
        "Für akkreditierte Journalistinnen und Journalisten; die Pressestelle prüft jede Anmeldung.",
    ),
    (
        "Speaker pass", "Sprecherausweis", Decimal("0"), ["example.org"], None,
        "For speakers of the programme.", "Für Sprecherinnen und Sprecher des Programms.",
    ),
    (
        "Exhibitor pass", "Ausstellerausweis", Decimal("0"), ["example.org"], 2000,
        "For the staff of exhibitors (register with the exhibitor's e-mail domain).",
        "Für das Standpersonal der Aussteller (Anmeldung mit der E-Mail-Domain des Ausstellers).",
    ),
]  # fmt: skip


def seed_ticketing(context: DemoContext) -> None:
    """What is on sale: a free public-sector ticket (e-mail domain rule), a paid business pass (refused with
    ``payments_unavailable`` while no Stripe key is set), press, speaker and exhibitor passes."""
    for position, (name_en, name_de, price, domains, quota, text_en, text_de) in enumerate(TICKET_TYPES):
        context.ticket_types[name_en] = TicketType.objects.get_or_create(
            convention=context.convention,
            name_en=name_en,
            defaults={
                "name_de": name_de,
                "price": price,
                "allowed_email_domains": domains,
                "quota": quota,
                "description_en": text_en,
                "description_de": text_de,
                "position": position,
            },
        )[0]
    context.pages.append(DemoPage("visitor", "Registration", f"/events/{context.convention.slug}/register/"))


def entrance_list_name(day_number: int) -> str:
    return f"Entrance day {day_number}"


def seed_checkin(context: DemoContext) -> None:
    """Check-in lists: the entrance, one list per day, and the workshop rooms with their capacity."""
    convention = context.convention
    for number, day in enumerate(context.days, start=1):
        checkin_list, _ = CheckinList.objects.get_or_create(
            convention=convention,
            name=entrance_list_name(number),
            defaults={"kind": CheckinListKind.ENTRANCE, "days": [day.isoformat()]},
        )
        context.checkin_lists[checkin_list.name] = checkin_list
    for name in WORKSHOP_ROOMS:
        room = context.rooms[name]
        checkin_list, _ = CheckinList.objects.get_or_create(
            convention=convention,
            name=name,
            defaults={"kind": CheckinListKind.ROOM, "room": room, "capacity": room.capacity},
        )
        context.checkin_lists[checkin_list.name] = checkin_list


def seed_exhibitor_staff(context: DemoContext) -> None:
    """A staff login (booth manager) for the exhibitor at stand 508."""
    exhibitor = context.exhibitor_at(DEMO_EXHIBITOR_STAND)
    username, password = DEMO_EXHIBITOR_STAFF
    user = _user(username, password, email=f"staff@{exhibitor.slug}.example.org")
    ExhibitorStaffMember.objects.get_or_create(exhibitor=exhibitor, user=user, defaults={"is_manager": True})
    context.logins.append(
        DemoLogin(
            role="exhibitor staff",
            username=username,
            password=password,
            page=f"/api/v1/exhibitors/{exhibitor.pk}/leads/",
            note=f"booth manager of {exhibitor.name}, stand {DEMO_EXHIBITOR_STAND}",
        )
    )


def _demo_device(
    context: DemoContext,
    *,
    name: str,
    kind: str,
    checkin_lists: list[CheckinList] | None = None,
    exhibitor: Exhibitor | None = None,
) -> tuple[Device, str]:
    """The demo device called ``name`` with a fresh setup code.

    A device nobody activated yet gets a new code (the one printed last time stops working); once activated it
    is left alone (whoever set it up keeps scanning) and a further device ``name 2``, ``name 3``… is created.
    """
    devices = list(
        Device.objects.filter(convention=context.convention, name__startswith=name, revoked_at=None).order_by("pk")
    )
    waiting = [device for device in devices if device.token_hash is None]
    if waiting:
        device = waiting[-1]
        if checkin_lists is not None:
            device.checkin_lists.set(checkin_lists)
        return device, device_services.renew_setup_code(device=device)
    return device_services.create_device(
        convention=context.convention,
        name=name if not devices else f"{name} {len(devices) + 1}",
        kind=kind,
        checkin_lists=checkin_lists,
        exhibitor=exhibitor,
        # A booth device is the exhibitor's (organizers see lead counts only): the seed sets it up as the system.
        created_by=context.organizer if kind == DeviceKind.GATE else None,
    )


def seed_devices(context: DemoContext) -> None:
    """A gate device for every check-in list and a booth device for stand 508, each with a setup code."""
    gate, gate_code = _demo_device(
        context, name=DEMO_GATE_DEVICE, kind=DeviceKind.GATE, checkin_lists=list(context.checkin_lists.values())
    )
    exhibitor = context.exhibitor_at(DEMO_EXHIBITOR_STAND)
    booth, booth_code = _demo_device(context, name=DEMO_BOOTH_DEVICE, kind=DeviceKind.BOOTH, exhibitor=exhibitor)
    context.setup_codes += [
        DemoLogin(role="gate", username=gate.name, password=gate_code, page="/scan/", note="entrance and rooms"),
        DemoLogin(
            role="exhibitor staff",
            username=booth.name,
            password=booth_code,
            page="/scan/",
            note=f"lead capture for {exhibitor.name}",
        ),
    ]
    context.pages += [
        DemoPage("gate", "Badge scanner", "/scan/"),
        DemoPage("exhibitor staff", "Lead capture scanner", "/scan/"),
    ]


DemoArea = Callable[[DemoContext], None]
# In order: later areas use what earlier ones built (the check-in lists use the rooms, devices the lists).
DEMO_AREAS: list[DemoArea] = [
    seed_programme,
    seed_team,
    seed_ticketing,
    seed_checkin,
    seed_exhibitor_staff,
    seed_devices,
]


def seed_demo(*, start: dt.date | None = None) -> DemoSummary:
    """Build (or complete, or move) the demo convention starting on ``start`` (default: today) and release its
    schedule. Running it twice changes nothing but the setup codes of devices nobody activated yet."""
    start = start or default_start()
    with transaction.atomic():
        convention, created, moved_from = ensure_demo_convention(start)
        organizer, token = ensure_demo_users(convention)
        context = DemoContext(convention=convention, organizer=organizer)
        for area in DEMO_AREAS:
            area(context)
    release = ensure_release(convention, released_by=organizer)
    return DemoSummary(
        convention=convention,
        created=created,
        moved_from=moved_from,
        release=release,
        organizer_token=token,
        logins=context.logins,
        setup_codes=context.setup_codes,
        pages=context.pages,
    )
