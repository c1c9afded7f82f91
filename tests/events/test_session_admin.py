"""The admin's session form goes through the scheduling service: refusals are form errors, nothing is saved."""

import re

import pytest
from django.test import Client

from events.enums import SessionStatus, SpeakerRole
from events.models import Session, SessionSpeaker
from events.services import schedule
from tests import factories
from tests.factories import berlin


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(factories.UserFactory(username="support", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def stage(convention):
    return factories.RoomFactory(convention=convention, name="Stage 1")


def _form(convention, room, *, date="2025-09-30", start="10:30", end="11:30", title="Second keynote", **extra):
    data = {
        "convention": convention.pk,
        "status": SessionStatus.CONFIRMED,
        "format": "talk",
        "language": "de",
        "title_de": "",
        "title_en": title,
        "abstract_de": "",
        "abstract_en": "",
        "room": room.pk if room else "",
        "start_0": date,
        "start_1": start,
        "end_0": date,
        "end_1": end,
        "session_speakers-TOTAL_FORMS": "0",
        "session_speakers-INITIAL_FORMS": "0",
        "session_speakers-MIN_NUM_FORMS": "0",
        "session_speakers-MAX_NUM_FORMS": "1000",
    }
    return data | extra


def _errors(response) -> dict[str, list[str]]:
    form = response.context["adminform"].form
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def test_admin_refuses_a_new_session_in_an_occupied_room(admin_client, convention, stage):
    factories.SessionFactory(
        convention=convention, room=stage, title_en="Opening", start=berlin(0, 10), end=berlin(0, 11)
    )

    response = admin_client.post("/admin/events/session/add/", _form(convention, stage))

    assert response.status_code == 200
    assert _errors(response) == {
        "room": ["Room “Stage 1” already holds “Opening” from 2025-09-30 10:00 to 2025-09-30 11:00."]
    }
    assert list(Session.objects.values_list("title_en", flat=True)) == ["Opening"]
    assert "Room “Stage 1” already holds “Opening”" in response.content.decode()


def test_admin_refuses_moving_a_session_onto_another(admin_client, convention, stage):
    factories.SessionFactory(
        convention=convention, room=stage, title_en="Opening", start=berlin(0, 10), end=berlin(0, 11)
    )
    later = factories.SessionFactory(
        convention=convention, room=stage, title_en="Later", start=berlin(0, 14), end=berlin(0, 15)
    )

    response = admin_client.post(
        f"/admin/events/session/{later.pk}/change/", _form(convention, stage, title="Later", start="10:15", end="10:45")
    )

    assert response.status_code == 200
    assert list(_errors(response)) == ["room"]
    later.refresh_from_db()
    assert (later.start, later.end) == (berlin(0, 14), berlin(0, 15))


def test_admin_refuses_a_session_outside_opening_hours(admin_client, convention, stage):
    response = admin_client.post("/admin/events/session/add/", _form(convention, stage, start="17:30", end="19:00"))

    assert response.status_code == 200
    assert _errors(response) == {
        "start": [
            "On 2025-09-30 the convention is open from 09:00 to 18:00 (Europe/Berlin); the session runs from "
            "17:30 to 19:00."
        ]
    }
    assert not Session.objects.exists()


def test_admin_saves_a_free_slot_with_its_line_up_through_the_service(admin_client, convention, stage):
    factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 10), end=berlin(0, 11))
    anna = factories.SpeakerFactory(convention=convention, name="Anna")
    bernd = factories.SpeakerFactory(convention=convention, name="Bernd")
    speakers = {
        "session_speakers-TOTAL_FORMS": "2",
        "session_speakers-0-speaker": bernd.pk,
        "session_speakers-0-role": SpeakerRole.PANELIST,
        "session_speakers-0-position": "1",
        "session_speakers-1-speaker": anna.pk,
        "session_speakers-1-role": SpeakerRole.MODERATOR,
        "session_speakers-1-position": "0",
    }

    response = admin_client.post(
        "/admin/events/session/add/", _form(convention, stage, start="11:00", end="12:00", **speakers)
    )

    assert response.status_code == 302
    session = Session.objects.get(title_en="Second keynote")
    assert (session.room, session.start, session.end) == (stage, berlin(0, 11), berlin(0, 12))
    assert list(SessionSpeaker.objects.filter(session=session).values_list("speaker__name", "role", "position")) == [
        ("Anna", SpeakerRole.MODERATOR, 0),
        ("Bernd", SpeakerRole.PANELIST, 1),
    ]


def test_admin_refuses_a_speaker_of_another_convention_and_keeps_the_session_unchanged(admin_client, convention, stage):
    session = factories.SessionFactory(
        convention=convention, room=stage, title_en="Panel", start=berlin(0, 11), end=berlin(0, 12)
    )
    stranger = factories.SpeakerFactory(name="Elsewhere")  # another convention's speaker
    data = _form(convention, stage, title="Renamed panel", start="11:00", end="12:00") | {
        "session_speakers-TOTAL_FORMS": "1",
        "session_speakers-0-speaker": stranger.pk,
        "session_speakers-0-role": SpeakerRole.SPEAKER,
        "session_speakers-0-position": "0",
    }

    response = admin_client.post(f"/admin/events/session/{session.pk}/change/", data)

    assert response.status_code == 200
    assert _errors(response) == {"__all__": ["The speaker “Elsewhere” belongs to another convention."]}
    session.refresh_from_db()
    assert session.title_en == "Panel"  # the title change was rolled back with the refused line-up
    assert not SessionSpeaker.objects.filter(session=session).exists()


def _loaded_version(admin_client, session) -> str:
    """The version the change form was loaded with, as the browser will send it back."""
    page = admin_client.get(f"/admin/events/session/{session.pk}/change/").content.decode()
    return re.search(r'<input type="hidden" name="loaded_version" value="(\d+)"', page).group(1)


STALE = (
    "Someone else changed this session in the meantime. Nothing was saved; look at its current state and make your "
    "change again."
)


def test_admin_refuses_a_form_loaded_before_someone_else_saved_the_session(admin_client, convention, stage):
    session = factories.SessionFactory(
        convention=convention, room=stage, title_en="Panel", start=berlin(0, 11), end=berlin(0, 12)
    )
    loaded = _loaded_version(admin_client, session)
    schedule.update_session(session=session, title_en="Panel on open data")  # another organizer, on the board

    response = admin_client.post(
        f"/admin/events/session/{session.pk}/change/",
        _form(convention, stage, title="Panel", start="14:00", end="15:00", loaded_version=loaded),
    )

    assert response.status_code == 200
    assert _errors(response) == {"__all__": [STALE]}
    assert STALE in response.content.decode()
    session.refresh_from_db()
    assert (session.title_en, session.start, session.version) == ("Panel on open data", berlin(0, 11), 2)


def test_admin_refuses_a_stale_line_up_change_too(admin_client, convention, stage):
    session = factories.SessionFactory(
        convention=convention, room=stage, title_en="Panel", start=berlin(0, 11), end=berlin(0, 12)
    )
    anna = factories.SpeakerFactory(convention=convention, name="Anna")
    loaded = _loaded_version(admin_client, session)
    schedule.update_session(session=session, expected_attendance=80)
    data = _form(convention, stage, title="Panel", start="11:00", end="12:00", loaded_version=loaded) | {
        "expected_attendance": "80",
        "session_speakers-TOTAL_FORMS": "1",
        "session_speakers-0-speaker": anna.pk,
        "session_speakers-0-role": SpeakerRole.SPEAKER,
        "session_speakers-0-position": "0",
    }

    response = admin_client.post(f"/admin/events/session/{session.pk}/change/", data)

    assert response.status_code == 200
    assert _errors(response) == {"__all__": [STALE]}
    assert not SessionSpeaker.objects.filter(session=session).exists()


def test_admin_saves_a_current_form_with_its_line_up(admin_client, convention, stage):
    session = factories.SessionFactory(
        convention=convention, room=stage, title_en="Panel", start=berlin(0, 11), end=berlin(0, 12)
    )
    anna = factories.SpeakerFactory(convention=convention, name="Anna")
    data = _form(convention, stage, title="Panel on open data", start="14:00", end="15:00") | {
        "loaded_version": _loaded_version(admin_client, session),
        "session_speakers-TOTAL_FORMS": "1",
        "session_speakers-0-speaker": anna.pk,
        "session_speakers-0-role": SpeakerRole.SPEAKER,
        "session_speakers-0-position": "0",
    }

    response = admin_client.post(f"/admin/events/session/{session.pk}/change/", data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title_en, session.start, session.version) == ("Panel on open data", berlin(0, 14), 3)
    assert list(SessionSpeaker.objects.filter(session=session).values_list("speaker__name", flat=True)) == ["Anna"]
