"""What survives which fault, with real processes: gunicorn (and a Celery worker) against the test database.

Cache unreachable: pages, exports, registration, sign-in and releases answer from the database. Broker
unreachable: a sign-up answers without publish retries and its e-mail follows once the broker is back; a bulk
badge print fails clearly (never stuck pending) and works again afterwards. PostgreSQL terminating the app's
connections: no request fails.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.conf import global_settings, settings
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token

from events.models import BadgePrintJob, MessageStatus, OutboundMessage, Registration, Session
from events.services import messages
from tests import factories
from tests.conftest import require_postgresql
from tests.services.test_real_worker import (  # noqa: F401 (fixtures)
    REDIS_URL,
    free_port,
    producer_broker,
    require_redis,
    smtp_sink,
    start_worker,
    wait_until,
)
from tests.web.programme_data import build_released_programme

pytestmark = [pytest.mark.process, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
RELEASES = "/api/v1/events/sccon/schedule/releases/"


@pytest.fixture
def start_web(tmp_path):
    """Start gunicorn (two workers) on the test database with environment changes; stopped at the end."""
    started: list[subprocess.Popen] = []
    db = settings.DATABASES["default"]

    def start(**changes: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "MESSE_VAR_DIR": str(tmp_path / "var"),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_URL": "locmem://",
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "ERROR",
            "MESSE_THROTTLE_REGISTRATION": "10000/min",  # one client address signs everyone up
            "MESSE_ATTENDEE_ACCESS_DAYS": "36500",  # the factory convention lies in 2025
            **changes,
        }
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = db["PASSWORD"]
        log = open(tmp_path / f"web-{len(started)}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "-b", f"127.0.0.1:{port}",
             "config.wsgi:application"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    return base
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start: {(tmp_path / 'web-0.log').read_text()[-2000:]}")

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def world(settings):
    require_postgresql()
    # The web server this test starts checks passwords with the production hashers, not the suite's fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    convention = factories.ConventionFactory(slug="sccon", acronym="sccon2025", name="Smart Country Convention")
    build_released_programme(convention)
    organizer = factories.UserFactory(username="orga")
    organizer.set_password("orga-password-2025")
    organizer.save()
    convention.organizers.add(organizer)
    ticket = factories.TicketTypeFactory(convention=convention, quota=1000)
    return {"convention": convention, "ticket": ticket, "token": Token.objects.create(user=organizer).key}


def sign_up(base: str, ticket, n: int) -> requests.Response:
    return requests.post(
        f"{base}/api/v1/events/sccon/registrations/",
        json={
            "ticket_type": ticket.pk,
            "first_name": "Erika",
            "last_name": f"Mustermann {n}",
            "email": f"erika.{n}@berlin.de",
            "language": "de",
            "accept_terms": True,
        },
        timeout=30,
    )


def organizer(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    return session


def test_cache_unreachable_everything_answers_from_the_database(start_web, world):
    base = start_web(CACHE_URL=f"redis://127.0.0.1:{free_port()}/1")
    Session.objects.filter(convention=world["convention"]).update(title_en="Opening (moved)")  # to release
    browser = requests.Session()
    browser.get(f"{base}/login/", timeout=30)

    answers = {
        "programme": requests.get(f"{base}/events/sccon/", timeout=30).status_code,
        "schedule.json": requests.get(f"{base}/api/v1/events/sccon/schedule.json", timeout=30).status_code,
        "registration": sign_up(base, world["ticket"], 1).status_code,
        "login": browser.post(
            f"{base}/login/",
            data={
                "username": "orga",
                "password": "orga-password-2025",
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
            headers={"Referer": f"{base}/login/"},
            allow_redirects=False,
            timeout=30,
        ).status_code,
        "release": organizer(world["token"]).post(f"{base}{RELEASES}", json={}, timeout=30).status_code,
        "released schedule.json": requests.get(f"{base}/api/v1/events/sccon/schedule.json", timeout=30).status_code,
    }

    assert answers == {
        "programme": 200,
        "schedule.json": 200,
        "registration": 201,
        "login": 302,
        "release": 201,
        "released schedule.json": 200,
    }


def test_broker_unreachable_signups_answer_and_their_mails_follow(
    start_web,
    world,
    smtp_sink,  # noqa: F811
    start_worker,  # noqa: F811
):
    """How fast they answer is measured by ``bench/bench_broker_outage.py`` (p95 < 200 ms); here: they answer,
    and each e-mail follows exactly once when the broker is back."""
    require_redis()
    base = start_web(CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    for n in range(12):
        assert sign_up(base, world["ticket"], n).status_code == 201
    pending = list(OutboundMessage.objects.filter(kind="registration_confirmed").values_list("status", flat=True))
    assert Counter(pending) == Counter({MessageStatus.PENDING: 12})

    start_worker()
    with producer_broker(REDIS_URL):  # the broker is back; the beat job re-enqueues what waited
        assert messages.requeue_stuck_messages(now=timezone.now() + 2 * messages.PENDING_GRACE) == 12
    keys = list(OutboundMessage.objects.values_list("idempotency_key", flat=True))
    wait_until(
        lambda: OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == 12, timeout=240, what="12 mails"
    )
    assert smtp_sink.keys() == Counter({key: 1 for key in keys})


def test_badge_print_fails_clearly_without_the_broker_and_works_once_it_is_back(
    start_web,
    world,
    start_worker,  # noqa: F811
):
    require_redis()
    for _ in range(3):
        factories.RegistrationFactory(convention=world["convention"], ticket_type=world["ticket"])
    orga = organizer(world["token"])
    down = start_web(CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")

    refused = orga.post(f"{down}/api/v1/events/sccon/badges/print/", json={}, timeout=30)
    failed = orga.get(f"{down}/api/v1/events/sccon/badges/print/{refused.json()['job_id']}/", timeout=30).json()

    assert (refused.status_code, refused.json()["code"]) == (503, "print_queue_unavailable")
    assert (failed["status"], failed["error"]) == (
        "failed",
        "The print queue was unavailable; the job did not start. Please request it again.",
    )

    up = start_web(CELERY_BROKER_URL=REDIS_URL)
    start_worker()
    accepted = orga.post(f"{up}/api/v1/events/sccon/badges/print/", json={}, timeout=30)
    job_url = f"{up}/api/v1/events/sccon/badges/print/{accepted.json()['id']}/"
    wait_until(lambda: orga.get(job_url, timeout=30).json()["status"] == "done", timeout=240, what="the print job")

    assert accepted.status_code == 202
    assert BadgePrintJob.objects.filter(status="pending").count() == 0
    pdf = orga.get(f"{up}{orga.get(job_url, timeout=30).json()['download_url']}", timeout=30)
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")


def test_postgresql_terminating_the_apps_connections_fails_no_request(start_web, world):
    base = start_web(DATABASE_CONN_MAX_AGE="600")
    codes = [sign_up(base, world["ticket"], n).json()["code"] for n in range(6)]  # every worker holds a connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (terminated,) = cursor.fetchone()
    statuses = [sign_up(base, world["ticket"], n).status_code for n in range(6, 26)]

    assert terminated >= 1
    assert statuses == [201] * 20
    assert Registration.objects.filter(code__in=codes).count() == 6
