"""Server time of the organizers' schedule board on a full-scale convention (500 sessions over 3 days, 650
speakers): a day view, and a move's round trip (the JSON POST the board sends when a card is dropped).

Runs Django in-process against its own PostgreSQL database ``messe_bench_board`` (created and dropped here) and
times requests through the full middleware stack with Django's test client, signed in as an organizer: server
time without the network. Seeds with ``events.fullscale.seed_fullscale``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_board.py

Targets: a day view p95 <= 200 ms, a move round trip p95 <= 100 ms. Writes bench/results/board.json.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "messe_bench_board"
DAY_VIEWS = 60
MOVES = 100
DAY_TARGET_MS = 200.0
MOVE_TARGET_MS = 100.0


def database_urls() -> tuple[str, str]:
    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return urlunparse(base._replace(path="/postgres")), urlunparse(base._replace(path=f"/{DB_NAME}"))


def recreate_database(admin_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def row(name: str, metric: str, value: float, target: float | None) -> dict:
    return {
        "benchmark": f"board: {name}",
        "metric": metric,
        "value": round(value, 2),
        "unit": "ms",
        "target": f"<= {target:.0f} ms" if target else "",
        "met": (value <= target) if target else None,
    }


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
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        from events.fullscale import seed_fullscale
        from events.models import Session

        call_command("migrate", verbosity=0)
        slug = "sccon-full"
        summary = seed_fullscale(slug=slug)
        organizer = get_user_model().objects.create_user("bench-organizer", password="unused")
        summary.convention.organizers.add(organizer)
        client = Client()
        client.force_login(organizer)
        board = f"/organize/{slug}/board/"
        days = {
            "day view (first day, 15 min)": f"{board}?day=2025-09-30",
            "day view (second day, 5 min, de)": f"{board}?day=2025-10-01&step=5&lang=de",
        }
        for name, url in days.items():
            status = client.get(url).status_code  # warm-up
            assert status == 200, (url, status)
            samples = []
            for _ in range(DAY_VIEWS):
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            p50, p95 = percentiles(samples)
            print(f"{name:36} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({len(response.content) // 1024} KiB)")
            results += [row(name, "server time p50", p50, None), row(name, "server time p95", p95, DAY_TARGET_MS)]

        # Moves: the programme's last session, back and forth between 17:00 and 17:30 in its room (both free in
        # the seed), each based on the version the previous answer gave.
        session = Session.objects.filter(convention=summary.convention, start__isnull=False).order_by("-start").first()
        assert session is not None
        version = session.version
        samples = []
        for index in range(MOVES + 1):
            start, end = ("17:00", "17:25") if index % 2 == 0 else ("17:30", "17:55")
            body = {
                "room": session.room_id,
                "day": _local_day(session, summary.convention),
                "start": start,
                "end": end,
                "version": version,
                "action": "move",
            }
            started = time.perf_counter()
            response = client.post(f"{board}sessions/{session.pk}/move/", body, HTTP_ACCEPT="application/json")
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.content
            version = response.json()["session"]["version"]
            if index:  # the first one warms up
                samples.append(elapsed)
        p50, p95 = percentiles(samples)
        print(f"{'move round trip':36} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
        results += [
            row("move round trip", "server time p50", p50, None),
            row("move round trip", "server time p95", p95, MOVE_TARGET_MS),
        ]
        for connection in connections.all():
            connection.close()
    finally:
        recreate_database(admin_url, drop_only=True)
    out = ROOT / "bench" / "results" / "board.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


def _local_day(session, convention) -> str:
    from zoneinfo import ZoneInfo

    return session.start.astimezone(ZoneInfo(convention.time_zone)).date().isoformat()


if __name__ == "__main__":
    main()
