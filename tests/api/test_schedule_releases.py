import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from events.enums import SessionStatus
from events.models import Room, Session
from events.services.publishing import release_schedule
from events.services.schedule import create_session
from tests import factories
from tests.factories import berlin

WARNINGS = "/api/v1/events/{}/schedule/warnings/"
RELEASES = "/api/v1/events/{}/schedule/releases/"
VERSIONS = "/api/v1/events/{}/schedule/versions/"


@pytest.fixture
def stage(convention):
    return factories.RoomFactory(convention=convention, name="Stage 1")


# --- warnings ---------------------------------------------------------------------------------------------------


def test_warnings_list_for_organizer_with_token(convention, organizer, stage):
    session = factories.SessionFactory(convention=convention, title_en="Roomless", room=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=organizer).key}")

    response = client.get(WARNINGS.format("sccon"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "missing_room_or_time",
            "message": "“Roomless” is confirmed but has no room yet.",
            "session_id": session.pk,
            "missing": ["room"],
        }
    ]


def test_warnings_need_credentials(convention, api_client):
    response = api_client.get(WARNINGS.format("sccon"))

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


@pytest.mark.parametrize("slug", ["sccon", "unknown"])
def test_warnings_of_a_convention_one_does_not_organize_are_not_found(convention, slug):
    other_organizer = factories.UserFactory()
    factories.ConventionFactory(slug="other").organizers.add(other_organizer)
    client = APIClient()
    client.force_authenticate(other_organizer)

    response = client.get(WARNINGS.format(slug))

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("count", [1, 5])
def test_warnings_query_count_does_not_grow(convention, organizer_client, count, django_assert_num_queries):
    for index in range(count):
        speaker = factories.SpeakerFactory(convention=convention)
        for hour in (10, 10):
            factories.SessionSpeakerFactory(
                speaker=speaker, session=factories.SessionFactory(convention=convention, start=berlin(index % 3, hour))
            )
        factories.SessionFactory(convention=convention, room=None)

    # convention, organizer check, room clashes, speaker roles, unavailabilities, over capacity, missing room or time
    with django_assert_num_queries(7):
        response = organizer_client.get(WARNINGS.format("sccon"))

    assert len(response.json()) == 2 * count


# --- releases and versions --------------------------------------------------------------------------------------


def test_release_returns_version_changelog_and_warnings(convention, organizer, organizer_client, stage):
    session = factories.SessionFactory(convention=convention, title_en="Keynote", room=stage, start=berlin(0, 9))
    factories.SessionFactory(convention=convention, title_en="Unplaced", start=None, end=None)

    response = organizer_client.post(RELEASES.format("sccon"), {"comment": "Programme online"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["comment"]) == (1, "Programme online")
    assert [entry["guid"] for entry in body["changelog"]["new"]] == [str(session.guid)]
    assert [warning["code"] for warning in body["warnings"]] == ["missing_room_or_time"]
    assert convention.releases.get().released_by == organizer


def test_release_without_body_and_second_release_numbers_on(convention, organizer_client):
    organizer_client.post(RELEASES.format("sccon"))

    response = organizer_client.post(RELEASES.format("sccon"))

    assert (response.status_code, response.json()["version"], response.json()["comment"]) == (201, 2, "")


def test_release_with_overlong_comment_is_refused(convention, organizer_client):
    response = organizer_client.post(RELEASES.format("sccon"), {"comment": "x" * 501}, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert convention.releases.count() == 0


def test_release_by_non_organizer_is_not_found(convention):
    client = APIClient()
    client.force_authenticate(factories.UserFactory())

    response = client.post(RELEASES.format("sccon"))

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert convention.releases.count() == 0


def test_versions_are_public_with_changelog_but_without_warnings(convention, api_client, stage):
    factories.SessionFactory(convention=convention, room=None)
    first = release_schedule(convention=convention)
    second = release_schedule(convention=convention, comment="second")

    response = api_client.get(VERSIONS.format("sccon"))

    assert response.status_code == 200
    results = response.json()["results"]
    for result in results:
        result["released_at"] = dt.datetime.fromisoformat(result["released_at"])
    assert results == [
        {"version": 2, "released_at": second.released_at, "comment": "second", "changelog": second.changelog},
        {"version": 1, "released_at": first.released_at, "comment": "", "changelog": first.changelog},
    ]


def test_versions_show_warnings_to_organizers(convention, organizer_client):
    factories.SessionFactory(convention=convention, room=None)
    release = release_schedule(convention=convention)

    response = organizer_client.get(VERSIONS.format("sccon"))

    assert response.json()["results"][0]["warnings"] == release.warnings != []


def test_versions_before_any_release(convention, api_client, organizer_client):
    public = api_client.get(VERSIONS.format("sccon"))
    organizer = organizer_client.get(VERSIONS.format("sccon"))

    assert (public.status_code, public.json()["code"]) == (404, "schedule_not_released")
    assert (organizer.status_code, organizer.json()["results"]) == (200, [])


def test_versions_of_unknown_or_hidden_convention_are_not_found(convention, api_client):
    factories.ConventionFactory(slug="hidden", is_public=False)
    release_schedule(convention=factories.ConventionFactory(slug="hidden2", is_public=False))

    for slug in ("unknown", "hidden", "hidden2"):
        response = api_client.get(VERSIONS.format(slug))
        assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("count", [1, 5])
def test_versions_query_count_does_not_grow(convention, api_client, count, django_assert_num_queries):
    for _ in range(count):
        factories.SessionFactory(convention=convention, start=None, end=None)
        release_schedule(convention=convention)

    # convention, releases exist, count, page
    with django_assert_num_queries(4):
        response = api_client.get(VERSIONS.format("sccon"))

    assert len(response.json()["results"]) == count


# --- scheduling errors over the API ------------------------------------------------------------------------------


class _BookSessionView(APIView):
    """Stands in for an organizer endpoint that books a session through the scheduling service."""

    permission_classes = [AllowAny]  # the API's default is IsAuthenticated; this stand-in is about errors only

    def post(self, request: Request) -> Response:
        room = Room.objects.get(pk=request.data["room"])
        session = create_session(
            convention=room.convention,
            title_en=request.data["title"],
            room=room,
            start=dt.datetime.fromisoformat(request.data["start"]),
            end=dt.datetime.fromisoformat(request.data["end"]),
            status=SessionStatus.CONFIRMED,
        )
        return Response({"id": session.pk}, status=201)


def _book(room, title, start, end):
    data = {"room": room.pk, "title": title, "start": start.isoformat(), "end": end.isoformat()}
    response = _BookSessionView.as_view()(APIRequestFactory().post("/", data, format="json"))
    return response.status_code, response.data


def test_scheduling_errors_answer_with_status_and_code(convention, stage):
    status, booked = _book(stage, "Digital twins", berlin(0, 10), berlin(0, 11))
    assert status == 201

    assert _book(stage, "Late", berlin(0, 10, 30), berlin(0, 11, 30)) == (
        409,
        {
            "code": "room_clash",
            "message": "Room “Stage 1” already holds “Digital twins” from 2025-09-30 10:00 to 2025-09-30 11:00.",
            "conflicting_session_id": booked["id"],
        },
    )
    assert _book(stage, "Backwards", berlin(0, 12), berlin(0, 11)) == (
        400,
        {
            "code": "invalid_time_range",
            "message": "The session ends (2025-09-30T11:00:00+02:00) before or when it "
            "starts (2025-09-30T12:00:00+02:00).",
        },
    )
    status, body = _book(stage, "Too early", berlin(0, 7), berlin(0, 8))
    assert (status, body["code"]) == (400, "outside_opening_hours")
    assert Session.objects.count() == 1
