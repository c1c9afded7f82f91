"""Server time of the public programme page for a full-scale convention (500 sessions, 650 speakers, 400
exhibitors), cold and warm.

Runs Django in-process against its own PostgreSQL database ``messe_bench_pages`` (created and dropped here) and
times requests through the full middleware stack with Django's test client: that is server time without the
network. Uses the ``seed_fullscale`` command when the project has it, otherwise seeds the same shape here.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_pages.py

Writes bench/results/pages.json.
"""

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "messe_bench_pages"
WARM_REQUESTS = 200
TARGET_MS = 150.0


def database_urls() -> tuple[str, str]:
    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return urlunparse(base._replace(path="/postgres")), urlunparse(base._replace(path=f"/{DB_NAME}"))


def recreate_database(admin_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def seed_fullscale() -> str:
    from django.core.management import call_command, get_commands

    if "seed_fullscale" in get_commands():
        call_command("seed_fullscale", verbosity=0)
        from events.models import Convention

        convention = Convention.objects.order_by("-pk").first()
        from events.services.publishing import release_schedule

        if not convention.releases.exists():
            release_schedule(convention=convention)
        return convention.slug
    return seed_here()


def seed_here() -> str:
    from zoneinfo import ZoneInfo

    from events.enums import RoomKind, SessionFormat, SessionStatus, SpeakerRole
    from events.models import (
        Booth,
        Convention,
        Exhibitor,
        ExhibitorMaterial,
        Hall,
        OpeningHours,
        Room,
        Session,
        SessionSpeaker,
        Speaker,
        Track,
    )
    from events.services.publishing import release_schedule

    berlin = ZoneInfo("Europe/Berlin")
    first_day = dt.date(2025, 9, 30)
    convention = Convention.objects.create(
        slug="sccon-full",
        acronym="sccon-full",
        name="Smart Country Convention (full scale)",
        venue="Messe Berlin",
        city="Berlin",
        start_date=first_day,
        end_date=first_day + dt.timedelta(days=2),
    )
    for offset in range(3):
        OpeningHours.objects.create(
            convention=convention,
            date=first_day + dt.timedelta(days=offset),
            opens_at=dt.time(9),
            closes_at=dt.time(19),
        )
    halls = [
        Hall.objects.create(convention=convention, name=name, position=i)
        for i, name in enumerate(["hub27", "Halle 25"])
    ]
    rooms = [
        Room.objects.create(
            convention=convention,
            hall=halls[i % 2],
            name=f"Stage {i + 1}",
            kind=RoomKind.STAGE,
            capacity=400,
            position=i,
        )
        for i in range(7)
    ] + [
        Room.objects.create(
            convention=convention,
            hall=halls[i % 2],
            name=f"Workshop room {i + 1}",
            kind=RoomKind.WORKSHOP_ROOM,
            capacity=40,
            position=10 + i,
        )
        for i in range(6)
    ]
    topics = ["Urban data platforms", "Digital twins", "Open source", "Communication", "Financing", "Steady operation"]
    tracks = [
        Track.objects.create(convention=convention, name_en=topic, name_de=topic, position=i)
        for i, topic in enumerate(topics)
    ]
    speakers = Speaker.objects.bulk_create(
        Speaker(
            convention=convention,
            name=f"Speaker {i:03d}",
            organization=f"City {i % 90}",
            bio_en="Works on municipal digital infrastructure.",
            bio_de="Arbeitet an kommunaler Infrastruktur.",
        )
        for i in range(650)
    )
    formats = [SessionFormat.TALK, SessionFormat.PANEL, SessionFormat.KEYNOTE, SessionFormat.TALK]
    sessions = []
    slot = 0
    while len(sessions) < 500:
        day, index = divmod(slot, 13 * 19)
        room_index, hour_slot = divmod(index, 19)
        start = dt.datetime.combine(first_day + dt.timedelta(days=day % 3), dt.time(9), tzinfo=berlin) + dt.timedelta(
            minutes=30 * hour_slot
        )
        room = rooms[room_index]
        sessions.append(
            Session(
                convention=convention,
                title_en=f"Session {len(sessions)}: running the city's data",
                title_de=f"Sitzung {len(sessions)}",
                abstract_en="What municipalities learnt. " * 8,
                abstract_de="Was Kommunen gelernt haben. " * 8,
                format=SessionFormat.WORKSHOP if room.kind == RoomKind.WORKSHOP_ROOM else formats[len(sessions) % 4],
                track=tracks[len(sessions) % len(tracks)],
                room=room,
                start=start,
                end=start + dt.timedelta(minutes=25),
                language="de" if len(sessions) % 3 else "en",
                status=SessionStatus.CONFIRMED,
            )
        )
        slot += 1
    sessions = Session.objects.bulk_create(sessions)
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(
            session=session,
            speaker=speakers[(i * 2 + k) % 650],
            role=SpeakerRole.PANELIST if k else SpeakerRole.SPEAKER,
            position=k,
        )
        for i, session in enumerate(sessions)
        for k in range(2)
    )
    exhibitors = Exhibitor.objects.bulk_create(
        Exhibitor(
            convention=convention,
            name=f"Exhibitor {i:03d}",
            slug=f"exhibitor-{i:03d}",
            profile_en="Digital services for municipalities.",
            website="https://example.org/",
        )
        for i in range(400)
    )
    Booth.objects.bulk_create(
        Booth(exhibitor=exhibitor, hall=halls[i % 2], number=f"{100 + i}") for i, exhibitor in enumerate(exhibitors)
    )
    ExhibitorMaterial.objects.bulk_create(
        ExhibitorMaterial(exhibitor=exhibitor, title="Brochure", url="https://example.org/brochure.pdf")
        for exhibitor in exhibitors
    )
    release_schedule(convention=convention)
    return convention.slug


def timed(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - started) * 1000, response.status_code


def main() -> None:
    admin_url, bench_url = database_urls()
    recreate_database(admin_url)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    results = []
    try:
        import django

        django.setup()
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        call_command("migrate", verbosity=0)
        slug = seed_fullscale()
        cache.clear()
        client = Client()
        pages = {
            "programme grid": f"/events/{slug}/",
            "programme list (de)": f"/events/{slug}/?view=list&lang=de",
            "programme filtered (day, track)": f"/events/{slug}/?day=2025-10-01&track=",
            "exhibitor directory": f"/events/{slug}/exhibitors/",
        }
        for name, url in pages.items():
            cold_ms, status = timed(client, url)
            assert status == 200, (url, status)
            warm = sorted(timed(client, url)[0] for _ in range(WARM_REQUESTS))
            p50 = statistics.median(warm)
            p95 = warm[int(len(warm) * 0.95) - 1]
            print(f"{name:34} cold {cold_ms:7.1f} ms   warm p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
            is_programme = name == "programme grid"
            results += [
                {
                    "benchmark": f"pages: {name}",
                    "metric": "cold server time",
                    "value": round(cold_ms, 2),
                    "unit": "ms",
                    "target": "",
                    "met": None,
                },
                {
                    "benchmark": f"pages: {name}",
                    "metric": "warm server time p50",
                    "value": round(p50, 2),
                    "unit": "ms",
                    "target": f"<= {TARGET_MS:.0f} ms" if is_programme else "",
                    "met": (p50 <= TARGET_MS) if is_programme else None,
                },
                {
                    "benchmark": f"pages: {name}",
                    "metric": "warm server time p95",
                    "value": round(p95, 2),
                    "unit": "ms",
                    "target": f"<= {TARGET_MS:.0f} ms" if is_programme else "",
                    "met": (p95 <= TARGET_MS) if is_programme else None,
                },
            ]
        cache.clear()
        for connection in connections.all():
            connection.close()
    finally:
        recreate_database(admin_url, drop_only=True)
    out = ROOT / "bench" / "results" / "pages.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
