"""The public exhibitor directory and organizers' exhibitor management."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.enums import SessionFormat
from events.models import Booth, Exhibitor
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

BASE = "/api/v1/manage/events/sccon/exhibitors"


@pytest.fixture
def halls(convention):
    return factories.HallFactory(convention=convention, name="hub27"), factories.HallFactory(
        convention=convention, name="Halle 25"
    )


@pytest.fixture
def ministry(convention, halls):
    exhibitor = factories.ExhibitorFactory(
        convention=convention,
        name="Federal Ministry of the Interior",
        slug="bmi",
        profile_de="Verwaltung digital",
        profile_en="Digital administration",
        logo_url="https://example.org/bmi.png",
        links=[{"title": "Press", "url": "https://example.org/press"}],
        contact_email="stand@bmi.example",
    )
    factories.BoothFactory(exhibitor=exhibitor, hall=halls[1], number="508")
    exhibitor.materials.create(title="Strategy", kind="document", url="https://example.org/strategy.pdf")
    exhibitor.materials.create(title="Internal price list", url="https://example.org/prices", is_public=False)
    exhibitor.staff.create(user=factories.UserFactory(username="booth-staff"))
    return exhibitor


def test_public_exhibitor_has_booth_content_and_booth_talks(api_client, convention, halls, ministry):
    talk = factories.SessionFactory(
        convention=convention, title_en="Registry modernisation", format=SessionFormat.BOOTH_TALK, exhibitor=ministry
    )
    release_schedule(convention=convention)

    response = api_client.get("/api/v1/events/sccon/exhibitors/")

    assert response.status_code == 200
    assert response.json()["count"] == 1
    item = response.json()["results"][0]
    assert item == {
        "id": ministry.pk,
        "slug": "bmi",
        "name": "Federal Ministry of the Interior",
        "profile_de": "Verwaltung digital",
        "profile_en": "Digital administration",
        "logo_url": "https://example.org/bmi.png",
        "website": "",
        "links": [{"title": "Press", "url": "https://example.org/press"}],
        "booth": {"hall": {"id": halls[1].pk, "name": "Halle 25"}, "number": "508", "size_sqm": None},
        "materials": [{"title": "Strategy", "kind": "document", "url": "https://example.org/strategy.pdf"}],
        "booth_talks": [
            {
                "id": talk.pk,
                "guid": str(talk.guid),
                "title_de": talk.title_de,
                "title_en": "Registry modernisation",
                "format": "booth_talk",
                "language": "de",
                "start": "2025-09-30T10:00:00+02:00",
                "end": "2025-09-30T10:45:00+02:00",
                "room": item["booth_talks"][0]["room"],
                "track": None,
            }
        ],
    }
    assert "stand@bmi.example" not in response.content.decode()
    assert "booth-staff" not in response.content.decode()


def test_public_exhibitors_filter_by_q_and_hall(api_client, convention, halls, ministry):
    startup = factories.ExhibitorFactory(convention=convention, name="Urban Twin GmbH", profile_en="Digital twins")
    factories.BoothFactory(exhibitor=startup, hall=halls[0], number="12")
    release_schedule(convention=convention)

    def names(query: str) -> list[str]:
        response = api_client.get(f"/api/v1/events/sccon/exhibitors/?{query}")
        assert response.status_code == 200
        return [item["name"] for item in response.json()["results"]]

    assert names("") == ["Federal Ministry of the Interior", "Urban Twin GmbH"]
    assert names("q=twin") == ["Urban Twin GmbH"]
    assert names("q=verwaltung") == ["Federal Ministry of the Interior"]
    assert names("q=508") == ["Federal Ministry of the Interior"]
    assert names(f"hall={halls[0].pk}") == ["Urban Twin GmbH"]
    assert names(f"hall={halls[0].pk}&q=ministry") == []


@pytest.mark.parametrize(("query", "field"), [("hall=hub27", "hall"), ("hall=0", "hall"), ("q=" + "x" * 201, "q")])
def test_public_exhibitors_malformed_filter(api_client, convention, ministry, query, field):
    release_schedule(convention=convention)

    response = api_client.get(f"/api/v1/events/sccon/exhibitors/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_filter"
    assert list(response.json()["fields"]) == [field]


def test_public_exhibitors_query_count_does_not_grow(api_client, db):
    counts = {}
    for items in (1, 5):
        convention = factories.ConventionFactory(slug=f"size-{items}")
        hall = factories.HallFactory(convention=convention)
        room = factories.RoomFactory(convention=convention, hall=hall)
        for index in range(items):
            exhibitor = factories.ExhibitorFactory(convention=convention)
            factories.BoothFactory(exhibitor=exhibitor, hall=hall)
            exhibitor.materials.create(title="Flyer", url="https://example.org/flyer.pdf")
            factories.SessionFactory(
                convention=convention,
                exhibitor=exhibitor,
                room=room,
                start=berlin(0, 9 + index),
                end=berlin(0, 9 + index, 30),
            )
        release_schedule(convention=convention)
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/events/size-{items}/exhibitors/")
        assert response.status_code == 200
        assert [len(item["booth_talks"]) for item in response.json()["results"]] == [1] * items
        counts[items] = len(queries)

    assert counts[1] == counts[5]


def test_organizer_creates_exhibitor_with_booth_materials_and_staff(organizer_client, convention, halls):
    staff = factories.UserFactory(username="anna")

    response = organizer_client.post(
        f"{BASE}/",
        {
            "name": "GovTech Berlin",
            "slug": "govtech",
            "contact_email": "hello@govtech.example",
            "links": [{"title": "Jobs", "url": "https://govtech.example/jobs"}],
            "booth": {"hall": halls[0].pk, "number": "A12", "size_sqm": "24.50"},
            "materials": [{"title": "Brochure", "url": "https://govtech.example/b.pdf", "kind": "document"}],
            "staff": [{"username": "anna", "is_manager": True}],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    exhibitor = Exhibitor.objects.get(slug="govtech")
    assert response.json() == {
        "id": exhibitor.pk,
        "slug": "govtech",
        "name": "GovTech Berlin",
        "profile_de": "",
        "profile_en": "",
        "logo_url": "",
        "website": "",
        "links": [{"title": "Jobs", "url": "https://govtech.example/jobs"}],
        "contact_email": "hello@govtech.example",
        "booth": {"hall": {"id": halls[0].pk, "name": "hub27"}, "number": "A12", "size_sqm": "24.50"},
        "materials": [
            {
                "title": "Brochure",
                "kind": "document",
                "url": "https://govtech.example/b.pdf",
                "is_public": True,
                "position": 0,
            }
        ],
        "staff": [{"username": "anna", "is_manager": True}],
    }
    assert list(exhibitor.staff.values_list("user", flat=True)) == [staff.pk]


def test_organizer_moves_and_removes_a_booth(organizer_client, convention, halls, ministry):
    moved = organizer_client.patch(
        f"{BASE}/{ministry.pk}/", {"booth": {"hall": halls[0].pk, "number": "1"}}, format="json"
    )
    removed = organizer_client.patch(f"{BASE}/{ministry.pk}/", {"booth": None}, format="json")

    assert moved.json()["booth"] == {"hall": {"id": halls[0].pk, "name": "hub27"}, "number": "1", "size_sqm": None}
    assert removed.json()["booth"] is None
    assert not Booth.objects.filter(exhibitor=ministry).exists()
    assert removed.json()["materials"][0]["title"] == "Strategy"  # untouched when not sent


def test_booth_taken_by_another_exhibitor_is_refused(organizer_client, convention, halls, ministry):
    response = organizer_client.post(
        f"{BASE}/",
        {"name": "Copycat", "slug": "copycat", "booth": {"hall": halls[1].pk, "number": "508"}},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert not Exhibitor.objects.filter(slug="copycat").exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"name": "X", "slug": "x", "staff": [{"username": "ghost"}]}, "unknown_user"),
        ({"name": "X", "slug": "x", "booth": {"hall": 999999, "number": "1"}}, "unknown_hall"),
        ({"name": "X", "slug": "x", "booth": {"number": "1"}}, "invalid"),
        ({"name": "X", "slug": "not a slug"}, "invalid"),
        ({"name": "X", "slug": "x", "links": [{"title": "t", "url": "not-a-url"}]}, "invalid"),
        ({"name": "X", "slug": "bmi"}, "duplicate"),
    ],
)
def test_bad_exhibitor_input_is_refused(organizer_client, convention, ministry, body, code):
    response = organizer_client.post(f"{BASE}/", body, format="json")

    assert response.json()["code"] == code
    assert response.status_code == (409 if code == "duplicate" else 400)
    assert Exhibitor.objects.count() == 1


def test_patch_with_incomplete_nested_item_is_invalid(organizer_client, convention, ministry):
    response = organizer_client.patch(f"{BASE}/{ministry.pk}/", {"booth": {"number": "9"}}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"booth": {"hall": ["This field is required."]}}


def test_deleting_an_exhibitor_keeps_its_booth_talks(organizer_client, convention, ministry):
    talk = factories.SessionFactory(convention=convention, exhibitor=ministry)

    response = organizer_client.delete(f"{BASE}/{ministry.pk}/")

    assert response.status_code == 204
    talk.refresh_from_db()
    assert talk.exhibitor is None


def test_hand_edited_malformed_links_are_left_out(api_client, convention, ministry):
    ministry.links = [{"url": "https://example.org/a"}, {"title": "no url"}, "https://example.org/b"]
    ministry.save()
    release_schedule(convention=convention)

    response = api_client.get("/api/v1/events/sccon/exhibitors/")

    assert response.json()["results"][0]["links"] == [
        {"title": "https://example.org/a", "url": "https://example.org/a"}
    ]


def test_booth_talks_come_from_the_release_only(api_client, convention, ministry):
    factories.SessionFactory(convention=convention, title_en="Released talk", exhibitor=ministry)
    release_schedule(convention=convention)
    factories.SessionFactory(convention=convention, title_en="Planned after the release", exhibitor=ministry)

    response = api_client.get("/api/v1/events/sccon/exhibitors/")

    assert [talk["title_en"] for talk in response.json()["results"][0]["booth_talks"]] == ["Released talk"]
