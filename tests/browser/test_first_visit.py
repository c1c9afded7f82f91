"""A newcomer's first visit, end to end: ``make run`` (scripts/run.py) on a free port serves the demo seeded
for today; in Chromium a visitor registers for the free public-sector ticket, opens the magic link from the
e-mail file (pointing at the served port), downloads the badge PDF and signs up for a workshop; the demo gate
device, set up through the API with the setup code the banner printed, scans that badge ``ok``."""

import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.checkin_helpers import decode_qr_pdf
from tests.ops.test_make_run import START_TIMEOUT, STOP_TIMEOUT, Output, _decoded

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8111, 8120)  # this checkout's own range for servers started by tests


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _json(url: str, body: dict | None = None, headers: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST" if data else "GET",
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory):
    """scripts/run.py as a newcomer runs it (no SITE_URL, embedded SQLite, broker and mail files)."""
    port = _free_port()
    var_dir = tmp_path_factory.mktemp("first-visit") / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE", "SITE_URL"}
    }
    env.update({"PORT": str(port), "MESSE_VAR_DIR": str(var_dir), "WEB_CONCURRENCY": "2"})
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
        output.wait_for("Links point at", timeout=30)
        yield {"port": port, "base": f"http://localhost:{port}", "var": var_dir, "output": output}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _magic_link(mail_dir: Path, email: str, *, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*")):
            text = _decoded(path.read_bytes())
            if email in path.read_bytes().decode("utf-8", "replace") or email in text:
                found = re.search(r"https?://[^\s\"<>]+/r/[A-Z0-9]+/\?token=[A-Za-z0-9_\-:.]+", text)
                if found:
                    return found.group(0)
        time.sleep(0.5)
    raise AssertionError(f"no e-mail with a magic link to {email} in {mail_dir} within {timeout} s")


@pytest.mark.process
def test_first_visit_register_magic_link_badge_pdf_workshop_and_gate_scan(page, served_demo, screenshots):
    base, port = served_demo["base"], served_demo["port"]
    email = "jana.koehler@bezirksamt.berlin.de"

    # A visitor registers for the free public-sector ticket.
    page.goto(f"{base}/events/sccon/register/?lang=en")
    page.get_by_label("Public sector visitor").check()
    page.get_by_role("textbox", name="First name").fill("Jana")
    page.get_by_role("textbox", name="Last name").fill("Köhler")
    page.get_by_role("textbox", name="E-mail address").fill(email)
    page.locator("input[name=accept_terms]").check()
    page.get_by_role("button", name="Register now").click()
    page.wait_for_url("**/register/done/**")

    # The confirmation e-mail (a file in var/mail, sent by the real Celery worker) links to the served port.
    link = _magic_link(served_demo["var"] / "mail", email, timeout=START_TIMEOUT)
    assert link.startswith(f"http://localhost:{port}/r/")
    context = page.context.browser.new_context(locale="en-GB", accept_downloads=True)  # "another device"
    attendee = context.new_page()
    attendee.set_default_timeout(15_000)
    attendee.goto(link + "&lang=en")
    code = re.search(r"/r/([A-Z0-9]+)/", link).group(1)
    attendee.wait_for_url(f"**/r/{code}/**")
    attendee.screenshot(path=screenshots / "first-visit-my-registration.png", full_page=True)

    # The badge PDF downloads through the cookie session and carries a signed badge code.
    with attendee.expect_download() as download:
        attendee.get_by_role("link", name="Download badge (PDF, A6)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    ((badge_code,),) = decode_qr_pdf(pdf)

    # A workshop whose sign-up is still open (the demo runs from today).
    workshops = _json(f"{base}/api/v1/events/sccon/sessions/?format=workshop&page_size=50")["results"]
    now = dt.datetime.now(dt.UTC)
    upcoming = [item for item in workshops if dt.datetime.fromisoformat(item["start"]) > now]
    workshop = upcoming[0]
    attendee.goto(f"{base}/events/sccon/sessions/{workshop['id']}/?lang=en")
    attendee.get_by_role("button", name="Sign up for this workshop").click()
    attendee.wait_for_url("**#workshop-signup")
    assert attendee.get_by_role("status").first.inner_text() == "You have a seat in this workshop."
    attendee.screenshot(path=screenshots / "first-visit-workshop-signup.png", full_page=True)
    attendee.goto(f"{base}/r/{code}/?lang=en")
    assert "Seat confirmed" in attendee.locator("#workshops").inner_text()
    context.close()

    # The demo gate device, set up with the code the banner printed, scans the badge at today's entrance.
    gate_line = served_demo["output"].wait_for("gate ", f"{base}/scan/", timeout=5)
    setup_code = gate_line.split()[1]
    device = _json(f"{base}/api/v1/devices/activate/", {"setup_code": setup_code})
    gate = {"Authorization": device["authorization"]}
    lists = _json(f"{base}/api/v1/devices/me/", headers=gate)["checkin_lists"]
    today = next(item for item in lists if item["name"] == "Entrance day 1")
    scanned = _json(
        f"{base}/api/v1/events/sccon/checkin-lists/{today['id']}/scans/",
        {"code": badge_code, "nonce": "first-visit-0001"},
        headers=gate,
    )
    assert (scanned["result"], scanned["reason"]) == ("ok", None), scanned
