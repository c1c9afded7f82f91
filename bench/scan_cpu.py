"""CPU time and SQL statements per badge scan, measured in-process through the WSGI application.

Wall-clock throughput on a shared machine depends on what else runs; the CPU time one scan costs the web
process does not (much). This drives ``POST …/checkin-lists/{id}/scans/`` through ``config.wsgi.application``
exactly as gunicorn would call it (same middleware, authentication, rendering, logging), against PostgreSQL,
and reports per scan: CPU milliseconds of this process (``time.process_time``) and of the PostgreSQL backend
serving it (from ``/proc``, so the server must run on this host), wall milliseconds and the SQL statements sent
(``BEGIN``/``COMMIT``/``SAVEPOINT`` are not among them: Django issues those outside ``execute``).

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/scan_cpu.py [--profile]``
Creates and drops the database ``messe_bench_scan_cpu``.
"""

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scan_seed import admin_sql, database_url, seed_gate

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "messe_bench_scan_cpu"


def scan_environ(*, path: str, token: str, body: bytes) -> dict:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_AUTHORIZATION": f"Device {token}",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def backend_cpu_seconds() -> float:
    """CPU time (user + system) so far of the PostgreSQL backend process serving this connection (same host)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_scans(application, seed_data: dict, *, prefix: str, codes: list[str], expect: str) -> dict:
    from django.db import connection

    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql.split(None, 1)[0].upper())
        return execute(sql, params, many, context)

    cpu, wall, per_scan_statements = [], [], []
    backend_before = backend_cpu_seconds()
    status_holder = {}

    def start_response(status, headers, exc_info=None):
        status_holder["status"] = status

    with connection.execute_wrapper(record):
        for index, code in enumerate(codes):
            body = json.dumps({"code": code, "nonce": f"{prefix}-{index:08d}"}).encode()
            environ = scan_environ(path=seed_data["path"], token=seed_data["token"], body=body)
            before = len(statements)
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            chunks = application(environ, start_response)
            payload = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started_wall)
            per_scan_statements.append(len(statements) - before)
            if not status_holder["status"].startswith("200") or expect.encode() not in payload:
                raise RuntimeError(f"unexpected answer {status_holder['status']}: {payload[:300]!r}")
    backend = backend_cpu_seconds() - backend_before
    # Statements other than transaction control, of the last scan (all scans follow one path).
    last = statements[-per_scan_statements[-1] :]
    return {
        "backend_cpu_ms_mean": backend / len(codes) * 1000,
        "cpu_ms_mean": statistics.fmean(cpu) * 1000,
        "cpu_ms_median": statistics.median(cpu) * 1000,
        "wall_ms_median": statistics.median(wall) * 1000,
        "statements": per_scan_statements[-1],
        "statement_kinds": last,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=1500)
    parser.add_argument("--profile", choices=["first", "again"], help="cProfile one phase, print the top entries")
    parser.add_argument("--log-level", default="INFO", help="LOG_LEVEL of the measured process (INFO: access log)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="messe-scan-cpu-"))
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    try:
        os.environ.update(
            DATABASE_URL=database_url(DB_NAME),
            DEBUG="0",
            SECRET_KEY="messe-bench-scan-cpu-secret",
            DJANGO_SETTINGS_MODULE=os.environ.get("SCAN_CPU_SETTINGS", "config.settings"),
            LOG_LEVEL=args.log_level,
            MESSE_VAR_DIR=str(tmp),
            CELERY_TASK_ALWAYS_EAGER="1",
            # One backend process for the whole run, so its CPU counters cover every scan.
            DATABASE_CONN_MAX_AGE="3600",
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        seed_data = seed_gate(registrations=args.scans + 100)
        from django.core.wsgi import get_wsgi_application
        from django.db import connections

        connections.close_all()
        application = get_wsgi_application()
        # The access log goes to stderr; keep it out of the figures' terminal but still formatted and written.
        devnull = open(os.devnull, "w")  # noqa: SIM115
        real_stderr, sys.stderr = sys.stderr, devnull
        import logging

        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(devnull)
        try:
            codes = seed_data["codes"]
            run_scans(application, seed_data, prefix="warm", codes=codes[-100:], expect='"ok"')
            phases = {"first": (codes[: args.scans], '"ok"'), "again": (codes[: args.scans], "already_checked_in")}
            results = {}
            for name, (phase_codes, expect) in phases.items():
                if args.profile == name:
                    import cProfile
                    import pstats

                    profiler = cProfile.Profile(time.process_time)
                    profiler.enable()
                    results[name] = run_scans(application, seed_data, prefix=name, codes=phase_codes, expect=expect)
                    profiler.disable()
                    out = io.StringIO()
                    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
                    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
                    profile_text = out.getvalue()
                else:
                    results[name] = run_scans(application, seed_data, prefix=name, codes=phase_codes, expect=expect)
        finally:
            sys.stderr = real_stderr
        if args.profile:
            print(profile_text)
        for name, figures in results.items():
            print(
                f"{name:6} scans: CPU {figures['cpu_ms_mean']:.2f} ms mean / {figures['cpu_ms_median']:.2f} ms median"
                f", PostgreSQL backend CPU {figures['backend_cpu_ms_mean']:.2f} ms mean"
                f", wall {figures['wall_ms_median']:.2f} ms median, {figures['statements']} statements: "
                f"{' '.join(figures['statement_kinds'])}"
            )
        connections.close_all()
    finally:
        admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
