"""Server time of the public programme page for a full-scale convention (500 sessions, 650 speakers, 400
exhibitors), cold and warm.

Runs Django in-process against its own PostgreSQL database ``messe_bench_pages`` (created and dropped here) and
times requests through the full middleware stack with Django's test client: that is server time without the
network. Seeds with ``events.fullscale.seed_fullscale`` (the ``seed_fullscale`` command).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_pages.py

The cache is Redis at ``BENCH_PAGES_CACHE_URL`` (default ``redis://127.0.0.1:6379/8``; flushed at the end).

Writes bench/results/pages.json.
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
DB_NAME = "messe_bench_pages"
WARM_REQUESTS = 200
RERENDER_REQUESTS = 10
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
    # The pages' cache as in production (Redis); a database number of its own, flushed at the end.
    os.environ["CACHE_URL"] = os.environ.get("BENCH_PAGES_CACHE_URL", "redis://127.0.0.1:6379/8")
    results = []
    try:
        import django

        django.setup()
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        from events.fullscale import seed_fullscale

        call_command("migrate", verbosity=0)
        slug = "sccon-full"
        seed_fullscale(slug=slug)
        cache.clear()
        client = Client()
        pages = {
            "programme grid": f"/events/{slug}/",
            "programme list (de)": f"/events/{slug}/?view=list&lang=de",
            "programme filtered (second day)": f"/events/{slug}/?day=2025-10-01",
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
        # The programme page rendered from scratch in a warm process (page cache emptied before each request):
        # what the first visitor after a new release waits for.
        rerendered = []
        for _ in range(RERENDER_REQUESTS):
            cache.clear()
            rerendered.append(timed(client, pages["programme grid"])[0])
        rerender_p50 = statistics.median(rerendered)
        print(f"{'programme grid, re-rendered':34} p50 {rerender_p50:6.1f} ms (page cache emptied each time)")
        results.append(
            {
                "benchmark": "pages: programme grid",
                "metric": "re-render server time p50 (warm process)",
                "value": round(rerender_p50, 2),
                "unit": "ms",
                "target": "",
                "met": None,
            }
        )
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
