"""docker-compose.yml is checked against the Compose specification (no Docker engine needed) and for wiring."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "compose-spec.json").read_text())
SERVICES_OF_MESSE = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid_against_the_compose_specification(compose):
    errors = sorted(jsonschema.Draft7Validator(SCHEMA).iter_errors(compose), key=str)
    assert [f"{list(error.absolute_path)}: {error.message}" for error in errors] == []


def test_compose_runs_postgres_redis_web_worker_beat_and_a_mail_catcher(compose):
    assert sorted(compose["services"]) == ["beat", "mailcatcher", "postgres", "redis", "web", "worker"]


def test_compose_dependencies_exist_and_are_healthchecked(compose):
    services = compose["services"]
    for name, service in services.items():
        for target, rule in service.get("depends_on", {}).items():
            assert target in services, f"{name} depends on unknown service {target}"
            assert rule == {"condition": "service_healthy"}, f"{name} → {target}"
            assert "test" in services[target].get("healthcheck", {}), f"{target} has no healthcheck"


def test_compose_messe_services_are_configured_for_postgres_redis_and_the_mail_catcher(compose):
    services = compose["services"]
    for name in SERVICES_OF_MESSE:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"] == "postgres://messe:messe@postgres:5432/messe", name
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0", name
        assert environment["CACHE_URL"] == "redis://redis:6379/1", name
        assert environment["EMAIL_URL"] == "smtp://mailcatcher:1025", name
        assert set(services[name]["depends_on"]) >= {"redis", "web"} - {name}, name
    assert services["postgres"]["environment"]["POSTGRES_USER"] == "messe"
    assert "1025" not in str(services["mailcatcher"].get("ports"))  # SMTP stays inside the compose network


def test_compose_web_runs_gunicorn_after_migrating_and_worker_beat_run_celery(compose):
    services = compose["services"]
    assert "manage.py migrate --noinput && exec gunicorn config.wsgi" in services["web"]["command"][-1]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_dockerfile_builds_from_python_311_slim_with_the_lock_file_and_collects_static():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.splitlines()[1] == "FROM python:3.11-slim"
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
