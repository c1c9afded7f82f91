"""``make run``: Messe on one machine — web server, Celery worker and beat — until Ctrl-C.

Steps: check that the port is free (one line and exit status 1 if not, before anything is touched), create the
``var/`` folders (mail, media, the file-system broker's queue), migrate, load the demo convention (idempotent),
start gunicorn on ``PORT`` (default 8000), a Celery worker and Celery beat, wait until the web server answers,
then print the pages each role uses, the demo logins and the devices' setup codes.

Without ``SITE_URL`` every absolute link (e-mails, magic links, calendars, exports) points at the address served
here (``http://localhost:<port>``, or the host of ``BIND`` when it names one).

Every child runs in a process group of its own, so a Ctrl-C in the terminal reaches only this supervisor; on
SIGINT or SIGTERM it sends SIGTERM to each child's whole group (gunicorn's and Celery's own worker processes
included), waits, then SIGKILLs whatever is left. If a child dies on its own, everything is stopped too. On
Linux each child also gets a parent-death signal, so even a SIGKILL of this supervisor stops them.

The embedded defaults (SQLite, ``filesystem://`` broker, e-mail files under ``var/mail``) need no server;
``DATABASE_URL``, ``CELERY_BROKER_URL``, ``CACHE_URL`` and ``EMAIL_URL`` switch to PostgreSQL, Redis and SMTP.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
READY_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 15


def log(message: str) -> None:
    print(f"[messe] {message}", flush=True)


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: own process group, and SIGTERM when the supervisor dies.
    os.setpgid(0, 0)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        except OSError:
            pass


class Supervisor:
    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping = False

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        log(f"starting {name}: {' '.join(argv)}")
        self.children[name] = subprocess.Popen(argv, cwd=ROOT, env=env, preexec_fn=_die_with_parent)

    def first_exited(self) -> tuple[str, int] | None:
        for name, process in self.children.items():
            code = process.poll()
            if code is not None:
                return name, code
        return None

    def stop(self) -> None:
        if self.stopping:
            return
        self.stopping = True
        for name, process in self.children.items():
            # SIGTERM to the master only: gunicorn and Celery then stop their own workers gracefully.
            if process.poll() is None:
                log(f"stopping {name} (pid {process.pid})")
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in self.children.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        # Whatever is left (a stuck task, a worker ignoring SIGTERM), and grandchildren whose master exited
        # first, are killed by process group: nothing of ours survives.
        for process in self.children.values():
            self._signal_group(process, signal.SIGKILL)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                log(f"pid {process.pid} did not exit after SIGKILL")

    @staticmethod
    def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)


class Interrupted(Exception):
    pass


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def prepare(env: dict[str, str]) -> tuple[Path, dict]:
    """Create the var/ folders, migrate and load the demo; return the var/ folder and the demo's summary."""
    var_dir = Path(env.get("MESSE_VAR_DIR") or ROOT / "var")
    for folder in ("mail", "media", "static", "celery/queue", "celery/processed", "celery/control"):
        (var_dir / folder).mkdir(parents=True, exist_ok=True)
    env["MESSE_VAR_DIR"] = str(var_dir)
    manage = [str(BIN / "python"), "manage.py"]
    log("migrating the database")
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    log("loading the demo convention (idempotent)")
    seeded = subprocess.run(
        [*manage, "seed_demo", "--json"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    demo = json.loads(seeded.strip().splitlines()[-1])
    log(f"demo convention {demo['name']} ({demo['slug']}), {demo['start_date']} to {demo['end_date']}")
    return var_dir, demo


def serve(env: dict[str, str], bind: str, host: str, port: int, var_dir: Path, demo: dict) -> int:
    supervisor = Supervisor()
    workers = env.get("WEB_CONCURRENCY", "3")
    try:
        supervisor.start(
            "web",
            # config/gunicorn.py: sync workers, preloaded, no control socket, no second access log (see there).
            # Fewer workers than there by default: this machine runs the Celery worker and beat as well.
            [str(BIN / "gunicorn"), "config.wsgi", "-c", str(ROOT / "config/gunicorn.py"), "--bind", bind,
             "--workers", workers],
            env,
        )  # fmt: skip
        supervisor.start(
            "worker",
            [str(BIN / "celery"), "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "2",
             "--hostname", f"messe-{port}@%h"],
            env,
        )  # fmt: skip
        supervisor.start(
            "beat",
            [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
             "--schedule", str(var_dir / "celery" / f"beat-schedule-{port}")],
            env,
        )  # fmt: skip
        began = time.monotonic()
        base = _probe_base(host, port)
        # The admin login page is cheap to render; /api/schema/ is generated on first request and slower.
        while not _answers(f"{base}/admin/login/"):
            exited = supervisor.first_exited()
            if exited:
                log(f"{exited[0]} exited with status {exited[1]} during start-up")
                return 1
            if time.monotonic() - began > READY_TIMEOUT_SECONDS:
                log(f"the web server did not answer within {READY_TIMEOUT_SECONDS} s")
                return 1
            time.sleep(0.2)
        print_banner(env, port, demo)
        while True:
            exited = supervisor.first_exited()
            if exited:
                log(f"{exited[0]} exited with status {exited[1]}; stopping everything")
                return 1
            time.sleep(0.5)
    except Interrupted as reason:
        log(f"{reason}: shutting down")
        return 0
    finally:
        # Further signals must not interrupt the shutdown half-way.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop()
        log("stopped")


def _probe_base(host: str, port: int) -> str:
    """Where this script asks whether gunicorn answers: loopback when it listens on every address."""
    host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


ROLE_TITLES = {
    "visitor": "Visitors",
    "organizer": "Organizers",
    "exhibitor staff": "Exhibitor staff",
    "gate": "Gate staff",
}


def banner_lines(*, site: str, demo: dict, env: dict[str, str], var_dir: Path) -> list[str]:
    """The text printed once everything answers: pages per role, logins and setup codes, where things are."""
    mail = env.get("EMAIL_URL") or f"files in {var_dir / 'mail'}"
    lines = [
        "",
        "Messe is running. Press Ctrl-C to stop the web server, the Celery worker and beat.",
        "",
        f"  Demo convention {demo['name']} (slug {demo['slug']}), {demo['start_date']} to {demo['end_date']}",
        "",
    ]
    roles = [role for role in ROLE_TITLES if any(page["role"] == role for page in demo["pages"])]
    roles += sorted({page["role"] for page in demo["pages"]} - set(roles))
    for role in roles:
        lines.append(f"  {ROLE_TITLES.get(role, role.capitalize())}:")
        for page in demo["pages"]:
            if page["role"] == role:
                lines.append(f"    {page['title']:<22} {site}{page['path']}")
    lines += [
        "  Developers:",
        f"    {'Public API':<22} {site}/api/v1/events/",
        f"    {'API docs':<22} {site}/api/docs/",
        f"    {'OpenAPI schema':<22} {site}/api/schema/",
        "",
        "  Demo logins (demo data only, never use these passwords elsewhere):",
    ]
    for login in demo["logins"]:
        account = f"{login['username']} / {login['password']}"
        lines.append(f"    {login['role']:<16} {account:<28} {login['note']} — {site}{login['page']}")
    lines.append(f"    {'organizer API':<16} Authorization: Token {demo['organizer_token']}")
    lines += ["", "  Device setup codes (enter one at the scanner page; each works once, for 24 hours):"]
    for code in demo["setup_codes"]:
        lines.append(
            f"    {code['role']:<16} {code['password']:<28} {code['username']}: {code['note']} — {site}{code['page']}"
        )
    lines += [
        "",
        f"  Database        {env.get('DATABASE_URL') or 'SQLite in ' + str(var_dir / 'messe.sqlite3')}",
        f"  Celery broker   {env.get('CELERY_BROKER_URL') or 'filesystem:// (embedded, no server)'}",
        f"  Outgoing e-mail {mail}",
        f"  Links point at  {env['SITE_URL']}",
        "",
    ]
    return lines


def print_banner(env: dict[str, str], port: int, demo: dict) -> None:
    site = env["SITE_URL"]
    print("\n".join(banner_lines(site=site, demo=demo, env=env, var_dir=Path(env["MESSE_VAR_DIR"]))), flush=True)


def parse_bind(env: dict[str, str]) -> tuple[str, str, int]:
    """(gunicorn's bind address, host, port) from ``BIND`` or ``PORT``; loopback by default, because the demo
    logins are printed in the clear (``BIND=0.0.0.0:8000`` opens it up)."""
    port = int(env.get("PORT") or 8000)
    bind = env.get("BIND") or f"127.0.0.1:{port}"
    host, _, bind_port = bind.rpartition(":")
    if bind_port.isdigit():
        port = int(bind_port)
    else:
        host, bind = bind, f"{bind}:{port}"
    return bind, host.strip("[]") or "0.0.0.0", port


def port_problem(host: str, port: int) -> str | None:
    """Why gunicorn could not listen on ``host:port`` (in use, not allowed), or ``None`` when it is free."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Like gunicorn: SO_REUSEADDR, so a port left in TIME_WAIT by the last run counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as failure:
            if failure.errno == errno.EADDRINUSE:
                return "is in use by another program"
            return f"cannot be used ({failure.strerror})"
    return None


def site_url(host: str, port: int) -> str:
    """Where links should point when ``SITE_URL`` is not set: the address this script serves."""
    if host in {"0.0.0.0", "127.0.0.1", "::", "::1", "localhost", ""}:
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def main() -> int:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["PYTHONUNBUFFERED"] = "1"
    bind, host, port = parse_bind(env)
    problem = port_problem(host, port)
    if problem:
        log(f"port {port} on {host} {problem}: stop it or choose another one, e.g. PORT={port + 1} make run")
        return 1
    env["SITE_URL"] = env.get("SITE_URL") or site_url(host, port)
    signal.signal(signal.SIGINT, _raise_interrupted)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        var_dir, demo = prepare(env)
    except Interrupted as reason:
        log(f"{reason} during preparation: stopped")
        return 130
    except subprocess.CalledProcessError as failure:
        log(f"preparation failed: {' '.join(failure.cmd)} exited with status {failure.returncode}")
        if failure.stderr:
            print(failure.stderr, file=sys.stderr)
        return 1
    return serve(env, bind, host, port, var_dir, demo)


if __name__ == "__main__":
    sys.exit(main())
