"""A convention's dates and a session's duration are bounded, on every channel: API, admin and services."""

import datetime as dt

import pytest
from django.test import Client

from events.errors import InvalidDateRange
from events.models import Convention, Session
from events.services.conventions import create_convention, move_convention
from tests import factories
from tests.factories import berlin

BASE = "/api/v1/manage/events"


@pytest.mark.parametrize(
    "body",
    [
        {"end_date": "3825-12-31"},  # 657,546 days
        {"end_date": "2025-10-31"},  # 32 days
        {"start_date": "0001-01-01"},
        {"start_date": "1999-12-31", "end_date": "2000-01-02"},
        {"start_date": "9999-12-29", "end_date": "9999-12-31"},
    ],
)
def test_convention_dates_out_of_bounds_are_refused_by_the_api(organizer_client, convention, body):
    response = organizer_client.patch(f"{BASE}/sccon/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "invalid_date_range")
    assert set(response.json()["fields"]) <= {"start_date", "end_date"}
    convention.refresh_from_db()
    assert (convention.start_date, convention.end_date) == (dt.date(2025, 9, 30), dt.date(2025, 10, 2))


def test_a_31_day_convention_is_accepted(organizer_client, convention):
    response = organizer_client.patch(f"{BASE}/sccon/", {"end_date": "2025-10-30"}, format="json")

    assert response.status_code == 200
    assert Convention.objects.get().end_date == dt.date(2025, 10, 30)


def test_convention_dates_out_of_bounds_are_refused_by_the_admin(convention):
    client = Client()
    client.force_login(factories.UserFactory(username="admin", is_staff=True, is_superuser=True))
    form = {
        "slug": convention.slug,
        "acronym": convention.acronym,
        "name": convention.name,
        "start_date": "2025-09-30",
        "end_date": "2025-11-30",
        "time_zone": "Europe/Berlin",
        "languages": '["de", "en"]',
        "is_public": "on",
        **{f"{prefix}-{key}": value for prefix in ("opening_hours", "halls") for key, value in MANAGEMENT.items()},
    }

    response = client.post(f"/admin/events/convention/{convention.pk}/change/", form)

    assert response.status_code == 200  # the form again, with its error
    assert "A convention lasts at most 31 days." in response.content.decode()
    convention.refresh_from_db()
    assert convention.end_date == dt.date(2025, 10, 2)


MANAGEMENT = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}


def test_services_refuse_unbounded_dates(organizer, convention):
    with pytest.raises(InvalidDateRange):
        create_convention(
            created_by=organizer,
            slug="forever",
            acronym="forever",
            name="Forever",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2030, 1, 1),
        )
    with pytest.raises(InvalidDateRange):
        move_convention(convention=convention, start_date=dt.date(9999, 12, 30))
    assert not Convention.objects.filter(slug="forever").exists()


def test_session_longer_than_a_day_is_refused(organizer_client, convention):
    room = factories.RoomFactory(convention=convention)
    session = factories.SessionFactory(convention=convention, room=room, start=berlin(0, 10))

    response = organizer_client.patch(
        f"{BASE}/sccon/sessions/{session.pk}/",
        {"status": "cancelled", "start": "2025-09-30T10:00:00+02:00", "end": "2025-10-01T10:30:00+02:00"},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (400, "invalid_time_range")
    assert Session.objects.get().end == session.end
