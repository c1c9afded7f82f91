"""Sign-ups while the Celery broker is unreachable: one visitor after another against gunicorn + PostgreSQL.

The promise (docs/operations.md): with the broker gone, a sign-up commits and answers without waiting for it
(p95 < 200 ms); its e-mail waits in the outbox as ``pending`` until the broker returns. Creates its own database
(messe_bench_broker_outage), seeds one convention with a free ticket, starts gunicorn with ``CELERY_BROKER_URL``
pointing at a port nobody listens on, signs up 10 visitors to warm up and then 200 more, one at a time, and
checks that every one got its confirmation queued. Writes bench/results/broker_outage.json.

    .venv/bin/python bench/bench_broker_outage.py   (DATABASE_URL points at the PostgreSQL server)
"""

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_registration as registration  # the same database, seed and start-up helpers

ROOT = registration.ROOT
WARM_UP = 10
SIGN_UPS = 200
TARGET_P95_MS = 200.0
registration.DB_NAME = "messe_bench_broker_outage"
registration.PORT = int(os.environ.get("BENCH_BROKER_OUTAGE_PORT", "18433"))


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sign_up(conn: http.client.HTTPConnection, slug: str, ticket_id: int, index: int) -> int:
    body = json.dumps(
        {"ticket_type": ticket_id, "first_name": "Bench", "last_name": f"Visitor {index}",
         "email": f"outage{index}@berlin.de", "language": "de", "accept_terms": True}
    )  # fmt: skip
    conn.request("POST", f"/api/v1/events/{slug}/registrations/", body=body,
                 headers={"Content-Type": "application/json"})  # fmt: skip
    response = conn.getresponse()
    response.read()
    return response.status


def main() -> int:
    admin_url, bench_url = registration.database_urls()
    registration.run_sql(admin_url, f'DROP DATABASE IF EXISTS "{registration.DB_NAME}" WITH (FORCE)')
    registration.run_sql(admin_url, f'CREATE DATABASE "{registration.DB_NAME}"')
    env = registration.bench_env(bench_url)
    env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{unused_port()}/0"  # nobody listens there
    env["MESSE_VAR_DIR"] = str(ROOT / "var" / "bench-broker-outage")
    os.environ["BENCH_CELERY_BROKER_URL"] = env["CELERY_BROKER_URL"]
    gunicorn = None
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        slug, ticket_id = registration.seed(bench_url)
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--bind",
             f"127.0.0.1:{registration.PORT}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        registration.wait_until_up(slug, gunicorn)
        conn = http.client.HTTPConnection("127.0.0.1", registration.PORT, timeout=30)
        statuses = [sign_up(conn, slug, ticket_id, index) for index in range(WARM_UP)]
        latencies = []
        for index in range(WARM_UP, WARM_UP + SIGN_UPS):
            began = time.perf_counter()
            statuses.append(sign_up(conn, slug, ticket_id, index))
            latencies.append(time.perf_counter() - began)
        conn.close()

        from django.db import connection

        from events.models import MessageStatus, OutboundMessage

        queued = OutboundMessage.objects.filter(kind="registration_confirmed", status=MessageStatus.PENDING).count()
        connection.close()
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        from django.db import connections

        connections.close_all()
        registration.run_sql(admin_url, f'DROP DATABASE IF EXISTS "{registration.DB_NAME}" WITH (FORCE)')

    created = statuses.count(201)
    p50_ms = statistics.median(latencies) * 1000
    p95_ms = registration.percentile(latencies, 0.95) * 1000
    print(f"sign-ups with the broker unreachable: {created}/{len(statuses)} created, {queued} confirmations pending")
    print(f"  latency p50 {p50_ms:.1f} ms, p95 {p95_ms:.1f} ms (target < {TARGET_P95_MS:.0f} ms)")
    everyone = WARM_UP + SIGN_UPS
    results = [
        {"benchmark": "broker_outage", "metric": "sign_up_p95", "value": round(p95_ms, 1), "unit": "ms",
         "target": f"< {TARGET_P95_MS:.0f}", "met": p95_ms < TARGET_P95_MS},
        {"benchmark": "broker_outage", "metric": "sign_up_p50", "value": round(p50_ms, 1), "unit": "ms",
         "target": "", "met": None},
        {"benchmark": "broker_outage", "metric": "confirmations_pending", "value": float(queued), "unit": "mails",
         "target": f"{everyone} (one per sign-up, sent when the broker is back)",
         "met": queued == created == everyone},
    ]  # fmt: skip
    out = ROOT / "bench" / "results" / "broker_outage.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"  written {out.relative_to(ROOT)}")
    return 0 if queued == created == everyone else 1


if __name__ == "__main__":
    raise SystemExit(main())
