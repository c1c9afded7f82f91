import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import ImproperlyConfiguredEnv, env_rate, env_str

REPO = Path(__file__).resolve().parents[2]


def _run_django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Start a fresh process with exactly the given environment, as a deployment would."""
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def _production_env(tmp_path: Path) -> dict[str, str]:
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(secrets.token_urlsafe(64) + "\n")
    return {
        "DEBUG": "0",
        "SECRET_KEY_FILE": str(secret_file),
        "MESSE_HTTPS": "1",
        "ALLOWED_HOSTS": "sccon.messe.example",
        "MESSE_VAR_DIR": str(tmp_path / "var"),
    }


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_deploy_check_fails_without_https_and_with_the_development_secret(tmp_path):
    env = _production_env(tmp_path)
    del env["MESSE_HTTPS"], env["SECRET_KEY_FILE"]

    result = _run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 1
    reported = sorted(set(re.findall(r"\((\w+\.W\d+)\)", result.stderr)))
    assert reported == ["messe.W001", "security.W004", "security.W008", "security.W012", "security.W016"]


def test_production_settings_read_secrets_from_files_and_default_to_json_logs(tmp_path):
    env = _production_env(tmp_path)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'secret': s.SECRET_KEY, 'hsts': s.SECURE_HSTS_SECONDS, 'redirect': s.SECURE_SSL_REDIRECT, "
        "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
        "'log_format': s.LOGGING['handlers']['console']['formatter']}))"
    )

    production = _run_django(["-c", code], {**env, "DJANGO_SETTINGS_MODULE": "config.settings"})
    development = _run_django(
        ["-c", code.replace("'hsts': s.SECURE_HSTS_SECONDS, 'redirect': s.SECURE_SSL_REDIRECT, ", "")],
        {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings", "MESSE_VAR_DIR": str(tmp_path / "var")},
    )

    assert json.loads(production.stdout) == {
        "secret": Path(env["SECRET_KEY_FILE"]).read_text().strip(),
        "hsts": 31_536_000,
        "redirect": True,
        "session_secure": True,
        "csrf_secure": True,
        "log_format": "json",
    }
    assert json.loads(development.stdout) == {
        "secret": "messe-insecure-development-key-change-me-in-production",
        "session_secure": False,
        "csrf_secure": False,
        "log_format": "plain",
    }


def test_file_variant_of_a_variable_wins_and_is_stripped(monkeypatch, tmp_path):
    secret_file = tmp_path / "stripe_key"
    secret_file.write_text("sk_test_from_file\n")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_from_env")
    monkeypatch.setenv("STRIPE_SECRET_KEY_FILE", str(secret_file))

    assert env_str("STRIPE_SECRET_KEY", "") == "sk_test_from_file"


def test_malformed_throttle_rate_stops_start_up(monkeypatch):
    monkeypatch.setenv("MESSE_THROTTLE_REGISTRATION", "thirty per minute")

    with pytest.raises(ImproperlyConfiguredEnv, match="MESSE_THROTTLE_REGISTRATION must be a rate"):
        env_rate("MESSE_THROTTLE_REGISTRATION", "30/min")


def test_security_headers_on_every_response(client, settings):
    response = client.get("/healthz")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"] == settings.MESSE_CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = client.get("/healthz", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def _assets(html: str) -> tuple[list[str], list[str]]:
    """External script/stylesheet URLs of a page, and the bodies of inline scripts that would execute."""
    urls = re.findall(r'<(?:script|link)[^>]*?(?:src|href)="([^"]+)"', html)
    inline = [
        body
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        if "src=" not in attrs and "application/json" not in attrs and body.strip()
    ]
    return urls, inline


def test_swagger_ui_loads_only_same_origin_files_under_the_csp(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    assert "Content-Security-Policy" in page
    urls, inline = _assets(page.content.decode())
    assert inline == []
    assert urls == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
    ]
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
    init_script = client.get("/api/docs/?script=")
    assert init_script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init_script.content.decode()


@pytest.mark.django_db
def test_admin_login_runs_without_inline_scripts(client):
    page = client.get("/admin/login/")

    assert page.status_code == 200
    assert "Content-Security-Policy" in page
    urls, inline = _assets(page.content.decode())
    assert inline == []
    assert [url for url in urls if not url.startswith("/")] == []
