"""Organizers edit the live programme under /api/v1/manage/events/{slug}/…"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.enums import SessionStatus, SpeakerRole
from events.models import Room, Session, SessionSpeaker, Speaker, Track
from tests import factories
from tests.factories import berlin

BASE = "/api/v1/manage/events/sccon"


@pytest.fixture
def stage(convention):
    hall = factories.HallFactory(convention=convention, name="hub27")
    return factories.RoomFactory(convention=convention, hall=hall, name="Stage 1")


@pytest.fixture
def other_convention(db):
    other = factories.ConventionFactory(slug="other")
    organizer = factories.UserFactory(username="other-organizer")
    other.organizers.add(organizer)
    client = APIClient()
    client.force_authenticate(user=organizer)
    return other, client


# --- rooms and tracks ---------------------------------------------------------------------------------------


def test_organizer_creates_changes_and_deletes_a_room(organizer_client, convention, stage):
    created = organizer_client.post(
        f"{BASE}/rooms/",
        {"name": "Workshop A", "kind": "workshop_room", "capacity": 30, "hall": stage.hall_id},
        format="json",
    )
    room_id = created.json()["id"]
    changed = organizer_client.patch(f"{BASE}/rooms/{room_id}/", {"capacity": 40}, format="json")
    deleted = organizer_client.delete(f"{BASE}/rooms/{room_id}/")

    assert created.status_code == 201
    assert created.json() == {
        "id": room_id,
        "name": "Workshop A",
        "kind": "workshop_room",
        "capacity": 30,
        "description": "",
        "position": 0,
        "hall": {"id": stage.hall_id, "name": "hub27"},
    }
    assert (changed.status_code, changed.json()["capacity"]) == (200, 40)
    assert deleted.status_code == 204
    assert list(Room.objects.values_list("name", flat=True)) == ["Stage 1"]


def test_room_with_duplicate_name_is_refused(organizer_client, stage):
    response = organizer_client.post(f"{BASE}/rooms/", {"name": "Stage 1"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"


def test_room_in_unknown_hall_is_refused(organizer_client, stage, other_convention):
    foreign_hall = factories.HallFactory(convention=other_convention[0])

    response = organizer_client.post(f"{BASE}/rooms/", {"name": "X", "hall": foreign_hall.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_hall"
    assert Room.objects.filter(name="X").count() == 0


def test_room_with_planned_sessions_cannot_be_deleted(organizer_client, convention, stage):
    factories.SessionFactory(convention=convention, room=stage)

    response = organizer_client.delete(f"{BASE}/rooms/{stage.pk}/")

    assert response.status_code == 409
    assert response.json()["code"] == "room_in_use"
    assert Room.objects.filter(pk=stage.pk).exists()


def test_organizer_creates_and_renames_a_track(organizer_client, convention):
    created = organizer_client.post(
        f"{BASE}/tracks/", {"name_de": "Open Source", "name_en": "Open source", "color": "#00aa00"}, format="json"
    )
    renamed = organizer_client.patch(
        f"{BASE}/tracks/{created.json()['id']}/", {"name_en": "Open-source software"}, format="json"
    )

    assert created.status_code == 201
    assert renamed.json() == {
        "id": created.json()["id"],
        "name_de": "Open Source",
        "name_en": "Open-source software",
        "color": "#00aa00",
        "position": 0,
    }


def test_track_with_malformed_colour_is_invalid(organizer_client, convention):
    response = organizer_client.post(
        f"{BASE}/tracks/", {"name_de": "A", "name_en": "A", "color": "green"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["color"]
    assert Track.objects.count() == 0


# --- speakers -----------------------------------------------------------------------------------------------


def test_organizer_creates_speaker_with_email_and_unavailabilities(organizer_client, convention):
    response = organizer_client.post(
        f"{BASE}/speakers/",
        {
            "name": "Dana Bürgermeisterin",
            "email": "dana@city.example",
            "unavailabilities": [{"start": "2025-09-30T08:00:00Z", "end": "2025-09-30T12:00:00Z", "note": "Council"}],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "dana@city.example"
    assert body["unavailabilities"] == [
        {"start": "2025-09-30T10:00:00+02:00", "end": "2025-09-30T14:00:00+02:00", "note": "Council"}
    ]


def test_speaker_unavailabilities_are_replaced_on_update(organizer_client, convention):
    speaker = factories.SpeakerFactory(convention=convention)
    speaker.unavailabilities.create(start=berlin(0, 9), end=berlin(0, 10))

    response = organizer_client.patch(f"{BASE}/speakers/{speaker.pk}/", {"unavailabilities": []}, format="json")

    assert response.status_code == 200
    assert response.json()["unavailabilities"] == []
    assert speaker.unavailabilities.count() == 0


def test_speaker_unavailability_ending_before_it_starts_is_invalid(organizer_client, convention):
    response = organizer_client.post(
        f"{BASE}/speakers/",
        {"name": "X", "unavailabilities": [{"start": "2025-09-30T12:00:00Z", "end": "2025-09-30T08:00:00Z"}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Speaker.objects.count() == 0


# --- sessions -----------------------------------------------------------------------------------------------


def test_organizer_creates_a_session_with_line_up(organizer_client, convention, stage):
    track = factories.TrackFactory(convention=convention)
    host = factories.SpeakerFactory(convention=convention, name="Kai")
    guest = factories.SpeakerFactory(convention=convention, name="Dana")

    response = organizer_client.post(
        f"{BASE}/sessions/",
        {
            "title_en": "Twins in practice",
            "format": "panel",
            "room": stage.pk,
            "track": track.pk,
            "start": "2025-09-30T10:00:00+02:00",
            "end": "2025-09-30T11:00:00+02:00",
            "speakers": [{"speaker": host.pk, "role": "moderator"}, {"speaker": guest.pk, "role": "panelist"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    session = Session.objects.get()
    assert body == {
        "id": session.pk,
        "guid": str(session.guid),
        "title_de": "",
        "title_en": "Twins in practice",
        "abstract_de": "",
        "abstract_en": "",
        "format": "panel",
        "track": track.pk,
        "room": stage.pk,
        "start": "2025-09-30T10:00:00+02:00",
        "end": "2025-09-30T11:00:00+02:00",
        "language": "de",
        "capacity": None,
        "expected_attendance": None,
        "status": "draft",
        "exhibitor": None,
        "speakers": [
            {"speaker": host.pk, "name": "Kai", "role": "moderator"},
            {"speaker": guest.pk, "name": "Dana", "role": "panelist"},
        ],
        "version": 1,
    }


def test_organizer_moves_a_session_and_replaces_line_up(organizer_client, convention, stage):
    session = factories.SessionFactory(convention=convention)
    old_speaker = factories.SessionSpeakerFactory(session=session).speaker
    new_speaker = factories.SpeakerFactory(convention=convention)

    response = organizer_client.patch(
        f"{BASE}/sessions/{session.pk}/",
        {"room": stage.pk, "speakers": [{"speaker": new_speaker.pk}]},
        format="json",
    )

    assert response.status_code == 200
    session.refresh_from_db()
    assert session.room == stage
    assert list(session.session_speakers.values_list("speaker_id", "role")) == [(new_speaker.pk, SpeakerRole.SPEAKER)]
    assert not SessionSpeaker.objects.filter(speaker=old_speaker).exists()


def test_deleting_a_session_cancels_it(organizer_client, convention):
    session = factories.SessionFactory(convention=convention)

    response = organizer_client.delete(f"{BASE}/sessions/{session.pk}/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_live_session_list_filters_by_status(organizer_client, convention):
    draft = factories.SessionFactory(convention=convention, status=SessionStatus.DRAFT)
    factories.SessionFactory(convention=convention, status=SessionStatus.CONFIRMED)

    drafts = organizer_client.get(f"{BASE}/sessions/?status=draft")
    everything = organizer_client.get(f"{BASE}/sessions/")
    malformed = organizer_client.get(f"{BASE}/sessions/?status=maybe")

    assert [s["id"] for s in drafts.json()["results"]] == [draft.pk]
    assert everything.json()["count"] == 2
    assert malformed.status_code == 400
    assert malformed.json()["code"] == "invalid_filter"


@pytest.mark.parametrize(
    ("field", "code"),
    [("room", "unknown_room"), ("track", "unknown_track"), ("exhibitor", "unknown_exhibitor")],
)
def test_session_with_id_of_another_convention_is_refused(organizer_client, convention, other_convention, field, code):
    foreign = {
        "room": lambda: factories.RoomFactory(convention=other_convention[0]),
        "track": lambda: factories.TrackFactory(convention=other_convention[0]),
        "exhibitor": lambda: factories.ExhibitorFactory(convention=other_convention[0]),
    }[field]()

    response = organizer_client.post(f"{BASE}/sessions/", {"title_en": "X", field: foreign.pk}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": code,
        "message": response.json()["message"],
        "fields": {field: [f"Unknown id {foreign.pk}."]},
    }
    assert Session.objects.count() == 0


def test_session_with_out_of_range_room_id_is_unknown_room(organizer_client, convention):
    response = organizer_client.post(f"{BASE}/sessions/", {"title_en": "X", "room": 10**30}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_room"


def test_session_with_unknown_speaker_is_refused(organizer_client, convention):
    response = organizer_client.post(
        f"{BASE}/sessions/", {"title_en": "X", "speakers": [{"speaker": 999999}]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_speaker"


def test_session_ending_before_it_starts_is_refused(organizer_client, convention, stage):
    response = organizer_client.post(
        f"{BASE}/sessions/",
        {"title_en": "X", "room": stage.pk, "start": "2025-09-30T11:00:00Z", "end": "2025-09-30T10:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_time_range"
    assert Session.objects.count() == 0


def test_moving_a_session_end_before_its_start_is_refused(organizer_client, convention):
    session = factories.SessionFactory(convention=convention, start=berlin(0, 10), end=berlin(0, 11))

    response = organizer_client.patch(
        f"{BASE}/sessions/{session.pk}/", {"end": "2025-09-30T09:00:00+02:00"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_time_range"
    session.refresh_from_db()
    assert session.end == berlin(0, 11)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title_en": "x" * 301}, "title_en"),
        ({"title_en": "X", "room": "1"}, "room"),
        ({"title_en": "X", "room": True}, "room"),
        ({"title_en": "X", "capacity": "many"}, "capacity"),
        ({"title_en": "X", "capacity": -1}, "capacity"),
        ({"title_en": "X", "start": "tomorrow"}, "start"),
        ({"title_en": "X", "format": "concert"}, "format"),
        ({"title_en": "X", "speakers": {"speaker": 1}}, "speakers"),
        ({"title_en": ["X"]}, "title_en"),
        ({}, "title_en"),
    ],
)
def test_malformed_session_input_is_invalid(organizer_client, convention, body, field):
    response = organizer_client.post(f"{BASE}/sessions/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]
    assert Session.objects.count() == 0


def test_malformed_json_body_is_a_malformed_request(organizer_client, convention):
    response = organizer_client.post(f"{BASE}/sessions/", '{"title_en": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


def test_body_that_is_not_an_object_is_invalid(organizer_client, convention):
    response = organizer_client.post(f"{BASE}/sessions/", [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


# --- who may write ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["rooms", "tracks", "speakers", "sessions", "exhibitors"])
def test_anonymous_cannot_read_or_write_the_live_programme(api_client, convention, resource):
    write = api_client.post(f"{BASE}/{resource}/", {"name": "X"}, format="json")
    read = api_client.get(f"{BASE}/{resource}/")

    assert (write.status_code, read.status_code) == (401, 401)
    assert write.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("resource", "make"),
    [
        ("rooms", lambda convention: factories.RoomFactory(convention=convention)),
        ("tracks", lambda convention: factories.TrackFactory(convention=convention)),
        ("speakers", lambda convention: factories.SpeakerFactory(convention=convention)),
        ("sessions", lambda convention: factories.SessionFactory(convention=convention)),
        ("exhibitors", lambda convention: factories.ExhibitorFactory(convention=convention)),
    ],
)
def test_organizer_of_another_convention_gets_not_found(convention, other_convention, resource, make):
    obj = make(convention)
    _, client = other_convention

    responses = [
        client.get(f"{BASE}/{resource}/"),
        client.post(f"{BASE}/{resource}/", {"name": "X"}, format="json"),
        client.get(f"{BASE}/{resource}/{obj.pk}/"),
        client.patch(f"{BASE}/{resource}/{obj.pk}/", {"name": "Taken over"}, format="json"),
        client.delete(f"{BASE}/{resource}/{obj.pk}/"),
        # Through their own convention's URL the foreign object does not exist either.
        client.patch(f"/api/v1/manage/events/other/{resource}/{obj.pk}/", {"name": "Taken over"}, format="json"),
    ]

    assert [response.status_code for response in responses] == [404] * 6
    assert {response.json()["code"] for response in responses} == {"not_found"}
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_attendee_token_cannot_manage(convention):
    factories.RegistrationFactory(convention=convention, access_token="attendee-secret")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer attendee-secret")

    response = client.post(f"{BASE}/rooms/", {"name": "X"}, format="json")

    assert response.status_code == 401
    assert Room.objects.count() == 0


@pytest.mark.parametrize("object_id", ["999999", "abc"])
def test_unknown_live_object_is_not_found(organizer_client, convention, object_id):
    response = organizer_client.patch(f"{BASE}/rooms/{object_id}/", {"name": "X"}, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- query counts -------------------------------------------------------------------------------------------


def _fill(convention, items: int) -> None:
    hall = factories.HallFactory(convention=convention)
    for index in range(items):
        room = factories.RoomFactory(convention=convention, hall=hall)
        factories.TrackFactory(convention=convention)
        session = factories.SessionFactory(
            convention=convention, room=room, start=berlin(0, 9 + index), end=berlin(0, 9 + index, 30)
        )
        role = factories.SessionSpeakerFactory(session=session)
        role.speaker.unavailabilities.create(start=berlin(1, 9), end=berlin(1, 10))
        exhibitor = factories.ExhibitorFactory(convention=convention)
        factories.BoothFactory(exhibitor=exhibitor, hall=hall)
        exhibitor.materials.create(title="Flyer", url="https://example.org/flyer.pdf")
        exhibitor.staff.create(user=factories.UserFactory())


@pytest.mark.parametrize("resource", ["rooms", "tracks", "speakers", "sessions", "exhibitors", "halls"])
def test_live_list_query_count_does_not_grow_with_items(db, resource):
    counts = {}
    for items in (1, 5):
        convention = factories.ConventionFactory(slug=f"size-{items}")
        organizer = factories.UserFactory()
        convention.organizers.add(organizer)
        _fill(convention, items)
        client = APIClient()
        client.force_authenticate(user=organizer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/manage/events/size-{items}/{resource}/")
        assert response.status_code == 200
        body = response.json()
        assert len(body if isinstance(body, list) else body["results"]) == (1 if resource == "halls" else items)
        counts[items] = len(queries)

    assert counts[1] == counts[5]


# --- scheduling rules through the API -------------------------------------------------------------------------


def _slot(stage, start: str, end: str) -> dict:
    return {"title_en": "Urban data platforms", "room": stage.pk, "start": start, "end": end, "status": "confirmed"}


def test_overlapping_slot_in_the_same_room_is_a_room_clash(organizer_client, convention, stage):
    first = factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))

    response = organizer_client.post(
        f"{BASE}/sessions/", _slot(stage, "2025-09-30T10:30:00+02:00", "2025-09-30T11:30:00+02:00"), format="json"
    )

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["conflicting_session_id"]) == ("room_clash", first.pk)
    assert Session.objects.count() == 1


def test_slot_outside_opening_hours_is_refused(organizer_client, convention, stage):
    response = organizer_client.post(
        f"{BASE}/sessions/", _slot(stage, "2025-09-30T18:30:00+02:00", "2025-09-30T19:30:00+02:00"), format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "outside_opening_hours"
    assert Session.objects.count() == 0


def test_a_room_clash_is_explained_in_the_callers_language(organizer_client, convention, stage):
    factories.SessionFactory(
        convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11), title_en="Digital twins"
    )
    slot = _slot(stage, "2025-09-30T10:30:00+02:00", "2025-09-30T11:30:00+02:00")

    german = organizer_client.post(f"{BASE}/sessions/", slot, format="json", HTTP_ACCEPT_LANGUAGE="de")
    english = organizer_client.post(f"{BASE}/sessions/", slot, format="json")

    assert (german.status_code, german.json()["code"]) == (409, "room_clash")
    assert german.json()["message"] == (
        "Im Raum „Stage 1“ findet von 30.09.2025 10:00 bis 30.09.2025 11:00 bereits „Digital twins“ statt."
    )
    assert english.json()["message"] == (
        "Room “Stage 1” already holds “Digital twins” from 2025-09-30 10:00 to 2025-09-30 11:00."
    )


def test_a_second_room_of_the_same_name_is_refused_in_german(organizer_client, stage):
    response = organizer_client.post(f"{BASE}/rooms/", {"name": "Stage 1"}, format="json", HTTP_ACCEPT_LANGUAGE="de")

    assert (response.status_code, response.json()["code"]) == (409, "duplicate")
    assert response.json()["message"] == "Die Veranstaltung hat bereits einen Raum mit diesem Namen."


def test_moving_a_session_onto_an_occupied_slot_leaves_it_where_it_was(organizer_client, convention, stage):
    factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))
    moving = factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 14), end=berlin(0, 15))

    response = organizer_client.patch(
        f"{BASE}/sessions/{moving.pk}/",
        {"start": "2025-09-30T10:15:00+02:00", "end": "2025-09-30T10:45:00+02:00"},
        format="json",
    )

    assert response.status_code == 409
    moving.refresh_from_db()
    assert moving.start == berlin(0, 14)
