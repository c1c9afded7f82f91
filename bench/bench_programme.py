"""Benchmark of the published programme (issue 2): exports and the sessions list on gunicorn + PostgreSQL.

Creates the database ``messe_bench_programme`` on the server of ``DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432), migrates, seeds the full-scale convention (500 sessions, 650 speakers,
400 exhibitors, released), starts gunicorn (4 sync workers for 2 cores) on a free port with a Redis cache, then
measures for ``schedule.json``, ``schedule.xml``, ``schedule.ics`` and ``sessions/``:

* cold: the first request after the cache was cleared (repeated ``--cold`` times), p50 and p95;
* warm: ``--warm`` sequential requests on a kept-alive connection after a warm-up, p50 and p95;

and requests/s of warm ``schedule.json`` with 16 concurrent clients sending ``Accept-Encoding: gzip`` (``wrk``
when installed — ``apt-get install -y wrk`` — else a thread pool of http.client connections).
Targets: warm export p50 ≤ 20 ms, cold export p95 ≤ 500 ms, ≥ 300 requests/s.

gunicorn is stopped and the database dropped at the end, also on failure or Ctrl-C. Writes
``bench/results/programme.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results" / "programme.json"
NAME = "programme"
DATABASE = os.environ.get("MESSE_BENCH_DB_NAME", "messe_bench_programme")  # another name for parallel runs
SLUG = "sccon-full"
EXPORTS = ("schedule.json", "schedule.xml", "schedule.ics")
WARM_P50_TARGET_MS = 20.0
COLD_TARGET_MS = 500.0
RPS_TARGET = 300.0
CONCURRENCY = 16


def log(message: str) -> None:
    print(f"[bench programme] {message}", flush=True)


def server_url() -> str:
    """DATABASE_URL with its database name removed (the server to create the benchmark database on)."""
    parsed = urllib.parse.urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432")
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit("bench_programme needs PostgreSQL: set DATABASE_URL=postgres://…")
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, "", "", ""))


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Client:
    """One kept-alive HTTP connection; returns (status, milliseconds, headers, body length)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, float, dict[str, str], int]:
        began = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=headers or {})
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            # The server closed the kept-alive connection (sync workers do): reconnect once.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            began = time.perf_counter()
            self.connection.request("GET", path, headers=headers or {})
            response = self.connection.getresponse()
            body = response.read()
        elapsed = (time.perf_counter() - began) * 1000
        return response.status, elapsed, {key.lower(): value for key, value in response.getheaders()}, len(body)


class Rows:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, metric: str, value: float, unit: str, target: str = "", met: bool | None = None) -> None:
        self.rows.append(
            {"benchmark": NAME, "metric": metric, "value": round(value, 2), "unit": unit, "target": target, "met": met}
        )
        verdict = "" if met is None else ("  (met)" if met else "  (NOT met)")
        log(f"{metric}: {value:.2f} {unit} {target}{verdict}")

    def write(self) -> None:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(self.rows, indent=2) + "\n")


def clear_cache(cache_url: str) -> None:
    import redis

    redis.Redis.from_url(cache_url).flushdb()


def measure_endpoint(
    rows: Rows, client: Client, label: str, path: str, *, cache_url: str, cold: int, warm: int, is_export: bool
) -> None:
    gzip = {"Accept-Encoding": "gzip"}  # as browsers, apps and calendar clients send it
    status, _, headers, _ = client.get(path, gzip)
    if status != 200:
        rows.add(f"{label} available", float(status), "HTTP status", "200", False)
        return
    cold_samples = []
    for _ in range(cold):
        clear_cache(cache_url)
        cold_samples.append(client.get(path, gzip)[1])
    client.get(path, gzip)  # warm-up after the last cold sample
    warm_samples = []
    for _ in range(warm):
        status, elapsed, _, _ = client.get(path, gzip)
        if status != 200:
            rows.add(f"{label} warm", float(status), "HTTP status", "200", False)
            return
        warm_samples.append(elapsed)
    cold_target = f"<= {COLD_TARGET_MS:.0f} ms" if is_export else ""
    warm_target = f"<= {WARM_P50_TARGET_MS:.0f} ms" if is_export else ""
    rows.add(f"{label} cold p50", statistics.median(cold_samples), "ms")
    cold_p95 = percentile(cold_samples, 0.95)
    rows.add(f"{label} cold p95", cold_p95, "ms", cold_target, cold_p95 <= COLD_TARGET_MS if is_export else None)
    warm_p50 = statistics.median(warm_samples)
    rows.add(f"{label} warm p50", warm_p50, "ms", warm_target, warm_p50 <= WARM_P50_TARGET_MS if is_export else None)
    rows.add(f"{label} warm p95", percentile(warm_samples, 0.95), "ms")
    if is_export:
        measure_revalidation(rows, client, label, path, etag=headers.get("etag"), samples=warm)


def measure_revalidation(rows: Rows, client: Client, label: str, path: str, *, etag: str | None, samples: int) -> None:
    """Clients that hold the export send If-None-Match; the answer must be a 304 without a body."""
    if not etag:
        rows.add(f"{label} sends ETag", 0.0, "bool", "1", False)
        return
    results = [client.get(path, {"If-None-Match": etag, "Accept-Encoding": "gzip"}) for _ in range(samples)]
    not_modified = all(status == 304 for status, _, _, _ in results)
    rows.add(f"{label} If-None-Match answers 304", float(not_modified), "bool", "1", not_modified)
    rows.add(f"{label} 304 p50", statistics.median(elapsed for _, elapsed, _, _ in results), "ms")


def requests_per_second_wrk(port: int, path: str, seconds: int) -> tuple[float, int]:
    output = subprocess.run(
        # One wrk thread drives 16 connections at thousands of requests/s; a second would only take CPU from
        # the server on this 2-core machine.
        ["wrk", "-t", "1", "-c", str(CONCURRENCY), "-d", f"{seconds}s", "--latency",
         "-H", "Accept-Encoding: gzip", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    print(output, flush=True)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = int(errors.group(1)) if errors else 0
    failed += sum(int(count) for count in socket_errors.groups()) if socket_errors else 0
    return rate, failed


def requests_per_second_threads(port: int, path: str, seconds: int) -> tuple[float, int]:
    deadline = time.monotonic() + seconds
    counts = [0] * CONCURRENCY
    failures = [0] * CONCURRENCY

    def hammer(slot: int) -> None:
        client = Client(port)
        while time.monotonic() < deadline:
            status = client.get(path, {"Accept-Encoding": "gzip"})[0]
            counts[slot] += 1
            failures[slot] += status != 200

    threads = [threading.Thread(target=hammer, args=(slot,)) for slot in range(CONCURRENCY)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - began), sum(failures)


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of the processes in group ``pgid`` (gunicorn and its workers), from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after "(comm)": state, ppid, pgrp, …, utime (12), stime (13)
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def wait_until_ready(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if Client(port).get("/admin/login/")[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")


def run(args: argparse.Namespace, rows: Rows, env: dict[str, str]) -> None:
    manage = [str(BIN / "python"), "manage.py"]
    log(f"creating database {DATABASE}")
    admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DATABASE}"')
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    began = time.perf_counter()
    subprocess.run(
        [*manage, "seed_fullscale", "--slug", SLUG, "--scale", str(args.scale)], cwd=ROOT, env=env, check=True
    )
    rows.add(
        "seed_fullscale (incl. start-up)", time.perf_counter() - began, "s", "< 60 s", time.perf_counter() - began < 60
    )

    port = free_port()
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--no-control-socket", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_ready(port, gunicorn)
        client = Client(port)
        base = f"/api/v1/events/{SLUG}"
        targets = [(name, f"{base}/{name}", True) for name in EXPORTS]
        targets.append(("sessions/", f"{base}/sessions/", False))
        targets.extend((path, path, False) for path in args.extra_path)
        for label, path, is_export in targets:
            measure_endpoint(
                rows, client, label, path, cache_url=env["CACHE_URL"], cold=args.cold, warm=args.warm,
                is_export=is_export,
            )  # fmt: skip

        rps_path = args.rps_path or f"{base}/schedule.json"
        rps_label = rps_path.rstrip("/").rsplit("/", 1)[-1]
        status, _, headers, _ = client.get(rps_path, {"Accept-Encoding": "gzip"})
        if status != 200:
            rows.add(f"{rps_label} requests/s", 0.0, "req/s", f">= {RPS_TARGET:.0f}", False)
            return
        gzipped = headers.get("content-encoding") == "gzip"
        rows.add(f"{rps_label} gzip when accepted", float(gzipped), "bool", "1", gzipped)
        use_wrk = shutil.which("wrk") is not None
        log(f"requests/s on {rps_path} with {CONCURRENCY} clients via {'wrk' if use_wrk else 'threads'}")
        measure = requests_per_second_wrk if use_wrk else requests_per_second_threads
        cpu_before = group_cpu_seconds(gunicorn.pid)
        rate, failed = measure(port, rps_path, args.seconds)
        # Requests/s depend on what else runs on the machine; CPU per request does not (much).
        server_cpu = group_cpu_seconds(gunicorn.pid) - cpu_before
        rows.add(f"{rps_label} gunicorn CPU per request under load", server_cpu / (rate * args.seconds) * 1000, "ms")
        rows.add("load average (1 min) after the requests/s run", os.getloadavg()[0], "")
        rows.add(
            f"{rps_label} requests/s, {CONCURRENCY} clients, gzip",
            rate,
            "req/s",
            f">= {RPS_TARGET:.0f}",
            rate >= RPS_TARGET and failed == 0,
        )
        rows.add("failed requests under load", float(failed), "requests", "0", failed == 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="seed scale (1.0 = SCCON size)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--cold", type=int, default=10, help="cold samples per endpoint")
    parser.add_argument("--warm", type=int, default=200, help="warm samples per endpoint")
    parser.add_argument("--seconds", type=int, default=10, help="duration of the requests/s run")
    parser.add_argument("--extra-path", action="append", default=[], help="another path to time (repeatable)")
    parser.add_argument("--rps-path", default="", help="path for the requests/s run (default schedule.json)")
    args = parser.parse_args()

    cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3")
    var_dir = tempfile.mkdtemp(prefix="messe-bench-programme-")
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{server_url()}/{DATABASE}",
            "CACHE_URL": cache_url,
            "DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            # No worker runs here: whatever a release enqueues runs in-process instead of piling up in a broker.
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "MESSE_VAR_DIR": var_dir,
            "LOG_LEVEL": "WARNING",
        }
    )
    rows = Rows()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    status = 0
    try:
        run(args, rows, env)
    except (Exception, KeyboardInterrupt) as failure:
        log(f"failed: {failure!r}")
        rows.add("run", 1.0, "failed", "completes", False)
        status = 1
    finally:
        with contextlib.suppress(Exception):
            clear_cache(cache_url)
        try:
            admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            log(f"dropped database {DATABASE}")
        except Exception as failure:
            log(f"could not drop {DATABASE}: {failure!r}")
            status = 1
        shutil.rmtree(var_dir, ignore_errors=True)
        rows.write()
        log(f"wrote {RESULTS.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
