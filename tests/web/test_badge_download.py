"""The attendee downloads their badge from the my-registration page, signed in by the magic link's cookie."""

import io

import pytest
from django.test import Client
from PIL import Image

from events.models import RegistrationStatus
from events.services import badges
from events.services.magic_links import magic_link_path
from tests import factories
from tests.checkin_helpers import decode_qr_pdf, decode_qr_png


def signed_in(registration) -> Client:
    client = Client()
    assert client.get(magic_link_path(registration)).status_code == 303
    return client


@pytest.fixture
def registration(convention):
    return factories.RegistrationFactory(convention=convention, first_name="Jürgen", last_name="Größe")


def test_my_registration_page_links_the_badge_pdf_and_png(registration):
    html = signed_in(registration).get(f"/r/{registration.code}/").content.decode()

    assert f'href="/r/{registration.code}/badge.pdf"' in html
    assert f'href="/r/{registration.code}/badge.png"' in html


def test_badge_pdf_download_carries_the_valid_badge_code(registration):
    response = signed_in(registration).get(f"/r/{registration.code}/badge.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="badge-{registration.code}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert decode_qr_pdf(response.content) == [[badges.get_or_issue_badge(registration=registration).code]]


def test_badge_png_download_is_an_a6_image_with_the_code(registration):
    response = signed_in(registration).get(f"/r/{registration.code}/badge.png")

    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert Image.open(io.BytesIO(response.content)).format == "PNG"
    assert decode_qr_png(response.content) == [badges.get_or_issue_badge(registration=registration).code]


def test_badge_download_needs_the_attendees_own_cookie(convention, registration):
    other = factories.RegistrationFactory(convention=convention)

    assert Client().get(f"/r/{registration.code}/badge.pdf").status_code == 404
    assert signed_in(other).get(f"/r/{registration.code}/badge.pdf").status_code == 404


def test_cancelled_registration_offers_no_badge(registration):
    client = signed_in(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])

    assert client.get(f"/r/{registration.code}/badge.pdf").status_code == 404
    assert "badge.pdf" not in client.get(f"/r/{registration.code}/").content.decode()
