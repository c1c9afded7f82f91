"""Scan throughput and bulk badge printing on gunicorn + PostgreSQL.

Creates the database ``messe_bench_scanning`` (dropped at the end), 20,000 registrations, signed badges and a
gate device; starts gunicorn on its own port and drives ``POST …/checkin-lists/{id}/scans/`` with ``wrk``
(``bench/scan.lua`` gives every request another badge and nonce) at 16 and 64 connections, first scans
(``ok``) and repeated scans (``already_checked_in``). Then builds one PDF of 2,000 badges.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_scanning.py``

On a machine shared with other work the wall-clock figures move with its load (printed with each phase);
``bench/scan_cpu.py`` measures the CPU time and the SQL statements of one scan in-process, which move far less.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from scan_seed import admin_sql, database_url, seed_gate

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "messe_bench_scanning"
PORT = int(os.environ.get("BENCH_SCANNING_PORT", "18604"))
REGISTRATIONS = 20_000
PRINTED = 2_000
DURATION = os.environ.get("BENCH_SCANNING_DURATION", "8s")


def prepare_environment(tmp: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(DB_NAME),
        DEBUG="0",
        SECRET_KEY="messe-bench-scanning-secret",
        DJANGO_SETTINGS_MODULE="config.settings",
        # The production default: one JSON access log line per scan (written to a file, see start_gunicorn).
        LOG_LEVEL="INFO",
        MESSE_VAR_DIR=str(tmp),
        CELERY_TASK_ALWAYS_EAGER="1",
    )
    os.environ.update(env)
    return env


def seed(tmp: Path) -> dict:
    """Convention running today, 20,000 registrations, badges for the scanned ones (their codes in a file for
    wrk), a gate device."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    seeded = seed_gate(registrations=REGISTRATIONS, printed=PRINTED)
    codes_file = tmp / "codes.txt"
    codes_file.write_text("\n".join(seeded["codes"]) + "\n")
    return {**seeded, "codes_file": codes_file, "codes": len(seeded["codes"])}


def start_gunicorn(env: dict, log_file: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            # The production settings (sync workers, the cores plus one), only the port is the bench's own.
            "-c",
            str(ROOT / "config/gunicorn.py"),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stderr=log_file.open("ab"),  # the logs, as a container runtime would collect them
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/devices/activate/", timeout=2)
            return server
        except urllib.error.HTTPError:  # any HTTP answer (405 here) means the server is up
            return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def run_wrk(*, connections: int, offset: int, prefix: str, seed_data: dict, duration: str = DURATION) -> dict:
    env = dict(os.environ)
    env.update(
        CODES_FILE=str(seed_data["codes_file"]),
        CODE_OFFSET=str(offset),
        NONCE_PREFIX=prefix,
        DEVICE_TOKEN=seed_data["token"],
        SCAN_PATH=seed_data["path"],
    )
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}",
            "--latency",
            "-s",
            str(ROOT / "bench/scan.lua"),
            f"http://127.0.0.1:{PORT}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"RESULT (.*)", output)
    values = {key: float(value) for key, value in (item.split("=") for item in match.group(1).split())}
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    values["timeouts"] = float(socket_errors.group(4)) if socket_errors else 0.0
    return values


def bulk_pdf_seconds(seed_data: dict) -> tuple[float, int]:
    from events.models import BadgePrintJob
    from events.services import badge_printing

    job = BadgePrintJob.objects.create(
        convention=seed_data["convention"], filters={"ticket_type_ids": [seed_data["press"].pk]}
    )
    started = time.perf_counter()
    job = badge_printing.build_badge_print_job(job_id=job.pk)
    seconds = time.perf_counter() - started
    assert job.status == "done" and job.done == PRINTED, (job.status, job.done, job.error)
    return seconds, job.file.size


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="messe-bench-scanning-"))
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    server = None
    results = []
    try:
        env = prepare_environment(tmp)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        started = time.perf_counter()
        seed_data = seed(tmp)
        elapsed = time.perf_counter() - started
        print(f"seeded {REGISTRATIONS} registrations, {seed_data['codes']} badges in {elapsed:.1f} s")
        from django.db import connections

        connections.close_all()
        log_file = tmp / "gunicorn.log"
        server = start_gunicorn(env, log_file)
        half = seed_data["codes"] // 2
        phases = [
            ("first scans", 16, 0, "first16"),
            ("first scans", 64, half, "first64"),
            ("repeated scans", 16, 0, "again16"),
            ("repeated scans", 64, half, "again64"),
        ]
        run_wrk(connections=4, offset=seed_data["codes"] - 2000, prefix="warmup", seed_data=seed_data, duration="2s")
        for label, conns, offset, prefix in phases:
            load = os.getloadavg()[0]
            figures = run_wrk(connections=conns, offset=offset, prefix=prefix, seed_data=seed_data)
            rate = figures["requests"] / figures["seconds"]
            print(
                f"{label:15} c={conns:3}: {rate:7.1f} scans/s  p50 {figures['p50_ms']:6.1f} ms  "
                f"p99 {figures['p99_ms']:6.1f} ms  ok {int(figures['ok'])}  rejected {int(figures['rejected'])}  "
                f"errors {int(figures['errors'])}  timeouts (2 s) {int(figures['timeouts'])}  "
                f"(load average before: {load:.1f})"
            )
            name = f"scan {label}, {conns} connections"
            at_target = conns == 16 and label == "first scans"
            results += [
                {
                    "benchmark": name,
                    "metric": "throughput",
                    "value": round(rate, 1),
                    "unit": "scans/s",
                    "target": ">= 600" if at_target else "",
                    "met": rate >= 600 if at_target else None,
                },
                {
                    "benchmark": name,
                    "metric": "p50",
                    "value": figures["p50_ms"],
                    "unit": "ms",
                    "target": "",
                    "met": None,
                },
                {
                    "benchmark": name,
                    "metric": "p99",
                    "value": figures["p99_ms"],
                    "unit": "ms",
                    "target": "<= 50" if at_target else "",
                    "met": figures["p99_ms"] <= 50 if at_target else None,
                },
                {
                    "benchmark": name,
                    "metric": "machine load average (1 min) before",
                    "value": round(load, 2),
                    "unit": "processes",
                    "target": "",
                    "met": None,
                },
                {
                    "benchmark": name,
                    "metric": "errors",
                    "value": figures["errors"],
                    "unit": "responses",
                    "target": "0",
                    "met": figures["errors"] == 0,
                },
                {
                    "benchmark": name,
                    "metric": "timeouts",
                    "value": figures["timeouts"],
                    "unit": "requests",
                    "target": "0",
                    "met": figures["timeouts"] == 0,
                },
            ]
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server = None
        scans_logged = log_file.read_text().count('"logger": "messe.access", "message": "POST ')
        print(f"access log: {scans_logged} scan lines written")
        seconds, size = bulk_pdf_seconds(seed_data)
        print(f"bulk badge PDF: {PRINTED} badges in {seconds:.1f} s ({size / 1e6:.1f} MB)")
        results.append(
            {
                "benchmark": f"bulk badge PDF, {PRINTED} registrations",
                "metric": "duration",
                "value": round(seconds, 2),
                "unit": "s",
                "target": "<= 60",
                "met": seconds <= 60,
            }
        )
        connections.close_all()
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)
    out = ROOT / "bench/results/scanning.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
