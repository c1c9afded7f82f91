"""One session, one calendar identity: the same UID and a SEQUENCE that only grows in ``schedule.ics``, the
session's ``.ics``, the personal feed and the e-mailed invites, all read with a real iCalendar parser; the
invite attachment's bytes are UTF-8 and say so; the wording says what happened."""

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from events.enums import SessionFormat
from events.errors import SignupClosed
from events.services import agenda, schedule, workshops
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

GERMAN_TITLE = "Digitale Zwillinge – Praxis für Städte"


@pytest.fixture(autouse=True)
def _before_the_convention(monkeypatch):
    frozen = berlin(0, 8)
    monkeypatch.setattr(workshops.timezone, "now", lambda: frozen)


@pytest.fixture
def workshop(convention):
    hall = factories.HallFactory(convention=convention, name="hub27")
    room = factories.RoomFactory(convention=convention, hall=hall, name="Workshop Room A", capacity=20)
    return factories.SessionFactory(
        convention=convention,
        room=room,
        format=SessionFormat.WORKSHOP,
        title_de=GERMAN_TITLE,
        title_en="Digital twins – practice for cities",
        start=berlin(0, 10),
        end=berlin(0, 12),
    )


def invite_attachments(email: str) -> list[tuple[Calendar, str]]:
    """Every invite.ics sent to ``email``, parsed from the attachment's bytes, with the mail's text."""
    found = []
    for sent in mail.outbox:
        if sent.to != [email]:
            continue
        for part in sent.message().walk():
            if part.get_filename() == "invite.ics":
                assert part.get_content_charset() == "utf-8"
                found.append((Calendar.from_ical(part.get_payload(decode=True)), sent.body))
    return found


def only_event(calendar: Calendar, uid: str | None = None):
    events = [event for event in calendar.walk("VEVENT") if uid is None or str(event["UID"]) == uid]
    assert len(events) == 1
    return events[0]


def four_sources(*, client: Client, feed_url: str, workshop, email: str):
    """(schedule.ics, session .ics, personal feed, latest invite) events for ``workshop``."""
    slug = workshop.convention.slug
    uid_probe = only_event(
        Calendar.from_ical(client.get(f"/events/{slug}/sessions/{workshop.pk}/calendar.ics").content)
    )
    uid = str(uid_probe["UID"])
    feed = Calendar.from_ical(client.get(f"/api/v1/events/{slug}/schedule.ics").content)
    personal = Calendar.from_ical(client.get(feed_url).content)
    invite, _ = invite_attachments(email)[-1]
    return only_event(feed, uid), uid_probe, only_event(personal, uid), only_event(invite)


def test_invite_attachment_bytes_keep_german_title_and_attendee_name(
    convention, workshop, django_capture_on_commit_callbacks
):
    registration = factories.RegistrationFactory(
        convention=convention, language="de", first_name="Jürgen", last_name="Größe-Schäfer", email="jg@berlin.de"
    )

    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=workshop, registration=registration)

    ((invite, body),) = invite_attachments("jg@berlin.de")
    event = only_event(invite)
    assert str(event["SUMMARY"]) == GERMAN_TITLE
    assert event["ATTENDEE"].params["CN"] == "Jürgen Größe-Schäfer"
    assert str(event["LOCATION"]) == "Workshop Room A, hub27"
    assert body.startswith(f"Ihr Platz ist bestätigt: {GERMAN_TITLE}")


def test_one_uid_per_session_everywhere_and_sequence_grows_on_a_move(
    convention, workshop, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://messe.example.org:8110"
    release_schedule(convention=convention)
    registration = factories.RegistrationFactory(convention=convention, language="de", email="erika@berlin.de")
    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=workshop, registration=registration)
    feed_url = f"/api/v1/agenda/{agenda.rotate_feed_token(registration=registration)}.ics"
    # Fetched under another host name than SITE_URL's: the UID must not depend on it.
    client = Client(HTTP_HOST="127.0.0.1")

    before = four_sources(client=client, feed_url=feed_url, workshop=workshop, email="erika@berlin.de")

    assert {str(event["UID"]) for event in before} == {f"{workshop.guid}@messe"}
    assert [event["SEQUENCE"] for event in before] == [0, 0, 0, 0]
    assert {str(event["URL"]) for event in before} == {
        f"http://messe.example.org:8110/events/{convention.slug}/sessions/{workshop.pk}/"
    }

    schedule.update_session(session=workshop, start=berlin(1, 14), end=berlin(1, 16))
    with django_capture_on_commit_callbacks(execute=True):
        release_schedule(convention=convention)
    after = four_sources(client=client, feed_url=feed_url, workshop=workshop, email="erika@berlin.de")

    assert {str(event["UID"]) for event in after} == {f"{workshop.guid}@messe"}
    assert [event["SEQUENCE"] for event in after] == [1, 1, 1, 1]
    assert {event.decoded("DTSTART") for event in after} == {berlin(1, 14)}


def test_sequence_never_falls_below_the_published_one_for_a_late_invite(
    convention, workshop, django_capture_on_commit_callbacks
):
    release_schedule(convention=convention)
    schedule.update_session(session=workshop, start=berlin(1, 14), end=berlin(1, 16))
    release_schedule(convention=convention)  # moved once: schedule.ics says SEQUENCE 1
    registration = factories.RegistrationFactory(convention=convention, email="late@berlin.de")

    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=workshop, registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        workshops.cancel_workshop_signup(session=workshop, registration=registration)

    assert [only_event(invite)["SEQUENCE"] for invite, _ in invite_attachments("late@berlin.de")] == [1, 2]


def test_bookmarked_talk_invite_says_added_to_your_calendar(convention, django_capture_on_commit_callbacks):
    talk = factories.SessionFactory(
        convention=convention, title_en="Open data portals", start=berlin(0, 14), end=berlin(0, 15)
    )
    registration = factories.RegistrationFactory(convention=convention, language="en", email="bookmark@berlin.de")
    agenda.update_preferences(registration=registration, calendar_invites_for_bookmarks=True)

    with django_capture_on_commit_callbacks(execute=True):
        agenda.bookmark_session(registration=registration, session=talk)

    ((_invite, body),) = invite_attachments("bookmark@berlin.de")
    assert body.startswith("Added to your calendar: Open data portals")
    assert "place is confirmed" not in body
    assert f"/events/{convention.slug}/sessions/{talk.pk}/" in body and "/api/" not in body


def test_refused_sign_up_sends_nothing(convention, workshop, monkeypatch, django_capture_on_commit_callbacks):
    registration = factories.RegistrationFactory(convention=convention, email="toolate@berlin.de")
    monkeypatch.setattr(workshops.timezone, "now", lambda: berlin(0, 10, 30))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SignupClosed):
        workshops.sign_up_for_workshop(session=workshop, registration=registration)

    assert mail.outbox == []
