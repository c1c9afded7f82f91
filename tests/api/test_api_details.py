"""Details a first API client runs into: choice errors name the valid values, the organizer's session list
filters like the public one (and says so in the schema), and both answer times in the convention's zone."""

import pytest
import yaml

from events.enums import SessionFormat
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

MANAGE = "/api/v1/manage/events/sccon"


@pytest.fixture
def rooms(convention):
    hall = factories.HallFactory(convention=convention, name="hub27")
    return (
        factories.RoomFactory(convention=convention, hall=hall, name="Stage 1"),
        factories.RoomFactory(convention=convention, hall=hall, name="Stage 2"),
    )


def test_a_wrong_choice_lists_the_valid_values(organizer_client, rooms):
    response = organizer_client.patch(f"{MANAGE}/rooms/{rooms[0].pk}/", {"kind": "ballroom"}, format="json")

    assert response.status_code == 400
    assert (
        response.json()["fields"]["kind"]
        == ['"ballroom" is not a valid choice. Valid choices: stage, workshop_room, booth_area.']
        or "Valid choices: " in response.json()["fields"]["kind"][0]
    )
    assert "stage" in response.json()["message"] and "workshop_room" in response.json()["message"]


def test_a_wrong_filter_choice_lists_the_valid_values(api_client, convention, rooms):
    factories.SessionFactory(convention=convention, room=rooms[0])
    release_schedule(convention=convention)

    response = api_client.get("/api/v1/events/sccon/sessions/?format=lecture")

    assert (response.status_code, response.json()["code"]) == (400, "invalid_filter")
    assert "Valid choices: keynote, panel, talk, workshop, booth_talk." in response.json()["message"]


def test_organizer_session_list_honours_room_and_the_other_filters(organizer_client, convention, rooms):
    first, second = rooms
    on_first = factories.SessionFactory(convention=convention, room=first, start=berlin(0, 10), end=berlin(0, 11))
    on_second = factories.SessionFactory(
        convention=convention, room=second, start=berlin(1, 10), end=berlin(1, 11), format=SessionFormat.PANEL
    )

    def ids(query: str) -> list[int]:
        response = organizer_client.get(f"{MANAGE}/sessions/?{query}")
        assert response.status_code == 200, response.json()
        data = response.json()
        return [item["id"] for item in (data["results"] if isinstance(data, dict) else data)]

    assert ids(f"room={first.pk}") == [on_first.pk]
    assert ids(f"room={second.pk}") == [on_second.pk]
    assert ids("format=panel") == [on_second.pk]
    assert ids("day=2025-10-01") == [on_second.pk]
    assert ids("") == [on_first.pk, on_second.pk]
    assert organizer_client.get(f"{MANAGE}/sessions/?room=first").json()["code"] == "invalid_filter"


def test_schema_documents_the_organizer_session_filters(api_client):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)

    operation = schema["paths"]["/api/v1/manage/events/{slug}/sessions/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {
        "slug",
        "status",
        "room",
        "track",
        "format",
        "day",
    }


def test_public_and_organizer_api_give_the_same_time_in_the_convention_zone(
    organizer_client, api_client, convention, rooms
):
    session = factories.SessionFactory(convention=convention, room=rooms[0], start=berlin(0, 10), end=berlin(0, 11))
    release_schedule(convention=convention)

    public = api_client.get(f"/api/v1/events/sccon/sessions/{session.pk}/").json()
    managed = organizer_client.get(f"{MANAGE}/sessions/{session.pk}/").json()

    assert (public["start"], public["end"]) == ("2025-09-30T10:00:00+02:00", "2025-09-30T11:00:00+02:00")
    assert (managed["start"], managed["end"]) == (public["start"], public["end"])
