import datetime as dt

from events.enums import SessionStatus, SpeakerRole
from events.models import SessionSpeaker, SpeakerUnavailability
from events.selectors.schedule import schedule_warnings
from tests import factories
from tests.factories import berlin


def _session(convention, title, start, end, **kwargs):
    return factories.SessionFactory(convention=convention, title_en=title, start=start, end=end, **kwargs)


def _speaks(speaker, *sessions):
    for session in sessions:
        SessionSpeaker.objects.create(session=session, speaker=speaker, role=SpeakerRole.SPEAKER)


def test_no_warnings_for_a_clean_programme(convention):
    speaker = factories.SpeakerFactory(convention=convention)
    _speaks(speaker, _session(convention, "Morning", berlin(0, 10), berlin(0, 11)))
    _speaks(speaker, _session(convention, "Noon", berlin(0, 11), berlin(0, 12)))

    assert schedule_warnings(convention=convention) == []


def test_speaker_in_two_overlapping_sessions_is_double_booked(convention):
    speaker = factories.SpeakerFactory(convention=convention, name="Anna Beispiel")
    first = _session(convention, "Open source in the city", berlin(0, 10), berlin(0, 11))
    second = _session(convention, "Digital twins", berlin(0, 10, 30), berlin(0, 11, 30))
    _speaks(speaker, first, second)

    assert schedule_warnings(convention=convention) == [
        {
            "code": "speaker_double_booked",
            "message": "Anna Beispiel speaks in “Open source in the city” (2025-09-30 10:00–11:00) and in "
            "“Digital twins” at an overlapping time.",
            "session_id": first.pk,
            "speaker_id": speaker.pk,
            "other_session_id": second.pk,
        }
    ]


def test_cancelled_sessions_do_not_double_book(convention):
    speaker = factories.SpeakerFactory(convention=convention)
    _speaks(speaker, _session(convention, "A", berlin(0, 10), berlin(0, 11)))
    _speaks(speaker, _session(convention, "B", berlin(0, 10), berlin(0, 11), status=SessionStatus.CANCELLED))

    assert schedule_warnings(convention=convention) == []


def test_speaker_on_stage_while_unavailable(convention):
    speaker = factories.SpeakerFactory(convention=convention, name="Bernd Muster")
    session = _session(convention, "Financing", berlin(1, 14), berlin(1, 15))
    _speaks(speaker, session)
    away = SpeakerUnavailability.objects.create(
        speaker=speaker, start=berlin(1, 14, 30), end=berlin(1, 18), note="council meeting"
    )
    SpeakerUnavailability.objects.create(speaker=speaker, start=berlin(0, 9), end=berlin(0, 12))

    assert schedule_warnings(convention=convention) == [
        {
            "code": "speaker_unavailable",
            "message": "Bernd Muster is not available 2025-10-01 14:30–18:00 (council meeting) but speaks in "
            "“Financing” (2025-10-01 14:00–15:00).",
            "session_id": session.pk,
            "speaker_id": speaker.pk,
            "unavailability_id": away.pk,
        }
    ]


def test_expected_attendance_over_room_capacity(convention):
    room = factories.RoomFactory(convention=convention, name="Workshop 3", capacity=30)
    crowded = _session(convention, "Hands-on", berlin(0, 10), berlin(0, 11), room=room, expected_attendance=45)
    _session(convention, "Fits", berlin(0, 11), berlin(0, 12), room=room, expected_attendance=30)

    assert schedule_warnings(convention=convention) == [
        {
            "code": "over_capacity",
            "message": "“Hands-on” expects 45 people but room “Workshop 3” holds 30.",
            "session_id": crowded.pk,
            "room_id": room.pk,
            "expected_attendance": 45,
            "capacity": 30,
        }
    ]


def test_confirmed_sessions_without_room_or_time(convention):
    no_room = _session(convention, "Roomless", berlin(0, 10), berlin(0, 11), room=None)
    no_time = _session(convention, "Timeless", None, None)
    _session(convention, "Draft without room", None, None, room=None, status=SessionStatus.DRAFT)

    assert schedule_warnings(convention=convention) == [
        {
            "code": "missing_room_or_time",
            "message": "“Roomless” is confirmed but has no room yet.",
            "session_id": no_room.pk,
            "missing": ["room"],
        },
        {
            "code": "missing_room_or_time",
            "message": "“Timeless” is confirmed but has no time yet.",
            "session_id": no_time.pk,
            "missing": ["time"],
        },
    ]


def test_warnings_are_ordered_by_kind_and_limited_to_the_convention(convention):
    other = factories.ConventionFactory()
    _session(other, "Elsewhere", None, None)
    speaker = factories.SpeakerFactory(convention=convention)
    first = _session(convention, "A", berlin(0, 10), berlin(0, 11))
    second = _session(convention, "B", berlin(0, 10), berlin(0, 11))
    _speaks(speaker, first, second)
    unplaced = _session(convention, "C", None, None)

    assert [(w["code"], w["session_id"]) for w in schedule_warnings(convention=convention)] == [
        ("speaker_double_booked", first.pk),
        ("missing_room_or_time", unplaced.pk),
    ]


def test_warning_queries_do_not_grow_with_the_programme(convention, django_assert_num_queries):
    for index in range(20):
        speaker = factories.SpeakerFactory(convention=convention)
        start = berlin(0, 9) + dt.timedelta(minutes=20 * index)
        _speaks(speaker, _session(convention, f"S{index}", start, start + dt.timedelta(hours=1)))
        SpeakerUnavailability.objects.create(speaker=speaker, start=start, end=start + dt.timedelta(minutes=5))

    with django_assert_num_queries(5):
        warnings = schedule_warnings(convention=convention)

    assert len(warnings) == 20


def test_two_sessions_in_one_room_at_overlapping_times_are_a_room_clash(convention):
    # The scheduling service refuses this; such rows come from imports or edits made before the rule held.
    stage = factories.RoomFactory(convention=convention, name="Stage 1")
    first = _session(convention, "Opening", berlin(0, 10), berlin(0, 11), room=stage)
    second = _session(convention, "Keynote", berlin(0, 10, 30), berlin(0, 11, 30), room=stage)
    _session(convention, "Next door", berlin(0, 10), berlin(0, 11))  # another room
    _session(convention, "Afterwards", berlin(0, 11, 30), berlin(0, 12), room=stage)  # touches, no overlap
    _session(convention, "Called off", berlin(0, 10), berlin(0, 11), room=stage, status=SessionStatus.CANCELLED)

    assert schedule_warnings(convention=convention) == [
        {
            "code": "room_clash",
            "message": "Room “Stage 1” holds “Opening” (2025-09-30 10:00–11:00) and “Keynote” "
            "(2025-09-30 10:30–11:30) at overlapping times.",
            "session_id": first.pk,
            "room_id": stage.pk,
            "other_session_id": second.pk,
        }
    ]


def test_a_draft_overlapping_a_confirmed_session_is_a_room_clash_too(convention):
    stage = factories.RoomFactory(convention=convention)
    confirmed = _session(convention, "Confirmed", berlin(1, 14), berlin(1, 15), room=stage)
    draft = _session(convention, "Draft", berlin(1, 14), berlin(1, 14, 30), room=stage, status=SessionStatus.DRAFT)

    assert [(w["code"], w["session_id"], w["other_session_id"]) for w in schedule_warnings(convention=convention)] == [
        ("room_clash", confirmed.pk, draft.pk)
    ]
