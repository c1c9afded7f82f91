"""CPU per registration, in one process, through the whole WSGI stack against PostgreSQL.

The registration burst (bench_registration.py) measures throughput, which on a shared machine says as much about
the neighbours as about Messe. This measures what one sign-up costs the web process: it calls the WSGI
application directly (middleware, DRF, service, PostgreSQL, the Celery publish after commit) and reports the
process CPU time per request (min and median over rounds of 50), the SQL statements one registration sends and
the Python function calls it makes (a figure that does not depend on the machine's load).

    .venv/bin/python bench/profile_registration.py            # figures
    .venv/bin/python bench/profile_registration.py --profile  # plus a cProfile listing, by cumulative time

Creates and drops its own database (messe_bench_registration_profile); publishes to BENCH_CELERY_BROKER_URL
(default redis://127.0.0.1:6379/4) and empties its queues afterwards. Not part of ``make bench``.
"""

import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "messe_bench_registration_profile"
ROUNDS = 8
ROUND_SIZE = 50


def main() -> int:
    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    admin_url = urlunparse(base._replace(path="/postgres"))
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    os.environ.update(
        DATABASE_URL=urlunparse(base._replace(path=f"/{DB_NAME}")),
        DATABASE_CONN_MAX_AGE="60",
        CELERY_BROKER_URL=os.environ.get("BENCH_CELERY_BROKER_URL", "redis://127.0.0.1:6379/4"),
        EMAIL_URL="locmem://",
        DEBUG="0",
        LOG_LEVEL="ERROR",
        MESSE_THROTTLE_REGISTRATION="1000000/min",
        MESSE_VAR_DIR=str(ROOT / "var" / "bench-registration"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    import warnings

    warnings.simplefilter("ignore")  # whitenoise: no collected static files in the bench folder
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config.wsgi import application
    from events.models import Convention, TicketType

    try:
        call_command("migrate", verbosity=0)
        convention = Convention.objects.create(
            slug="sccon-bench", acronym="sccon2025", name="Smart Country Convention 2025",
            start_date=dt.date(2025, 9, 30), end_date=dt.date(2025, 10, 2),
        )  # fmt: skip
        ticket = TicketType.objects.create(
            convention=convention, name_de="Behördenticket", name_en="Public sector pass", price=0, quota=100_000
        )
        path = f"/api/v1/events/{convention.slug}/registrations/"

        def register(index: int) -> str:
            body = json.dumps(
                {
                    "ticket_type": ticket.pk,
                    "first_name": "Bench",
                    "last_name": f"Attendee {index}",
                    "email": f"bench{index}@berlin.de",
                    "organization": "Bezirksamt",
                    "language": "de",
                    "accept_terms": True,
                }
            ).encode()
            environ = {
                "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
                "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)), "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
                "HTTP_HOST": "127.0.0.1:8000", "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
                "wsgi.run_once": False, "wsgi.version": (1, 0),
            }  # fmt: skip
            statuses: list[str] = []
            response = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
            b"".join(response)
            response.close()
            return statuses[0]

        for index in range(30):  # warm-up: imports, templates, connections
            status = register(index)
            if not status.startswith("201"):
                raise RuntimeError(f"registration answered {status}")
        with CaptureQueriesContext(connection) as queries:
            register(30)
        statements = [query["sql"] for query in queries.captured_queries]  # the next request clears the log
        per_round = []
        for round_number in range(ROUNDS):
            began = time.process_time()
            for index in range(ROUND_SIZE):
                register(1000 + round_number * ROUND_SIZE + index)
            per_round.append((time.process_time() - began) / ROUND_SIZE * 1000)
        profile = cProfile.Profile()
        profile.enable()
        for index in range(100):
            register(10_000 + index)
        profile.disable()
        stats = pstats.Stats(profile)
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        print(f"statements per registration: {len(statements)}")
        for statement in statements:
            print(f"    {statement[:110]}")
        print(f"python function calls per registration: {stats.total_calls / 100:.0f}")
        print(
            f"CPU per registration: min {min(per_round):.2f} ms, median {statistics.median(per_round):.2f} ms "
            f"({ROUNDS} rounds of {ROUND_SIZE}; load average {load})"
        )
        if "--profile" in sys.argv:
            stats.sort_stats("cumulative").print_stats(60)
    finally:
        connection.close()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        import redis
        from django.conf import settings

        redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).delete("celery", *settings.MESSE_CELERY_QUEUES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
