"""``make run`` end to end: the supervisor script starts web, worker and beat, serves the API, and leaves
no process behind when interrupted."""

import datetime as dt
import email
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from celery import Celery
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 150  # generous: CI machines are shared; a healthy start takes 10–40 s
STOP_TIMEOUT = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, pending = set(), [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.add(child)
            pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Output:
    """Collects the supervisor's output lines in a thread; ``wait_for`` searches every line seen so far and
    waits (bounded) for more, so the order in which web, worker and beat report does not matter."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._pump, args=(process,), daemon=True).start()

    def _pump(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, *needles: str, timeout: float) -> str:
        def matching_line() -> str | None:
            return next((line for line in self.lines if all(needle in line for needle in needles)), None)

        with self._changed:
            line = self._changed.wait_for(matching_line, timeout=timeout)
            if line is None:
                tail = "".join(self.lines[-40:])
                raise AssertionError(f"no line with {needles} within {timeout} s; output:\n{tail}")
        return line


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _wait_for_mail(folder: Path, needle: str, *, timeout: float) -> str:
    """The text of the first e-mail file in ``folder`` that mentions ``needle`` (sent by the real worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in folder.glob("*"):
            text = _decoded(path.read_bytes())
            if needle in text:
                return text
        time.sleep(0.5)
    raise AssertionError(f"no e-mail mentioning {needle} in {folder} within {timeout} s")


def _decoded(data: bytes) -> str:
    """Every text part of the mails in a file (Django's file backend writes several per file), decoded."""
    parts = []
    for chunk in data.split(b"-" * 79):
        if chunk.strip():
            message = email.message_from_bytes(chunk.strip())
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    parts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
    return "\n".join(parts)


@pytest.mark.process
def test_make_run_refuses_a_port_in_use_before_touching_anything(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port), "MESSE_VAR_DIR": str(tmp_path / "var")}
        finished = subprocess.run(
            [sys.executable, "scripts/run.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )

    assert finished.returncode == 1
    assert finished.stdout.strip().splitlines() == [
        f"[messe] port {port} on 127.0.0.1 is in use by another program: stop it or choose another one, "
        f"e.g. PORT={port + 1} make run"
    ]
    assert not (tmp_path / "var").exists()  # neither migrated nor seeded


@pytest.mark.process
def test_make_run_serves_api_runs_worker_and_stops_every_process_on_ctrl_c(tmp_path, monkeypatch):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"PORT": str(port), "MESSE_VAR_DIR": str(tmp_path / "var"), "WEB_CONCURRENCY": "1"})
    process = subprocess.Popen(
        [sys.executable, "scripts/run.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = Output(process)
    try:
        output.wait_for("Messe is running", timeout=START_TIMEOUT)
        output.wait_for("messe-", "ready.", timeout=START_TIMEOUT)
        base = f"http://127.0.0.1:{port}"
        assert _get(f"{base}/api/schema/") == 200
        assert _get(f"{base}/admin/login/") == 200
        with urllib.request.urlopen(f"{base}/api/v1/events/", timeout=5) as response:
            listed = json.loads(response.read())
        today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
        assert [(item["name"], item["start_date"]) for item in listed["results"]] == [
            (f"Smart Country Convention {today.year}", today.isoformat())
        ]
        assert (tmp_path / "var" / "mail").is_dir()

        # The banner names each role's pages, the logins and the devices' setup codes, on the served port.
        banner = "".join(output.lines)
        assert f"http://localhost:{port}/events/sccon/register/" in banner
        assert f"http://localhost:{port}/events/sccon/dashboard/" in banner
        assert "organizer / messe-demo" in banner and "exhibitor / messe-exhibitor" in banner
        assert "curator / messe-curator" in banner and "readonly / messe-readonly" in banner
        assert f"http://localhost:{port}/organize/sccon/" in banner
        gate_line = output.wait_for("gate ", f"http://localhost:{port}/scan/", timeout=5)
        setup_code = gate_line.split()[1]
        activated = _post(f"{base}/api/v1/devices/activate/", {"setup_code": setup_code})
        assert activated["authorization"].startswith("Device ")

        # Without SITE_URL every absolute link points at the served port: exports, calendars, e-mails.
        with urllib.request.urlopen(f"{base}/api/v1/events/sccon/schedule.json", timeout=5) as response:
            assert json.loads(response.read())["schedule"]["base_url"].startswith(f"http://localhost:{port}/")
        with urllib.request.urlopen(f"{base}/api/v1/events/sccon/schedule.ics", timeout=5) as response:
            assert f"URL:http://localhost:{port}/events/sccon/sessions/" in response.read().decode()
        tickets = _get_json(f"{base}/api/v1/events/sccon/ticket-types/")
        free = next(item for item in tickets if item["name_en"] == "Public sector visitor")
        registered = _post(
            f"{base}/api/v1/events/sccon/registrations/",
            {"ticket_type": free["id"], "first_name": "Jana", "last_name": "Köhler",
             "email": "jana.koehler@berlin.de", "accept_terms": True},
        )  # fmt: skip
        mail = _wait_for_mail(tmp_path / "var" / "mail", registered["code"], timeout=START_TIMEOUT)
        assert f"http://localhost:{port}/r/{registered['code']}/?token=" in mail

        # A task sent through the embedded file-system broker is executed by the real worker process. Celery
        # prefers CELERY_BROKER_URL from the environment over an explicit broker, so drop it (CI sets Redis).
        monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
        queue_dir = str(tmp_path / "var" / "celery" / "queue")
        sender = Celery(
            broker="filesystem://",
            broker_transport_options={
                "data_folder_in": queue_dir,
                "data_folder_out": queue_dir,
                "processed_folder": str(tmp_path / "var" / "celery" / "processed"),
                "store_processed": False,
                "control_folder": str(tmp_path / "var" / "celery" / "control"),
            },
            task_queues=settings.CELERY_TASK_QUEUES,
        )
        task = sender.send_task("events.requeue_stuck_messages", queue="default")
        output.wait_for(f"events.requeue_stuck_messages[{task.id}]", "succeeded", timeout=START_TIMEOUT)

        family = _descendants(process.pid)
        # gunicorn master + its worker, Celery worker + its 2 pool processes, beat.
        assert len(family) >= 6

        process.send_signal(signal.SIGINT)  # what Ctrl-C delivers; SIGTERM takes the same path
        assert process.wait(timeout=STOP_TIMEOUT) == 0
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline and any(_alive(pid) for pid in family):
            time.sleep(0.1)
        assert sorted(pid for pid in family if _alive(pid)) == []
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
