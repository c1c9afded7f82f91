"""The outbox against a real Celery worker process, a Redis broker, PostgreSQL and an SMTP server.

The worker is started as `celery -A config worker` with the test database's name in its environment and
delivers to an in-process SMTP sink that records each message's idempotency key. Waiting is by polling the
database with a deadline.
"""

import contextlib
import datetime as dt
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from events.enums import SessionFormat
from events.models import MessageStatus, OutboundMessage
from events.services import messages, workshops
from tests import factories
from tests.conftest import redis_url, require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS_URL = redis_url()  # this test process's own broker database
REPO = Path(__file__).resolve().parents[2]


def require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("MESSE_REQUIRE_SERVICES") == "1" or settings.MESSE_REQUIRE_SERVICES:
            pytest.fail(f"MESSE_REQUIRE_SERVICES=1 but Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL}")
    redis.Redis.from_url(REDIS_URL).flushdb()  # tasks left over from an earlier run are not ours


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPSink:
    """Records (idempotency key, content types) of every accepted message. ``before_accept(key)`` may refuse."""

    def __init__(self):
        self.accepted: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()
        self.before_accept = None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        key = message["X-Messe-Message-Key"]
        if self.before_accept is not None and self.before_accept(key) is False:
            return "451 4.3.0 Not accepted, try again"
        with self.lock:
            self.accepted.append((key, [part.get_content_type() for part in message.walk()]))
        return "250 Message accepted"

    def keys(self) -> Counter:
        with self.lock:
            return Counter(key for key, _ in self.accepted)


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    sink = SMTPSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def start_worker(smtp_sink, tmp_path):
    """Start `celery -A config worker` processes against the test database; all are killed at the end."""
    started: list[subprocess.Popen] = []
    db = settings.DATABASES["default"]

    def start(concurrency: int = 2) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
            "MESSE_VAR_DIR": str(tmp_path / "var"),
            "CELERY_TASK_ALWAYS_EAGER": "0",
        }
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = db["PASSWORD"]
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "--loglevel=warning",
             f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@contextlib.contextmanager
def producer_broker(url: str):
    """Let this test process publish real tasks to ``url`` instead of running them eagerly."""
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)

    def reset_pools():
        # Drop (not close) the cached pools: Celery keeps references to them elsewhere, and a closed pool
        # would fail the next publish.
        app._pool = None
        app.amqp._producer_pool = None

    # Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it).
    saved_environment = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.task_always_eager, app.conf.broker_url = False, url
    reset_pools()
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        if saved_environment is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environment
        reset_pools()


def wait_until(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def all_sent(keys) -> bool:
    return OutboundMessage.objects.filter(idempotency_key__in=list(keys), status=MessageStatus.SENT).count() == len(
        keys
    )


def upcoming_workshop():
    start = timezone.now() + dt.timedelta(days=1)
    return factories.SessionFactory(
        format=SessionFormat.WORKSHOP, capacity=10, start=start, end=start + dt.timedelta(hours=2)
    )


def test_signup_delivers_exactly_one_invite_through_the_worker(smtp_sink, start_worker):
    require_postgresql()
    require_redis()
    start_worker()
    session = upcoming_workshop()
    registration = factories.RegistrationFactory(convention=session.convention)

    with producer_broker(REDIS_URL):
        workshops.sign_up_for_workshop(session=session, registration=registration)

    invite = OutboundMessage.objects.get(registration=registration)
    wait_until(lambda: all_sent([invite.idempotency_key]), timeout=180, what="the invite to be sent")
    assert smtp_sink.keys() == Counter({invite.idempotency_key: 1})
    ((_, content_types),) = smtp_sink.accepted
    assert content_types.count("text/calendar") == 1
    assert "application/ics" in content_types


def test_killed_worker_mid_batch_every_message_delivered_exactly_once(smtp_sink, start_worker):
    require_postgresql()
    require_redis()
    # One process: the message on the wire when it dies is the only one in flight, so the test shows the
    # claim/lease/requeue path. (With more processes, a message the SMTP server accepted just before the kill
    # but not yet marked sent is sent again after the lease; its stable Message-ID lets receivers drop it.)
    first_worker = start_worker(concurrency=1)

    def kill_the_worker_on_the_20th(key):
        if len(smtp_sink.keys()) == 19:  # the 20th message is on the wire: its worker dies before the reply
            os.killpg(first_worker.pid, signal.SIGKILL)
            return False
        return True

    smtp_sink.before_accept = kill_the_worker_on_the_20th
    rows = [
        OutboundMessage(
            idempotency_key=f"burst:{n}", kind="test", recipient=f"a{n}@berlin.de", subject=f"{n}", body_text="b"
        )
        for n in range(80)
    ]
    with producer_broker(REDIS_URL):
        with transaction.atomic():
            messages.queue_messages(messages=rows)
        first_worker.wait(timeout=180)
        smtp_sink.before_accept = None
        assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() < 80

        start_worker()
        # The beat job, run as it would be once the dead worker's claim has outlived its lease.
        messages.requeue_stuck_messages(now=timezone.now() + 2 * messages.SENDING_LEASE)
        wait_until(lambda: all_sent([row.idempotency_key for row in rows]), timeout=240, what="all 80 messages")

    assert smtp_sink.keys() == Counter({row.idempotency_key: 1 for row in rows})


def test_signup_commits_while_broker_is_down_and_invite_follows_the_requeue(smtp_sink, start_worker):
    require_postgresql()
    require_redis()
    session = upcoming_workshop()
    registration = factories.RegistrationFactory(convention=session.convention)

    with producer_broker(f"redis://127.0.0.1:{free_port()}/6"):  # nothing listens there
        signup = workshops.sign_up_for_workshop(session=session, registration=registration)

    invite = OutboundMessage.objects.get(registration=registration)
    assert (signup.status, invite.status) == ("confirmed", MessageStatus.PENDING)

    start_worker()
    with producer_broker(REDIS_URL):
        assert messages.requeue_stuck_messages(now=timezone.now() + messages.PENDING_GRACE * 2) == 1
    wait_until(lambda: all_sent([invite.idempotency_key]), timeout=180, what="the invite after the broker returned")
    assert smtp_sink.keys() == Counter({invite.idempotency_key: 1})
    connection.close()
