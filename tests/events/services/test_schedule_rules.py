import datetime as dt

import pytest

from events.enums import SessionStatus, SpeakerRole
from events.errors import InvalidTimeRange, NotInConvention, OutsideOpeningHours, RoomClash
from events.models import Session
from events.services.schedule import cancel_session, create_session, update_session
from tests import factories
from tests.factories import berlin


@pytest.fixture
def stage(convention):
    return factories.RoomFactory(convention=convention, name="Stage A")


def test_create_session_in_free_slot_is_saved(convention, stage):
    speaker = factories.SpeakerFactory(convention=convention)

    session = create_session(
        convention=convention,
        title_en="Urban data platforms",
        room=stage,
        start=berlin(0, 10),
        end=berlin(0, 11),
        status=SessionStatus.CONFIRMED,
        speakers=[(speaker, SpeakerRole.MODERATOR)],
    )

    assert Session.objects.get(pk=session.pk).room == stage
    assert [(role.speaker, role.role) for role in session.session_speakers.all()] == [(speaker, SpeakerRole.MODERATOR)]


def test_create_session_overlapping_in_same_room_is_refused_naming_the_other(convention, stage):
    booked = create_session(
        convention=convention, title_en="Digital twins", room=stage, start=berlin(0, 10), end=berlin(0, 11)
    )

    with pytest.raises(RoomClash) as error:
        create_session(convention=convention, title_en="Late", room=stage, start=berlin(0, 10, 30), end=berlin(0, 12))

    assert (
        error.value.message == "Room “Stage A” already holds “Digital twins” from 2025-09-30 10:00 to 2025-09-30 11:00."
    )
    assert error.value.extra == {"conflicting_session_id": booked.pk}
    assert Session.objects.count() == 1


def test_create_session_back_to_back_in_same_room_is_allowed(convention, stage):
    create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))

    create_session(convention=convention, room=stage, start=berlin(0, 11), end=berlin(0, 12))

    assert Session.objects.filter(room=stage).count() == 2


def test_cancelled_session_frees_its_room(convention, stage):
    first = create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))
    cancel_session(session=first)

    second = create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))

    assert second.pk is not None


def test_update_session_moving_onto_booked_slot_is_refused_and_leaves_session_unchanged(convention, stage):
    create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))
    other_room = factories.RoomFactory(convention=convention)
    moving = create_session(convention=convention, room=other_room, start=berlin(0, 10), end=berlin(0, 11))

    with pytest.raises(RoomClash):
        update_session(session=moving, room=stage)

    assert moving.room == other_room
    assert Session.objects.get(pk=moving.pk).room == other_room


def test_update_session_within_its_own_slot_does_not_clash_with_itself(convention, stage):
    session = create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))

    update_session(session=session, end=berlin(0, 11, 30))

    assert Session.objects.get(pk=session.pk).end == berlin(0, 11, 30)


def test_reinstating_a_cancelled_session_into_a_taken_slot_is_refused(convention, stage):
    cancelled = create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))
    cancel_session(session=cancelled)
    create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))

    with pytest.raises(RoomClash):
        update_session(session=cancelled, status=SessionStatus.CONFIRMED)


@pytest.mark.parametrize("end", [berlin(0, 10), berlin(0, 9, 30)], ids=["equal", "before"])
def test_end_not_after_start_is_refused(convention, stage, end):
    with pytest.raises(InvalidTimeRange):
        create_session(convention=convention, room=stage, start=berlin(0, 10), end=end)


def test_start_without_end_is_refused(convention, stage):
    with pytest.raises(InvalidTimeRange) as error:
        create_session(convention=convention, room=stage, start=berlin(0, 10))

    assert error.value.code == "invalid_time_range"


def test_times_without_offset_are_refused(convention, stage):
    with pytest.raises(InvalidTimeRange) as error:
        create_session(convention=convention, room=stage, start=dt.datetime(2025, 9, 30, 10), end=berlin(0, 11))

    assert error.value.message == "Session times need a time zone offset."


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (berlin(0, 8, 30), berlin(0, 9, 30)),  # opens at 9:00 Berlin time
        (berlin(0, 17, 30), berlin(0, 18, 30)),  # closes at 18:00
        (berlin(0, 17), berlin(1, 10)),  # runs overnight
        (berlin(3, 10), berlin(3, 11)),  # the day after the convention
    ],
    ids=["before-opening", "after-closing", "overnight", "no-opening-hours"],
)
def test_session_outside_opening_hours_is_refused(convention, stage, start, end):
    with pytest.raises(OutsideOpeningHours):
        create_session(convention=convention, room=stage, start=start, end=end)


def test_opening_hours_are_read_in_the_convention_time_zone(convention, stage):
    # 07:00–08:00 UTC is 09:00–10:00 in Berlin (summer time): inside the opening hours.
    session = create_session(
        convention=convention,
        room=stage,
        start=dt.datetime(2025, 9, 30, 7, 0, tzinfo=dt.UTC),
        end=dt.datetime(2025, 9, 30, 8, 0, tzinfo=dt.UTC),
    )
    assert session.pk is not None

    with pytest.raises(OutsideOpeningHours) as error:
        update_session(session=session, start=dt.datetime(2025, 9, 30, 6, 30, tzinfo=dt.UTC))

    assert error.value.message == (
        "On 2025-09-30 the convention is open from 09:00 to 18:00 (Europe/Berlin); "
        "the session runs from 08:30 to 10:00."
    )


def test_session_without_time_needs_no_opening_hours(convention):
    session = create_session(convention=convention, title_en="To be scheduled")

    assert (session.start, session.end, session.room) == (None, None, None)


@pytest.mark.parametrize("field", ["room", "track", "exhibitor"])
def test_related_object_of_another_convention_is_refused(convention, field):
    other = factories.ConventionFactory()
    foreign = {
        "room": factories.RoomFactory,
        "track": factories.TrackFactory,
        "exhibitor": factories.ExhibitorFactory,
    }[field](convention=other)

    with pytest.raises(NotInConvention) as error:
        create_session(convention=convention, start=berlin(0, 10), end=berlin(0, 11), **{field: foreign})

    assert (error.value.status, error.value.fields) == (400, {field: "not_in_convention"})
    assert Session.objects.count() == 0


def test_speaker_of_another_convention_is_refused(convention, stage):
    session = create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))
    foreign = factories.SpeakerFactory(convention=factories.ConventionFactory())

    with pytest.raises(NotInConvention):
        update_session(session=session, speakers=[(foreign, SpeakerRole.SPEAKER)])

    assert list(session.session_speakers.all()) == []


def test_moving_to_room_of_another_convention_is_refused(convention, stage):
    session = create_session(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))

    with pytest.raises(NotInConvention):
        update_session(session=session, room=factories.RoomFactory(convention=factories.ConventionFactory()))
