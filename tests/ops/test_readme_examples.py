"""The README's worked examples work as written: the gate device set-up (three curl calls) and the organizer's
API token with form data, against the demo convention."""

import re
import shlex
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from events.demo import seed_demo
from events.services import badges
from tests.factories import RegistrationFactory

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def example(title: str) -> list[list[str]]:
    """The curl commands of the ``sh`` block under the heading ``title``, each as its arguments."""
    section = README.split(f"### {title}", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.replace("\\\n", " ").splitlines() if line.strip().startswith("curl")]
    return [shlex.split(command) for command in commands]


def option(arguments: list[str], name: str) -> list[str]:
    return [arguments[index + 1] for index, value in enumerate(arguments) if value == name]


def path_of(arguments: list[str]) -> str:
    url = next(value for value in arguments if value.startswith("http://"))
    return re.sub(r"^http://localhost:8000", "", url)


@pytest.mark.django_db
def test_readme_gate_device_example_sets_up_the_demo_gate_and_scans_ok():
    activate, me, scan = example("Worked example: a gate device with curl")
    summary = seed_demo()
    gate_code = next(code.password for code in summary.setup_codes if code.role == "gate")
    client = APIClient()

    body = option(activate, "-d")[0].replace("AOQF66SZMDPAYU7M", gate_code)
    activated = client.post(path_of(activate), body, content_type="application/json").json()
    client.credentials(HTTP_AUTHORIZATION=activated["authorization"])
    lists = client.get(path_of(me)).json()["checkin_lists"]
    entrance = next(item for item in lists if item["name"] == "Entrance day 1")
    visitor = RegistrationFactory(convention=summary.convention, ticket_type=summary.convention.ticket_types.first())
    badge = badges.get_or_issue_badge(registration=visitor).code
    body = option(scan, "-d")[0].replace("<the code from the badge QR>", badge)
    scanned = client.post(path_of(scan).replace("/1/", f"/{entrance['id']}/"), body, content_type="application/json")

    assert path_of(scan) == "/api/v1/events/sccon/checkin-lists/1/scans/"
    assert scanned.json()["result"] == "ok", scanned.json()


@pytest.mark.django_db
def test_readme_token_example_posts_form_data():
    token_call, *_ = example("Worked example: an organizer's API token")
    summary = seed_demo()
    fields = dict(value.split("=", 1) for value in option(token_call, "-d"))

    response = APIClient().post(
        path_of(token_call), urlencode(fields), content_type="application/x-www-form-urlencoded"
    )

    assert response.json() == {"token": summary.organizer_token}
