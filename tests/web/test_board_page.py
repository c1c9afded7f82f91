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
    for stage in stages:  # double-booked and over capacity: warnings from the start (their texts cost 3 queries)
        session = _session(convention, stage, 10, expected_attendance=500)
        factories.SessionSpeakerFactory(session=session, speaker=speaker)
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


def _move_body(room, hour: int, version: int = 1) -> dict:
    return {"room": room.pk, "day": "2025-09-30", "start": f"{hour}:00", "end": f"{hour}:45", "version": version,
            "action": "move"}  # fmt: skip


@pytest.fixture
def curator(convention, stages):
    return factories.team_member(convention, "curator", rooms=[stages[0]], username="curator")


def test_curator_moves_a_session_within_its_room(client, convention, stages, curator):
    session = _session(convention, stages[0], 10)
    client.force_login(curator)

    response = client.post(
        f"{BOARD}sessions/{session.pk}/move/", _move_body(stages[0], 15), HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200, response.json()
    assert Session.objects.get(pk=session.pk).start == berlin(0, 15)


@pytest.mark.parametrize("case", ["session outside", "into a room outside"])
def test_curator_change_outside_its_scope_is_refused_on_the_server(client, convention, stages, curator, case):
    session = _session(convention, stages[1] if case == "session outside" else stages[0], 10)
    client.force_login(curator)

    json_answer = client.post(
        f"{BOARD}sessions/{session.pk}/move/", _move_body(stages[1], 15), HTTP_ACCEPT="application/json"
    )
    form_answer = client.post(f"{BOARD}sessions/{session.pk}/move/", _move_body(stages[1], 15))

    assert (json_answer.status_code, json_answer.json()["code"]) == (403, "outside_your_scope")
    assert form_answer.status_code == 403
    assert "This session lies outside the rooms and tracks you curate." in form_answer.content.decode()
    saved = Session.objects.get(pk=session.pk)
    assert (saved.start, saved.version) == (berlin(0, 10), 1)


def test_read_only_member_sees_the_board_but_cannot_move(client, convention, stages):
    session = _session(convention, stages[0], 10, title_en="Digital twins")
    client.force_login(factories.team_member(convention, "readonly"))

    page = client.get(BOARD)
    refused = client.post(f"{BOARD}sessions/{session.pk}/move/", _move_body(stages[1], 15))

    assert page.status_code == 200 and "Digital twins" in page.content.decode()
    assert ' editable"' not in page.content.decode() and "card-grip" not in page.content.decode()
    assert refused.status_code == 403
    assert Session.objects.get(pk=session.pk).version == 1


def test_board_of_a_convention_one_is_not_on_the_team_of_is_not_found(client, convention, stages):
    session = _session(convention, stages[0], 10)
    other = factories.ConventionFactory(slug="other")
    client.force_login(factories.team_member(other, "owner"))

    assert client.get(BOARD).status_code == 404
    assert client.post(f"{BOARD}sessions/{session.pk}/move/", _move_body(stages[1], 15)).status_code == 404
    assert (
        client.post(f"/organize/other/board/sessions/{session.pk}/move/", _move_body(stages[1], 15)).status_code == 404
    )
    assert Session.objects.get(pk=session.pk).version == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, convention):
    response = client.get(BOARD)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_form_move_from_an_old_version_is_refused_and_shows_the_current_state(signed_in, convention, stages):
    session = _session(convention, stages[0], 10)
    Session.objects.filter(pk=session.pk).update(version=2)

    response = signed_in.post(f"{BOARD}sessions/{session.pk}/move/", _move_body(stages[1], 15, version=1))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this session in the meantime." in page
    assert 'name="version" value="2"' in page  # a second try is based on what is saved now
    assert Session.objects.get(pk=session.pk).room == stages[0]


@pytest.mark.parametrize(
    "body",
    [{"room": "", "day": "2025-09-30", "start": "10:00", "end": "10:45"}, {"day": "2030-01-01"}, {"start": "25:00"}],
)
def test_incomplete_or_malformed_move_is_a_form_error(signed_in, convention, stages, body):
    session = _session(convention, stages[0], 10)

    response = signed_in.post(
        f"{BOARD}sessions/{session.pk}/move/", {"version": 1, "action": "move", **body}, HTTP_ACCEPT="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert Session.objects.get(pk=session.pk).version == 1


def test_compressed_json_refusal_keeps_its_shape(signed_in, convention, stages):
    _session(convention, stages[1], 15, title_en="x" * 250)
    session = _session(convention, stages[0], 10)

    response = signed_in.post(
        f"{BOARD}sessions/{session.pk}/move/",
        _move_body(stages[1], 15),
        HTTP_ACCEPT="application/json",
        HTTP_ACCEPT_ENCODING="gzip",
    )

    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"


def test_polling_answers_no_content_until_something_changes(signed_in, convention, stages):
    session = _session(convention, stages[0], 10)
    page = signed_in.get(BOARD).content.decode()
    stamp = re.search(r'data-stamp="([^"]+)"', page).group(1)

    unchanged = signed_in.get(f"{BOARD}?fragment=1&since={stamp}")
    signed_in.post(f"{BOARD}sessions/{session.pk}/move/", _move_body(stages[1], 15))
    changed = signed_in.get(f"{BOARD}?fragment=1&since={stamp}")

    assert unchanged.status_code == 204
    assert changed.status_code == 200
    assert changed.content.decode().startswith('<div id="board"')


def test_filters_choose_the_rooms_and_dim_other_tracks(signed_in, convention, stages):
    workshop = factories.RoomFactory(convention=convention, name="Workshop A", kind="workshop_room")
    track = factories.TrackFactory(convention=convention, name_en="Open source")
    matching = _session(convention, workshop, 10, track=track)
    other = _session(convention, workshop, 12)

    page = signed_in.get(f"{BOARD}?group=kind:workshop_room&track={track.pk}").content.decode()

    assert re.findall(r'class="room-name">([^<]+)<', page) == ["Workshop A"]
    assert "1 room hidden" not in page and "2 rooms hidden" in page
    assert re.search(rf'id="s-{matching.pk}" class="card status-confirmed editable"', page)
    assert re.search(rf'id="s-{other.pk}" class="card status-confirmed dimmed editable"', page)


def test_malformed_filters_fall_back_to_the_whole_first_day(signed_in, convention, stages):
    _session(convention, stages[0], 10, title_en="Digital twins")

    response = signed_in.get(f"{BOARD}?day=2031-01-01&step=7&group=kind:nonsense&track=x&format=<b>")

    assert response.status_code == 200
    assert "Digital twins" in response.content.decode()


def test_warnings_on_a_german_board_are_german_with_german_titles(signed_in, convention, stages):
    first = _session(convention, stages[0], 10, title_de="Digitale Zwillinge", title_en="Digital twins")
    second = _session(convention, stages[1], 10, title_de="Offene Daten", title_en="Open data")
    speaker = factories.SpeakerFactory(convention=convention, name="Erika Muster")
    for session in (first, second):
        factories.SessionSpeakerFactory(session=session, speaker=speaker)

    page = signed_in.get(f"{BOARD}?day=2025-09-30", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    sentence = "Erika Muster tritt in „Digitale Zwillinge“ und in „Offene Daten“ zu überschneidenden Zeiten auf."
    side_list = re.search(r'<ul class="warnings-list">(.*?)</ul>', page, re.S)
    assert side_list and sentence in side_list.group(1)
    cards = re.findall(r'<span class="card-warning">([^<]+)</span>', page)
    assert cards == [sentence, sentence]  # on both sessions' cards
    assert "speaks in" not in page


def test_a_move_outside_the_opening_hours_is_refused_in_german_on_a_german_board(signed_in, convention, stages):
    session = _session(convention, stages[0], 10)
    late = _move_body(stages[0], 19)

    json_answer = signed_in.post(
        f"{BOARD}sessions/{session.pk}/move/", late, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="de"
    )
    form_answer = signed_in.post(f"{BOARD}sessions/{session.pk}/move/", late, HTTP_ACCEPT_LANGUAGE="de")

    sentence = (
        "Am 30.09.2025 ist die Veranstaltung von 09:00 bis 18:00 geöffnet (Europe/Berlin); "
        "der Programmpunkt läuft von 19:00 bis 19:45."
    )
    assert (json_answer.status_code, json_answer.json()["code"]) == (400, "outside_opening_hours")
    assert json_answer.json()["message"] == sentence
    assert form_answer.status_code == 400
    assert sentence in form_answer.content.decode()
    assert Session.objects.get(pk=session.pk).start == berlin(0, 10)
