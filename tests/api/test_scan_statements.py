"""On PostgreSQL the scan path's statements are prepared once per connection (``events.rows.cursor``), and
``DATABASE_PREPARED_STATEMENTS=0`` (PgBouncer in transaction pooling mode) turns that off without breaking scans."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests.checkin_helpers import badge_code, entrance, scan
from tests.conftest import require_postgresql
from tests.factories import RegistrationFactory

REPO = Path(__file__).resolve().parents[2]


def prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return {row[0] for row in cursor.fetchall()}


def scan_three(client, convention) -> list[str]:
    gate = entrance(convention, name="Entrance South")
    return [scan(client, gate, badge_code(RegistrationFactory(convention=convention))).json()["result"] for _ in "abc"]


def test_scan_statements_are_prepared_once_per_connection(organizer_client, convention):
    require_postgresql()

    assert scan_three(organizer_client, convention) == ["ok", "ok", "ok"]

    prepared = prepared_statements()
    assert any('FROM "events_badge" b' in statement for statement in prepared)
    assert any('INSERT INTO "events_scan"' in statement and "events_presence" in statement for statement in prepared)


def test_without_prepared_statements_scans_work_and_prepare_nothing(organizer_client, convention, monkeypatch):
    require_postgresql()
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    before = prepared_statements()

    assert scan_three(organizer_client, convention) == ["ok", "ok", "ok"]
    assert prepared_statements() == before


def test_setting_turns_prepared_statements_off():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    )
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings"}
    base["DATABASE_URL"] = "postgres://messe@db.invalid:5432/messe"

    def threshold(**env: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, env={**base, **env}, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert threshold() == "1"
    assert threshold(DATABASE_PREPARED_STATEMENTS="0") == "None"
