"""Session versions: every change raises the version; an edit based on an older version is refused."""

import pytest

from events.errors import RoomClash, StaleEdit
from events.models import Session
from events.services.schedule import cancel_session, update_session
from tests import factories
from tests.factories import berlin


@pytest.fixture
def session(convention):
    return factories.SessionFactory(convention=convention, title_en="Digital twins", start=berlin(0, 10))


def test_new_session_starts_at_version_one(session):
    assert Session.objects.get(pk=session.pk).version == 1


def test_each_change_raises_the_version_by_one(session):
    update_session(session=session, title_en="Digital twins in practice")
    update_session(session=session, start=berlin(0, 11), end=berlin(0, 12), expected_version=2)
    cancel_session(session=session, expected_version=3)

    saved = Session.objects.get(pk=session.pk)
    assert (saved.version, saved.title_en, saved.start, saved.status) == (
        4,
        "Digital twins in practice",
        berlin(0, 11),
        "cancelled",
    )
    assert session.version == 4  # the caller's object shows what was saved


def test_edit_from_an_older_version_is_refused_and_changes_nothing(session):
    update_session(session=session, title_en="Renamed by the first organizer")

    with pytest.raises(StaleEdit) as error:
        update_session(session=session, start=berlin(0, 14), end=berlin(0, 15), expected_version=1)

    assert error.value.code == "stale_edit"
    assert error.value.status == 409
    assert error.value.extra == {"current_version": 2}
    saved = Session.objects.get(pk=session.pk)
    assert (saved.version, saved.start, saved.title_en) == (2, berlin(0, 10), "Renamed by the first organizer")


def test_edit_without_a_version_applies_to_what_others_saved_meanwhile(session):
    stale_copy = Session.objects.get(pk=session.pk)
    update_session(session=session, title_en="Renamed meanwhile")

    update_session(session=stale_copy, start=berlin(0, 14), end=berlin(0, 15))

    saved = Session.objects.get(pk=session.pk)
    assert (saved.version, saved.title_en, saved.start) == (3, "Renamed meanwhile", berlin(0, 14))
    assert stale_copy.title_en == "Renamed meanwhile"


def test_refused_move_keeps_version_and_caller_object(convention, session):
    factories.SessionFactory(convention=convention, room=session.room, start=berlin(0, 14))

    with pytest.raises(RoomClash):
        update_session(session=session, start=berlin(0, 14), end=berlin(0, 14, 45), expected_version=1)

    assert Session.objects.get(pk=session.pk).version == 1
    assert (session.version, session.start) == (1, berlin(0, 10))


def test_moving_to_another_room_forgets_the_cached_old_room(convention, session):
    other = factories.RoomFactory(convention=convention, name="Stage B")
    assert session.room.name != "Stage B"

    update_session(session=session, room=other, expected_version=1)

    assert session.room == other
