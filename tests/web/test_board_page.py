"""The schedule board page and its move view, through Django's test client."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Session
from tests import factories
from tests.factories import berlin

BOARD = "/organize/sccon/board/"


@pytest.fixture
def stages(convention):
    hall = factories.HallFactory(convention=convention, name="hub27")
    return [factories.RoomFactory(convention=convention, hall=hall, name=f"Stage {n}", capacity=200) for n in (1, 2)]


@pytest.fixture
def signed_in(client, organizer):
    client.force_login(organizer)
    return client


def _session(convention, room, hour, **extra):
    return factories.SessionFactory(convention=convention, room=room, start=berlin(0, hour), **extra)


def test_board_shows_rooms_as_columns_and_sessions_as_cards(signed_in, convention, stages):
    _session(convention, stages[0], 10, title_en="Digital twins")
    factories.SessionFactory(convention=convention, room=None, start=None, end=None, title_en="Unplaced panel")

    page = signed_in.get(f"{BOARD}?day=2025-09-30").content.decode()

    assert re.findall(r'class="room-name">([^<]+)<', page) == ["Stage 1", "Stage 2"]
    assert "Digital twins" in page
    assert re.search(r'class="unscheduled".*Unplaced panel', page, re.S)


def test_day_view_query_count_does_not_grow_with_sessions(signed_in, convention, stages):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(f"{BOARD}?day=2025-09-30").status_code == 200
        return len(queries)

    speaker = factories.SpeakerFactory(convention=convention)
    first = _session(convention, stages[0], 10)
    factories.SessionSpeakerFactory(session=first, speaker=speaker)
    one = count()
    for hour in (11, 12, 13, 14):
        for stage in stages:
            session = _session(convention, stage, hour, expected_attendance=500)
            factories.SessionSpeakerFactory(session=session, speaker=speaker)
    factories.SessionFactory(convention=convention, room=None, start=None, end=None)

    assert count() == one


def test_move_form_moves_the_session_and_returns_to_the_board(signed_in, convention, stages):
    session = _session(convention, stages[0], 10)

    response = signed_in.post(
        f"{BOARD}sessions/{session.pk}/move/",
        {"room": stages[1].pk, "day": "2025-09-30", "start": "14:00", "end": "14:45", "version": 1, "action": "move"},
    )

    assert response.status_code == 302
    saved = Session.objects.get(pk=session.pk)
    assert (saved.room, saved.start, saved.end, saved.version) == (stages[1], berlin(0, 14), berlin(0, 14, 45), 2)


def test_move_onto_an_occupied_slot_answers_the_service_message_and_changes_nothing(signed_in, convention, stages):
    _session(convention, stages[1], 14, title_en="Open data")
    session = _session(convention, stages[0], 10)

    response = signed_in.post(
        f"{BOARD}sessions/{session.pk}/move/",
        {"room": stages[1].pk, "day": "2025-09-30", "start": "14:00", "end": "14:45", "version": 1, "action": "move"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "room_clash"
    assert response.json()["message"] == (
        "Room “Stage 2” already holds “Open data” from 2025-09-30 14:00 to 2025-09-30 14:45."
    )
    assert Session.objects.get(pk=session.pk).version == 1
