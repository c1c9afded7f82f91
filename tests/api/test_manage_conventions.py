import datetime as dt

import pytest
from rest_framework.test import APIClient

from events.models import Convention
from tests import factories

BASE = "/api/v1/manage/events"


def test_organizer_sees_only_own_conventions(organizer_client, convention):
    factories.ConventionFactory(slug="foreign")

    response = organizer_client.get(f"{BASE}/")

    assert [item["slug"] for item in response.json()["results"]] == ["sccon"]
    assert response.json()["results"][0]["opening_hours"][0] == {
        "date": "2025-09-30",
        "opens_at": "09:00:00",
        "closes_at": "18:00:00",
        "closes_next_day": False,
    }


def test_organizer_changes_name_dates_and_opening_hours(organizer_client, convention):
    response = organizer_client.patch(
        f"{BASE}/sccon/",
        {
            "name": "Smart Country Convention 2026",
            "end_date": "2025-10-03",
            "opening_hours": [
                {"date": "2025-10-03", "opens_at": "10:00", "closes_at": "16:00"},
                {"date": "2025-09-30", "opens_at": "09:00", "closes_at": "19:00"},
            ],
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Smart Country Convention 2026"
    assert response.json()["end_date"] == "2025-10-03"
    assert response.json()["opening_hours"] == [
        {"date": "2025-09-30", "opens_at": "09:00:00", "closes_at": "19:00:00", "closes_next_day": False},
        {"date": "2025-10-03", "opens_at": "10:00:00", "closes_at": "16:00:00", "closes_next_day": False},
    ]
    assert response.json()["slug"] == "sccon"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"end_date": "2025-09-01"}, "invalid_date_range"),
        (
            {"opening_hours": [{"date": "2025-11-01", "opens_at": "09:00", "closes_at": "18:00"}]},
            "invalid_opening_hours",
        ),
        (
            {"opening_hours": [{"date": "2025-09-30", "opens_at": "18:00", "closes_at": "09:00"}]},
            "invalid_opening_hours",
        ),
        (
            {
                "opening_hours": [
                    {"date": "2025-09-30", "opens_at": "09:00", "closes_at": "18:00"},
                    {"date": "2025-09-30", "opens_at": "10:00", "closes_at": "12:00"},
                ]
            },
            "invalid_opening_hours",
        ),
        ({"end_date": "2025-10-01"}, "invalid_opening_hours"),  # existing hours on 2 Oct would fall outside
        ({"time_zone": "Mars/Olympus"}, "invalid"),
        ({"languages": ["fr"]}, "invalid"),
        ({"acronym": "sc"}, "invalid"),
        ({"start_date": "30.09.2025"}, "invalid"),
        ({"name": "x" * 201}, "invalid"),
    ],
)
def test_bad_convention_changes_are_refused(organizer_client, convention, body, code):
    response = organizer_client.patch(f"{BASE}/sccon/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code
    convention.refresh_from_db()
    assert (convention.start_date, convention.end_date, convention.opening_hours.count()) == (
        dt.date(2025, 9, 30),
        dt.date(2025, 10, 2),
        3,
    )


def test_staff_creates_a_convention_and_becomes_organizer(db):
    staff = factories.UserFactory(is_staff=True)
    client = APIClient()
    client.force_authenticate(user=staff)

    response = client.post(
        f"{BASE}/",
        {
            "slug": "sccon2026",
            "acronym": "sccon2026",
            "name": "Smart Country Convention 2026",
            "start_date": "2026-09-29",
            "end_date": "2026-10-01",
            "opening_hours": [{"date": "2026-09-29", "opens_at": "09:00", "closes_at": "18:00"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    convention = Convention.objects.get(slug="sccon2026")
    assert list(convention.organizers.all()) == [staff]
    assert response.json()["opening_hours"] == [
        {"date": "2026-09-29", "opens_at": "09:00:00", "closes_at": "18:00:00", "closes_next_day": False}
    ]


def test_non_staff_cannot_create_a_convention(organizer_client, convention):
    response = organizer_client.post(
        f"{BASE}/",
        {"slug": "x2026", "acronym": "x2026", "name": "X", "start_date": "2026-01-01", "end_date": "2026-01-02"},
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Convention.objects.filter(slug="x2026").exists()


def test_convention_slug_must_be_unique(organizer_client, convention):
    factories.ConventionFactory(slug="taken")

    response = organizer_client.patch(f"{BASE}/sccon/", {"slug": "taken"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"slug": ["A convention with this slug exists already."]}


def test_other_organizer_cannot_change_the_convention(convention):
    other = factories.UserFactory()
    factories.ConventionFactory(slug="their-own").organizers.add(other)
    client = APIClient()
    client.force_authenticate(user=other)

    response = client.patch(f"{BASE}/sccon/", {"name": "Hijacked"}, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    convention.refresh_from_db()
    assert convention.name == "Smart Country Convention 2025"


def test_anonymous_cannot_change_the_convention(api_client, convention):
    response = api_client.patch(f"{BASE}/sccon/", {"name": "Hijacked"}, format="json")

    assert response.status_code == 401
