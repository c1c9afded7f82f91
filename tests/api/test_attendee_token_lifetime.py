"""The attendee's magic link and bearer token stop working at erasure, and some weeks after the convention."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Registration
from events.services import magic_links
from tests import factories


@pytest.fixture
def registered(convention):
    ticket = factories.TicketTypeFactory(convention=convention, quota=10)
    response = APIClient().post(
        f"/api/v1/events/{convention.slug}/registrations/",
        {
            "ticket_type": ticket.pk,
            "first_name": "Hedy",
            "last_name": "Lamarr",
            "email": "hedy@example.org",
            "language": "en",
            "accept_terms": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    return Registration.objects.get(code=body["code"]), body["access_token"]


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_erasure_ends_the_bearer_token_and_every_magic_link(client, registered):
    registration, token = registered
    own = f"/api/v1/registrations/{registration.code}/"
    link = magic_links.magic_link_path(registration)
    assert bearer(token).get(own).status_code == 200

    erased = bearer(token).post(f"/api/v1/registrations/{registration.code}/erase/")

    assert erased.status_code == 200
    assert bearer(token).get(own).status_code == 401
    assert bearer(token).get(f"/api/v1/registrations/{registration.code}/export/").status_code == 401
    assert client.get(link).status_code == 404
    assert client.get(f"/r/{registration.code}/?token={token}").status_code == 404


def test_a_browser_signed_in_before_erasure_is_signed_out(client, registered):
    registration, token = registered
    assert client.get(magic_links.magic_link_path(registration)).status_code == 303
    assert client.get(f"/r/{registration.code}/").status_code == 200

    bearer(token).post(f"/api/v1/registrations/{registration.code}/erase/")

    assert client.get(f"/r/{registration.code}/").status_code == 404


def test_links_and_tokens_expire_weeks_after_the_convention(client, registered, settings, monkeypatch):
    settings.MESSE_ATTENDEE_ACCESS_DAYS = 30
    registration, token = registered
    own = f"/api/v1/registrations/{registration.code}/"
    link = magic_links.magic_link_path(registration)
    last_day = registration.convention.end_date  # 2 Oct 2025, Berlin
    berlin_noon = dt.datetime.combine(last_day, dt.time(12), tzinfo=dt.UTC)

    monkeypatch.setattr(timezone, "now", lambda: berlin_noon + dt.timedelta(days=30))
    still = (bearer(token).get(own).status_code, client.get(link).status_code)
    monkeypatch.setattr(timezone, "now", lambda: berlin_noon + dt.timedelta(days=31))
    expired = (bearer(token).get(own).status_code, APIClient().get(link).status_code)

    assert (still, expired) == ((200, 303), (401, 404))
