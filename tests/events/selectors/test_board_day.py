"""The board's day: warnings of one day by the same rules as the whole programme's, and its layout."""

import datetime as dt

from events.enums import SessionStatus
from events.selectors.board import board_day
from events.selectors.schedule import schedule_warnings
from tests import factories
from tests.factories import BERLIN, berlin


def test_warnings_of_a_day_are_the_whole_programmes_for_that_day_and_the_unscheduled(convention):
    stage = factories.RoomFactory(convention=convention, capacity=50)
    speaker = factories.SpeakerFactory(convention=convention, name="Kai")
    first_day = [
        factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 10)),
        factories.SessionFactory(convention=convention, room=factories.RoomFactory(convention=convention),
                                 start=berlin(0, 10, 15)),
    ]  # fmt: skip
    for session in first_day:
        factories.SessionSpeakerFactory(session=session, speaker=speaker)
    second_day = factories.SessionFactory(
        convention=convention, room=stage, start=berlin(1, 10), expected_attendance=80
    )
    unplaced = factories.SessionFactory(convention=convention, room=None, start=None, end=None)
    day = (dt.datetime(2025, 9, 30, tzinfo=BERLIN), dt.datetime(2025, 10, 1, tzinfo=BERLIN))

    everything = schedule_warnings(convention=convention)
    of_the_day = schedule_warnings(convention=convention, span=day)

    assert {w["code"] for w in everything} == {"speaker_double_booked", "over_capacity", "missing_room_or_time"}
    assert of_the_day == [w for w in everything if w["session_id"] != second_day.pk]
    assert {w["session_id"] for w in of_the_day} == {first_day[0].pk, unplaced.pk}


def test_day_puts_cards_in_their_rooms_by_time_and_overlapping_ones_side_by_side(convention):
    stage = factories.RoomFactory(convention=convention, name="Stage")
    early = factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 10))
    factories.SessionFactory(convention=convention, room=stage, start=berlin(1, 10))  # another day
    draft = factories.SessionFactory(convention=convention, room=None, start=None, end=None, status=SessionStatus.DRAFT)
    clashing = factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 10, 30))  # older data

    day = board_day(convention=convention, day=dt.date(2025, 9, 30), step=15)

    (column,) = day.columns
    assert [card.session for card in column.cards] == [early, clashing]
    assert [(card.lane, card.lanes) for card in column.cards] == [(0, 2), (1, 2)]
    # 9:00 opens; the board starts half an hour earlier; 15-minute rows are 24 px high.
    assert day.window_start.time() == dt.time(8, 30)
    assert (column.cards[0].top, column.cards[0].height) == (144, 72)
    assert [card.session for card in day.unscheduled] == [draft]
    assert [w["code"] for w in day.warnings] == ["room_clash"]
