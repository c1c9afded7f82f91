import os

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests import factories


def pytest_configure(config):
    # Unit tests run tasks in-process when they are enqueued (after commit); tests of the real worker start a
    # Celery worker process of their own against the configured broker.
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True

    # Every test user gets a password (tests/factories.py): hashed the production way (PBKDF2) each costs about
    # 0.4 s on a 2-core machine. The processes the tests start (make run, workers) hash the production way.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def redis_url(offset: int = 0) -> str:
    """A Redis database of this test process's own, for the tests of a real worker, broker or shared cache.

    ``MESSE_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/6``) names the first one; ``offset`` 1 is a second.
    ``make test`` runs the suite in parallel processes (pytest-xdist): process ``gwN`` takes the databases two
    times N further on, so one process's worker never takes another's tasks and a flush empties only its own."""
    base = os.environ.get("MESSE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
    server, _, database = base.rpartition("/")
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    number = int(database or 0) + 2 * worker + offset
    if number > 15:
        raise RuntimeError(f"Redis has 16 databases; test process {worker} would need database {number}")
    return f"{server}/{number}"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    # Factory conventions lie in 2025 and most tests run on the real clock: attendee links and tokens must not
    # have expired for them. tests/api/test_attendee_token_lifetime.py tests the production lifetime.
    settings.MESSE_ATTENDEE_ACCESS_DAYS = 36_500


@pytest.fixture(autouse=True)
def _clear_cache(_test_settings):
    # Depends on _test_settings so it clears the test cache, not the one configured before the override
    # (pytest sets up autouse fixtures of one module in alphabetical order).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def uses_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def require_postgresql() -> None:
    """Skip a test that needs PostgreSQL, or fail it when CI demands real services."""
    if uses_postgresql():
        return
    if settings.MESSE_REQUIRE_SERVICES or os.environ.get("MESSE_REQUIRE_SERVICES") == "1":
        pytest.fail("MESSE_REQUIRE_SERVICES=1 but DATABASE_URL does not point at PostgreSQL")
    pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def convention(db):
    return factories.ConventionFactory(slug="sccon", acronym="sccon2025", name="Smart Country Convention 2025")


@pytest.fixture
def organizer(convention):
    user = factories.UserFactory(username="organizer")
    convention.organizers.add(user)
    return user


@pytest.fixture
def organizer_client(organizer) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=organizer)
    return client


@pytest.fixture(autouse=True)
def _forget_badge_signing_keys():
    # Rolled-back test transactions let SQLite hand out the same ids again; cached keys must not outlive them.
    from events.services.badges import forget_cached_keys

    forget_cached_keys()
    yield
    forget_cached_keys()


@pytest.fixture(autouse=True)
def _forget_local_exports():
    # Exports are kept in process memory by release id; rolled-back test transactions reuse those ids.
    from events.services.exports import forget_local_exports

    forget_local_exports()
    yield
    forget_local_exports()
