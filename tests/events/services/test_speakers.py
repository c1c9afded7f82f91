"""Speakers taking part: invitation on being added, answers, reminders, passes, calendars and material."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from icalendar import Calendar

from events.enums import SessionFormat, SessionStatus, SignupStatus, SpeakerRole, SpeakerState
from events.models import OutboundMessage, Registration, SessionMaterial, SessionSpeaker, WorkshopSignup
from events.selectors.schedule import schedule_warnings
from events.services import followup, schedule, speakers
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def room(convention):
    return factories.RoomFactory(convention=convention, name="Stage 1")


@pytest.fixture
def ada(convention):
    return factories.SpeakerFactory(convention=convention, name="Ada Lovelace", email="ada@example.org", language="en")


def panel(convention, room, speaker, **fields):
    return schedule.create_session(
        convention=convention,
        title_de="Panel: Daten für alle",
        title_en="Panel: data for everyone",
        format=SessionFormat.PANEL,
        room=room,
        start=berlin(0, 10),
        end=berlin(0, 11),
        status=SessionStatus.CONFIRMED,
        speakers=[(speaker, SpeakerRole.PANELIST)],
        **fields,
    )


def to(email):
    return [message for message in mail.outbox if message.to == [email]]


def invites(email):
    found = []
    for message in to(email):
        for content, mimetype in message.alternatives:
            if mimetype.startswith("text/calendar"):
                (event,) = Calendar.from_ical(content).walk("VEVENT")
                found.append((str(Calendar.from_ical(content)["method"]), event))
    return found


def test_adding_a_speaker_sends_one_invitation_with_their_link(
    convention, room, ada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = panel(convention, room, ada)

    (message,) = to("ada@example.org")
    assert message.subject == "Your invitation to speak at Smart Country Convention 2025: Panel: data for everyone"
    assert "you are invited to a panel at Smart Country Convention 2025" in message.body
    assert speakers.speaker_link_url(ada) in message.body
    role = SessionSpeaker.objects.get(session=session, speaker=ada)
    assert (role.state, role.invited_at is not None) == (SpeakerState.INVITED, True)


def test_invitation_in_german_for_a_german_speaker(convention, room, django_capture_on_commit_callbacks):
    grete = factories.SpeakerFactory(convention=convention, name="Grete", email="grete@example.org", language="de")
    with django_capture_on_commit_callbacks(execute=True):
        panel(convention, room, grete)

    (message,) = to("grete@example.org")
    assert message.subject == "Ihre Einladung zum Vortrag auf der Smart Country Convention 2025: Panel: Daten für alle"
    assert "Guten Tag Grete," in message.body
    assert "Bitte sagen Sie auf Ihrer Mitwirkendenseite zu oder ab" in message.body


def test_changing_the_line_up_keeps_answers_and_invites_only_the_new_speaker(
    convention, room, ada, django_capture_on_commit_callbacks
):
    session = panel(convention, room, ada)
    role = SessionSpeaker.objects.get(session=session, speaker=ada)
    speakers.answer_session(role=role, state=SpeakerState.CONFIRMED, note="Gern!")
    grace = factories.SpeakerFactory(convention=convention, email="grace@example.org", language="en")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        schedule.update_session(session=session, speakers=[(grace, SpeakerRole.MODERATOR), (ada, SpeakerRole.PANELIST)])

    role.refresh_from_db()
    assert (role.state, role.note, role.position) == (SpeakerState.CONFIRMED, "Gern!", 1)
    assert [message.to for message in mail.outbox] == [["grace@example.org"]]
    assert "you are invited to moderate a session" in mail.outbox[0].body


def test_reminder_goes_once_after_the_configured_days_and_marks_no_answer(
    convention, room, ada, settings, django_capture_on_commit_callbacks
):
    settings.MESSE_SPEAKER_REMINDER_DAYS = 5
    session = panel(convention, room, ada)
    role = SessionSpeaker.objects.get(session=session)
    invited = role.invited_at
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert speakers.send_due_speaker_reminders(now=invited + dt.timedelta(days=4)) == 0
        assert speakers.send_due_speaker_reminders(now=invited + dt.timedelta(days=5, minutes=1)) == 1
        assert speakers.send_due_speaker_reminders(now=invited + dt.timedelta(days=9)) == 0

    (message,) = to("ada@example.org")
    assert message.subject == "Reminder: please answer your invitation – Panel: data for everyone"
    role.refresh_from_db()
    assert role.state == SpeakerState.NO_ANSWER


def test_answered_speakers_get_no_reminder(convention, room, ada, settings):
    session = panel(convention, room, ada)
    role = SessionSpeaker.objects.get(session=session)
    speakers.answer_session(role=role, state=SpeakerState.DECLINED)

    assert speakers.send_due_speaker_reminders(now=role.invited_at + dt.timedelta(days=30)) == 0


def test_organizer_resends_the_invitation(convention, room, ada, django_capture_on_commit_callbacks):
    session = panel(convention, room, ada)
    role = SessionSpeaker.objects.get(session=session)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert speakers.resend_invitation(role=role) is True
        assert speakers.resend_invitation(role=role) is False  # a second click within the minute

    (message,) = to("ada@example.org")
    assert speakers.speaker_link_url(ada) in message.body


def test_a_speaker_without_address_is_added_without_invitation(convention, room):
    quiet = factories.SpeakerFactory(convention=convention, email="")
    session = panel(convention, room, quiet)

    role = SessionSpeaker.objects.get(session=session)
    assert (role.state, role.invited_at) == (SpeakerState.INVITED, None)
    assert speakers.resend_invitation(role=role) is False


def test_link_token_opens_only_its_own_speaker(convention, ada):
    other = factories.SpeakerFactory(convention=convention)

    assert speakers.token_matches(ada, speakers.speaker_link_token(ada))
    assert not speakers.token_matches(other, speakers.speaker_link_token(ada))
    assert not speakers.token_matches(ada, "")


def test_declining_is_a_warning_with_the_note(convention, room, ada):
    session = panel(convention, room, ada)
    speakers.answer_session(
        role=SessionSpeaker.objects.get(session=session), state=SpeakerState.DECLINED, note="Ich bin verreist."
    )

    declined = [
        warning for warning in schedule_warnings(convention=convention) if warning["code"] == "speaker_declined"
    ]
    assert declined == [
        {
            "code": "speaker_declined",
            "message": "Ada Lovelace declined “Panel: data for everyone”. Note: Ich bin verreist.",
            "session_id": session.pk,
            "speaker_id": ada.pk,
            "note": "Ich bin verreist.",
        }
    ]


def test_a_session_inside_the_speakers_unavailability_is_a_warning(convention, room, ada):
    speakers.add_unavailability(speaker=ada, start=berlin(0, 9), end=berlin(0, 12), note="Flug")
    panel(convention, room, ada)

    codes = [warning["code"] for warning in schedule_warnings(convention=convention)]
    assert codes == ["speaker_unavailable"]


def test_confirming_issues_one_speaker_pass_with_badge(convention, room, ada):
    factories.TicketTypeFactory(convention=convention, name_en="Speaker pass", price=0, is_speaker_pass=True)
    session = panel(convention, room, ada)
    second = schedule.create_session(
        convention=convention,
        title_en="Keynote",
        room=room,
        start=berlin(1, 10),
        end=berlin(1, 11),
        speakers=[(ada, SpeakerRole.SPEAKER)],
    )

    speakers.answer_session(role=SessionSpeaker.objects.get(session=session), state=SpeakerState.CONFIRMED)
    speakers.answer_session(role=SessionSpeaker.objects.get(session=second), state=SpeakerState.CONFIRMED)

    (registration,) = Registration.objects.filter(convention=convention)
    assert (registration.email, registration.ticket_type.is_speaker_pass, registration.price) == (
        "ada@example.org",
        True,
        0,
    )
    assert registration.badges.count() == 1
    assert speakers.speaker_pass(speaker=ada) == registration


def test_confirmed_speaker_gets_invite_and_a_moving_release_updates_it(
    convention, room, ada, django_capture_on_commit_callbacks
):
    session = panel(convention, room, ada)
    with django_capture_on_commit_callbacks(execute=True):
        release_schedule(convention=convention)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        speakers.answer_session(role=SessionSpeaker.objects.get(session=session), state=SpeakerState.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.update_session(session=session, start=berlin(0, 14), end=berlin(0, 15))
    with django_capture_on_commit_callbacks(execute=True):
        release_schedule(convention=convention)

    (first_method, first), (second_method, second) = invites("ada@example.org")
    assert (first_method, second_method) == ("REQUEST", "REQUEST")
    assert first["uid"] == second["uid"] == f"{session.guid}-speaker-{ada.guid}@messe"
    assert second["sequence"] > first["sequence"]
    assert second.decoded("dtstart") == dt.datetime(2025, 9, 30, 12, 0, tzinfo=dt.UTC)
    assert str(second["attendee"]) == "mailto:ada@example.org"


def test_cancelling_a_released_session_cancels_the_speakers_entry(
    convention, room, ada, django_capture_on_commit_callbacks
):
    session = panel(convention, room, ada)
    speakers.answer_session(role=SessionSpeaker.objects.get(session=session), state=SpeakerState.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        release_schedule(convention=convention)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.cancel_session(session=session)
        release_schedule(convention=convention)

    (_invite_method, invite), (cancel_method, cancel) = invites("ada@example.org")
    assert cancel_method == "CANCEL"
    assert cancel["uid"] == invite["uid"]
    assert cancel["sequence"] > invite["sequence"]


def test_declining_after_confirming_removes_the_session_from_the_calendar(
    convention, room, ada, django_capture_on_commit_callbacks
):
    session = panel(convention, room, ada)
    release_schedule(convention=convention)
    role = SessionSpeaker.objects.get(session=session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        speakers.answer_session(role=role, state=SpeakerState.CONFIRMED)
        speakers.answer_session(role=role, state=SpeakerState.DECLINED)

    assert [method for method, _event in invites("ada@example.org")] == ["REQUEST", "CANCEL"]


def test_speaker_material_is_sent_after_the_session_only_once_reviewed(convention, room, ada):
    convention.speaker_material_reviewed = True
    convention.save()
    session = panel(convention, room, ada)
    role = SessionSpeaker.objects.get(session=session)
    attendee = factories.RegistrationFactory(convention=convention, email="erika@example.org")
    WorkshopSignup.objects.create(session=session, registration=attendee, status=SignupStatus.CONFIRMED)
    slides = SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf")

    material = speakers.add_material(role=role, title="Slides", file=slides)

    assert (material.is_published, material.speaker) == (False, ada)
    assert followup.send_due_session_materials(now=berlin(0, 12)) == 0
    followup.publish_session_material(material=material)
    assert followup.send_due_session_materials(now=berlin(0, 12)) == 1
    (message,) = OutboundMessage.objects.filter(recipient="erika@example.org", kind="session_material")
    assert f"/media/{material.file.name}" in message.body_text


def test_material_needs_a_file_or_a_link(convention, room, ada):
    role = SessionSpeaker.objects.get(session=panel(convention, room, ada))

    with pytest.raises(speakers.ValidationFailed):
        speakers.add_material(role=role, title="Nothing")
    assert SessionMaterial.objects.count() == 0


def test_photo_is_validated_and_resized(convention, ada):
    from tests.uploads_helpers import image_bytes

    speakers.update_profile(
        speaker=ada, photo=SimpleUploadedFile("me.png", image_bytes("PNG", (1600, 1200))), name="Ada King"
    )

    ada.refresh_from_db()
    from PIL import Image

    with ada.photo.open("rb") as handle:
        assert Image.open(handle).size == (800, 600)
    assert ada.name == "Ada King"
    with pytest.raises(speakers.uploads.UploadTypeNotAllowed):
        speakers.update_profile(speaker=ada, photo=SimpleUploadedFile("me.png", PDF))
