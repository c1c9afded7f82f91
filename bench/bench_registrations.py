"""The organizer's registration list, search and CSV export at 20,000 and 200,000 registrations.

For each size: a database of its own (``messe_bench_registrations_<size>``, created and dropped here), migrated
and seeded with one convention's registrations (names, e-mail domains and organizations drawn from fixed lists,
four ticket types, a tenth checked in). Then:

- server time of the list (first page, a page deep in the list, filtered) and of searches (partial last name,
  organization word, e-mail domain, code), through the full middleware stack with Django's test client. The sizes
  take turns in rounds, so the shared machine's changing load hits both alike. The API and the organizer page
  share one selector;
- the CSV export, from the API and from the organizer page, each from a fresh real gunicorn worker
  (config/gunicorn.py, one sync worker, its default timeout): time to the first byte, total time, size, and the
  worker's peak RSS growth (``VmHWM`` from /proc after the download minus before it, the worker warmed up by one
  list request).

Targets (issue #18): p95 <= 150 ms at 200k and <= 1.5x the 20k figure; CSV peak RSS growth at 200k <= 2x that
at 20k + 10 MB; first byte <= 1 s. Writes bench/results/registrations.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_registrations.py
    BENCH_REGISTRATIONS_SIZES=20000 ...   # one size only (the ratios are then not reported)
"""

import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_PREFIX = "messe_bench_registrations"
PORT = int(os.environ.get("BENCH_REGISTRATIONS_PORT", "18433"))
SIZES = [int(size) for size in os.environ.get("BENCH_REGISTRATIONS_SIZES", "20000,200000").split(",")]
REQUESTS = int(os.environ.get("BENCH_REGISTRATIONS_REQUESTS", "60"))
TARGET_MS = 150.0
TARGET_RATIO = 1.5
SLUG = "sccon-bench"

FIRST_NAMES = ["Erika", "Max", "Jonas", "Lea", "Mehmet", "Anna", "Lukas", "Sofia", "Paul", "Mia", "Ali", "Hanna"]
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
]  # fmt: skip
ORGANIZATIONS = [
    "Senatsverwaltung Berlin", "Stadt Hamburg", "Landkreis Harz", "Bundesamt für Verwaltung", "Stadt Köln",
    "Digitalagentur Niedersachsen", "Gemeinde Wustermark", "Freistaat Bayern", "Stadtwerke Leipzig", "IT.NRW",
]  # fmt: skip
DOMAINS = ["berlin.de", "hamburg.de", "bund.de", "koeln.de", "example.org", "nrw.de"]


def db_name(size: int) -> str:
    return f"{DB_PREFIX}_{size}"


def database_urls(size: int) -> tuple[str, str]:
    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return urlunparse(base._replace(path="/postgres")), urlunparse(base._replace(path=f"/{db_name(size)}"))


def recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def use_database(name: str) -> None:
    """Point Django's default connection at another bench database (closed first, reopened on next use)."""
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name


def server_env(bench_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "locmem://",
        "CELERY_BROKER_URL": os.environ.get("BENCH_CELERY_BROKER_URL", "memory://"),
        "PYTHONWARNINGS": "ignore::UserWarning",
        "MESSE_VAR_DIR": str(ROOT / "var" / "bench-registrations"),
    }


def seed(size: int) -> dict:
    """Registrations in bulk (outside the services: this measures reading them, not registering)."""
    import datetime as dt
    import hashlib

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from events.models import CheckinList, Convention, Presence, Registration, TicketType

    convention = Convention.objects.create(
        slug=SLUG, acronym="sccon2025", name="Smart Country Convention 2025",
        start_date=dt.date(2025, 9, 30), end_date=dt.date(2025, 10, 2),
    )  # fmt: skip
    tickets = [
        TicketType.objects.create(convention=convention, name_de=f"Ticket {n}", name_en=f"Ticket {n}", price=0)
        for n in range(4)
    ]
    hall = CheckinList.objects.create(convention=convention, name="Entrance")
    organizer = get_user_model().objects.create_user("bench-organizer", password="bench-password-123")
    convention.organizers.add(organizer)
    token = Token.objects.create(user=organizer).key
    started = timezone.now() - dt.timedelta(days=60)
    batch = 5000
    for offset in range(0, size, batch):
        rows = []
        for n in range(offset, min(size, offset + batch)):
            first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n // 7) % len(LAST_NAMES)]
            rows.append(
                Registration(
                    convention=convention,
                    ticket_type=tickets[n % 4],
                    code=f"B{n:08d}",
                    access_token_hash=hashlib.sha256(f"bench-{n}".encode()).hexdigest(),
                    status="cancelled" if n % 50 == 0 else "confirmed",
                    first_name=first,
                    last_name=f"{last}{n % 1000}" if n % 3 else last,
                    email=f"{first.lower()}.{n}@{DOMAINS[n % len(DOMAINS)]}",
                    organization=ORGANIZATIONS[(n // 3) % len(ORGANIZATIONS)],
                    job_title="Referent",
                    consent_terms_at=started,
                    confirmed_at=started,
                )
            )
        Registration.objects.bulk_create(rows, batch_size=batch)
    # created_at is auto_now_add: spread it over the 60 days of sales, in registration order.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Registration._meta.db_table} SET created_at = %s + (id * interval '20 seconds')", [started]
        )
    today = timezone.localdate()
    checked_in = list(Registration.objects.filter(convention=convention).values_list("pk", flat=True)[::10])
    Presence.objects.bulk_create(
        [
            Presence(checkin_list=hall, registration_id=pk, inside=True, day=today, first_entry_at=started,
                     last_entry_at=started)
            for pk in checked_in
        ],
        batch_size=5000,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "convention": convention,
        "organizer": organizer,
        "token": token,
        "session": signed_in_session(organizer),
        "ticket": tickets[1],
    }


def signed_in_session(user) -> str:
    """A database session of ``user`` signed in, for the organizer pages the gunicorn worker serves."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def csv_sources(seeded: dict) -> dict[str, tuple[dict[str, str], str, str]]:
    """Each CSV download to measure: request headers, a list URL to warm up with, the CSV URL."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    api = f"/api/v1/events/{SLUG}/registrations"
    sources = {"API": ({"Authorization": f"Token {seeded['token']}"}, f"{api}/", f"{api}.csv")}
    try:
        page = reverse("web:organizer-registrations", kwargs={"slug": SLUG})
        page_csv = reverse("web:organizer-registrations-csv", kwargs={"slug": SLUG})
    except NoReverseMatch:
        return sources
    sources["organizer page"] = ({"Cookie": f"{settings.SESSION_COOKIE_NAME}={seeded['session']}"}, page, page_csv)
    return sources


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * fraction + 0.5) - 1)]


ROUNDS = 6  # the sizes take turns this often, so a change in the shared machine's load hits both alike


def warm(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])


def time_requests(client, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def deep_cursor(url: str) -> str:
    """The ``next`` link of a page about nine tenths down the list: where offset pagination was slowest."""
    from events.models import Registration
    from events.selectors.registrations import encode_cursor

    registrations = Registration.objects.filter(convention__slug=SLUG).order_by("-created_at", "-pk")
    anchor = registrations[int(registrations.count() * 0.9)]
    return f"{url}?cursor={encode_cursor(registration=anchor)}"


def page_urls(seeded: dict) -> dict[str, str]:
    from django.urls import NoReverseMatch, reverse

    api = f"/api/v1/events/{SLUG}/registrations/"
    ticket = seeded["ticket"].pk
    urls = {
        "list: first page (API)": api,
        "list: page at 90 % (API)": deep_cursor(api),
        "list: confirmed, one ticket type (API)": f"{api}?status=confirmed&ticket_type={ticket}",
        "search: partial last name (API)": f"{api}?q=Schr",
        "search: organization word (API)": f"{api}?q=Hamburg",
        "search: name + e-mail domain (API)": f"{api}?q=mia+koeln",
        "search: code (API)": f"{api}?q=B00012345",
    }
    try:
        page = reverse("web:organizer-registrations", kwargs={"slug": SLUG})
    except NoReverseMatch:
        page = None
    if page is not None:
        urls["list: first page (organizer page)"] = page
        urls["list: page at 90 % (organizer page)"] = deep_cursor(page)
        urls["list: confirmed, one ticket type (organizer page)"] = f"{page}?status=confirmed&ticket_type={ticket}"
        urls["list: checked in (organizer page)"] = f"{page}?checked_in=yes"
        urls["search: partial last name (organizer page)"] = f"{page}?q=Schr"
        urls["search: organization word (organizer page)"] = f"{page}?q=Hamburg"
        urls["search: name + e-mail domain (organizer page)"] = f"{page}?q=mia+koeln"
        urls["search: code (organizer page)"] = f"{page}?q=B00012345"
    return urls


def measure_pages(seeded: dict[int, dict]) -> dict[int, dict[str, tuple[float, float]]]:
    """p50 and p95 per size and URL; the sizes take turns in ``ROUNDS`` rounds of requests."""
    from django.test import Client

    clients, urls = {}, {}
    for size, data in seeded.items():
        use_database(db_name(size))
        clients[size] = Client()
        clients[size].force_login(data["organizer"])
        urls[size] = page_urls(data)
        for url in urls[size].values():
            warm(clients[size], url)
    times: dict[int, dict[str, list[float]]] = {size: {name: [] for name in urls[size]} for size in seeded}
    per_round = max(1, REQUESTS // ROUNDS)
    for _ in range(ROUNDS):
        for size in seeded:
            use_database(db_name(size))
            for name, url in urls[size].items():
                times[size][name] += time_requests(clients[size], url, per_round)
    return {
        size: {name: (statistics.median(values), percentile(values, 0.95)) for name, values in by_name.items()}
        for size, by_name in times.items()
    }


def worker_pid(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError("gunicorn started no worker")


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def measure_csv(bench_url: str, headers: dict[str, str], list_path: str, csv_path: str) -> dict[str, float]:
    """One download in a fresh worker (its peak RSS before the download is that of a warmed-up worker)."""
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.py",
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env={**server_env(bench_url), "WEB_CONCURRENCY": "1"},
    )  # fmt: skip
    try:
        pid = worker_pid(gunicorn.pid)
        deadline = time.monotonic() + 60
        while True:  # warm the worker up (imports, connection) with a list request
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
                connection.request("GET", list_path, headers=headers)
                response = connection.getresponse()
                response.read()
                assert response.status == 200, response.status
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        peak_before = memory_kib(pid, "VmHWM")
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        connection.request("GET", csv_path, headers=headers)
        response = connection.getresponse()
        assert response.status == 200, response.status
        first = response.read(1)
        first_byte = time.perf_counter() - started
        size, complete = len(first), 1.0
        try:
            while chunk := response.read(65536):
                size += len(chunk)
        except (http.client.IncompleteRead, ConnectionError):
            complete = 0.0  # the worker was killed mid-download (gunicorn's timeout): reported, not fatal
        total = time.perf_counter() - started
        try:
            growth_mib = (memory_kib(pid, "VmHWM") - peak_before) / 1024
        except (OSError, RuntimeError):
            growth_mib = -1.0  # the worker is gone (killed by the timeout): no figure
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
            gunicorn.wait()
    return {
        "first_byte_s": first_byte,
        "total_s": total,
        "size_mib": size / 2**20,
        "rss_growth_mib": growth_mib,
        "complete": complete,
    }


def row(benchmark: str, metric: str, value: float, unit: str, target: str = "", met: bool | None = None) -> dict:
    return {"benchmark": benchmark, "metric": metric, "value": round(value, 2), "unit": unit, "target": target,
            "met": met}  # fmt: skip


def main() -> None:
    admin_url, _ = database_urls(SIZES[0])
    os.environ.update(server_env(database_urls(SIZES[0])[1]))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    figures: dict[int, dict] = {}
    try:
        seeded = {}
        for size in SIZES:
            recreate_database(admin_url, db_name(size))
            use_database(db_name(size))
            call_command("migrate", verbosity=0)
            began = time.monotonic()
            seeded[size] = seed(size)
            print(f"seeded {size:,} registrations in {time.monotonic() - began:.0f} s", flush=True)
        pages = measure_pages(seeded)
        for size in SIZES:
            for name, (p50, p95) in pages[size].items():
                print(f"{size:>7,}  {name:45} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms", flush=True)
        for size in SIZES:
            figures[size] = {"pages": pages[size], "csv": {}}
            for source, (headers, list_path, csv_path) in csv_sources(seeded[size]).items():
                connections.close_all()
                csv_figures = measure_csv(database_urls(size)[1], headers, list_path, csv_path)
                print(
                    f"{size:>7,}  CSV ({source}): first byte {csv_figures['first_byte_s']:.3f} s,"
                    f" total {csv_figures['total_s']:.1f} s, {csv_figures['size_mib']:.1f} MiB,"
                    f" worker peak RSS +{csv_figures['rss_growth_mib']:.1f} MiB",
                    flush=True,
                )
                figures[size]["csv"][source] = csv_figures
    finally:
        connections.close_all()
        for size in SIZES:
            recreate_database(admin_url, db_name(size), drop_only=True)

    small, large = min(figures), max(figures)
    results = []
    for size, data in figures.items():
        label = f"{size // 1000}k"
        for name, (p50, p95) in data["pages"].items():
            results.append(row(f"registrations {label}: {name}", "server time p50", p50, "ms"))
            ok = p95 <= TARGET_MS if size == large else None
            results.append(
                row(f"registrations {label}: {name}", "server time p95", p95, "ms",
                    f"<= {TARGET_MS:.0f} ms" if size == large else "", ok)
            )  # fmt: skip
        for source, csv_figures in data["csv"].items():
            name = f"registrations {label}: CSV ({source})"
            results += [
                row(name, "time to first byte", csv_figures["first_byte_s"] * 1000, "ms", "<= 1000 ms",
                    csv_figures["first_byte_s"] <= 1.0),
                row(name, "total time", csv_figures["total_s"], "s"),
                row(name, "download complete", csv_figures["complete"], "yes=1", "1", csv_figures["complete"] == 1.0),
                row(name, "size", csv_figures["size_mib"], "MiB"),
                row(name, "worker peak RSS growth", csv_figures["rss_growth_mib"], "MiB"),
            ]  # fmt: skip
    if small != large:
        for name, (_, p95_large) in figures[large]["pages"].items():
            p95_small = figures[small]["pages"][name][1]
            ratio = p95_large / p95_small if p95_small else 0.0
            results.append(
                row(f"registrations: {name}", f"p95 {large // 1000}k / {small // 1000}k", ratio, "x",
                    f"<= {TARGET_RATIO}", ratio <= TARGET_RATIO)
            )  # fmt: skip
        for source in figures[large]["csv"]:
            growth_small, growth_large = (figures[size]["csv"][source]["rss_growth_mib"] for size in (small, large))
            limit = 2 * growth_small + 10
            results.append(
                row(f"registrations: CSV ({source})", f"peak RSS growth {large // 1000}k vs {small // 1000}k",
                    growth_large, "MiB", f"<= 2 x {growth_small:.1f} + 10 = {limit:.1f}", growth_large <= limit)
            )  # fmt: skip
    out = ROOT / "bench" / "results" / "registrations.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
