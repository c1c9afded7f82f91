import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.celery import app as celery_app
from tests.conftest import redis_url

SHARED_REDIS = redis_url(1)  # broker and cache of the Redis check, this test process's own


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_conf(monkeypatch) -> Iterator[None]:
    """Restore the Celery app's broker settings after a test points them elsewhere.

    Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it), so it is hidden
    while the test points the app at another broker.
    """
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    yield
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved


@pytest.fixture
def filesystem_broker(broker_conf, tmp_path: Path) -> Path:
    queue = tmp_path / "queue"
    queue.mkdir()
    celery_app.conf.broker_url = "filesystem://"
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(tmp_path),
    }
    return queue


def _redis_available(port: int = 6379) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access would raise here.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_readyz_reports_every_check_ok(client, filesystem_broker):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "broker": True,
        "cache": True,
    }
    assert all(isinstance(check["latency_ms"], float) for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_marks_a_stopped_broker_and_answers_503_quickly(client, broker_conf):
    import kombu.transport.redis  # noqa: F401  (so the first import of the Redis client is not timed)

    celery_app.conf.broker_url = f"redis://127.0.0.1:{_closed_port()}/7"
    celery_app.conf.broker_transport_options = {}

    started = time.monotonic()
    response = client.get("/readyz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"]["error"] == "OperationalError"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert elapsed < 2.0


@pytest.mark.django_db
def test_readyz_gives_up_on_a_broker_that_accepts_and_never_answers(client, broker_conf, settings):
    settings.MESSE_READINESS_TIMEOUT = 0.5
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes the handshake; nobody ever reads or replies
        celery_app.conf.broker_url = f"redis://127.0.0.1:{silent.getsockname()[1]}/7"
        celery_app.conf.broker_transport_options = {}

        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
    assert elapsed < 1.5


@pytest.mark.django_db
def test_readyz_marks_a_missing_filesystem_broker_folder(client, filesystem_broker):
    filesystem_broker.rmdir()

    response = client.get("/readyz")

    assert response.status_code == 503
    broker = response.json()["checks"]["broker"]
    assert (broker["ok"], broker["error"]) == (False, "NotADirectoryError")


@pytest.mark.django_db
def test_readyz_marks_an_unreachable_cache(client, filesystem_broker, settings):
    working_caches = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/7",
        }
    }
    try:
        response = client.get("/readyz")
    finally:
        settings.CACHES = working_caches  # the cache is cleared after each test

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (checks["database"]["ok"], checks["broker"]["ok"], checks["cache"]["ok"]) == (True, True, False)


@pytest.mark.services
@pytest.mark.django_db
def test_readyz_with_redis_as_broker_and_cache(client, broker_conf, settings):
    if not _redis_available():
        if settings.MESSE_REQUIRE_SERVICES:
            pytest.fail("MESSE_REQUIRE_SERVICES=1 but Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("needs Redis at 127.0.0.1:6379")
    celery_app.conf.broker_url = SHARED_REDIS
    celery_app.conf.broker_transport_options = {}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SHARED_REDIS}}

    response = client.get("/readyz")

    assert response.status_code == 200
    assert {name: check["ok"] for name, check in response.json()["checks"].items()} == {
        "database": True,
        "broker": True,
        "cache": True,
    }


def test_readyz_refuses_writes(client):
    response = client.post("/readyz")

    assert response.status_code == 405


@pytest.mark.django_db
def test_readyz_does_not_wait_for_a_hanging_database(client, filesystem_broker, settings, monkeypatch):
    import threading

    from config import health

    settings.MESSE_READINESS_TIMEOUT = 0.5
    release = threading.Event()
    monkeypatch.setattr(health, "check_database", lambda: release.wait(30))  # a server that never answers
    try:
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
    finally:
        release.set()

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (checks["database"]["ok"], checks["database"]["error"]) == (False, "CheckTimedOut")
    assert (checks["broker"]["ok"], checks["cache"]["ok"]) == (True, True)
    assert elapsed < 1.5
