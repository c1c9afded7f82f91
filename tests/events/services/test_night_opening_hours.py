"""Opening hours that reach past midnight: a congress's night programme belongs to the day it started on."""

import datetime as dt

import pytest

from events.enums import SessionStatus
from events.errors import InvalidOpeningHours, OutsideOpeningHours
from events.exports.programme import Programme
from events.models import OpeningHours, Session
from events.services.conventions import update_convention
from events.services.publishing import release_schedule
from events.services.schedule import create_session
from tests import factories
from tests.factories import berlin


@pytest.fixture
def night_convention(convention):
    update_convention(
        convention=convention,
        opening_hours=[
            {"date": dt.date(2025, 9, 30), "opens_at": dt.time(11), "closes_at": dt.time(4), "closes_next_day": True},
            {"date": dt.date(2025, 10, 1), "opens_at": dt.time(11, 30), "closes_at": dt.time(18)},
        ],
    )
    return convention


def test_session_after_midnight_fits_the_night_of_the_day_before(night_convention):
    room = factories.RoomFactory(convention=night_convention)

    session = create_session(convention=night_convention, room=room, start=berlin(1, 0, 15), end=berlin(1, 1, 45))

    assert Session.objects.get(pk=session.pk).start == berlin(1, 0, 15)


def test_session_past_the_night_closing_is_refused(night_convention):
    room = factories.RoomFactory(convention=night_convention)

    with pytest.raises(OutsideOpeningHours):
        create_session(convention=night_convention, room=room, start=berlin(1, 3, 30), end=berlin(1, 4, 30))


def test_day_without_night_hours_still_closes_at_its_time(convention):
    room = factories.RoomFactory(convention=convention)

    with pytest.raises(OutsideOpeningHours) as error:
        create_session(convention=convention, room=room, start=berlin(1, 0, 15), end=berlin(1, 1))

    assert error.value.message.startswith("On 2025-10-01 the convention is open from 09:00 to 18:00")


def test_night_that_runs_into_the_next_opening_is_refused(convention):
    with pytest.raises(InvalidOpeningHours):
        update_convention(
            convention=convention,
            opening_hours=[
                {
                    "date": dt.date(2025, 9, 30),
                    "opens_at": dt.time(9),
                    "closes_at": dt.time(10),
                    "closes_next_day": True,
                },
                {"date": dt.date(2025, 10, 1), "opens_at": dt.time(9), "closes_at": dt.time(18)},
            ],
        )

    assert OpeningHours.objects.filter(convention=convention, closes_next_day=True).count() == 0


def test_export_days_keep_the_night_session_on_its_day(night_convention):
    room = factories.RoomFactory(convention=night_convention)
    session = create_session(
        convention=night_convention,
        title_en="Late",
        room=room,
        start=berlin(1, 0, 15),
        end=berlin(1, 1, 45),
        status=SessionStatus.CONFIRMED,
    )
    release = release_schedule(convention=night_convention)

    days = Programme(release).days

    assert [(day.date, day.end) for day in days[:2]] == [
        (dt.date(2025, 9, 30), berlin(1, 4)),
        (dt.date(2025, 10, 1), berlin(1, 18)),
    ]
    assert [s["id"] for s in days[0].sessions_by_room[room.pk]] == [session.pk]
