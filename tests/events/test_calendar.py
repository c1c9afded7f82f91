import datetime as dt

import pytest
from django.core import mail
from icalendar import Calendar

from events.enums import SessionFormat
from events.models import CalendarDelivery, OutboundMessage
from events.services import agenda, calendar, schedule, workshops
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin


@pytest.fixture(autouse=True)
def _before_the_convention(monkeypatch):
    frozen = berlin(0, 8)
    monkeypatch.setattr(workshops.timezone, "now", lambda: frozen)


@pytest.fixture
def session(convention):
    hall = factories.HallFactory(convention=convention, name="hub27")
    room = factories.RoomFactory(convention=convention, hall=hall, name="Workshop Room A", capacity=20)
    return factories.SessionFactory(
        convention=convention,
        room=room,
        format=SessionFormat.WORKSHOP,
        title_de="Digitale Zwillinge in der Praxis",
        title_en="Digital twins in practice",
        abstract_de="Wie Städte Zwillinge betreiben.",
        abstract_en="How cities run digital twins.",
        start=berlin(0, 10),
        end=berlin(0, 12),
    )


def invites_to(email: str) -> list[Calendar]:
    """Every invite sent to ``email``, parsed from the text/calendar part, in sending order."""
    found = []
    for message in mail.outbox:
        if message.to == [email]:
            (content, mimetype) = message.alternatives[-1]
            assert mimetype.startswith("text/calendar; method=")
            found.append(Calendar.from_ical(content))
    return found


def the_event(invite: Calendar):
    (event,) = invite.walk("VEVENT")
    return event


def test_sign_up_invite_has_every_field(convention, session, django_capture_on_commit_callbacks):
    registration = factories.RegistrationFactory(convention=convention, language="en", email="erika@berlin.de")

    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=session, registration=registration)

    (invite,) = invites_to("erika@berlin.de")
    event = the_event(invite)
    assert str(invite["method"]) == "REQUEST"
    assert event["uid"] == f"{session.guid}@messe"
    assert event["sequence"] == 0
    assert str(event["summary"]) == "Digital twins in practice"
    assert str(event["description"]) == "How cities run digital twins."
    assert str(event["location"]) == "Workshop Room A, hub27"
    assert str(event["url"]) == f"http://localhost:8000/events/sccon/sessions/{session.pk}/"
    assert event.decoded("dtstart") == dt.datetime(2025, 9, 30, 8, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2025, 9, 30, 10, 0, tzinfo=dt.UTC)
    assert str(event["organizer"]) == "mailto:noreply@messe.localhost"
    assert str(event["attendee"]) == "mailto:erika@berlin.de"
    assert event["attendee"].params["PARTSTAT"] == "ACCEPTED"
    assert str(event["status"]) == "CONFIRMED"


def test_invite_email_carries_calendar_part_and_attachment_in_attendee_language(
    convention, session, django_capture_on_commit_callbacks
):
    registration = factories.RegistrationFactory(convention=convention, language="de", email="erika@berlin.de")

    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=session, registration=registration)

    (sent,) = mail.outbox
    assert sent.subject == "Einladung: Digitale Zwillinge in der Praxis"
    assert "Ihr Platz ist bestätigt" in sent.body
    assert [mimetype for _, mimetype in sent.alternatives] == ["text/calendar; method=REQUEST"]
    message = sent.message()
    assert message.is_multipart()
    (attachment,) = [part for part in message.walk() if part.get_filename() == "invite.ics"]
    assert (attachment.get_content_type(), attachment.get_content_charset()) == ("application/ics", "utf-8")
    assert attachment.get_payload(decode=True).decode("utf-8") == sent.alternatives[0][0]
    assert "text/calendar" in message.as_string()


def test_release_moving_a_session_updates_with_same_uid_and_higher_sequence(
    convention, session, django_capture_on_commit_callbacks
):
    registration = factories.RegistrationFactory(convention=convention, email="erika@berlin.de")
    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=session, registration=registration)
        release_schedule(convention=convention)
    schedule.update_session(session=session, start=berlin(1, 14), end=berlin(1, 16))

    with django_capture_on_commit_callbacks(execute=True):
        release = release_schedule(convention=convention)

    first, update = invites_to("erika@berlin.de")
    assert str(update["method"]) == "REQUEST"
    assert the_event(update)["uid"] == the_event(first)["uid"]
    assert the_event(update)["sequence"] == 1
    assert the_event(update).decoded("dtstart") == dt.datetime(2025, 10, 1, 12, 0, tzinfo=dt.UTC)
    assert OutboundMessage.objects.filter(kind="calendar_update").values_list("idempotency_key", flat=True).get() == (
        f"calendar:update:{registration.pk}:{session.pk}:v{release.version}:s1"
    )


def test_release_fan_out_twice_sends_each_update_once(convention, session, django_capture_on_commit_callbacks):
    registration = factories.RegistrationFactory(convention=convention)
    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=session, registration=registration)
    schedule.update_session(session=session, start=berlin(1, 14), end=berlin(1, 16))
    with django_capture_on_commit_callbacks(execute=True):
        release = release_schedule(convention=convention)

    with django_capture_on_commit_callbacks(execute=True):
        assert calendar.fan_out_release_updates(release=release) == 0

    assert OutboundMessage.objects.filter(kind="calendar_update").count() == 1
    assert CalendarDelivery.objects.get().sequence == 1


def test_release_without_the_session_cancels_it_in_calendars(convention, session, django_capture_on_commit_callbacks):
    registration = factories.RegistrationFactory(convention=convention, email="erika@berlin.de")
    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=session, registration=registration)
        release_schedule(convention=convention)
    schedule.cancel_session(session=session)

    with django_capture_on_commit_callbacks(execute=True):
        release_schedule(convention=convention)

    first, cancel = invites_to("erika@berlin.de")
    assert str(cancel["method"]) == "CANCEL"
    assert str(the_event(cancel)["status"]) == "CANCELLED"
    assert the_event(cancel)["uid"] == the_event(first)["uid"]
    assert the_event(cancel)["sequence"] == 1
    assert mail.outbox[-1].alternatives[0][1] == "text/calendar; method=CANCEL"


def test_cancelled_signup_sends_cancel_with_higher_sequence(convention, session, django_capture_on_commit_callbacks):
    registration = factories.RegistrationFactory(convention=convention, email="erika@berlin.de")
    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=session, registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        workshops.cancel_workshop_signup(session=session, registration=registration)

    first, cancel = invites_to("erika@berlin.de")
    assert (str(cancel["method"]), str(the_event(cancel)["status"])) == ("CANCEL", "CANCELLED")
    assert the_event(cancel)["uid"] == the_event(first)["uid"]
    assert the_event(cancel)["sequence"] == 1


def test_bookmark_invites_only_after_opt_in(convention, session, django_capture_on_commit_callbacks):
    talk = factories.SessionFactory(convention=convention, start=berlin(1, 10))
    registration = factories.RegistrationFactory(convention=convention, email="erika@berlin.de")

    with django_capture_on_commit_callbacks(execute=True):
        agenda.bookmark_session(registration=registration, session=talk)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        agenda.update_preferences(registration=registration, calendar_invites_for_bookmarks=True)
    (invite,) = invites_to("erika@berlin.de")
    assert the_event(invite)["uid"] == f"{talk.guid}@messe"

    with django_capture_on_commit_callbacks(execute=True):
        agenda.remove_bookmark(registration=registration, session=talk)
    assert [str(c["method"]) for c in invites_to("erika@berlin.de")] == ["REQUEST", "CANCEL"]
