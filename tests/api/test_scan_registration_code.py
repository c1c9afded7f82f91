"""The short registration code printed on the badge, typed at the gate when the QR code cannot be read, and a
clear answer for badges of another convention."""

import io
import json
import re

import pypdfium2
import pytest
import zxingcpp  # noqa: F401 (the PDF helpers below need the same stack as the badge tests)
from PIL import Image

from events.models import RegistrationStatus, Scan
from events.services import badge_rendering, badges
from tests.checkin_helpers import badge_code, entrance, scan
from tests.factories import ConventionFactory, RegistrationFactory


@pytest.fixture
def gate(convention):
    return entrance(convention, name="Entrance South")


@pytest.fixture
def attendee(convention):
    return RegistrationFactory(convention=convention, first_name="Erika", last_name="Muster")


def printed(registration) -> str:
    return f"{registration.code[:4]} {registration.code[4:]}"


@pytest.mark.parametrize("typed", ["exact", "printed", "lower-case with hyphen"])
def test_registration_code_checks_in_like_the_badge(organizer_client, gate, attendee, typed):
    badge_code(attendee)
    code = {
        "exact": attendee.code,
        "printed": printed(attendee),
        "lower-case with hyphen": f"{attendee.code[:4]}-{attendee.code[4:]}".lower(),
    }[typed]

    response = scan(organizer_client, gate, code)

    body = response.json()
    assert (response.status_code, body["result"], body["reason"]) == (200, "ok", None)
    assert body["attendee"]["name"] == "Erika Muster"
    assert Scan.objects.get().registration_id == attendee.pk


def test_registration_code_twice_is_already_checked_in(organizer_client, gate, attendee):
    badge_code(attendee)
    scan(organizer_client, gate, attendee.code)

    assert scan(organizer_client, gate, attendee.code).json()["reason"] == "already_checked_in"


def test_registration_code_of_a_cancelled_registration_is_refused(organizer_client, gate, attendee):
    badge_code(attendee)
    badges.revoke_badges(registration=attendee)
    type(attendee).objects.filter(pk=attendee.pk).update(status=RegistrationStatus.CANCELLED)

    body = scan(organizer_client, gate, attendee.code).json()

    assert (body["result"], body["reason"]) == ("rejected", "cancelled")


def test_registration_code_of_another_convention_says_so(organizer_client, gate):
    other = RegistrationFactory(convention=ConventionFactory(slug="other-2025"))
    badge_code(other)

    body = scan(organizer_client, gate, other.code).json()

    assert (body["result"], body["reason"]) == ("rejected", "other_convention")


def test_signed_badge_of_another_convention_says_so(organizer_client, gate):
    other = RegistrationFactory(convention=ConventionFactory(slug="other-2025"))

    body = scan(organizer_client, gate, badge_code(other)).json()

    assert (body["result"], body["reason"]) == ("rejected", "other_convention")


def test_unknown_registration_code_is_unknown(organizer_client, gate):
    assert scan(organizer_client, gate, "ABCD2345").json()["reason"] == "unknown"


def test_forged_badge_stays_invalid_signature(organizer_client, gate, attendee):
    code = badge_code(attendee)
    forged = code[:-10] + ("A" if code[-10] != "A" else "B") + code[-9:]

    assert scan(organizer_client, gate, forged).json()["reason"] == "invalid_signature"


def test_badge_png_and_pdf_print_the_registration_code(attendee):
    attendee.status = RegistrationStatus.CONFIRMED
    badge = badges.get_or_issue_badge(registration=attendee)

    lines = badge_rendering.badge_lines(registration=attendee)
    pdf = badge_rendering.render_pdf(badges=[badge])

    assert ("code", printed(attendee)) in [(line.style, line.text) for line in lines]
    document = pypdfium2.PdfDocument(pdf)
    text = document[0].get_textpage().get_text_range()
    assert printed(attendee) in text
    png = Image.open(io.BytesIO(badge_rendering.render_png(badge=badge)))
    assert png.size == badge_rendering.PNG_SIZE


def test_my_registration_page_shows_the_printed_code(client, convention, attendee):
    from events.services.magic_links import magic_link_path

    client.get(magic_link_path(attendee))

    html = client.get(f"/r/{attendee.code}/?lang=de").content.decode()

    assert f'Anmeldecode: <strong class="code">{printed(attendee)}</strong>' in html


def test_scanner_page_explains_registration_codes(client):
    html = client.get("/scan/?lang=de").content.decode()

    strings = json.loads(
        re.search(r'<script id="scanner-strings" type="application/json">(.*?)</script>', html).group(1)
    )
    assert strings["reasons"]["other_convention"] == "Dieser Badge gehört zu einer anderen Veranstaltung."
    assert strings["reasons"]["needs_network_for_code"] == "Anmeldecodes lassen sich nur mit Netzverbindung prüfen."
    assert '<label for="manual-code">Badge- oder Anmeldecode</label>' in html
