"""The session editor and the release page: what organizers, curators and read-only members see and may do."""

import pytest
from django.core import mail
from django.test import Client

from events.enums import SessionStatus, SpeakerRole
from events.models import ScheduleRelease, Session, SessionSpeaker
from events.services import agenda, schedule
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

SESSIONS = "/organize/sccon/programme/sessions/"
NEW = "/organize/sccon/programme/sessions/new/"
RELEASE = "/organize/sccon/programme/release/"


def edit_url(session: Session) -> str:
    return f"/organize/sccon/programme/sessions/{session.pk}/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stage(convention):
    return factories.RoomFactory(convention=convention, name="Stage 1", position=0, capacity=300)


@pytest.fixture
def workshop_room(convention):
    return factories.RoomFactory(convention=convention, name="Workshop 2", position=1, capacity=30)


@pytest.fixture
def keynote(convention, stage):
    return factories.SessionFactory(
        convention=convention, title_en="Opening keynote", room=stage, start=berlin(0, 10), end=berlin(0, 11)
    )


@pytest.fixture
def organizer_page(convention):
    return client_for(factories.team_member(convention, "organizer"))


def form_data(session: Session | None = None, **changes):
    data = {
        "title_de": "",
        "title_en": "Digital twins",
        "abstract_de": "",
        "abstract_en": "",
        "format": "talk",
        "track": "",
        "language": "en",
        "room": "",
        "day": "",
        "start_time": "",
        "end_time": "",
        "capacity": "",
        "expected_attendance": "",
        "status": "draft",
        "version": "",
        "speakers-TOTAL_FORMS": "3",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "20",
    }
    if session is not None:
        local_start = session.start.astimezone(berlin(0, 0).tzinfo) if session.start else None
        local_end = session.end.astimezone(berlin(0, 0).tzinfo) if session.end else None
        data |= {
            "title_en": session.title_en,
            "title_de": session.title_de,
            "format": session.format,
            "language": session.language,
            "room": session.room_id or "",
            "track": session.track_id or "",
            "day": local_start.date().isoformat() if local_start else "",
            "start_time": f"{local_start:%H:%M}" if local_start else "",
            "end_time": f"{local_end:%H:%M}" if local_end else "",
            "status": session.status,
            "version": session.version,
        }
        for index, role in enumerate(session.session_speakers.order_by("position")):
            data[f"speakers-{index}-speaker"] = role.speaker_id
            data[f"speakers-{index}-role"] = role.role
    return data | {key: str(value) for key, value in changes.items()}


def field_errors(response) -> dict[str, list[str]]:
    return {name: [str(error) for error in errors] for name, errors in response.context["form"].errors.items()}


# --- the list ---------------------------------------------------------------------------------------------------


def test_the_list_shows_every_status_and_filters_by_room_status_day_and_text(
    organizer_page, convention, stage, workshop_room, keynote
):
    ada = factories.SpeakerFactory(convention=convention, name="Ada Beispiel")
    draft = factories.SessionFactory(
        convention=convention,
        title_en="Hands-on data",
        room=workshop_room,
        start=berlin(1, 14),
        end=berlin(1, 15),
        status=SessionStatus.DRAFT,
    )
    SessionSpeaker.objects.create(session=draft, speaker=ada, role=SpeakerRole.MODERATOR)
    factories.SessionFactory(convention=convention, title_en="Unplaced", room=None, start=None, end=None)

    def titles(query: str = "") -> list[str]:
        response = organizer_page.get(SESSIONS + query)
        assert response.status_code == 200
        return [row["session"].title for row in response.context["rows"]]

    assert titles() == ["Opening keynote", "Hands-on data", "Unplaced"]
    assert titles(f"?room={workshop_room.pk}") == ["Hands-on data"]
    assert titles("?room=none") == ["Unplaced"]
    assert titles("?status=draft") == ["Hands-on data"]
    assert titles("?day=2025-09-30") == ["Opening keynote"]
    assert titles("?q=ada") == ["Hands-on data"]  # speakers' names are searched too
    assert titles("?room=not-a-room&day=someday") == ["Opening keynote", "Hands-on data", "Unplaced"]
    page = organizer_page.get(SESSIONS).content.decode()
    assert "Ada Beispiel" in page and "Moderator" in page
    assert f'href="{edit_url(keynote)}"' in page


def test_the_list_marks_sessions_with_warnings(organizer_page, convention, stage, keynote):
    factories.SessionFactory(
        convention=convention,
        title_en="Crowded",
        room=stage,
        start=berlin(1, 10),
        end=berlin(1, 11),
        expected_attendance=500,
    )

    page = organizer_page.get(SESSIONS).content.decode()

    assert page.count('class="warning-count"') == 1


def test_read_only_members_see_the_list_without_edit_links(convention, keynote):
    page = client_for(factories.team_member(convention, "readonly")).get(SESSIONS)

    assert page.status_code == 200
    assert edit_url(keynote) not in page.content.decode()
    assert "New session" not in page.content.decode()


def test_strangers_and_anonymous_visitors_do_not_reach_the_editor(convention, keynote):
    outsider = factories.team_member(factories.ConventionFactory(), "organizer")

    assert client_for(outsider).get(SESSIONS).status_code == 404
    assert client_for(outsider).post(edit_url(keynote), form_data(keynote, title_en="Taken over")).status_code == 404
    anonymous = Client().get(SESSIONS)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/?next=")
    assert Session.objects.get(pk=keynote.pk).title_en == "Opening keynote"


# --- create -----------------------------------------------------------------------------------------------------


def test_organizer_creates_a_panel_with_its_line_up(organizer_page, convention, stage):
    ada = factories.SpeakerFactory(convention=convention, name="Ada")
    ben = factories.SpeakerFactory(convention=convention, name="Ben")
    data = form_data(
        title_de="Offene Daten",
        title_en="Open data",
        format="panel",
        room=stage.pk,
        day="2025-10-01",
        start_time="14:00",
        end_time="15:00",
        status="confirmed",
        capacity="120",
    ) | {
        "speakers-0-speaker": str(ada.pk),
        "speakers-0-role": SpeakerRole.MODERATOR,
        "speakers-1-speaker": str(ben.pk),
        "speakers-1-role": SpeakerRole.PANELIST,
    }

    response = organizer_page.post(NEW, data)

    session = Session.objects.get(title_en="Open data")
    assert response.status_code == 302 and response["Location"] == edit_url(session)
    assert (session.title_de, session.format, session.room, session.start, session.end, session.capacity) == (
        "Offene Daten",
        "panel",
        stage,
        berlin(1, 14),
        berlin(1, 15),
        120,
    )
    assert list(session.session_speakers.values_list("speaker__name", "role")) == [
        ("Ada", SpeakerRole.MODERATOR),
        ("Ben", SpeakerRole.PANELIST),
    ]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title_en": ""}, {"title_en": ["Give the session a title in German or English."]}),
        (
            {"day": "2025-09-30", "start_time": "10:00"},
            {"end_time": ["Enter when the session ends, or clear the day."]},
        ),
        ({"start_time": "10:00", "end_time": "11:00"}, {"day": ["Choose the day, or clear the times."]}),
        ({"capacity": "many"}, {"capacity": ["Enter a whole number."]}),
        ({"format": "circus"}, {"format": ["Select a valid choice. circus is not one of the available choices."]}),
        ({"day": "2025-09-30", "start_time": "25:00", "end_time": "11:00"}, {"start_time": ["Enter a valid time."]}),
        (
            {"day": "2025-09-30", "start_time": "11:00", "end_time": "10:00"},
            {"end_time": ["The session must end after it starts, and it lasts at most 24 hours."]},
        ),
        (
            {"day": "2025-09-30", "start_time": "17:30", "end_time": "19:00"},
            {"start_time": ["On that day the convention is open from 09:00 to 18:00; the session must lie inside."]},
        ),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(organizer_page, convention, changes, errors):
    response = organizer_page.post(NEW, form_data(**changes))

    assert response.status_code == 400
    assert field_errors(response) == errors
    assert not Session.objects.exists()
    assert "Please correct the marked entries." in response.content.decode()


def test_a_room_clash_is_refused_with_the_session_it_clashes_with(organizer_page, convention, stage, keynote):
    response = organizer_page.post(
        NEW, form_data(room=stage.pk, day="2025-09-30", start_time="10:30", end_time="11:30", status="confirmed")
    )

    assert response.status_code == 400
    assert field_errors(response) == {"room": ["Stage 1 already holds “Opening keynote” from 10:00 to 11:00."]}
    assert Session.objects.count() == 1


def test_a_speaker_listed_twice_is_a_field_error(organizer_page, convention):
    ada = factories.SpeakerFactory(convention=convention, name="Ada")
    data = form_data() | {"speakers-0-speaker": str(ada.pk), "speakers-1-speaker": str(ada.pk)}

    response = organizer_page.post(NEW, data)

    assert response.status_code == 400
    assert response.context["speakers"].forms[1].errors == {"speaker": ["Ada is listed twice."]}
    assert not Session.objects.exists()


# --- edit -------------------------------------------------------------------------------------------------------


def test_organizer_moves_a_session_and_adds_a_speaker(organizer_page, convention, keynote, workshop_room):
    ada = factories.SpeakerFactory(convention=convention, name="Ada")
    data = form_data(keynote, room=workshop_room.pk, day="2025-10-02", start_time="09:30", end_time="10:15") | {
        "speakers-0-speaker": str(ada.pk),
        "speakers-0-role": SpeakerRole.SPEAKER,
    }

    response = organizer_page.post(edit_url(keynote), data)

    assert response.status_code == 302
    keynote.refresh_from_db()
    assert (keynote.room, keynote.start, keynote.end) == (workshop_room, berlin(2, 9, 30), berlin(2, 10, 15))
    assert list(keynote.session_speakers.values_list("speaker__name", "role")) == [("Ada", "speaker")]


def test_the_edit_form_shows_the_saved_values(organizer_page, keynote):
    form = organizer_page.get(edit_url(keynote)).context["form"]

    assert {name: form.initial[name] for name in ("title_en", "day", "start_time", "end_time", "version")} == {
        "title_en": "Opening keynote",
        "day": "2025-09-30",
        "start_time": "10:00",
        "end_time": "11:00",
        "version": keynote.version,
    }


def test_an_edit_based_on_an_old_version_is_refused_and_shows_the_current_values(organizer_page, keynote):
    loaded = form_data(keynote, title_en="My new title")
    schedule.update_session(session=Session.objects.get(pk=keynote.pk), title_en="Their new title")

    response = organizer_page.post(edit_url(keynote), loaded)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this session while you were editing it." in page
    assert response.context["form"].initial["title_en"] == "Their new title"
    assert "My new title" in page  # what this person typed is shown, not lost
    assert Session.objects.get(pk=keynote.pk).title_en == "Their new title"


def test_saving_an_unchanged_form_changes_nothing(organizer_page, keynote):
    version = keynote.version

    response = organizer_page.post(edit_url(keynote), form_data(keynote), follow=True)

    assert [str(message) for message in response.context["messages"]] == ["Nothing changed."]
    assert Session.objects.get(pk=keynote.pk).version == version


def test_a_title_edit_of_a_session_that_clashed_before_the_rule_is_saved(organizer_page, convention, stage, keynote):
    # Rows written before the rule held (bulk_create bypasses the service); only a move is checked again.
    (legacy,) = Session.objects.bulk_create(
        [
            Session(
                convention=convention,
                title_en="Legacy",
                room=stage,
                start=berlin(0, 10),
                end=berlin(0, 11),
                status="confirmed",
            )
        ]
    )

    response = organizer_page.post(
        edit_url(legacy), form_data(Session.objects.get(pk=legacy.pk), title_en="Legacy (renamed)")
    )

    assert response.status_code == 302
    assert Session.objects.get(pk=legacy.pk).title_en == "Legacy (renamed)"


def test_curators_edit_sessions_in_their_rooms_only(convention, stage, workshop_room, keynote):
    curator = client_for(factories.team_member(convention, "curator", rooms=[workshop_room]))
    workshop = factories.SessionFactory(
        convention=convention, title_en="Workshop", room=workshop_room, start=berlin(1, 10), end=berlin(1, 11)
    )

    assert curator.get(edit_url(keynote)).status_code == 403
    assert curator.post(edit_url(keynote), form_data(keynote, title_en="Mine now")).status_code == 403
    assert Session.objects.get(pk=keynote.pk).title_en == "Opening keynote"

    assert curator.post(edit_url(workshop), form_data(workshop, title_en="Workshop, renamed")).status_code == 302
    assert Session.objects.get(pk=workshop.pk).title_en == "Workshop, renamed"

    moved_out = curator.post(edit_url(workshop), form_data(Session.objects.get(pk=workshop.pk), room=stage.pk))
    assert moved_out.status_code == 400
    assert field_errors(moved_out) == {"room": ["You may only plan sessions in your own rooms or tracks."]}
    assert Session.objects.get(pk=workshop.pk).room == workshop_room


def test_read_only_members_cannot_open_or_post_the_editor(convention, keynote):
    reader = client_for(factories.team_member(convention, "readonly"))

    assert reader.get(edit_url(keynote)).status_code == 403
    assert reader.post(edit_url(keynote), form_data(keynote, title_en="Changed")).status_code == 403
    assert reader.post(NEW, form_data()).status_code == 403
    assert Session.objects.get(pk=keynote.pk).title_en == "Opening keynote"
    assert Session.objects.count() == 1


# --- release ----------------------------------------------------------------------------------------------------


@pytest.fixture
def released(convention, stage, keynote):
    """Version 1 holds the keynote and a panel; an attendee has the keynote in their agenda with invites."""
    panel = factories.SessionFactory(
        convention=convention, title_en="Panel", room=stage, start=berlin(0, 12), end=berlin(0, 13)
    )
    release_schedule(convention=convention)
    erika = factories.RegistrationFactory(convention=convention, email="erika@berlin.de", language="en")
    agenda.update_preferences(registration=erika, calendar_invites_for_bookmarks=True)
    agenda.bookmark_session(registration=erika, session=keynote)
    return panel


def test_release_page_lists_the_changes_warnings_and_calendar_updates(
    organizer_page, convention, stage, keynote, released
):
    schedule.update_session(session=keynote, start=berlin(1, 10), end=berlin(1, 11))
    schedule.cancel_session(session=released)
    factories.SessionFactory(
        convention=convention, title_en="Fresh", room=stage, start=berlin(2, 10), end=berlin(2, 11)
    )
    factories.SessionFactory(convention=convention, title_en="Unplaced", room=None)

    response = organizer_page.get(RELEASE)

    assert response.status_code == 200
    preview = response.context["preview"]
    assert [(entry.kind, entry.title) for entry in preview.entries] == [
        ("new", "Fresh"),
        ("moved", "Opening keynote"),
        ("cancelled", "Panel"),
    ]
    assert preview.attendees_to_update == 1
    page = response.content.decode()
    assert "Tue, 09/30/2025 10:00" in page and "Wed, 10/01/2025 10:00" in page  # moved old → new
    assert "1 attendee gets a calendar update by e-mail." in page
    assert "“Unplaced” is confirmed but has no room yet." in page
    assert "Release version 2" in page
    assert "{" not in page.split('id="preview-heading"')[1].split("</section>")[0]  # no JSON


def test_releasing_from_the_page_publishes_the_next_version_and_mails_the_update(
    organizer_page, convention, keynote, released, django_capture_on_commit_callbacks
):
    schedule.update_session(session=keynote, start=berlin(1, 10), end=berlin(1, 11))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_page.post(RELEASE, {"comment": "Keynote moved to Wednesday", "next_version": "2"})

    assert response.status_code == 302
    latest = ScheduleRelease.objects.filter(convention=convention).latest()
    assert (latest.version, latest.comment) == (2, "Keynote moved to Wednesday")
    assert [message.to for message in mail.outbox] == [["erika@berlin.de"]]
    history = organizer_page.get(RELEASE).content.decode()
    assert "Version 2 is released." in history
    assert "Keynote moved to Wednesday" in history
    assert "Release version 3" in history


def test_a_release_made_meanwhile_is_not_repeated_unseen(organizer_page, convention, released):
    release_schedule(convention=convention)  # someone else released version 2

    response = organizer_page.post(RELEASE, {"comment": "", "next_version": "2"})

    assert response.status_code == 400
    assert "Someone released version 2 in the meantime." in response.content.decode()
    assert ScheduleRelease.objects.filter(convention=convention).latest().version == 2


def test_a_too_long_release_comment_is_a_field_error(organizer_page, convention, released):
    response = organizer_page.post(RELEASE, {"comment": "x" * 501, "next_version": "2"})

    assert response.status_code == 400
    assert response.context["form"].errors["comment"] == ["Ensure this value has at most 500 characters (it has 501)."]
    assert ScheduleRelease.objects.filter(convention=convention).count() == 1


@pytest.mark.parametrize("role", ["curator", "readonly"])
def test_only_organizers_release(convention, released, role):
    member = client_for(factories.team_member(convention, role))

    assert member.get(RELEASE).status_code == 403
    assert member.post(RELEASE, {"comment": "", "next_version": "2"}).status_code == 403
    assert ScheduleRelease.objects.filter(convention=convention).count() == 1


def test_the_release_page_speaks_german(organizer_page, convention, keynote, released):
    schedule.update_session(session=keynote, start=berlin(1, 10), end=berlin(1, 11))

    page = organizer_page.get(RELEASE + "?lang=de").content.decode()

    assert "Programm freigeben" in page
    assert "Verschoben" in page
    assert "Version 2 freigeben" in page
    assert "1 teilnehmende Person erhält eine Kalenderaktualisierung per E-Mail." in page


def test_the_edit_page_names_the_sessions_warnings_in_the_page_language(organizer_page, convention, stage, keynote):
    Session.objects.bulk_create(  # got in before the room-clash rule held
        [
            Session(
                convention=convention,
                title_en="Legacy",
                room=stage,
                start=berlin(0, 10, 30),
                end=berlin(0, 11, 30),
                status="confirmed",
            )
        ]
    )

    english = organizer_page.get(edit_url(keynote)).content.decode()
    german = organizer_page.get(edit_url(keynote) + "?lang=de").content.decode()

    assert "Room “Stage 1” holds “Opening keynote” and “Legacy” at overlapping times." in english
    # Titles in the page's language too; "Legacy" has no German title and keeps its English one.
    assert f"In Raum „Stage 1“ überschneiden sich „{keynote.title_de}“ und „Legacy“." in german


def test_the_list_costs_the_same_queries_for_one_or_many_sessions(organizer_page, convention, stage):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organizer_page.get(SESSIONS).status_code == 200
        return len(captured)

    first = factories.SessionFactory(convention=convention, room=stage, start=berlin(0, 9), end=berlin(0, 10))
    SessionSpeaker.objects.create(session=first, speaker=factories.SpeakerFactory(convention=convention))
    one = queries_for_list()
    for hour in (11, 12):
        session = factories.SessionFactory(
            convention=convention, room=stage, start=berlin(0, hour), end=berlin(0, hour, 30)
        )
        SessionSpeaker.objects.create(session=session, speaker=factories.SpeakerFactory(convention=convention))

    assert queries_for_list() == one


def test_the_editor_shows_each_speakers_answer_to_the_invitation(organizer_page, convention, keynote):
    from events.enums import SpeakerState

    SessionSpeaker.objects.create(
        session=keynote,
        speaker=factories.SpeakerFactory(convention=convention, name="Ada"),
        state=SpeakerState.CONFIRMED,
    )
    SessionSpeaker.objects.create(
        session=keynote,
        speaker=factories.SpeakerFactory(convention=convention, name="Ben"),
        state=SpeakerState.DECLINED,
        position=1,
    )

    listed = organizer_page.get(SESSIONS).content.decode()
    edited = organizer_page.get(edit_url(keynote)).content.decode()

    assert 'Ada <span class="muted">(Speaker, Confirmed)</span>' in listed
    assert "Ben (Speaker): <strong>Declined</strong>" in edited
