import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from events.enums import SessionFormat
from events.models import ExhibitorMaterial, OutboundMessage
from events.services import agenda, followup, workshops
from tests import factories
from tests.factories import berlin


@pytest.fixture(autouse=True)
def _before_the_convention(monkeypatch):
    frozen = berlin(0, 8)
    monkeypatch.setattr(workshops.timezone, "now", lambda: frozen)


def test_reminders_go_once_to_seats_and_bookmarks_within_lead_time(
    convention, settings, django_capture_on_commit_callbacks
):
    settings.MESSE_REMINDER_LEAD_MINUTES = 30
    soon = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, title_en="Soon", start=berlin(0, 10)
    )
    later = factories.SessionFactory(convention=convention, title_en="Later", start=berlin(0, 14))
    seat_holder = factories.RegistrationFactory(convention=convention, language="en", email="seat@berlin.de")
    bookmarker = factories.RegistrationFactory(convention=convention, language="en", email="star@berlin.de")
    workshops.sign_up_for_workshop(session=soon, registration=seat_holder)
    agenda.bookmark_session(registration=bookmarker, session=soon)
    agenda.bookmark_session(registration=bookmarker, session=later)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first_run = followup.send_due_reminders(now=berlin(0, 9, 40))
    with django_capture_on_commit_callbacks(execute=True):
        second_run = followup.send_due_reminders(now=berlin(0, 9, 45))

    assert (first_run, second_run) == (2, 0)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("seat@berlin.de", "Starting soon: Soon"),
        ("star@berlin.de", "Starting soon: Soon"),
    ]


def test_session_material_goes_once_to_seat_holders_after_the_end(
    convention, organizer_client, django_capture_on_commit_callbacks
):
    session = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, title_en="Twin lab", start=berlin(0, 10)
    )
    attendee = factories.RegistrationFactory(convention=convention, language="en", email="seat@berlin.de")
    workshops.sign_up_for_workshop(session=session, registration=attendee)
    mail.outbox.clear()
    url = f"/api/v1/events/sccon/sessions/{session.pk}/materials/"
    response = organizer_client.post(url, {"title": "Slides", "kind": "document", "url": "https://x.example/s.pdf"})
    assert response.status_code == 201

    with django_capture_on_commit_callbacks(execute=True):
        during = followup.send_due_session_materials(now=berlin(0, 10, 30))
    with django_capture_on_commit_callbacks(execute=True):
        after = followup.send_due_session_materials(now=berlin(0, 11))
        again = followup.send_due_session_materials(now=berlin(0, 12))

    assert (during, after, again) == (0, 1, 0)
    (sent,) = mail.outbox
    assert (sent.to, sent.subject) == (["seat@berlin.de"], "Material: Twin lab")
    assert "- Slides: https://x.example/s.pdf" in sent.body


def test_material_published_later_is_sent_on_its_own(convention, organizer_client, django_capture_on_commit_callbacks):
    session = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, start=berlin(0, 10))
    workshops.sign_up_for_workshop(session=session, registration=factories.RegistrationFactory(convention=convention))
    followup.add_session_material(session=session, title="Slides", kind="document", url="https://x.example/1")
    with django_capture_on_commit_callbacks(execute=True):
        followup.send_due_session_materials(now=berlin(0, 12))
    late = organizer_client.post(
        f"/api/v1/events/sccon/sessions/{session.pk}/materials/",
        {"title": "Recording", "kind": "video", "url": "https://x.example/2", "is_published": False},
        format="json",
    ).json()
    with django_capture_on_commit_callbacks(execute=True):
        unpublished_run = followup.send_due_session_materials(now=berlin(0, 13))
    organizer_client.post(f"/api/v1/events/sccon/sessions/{session.pk}/materials/{late['id']}/publish/")

    with django_capture_on_commit_callbacks(execute=True):
        published_run = followup.send_due_session_materials(now=berlin(0, 14))

    assert (unpublished_run, published_run) == (0, 1)
    assert ["Recording" in m.body and "Slides" not in m.body for m in mail.outbox[-1:]] == [True]


def test_material_without_link_or_file_is_400(convention, organizer_client):
    session = factories.SessionFactory(convention=convention)
    response = organizer_client.post(f"/api/v1/events/sccon/sessions/{session.pk}/materials/", {"title": "x"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid")


def test_exhibitor_digest_one_mail_per_consenting_lead_and_day(convention, django_capture_on_commit_callbacks):
    ministry, startup, silent = (factories.ExhibitorFactory(convention=convention, name=n) for n in "ABC")
    ExhibitorMaterial.objects.create(exhibitor=ministry, title="Strategy paper", url="https://a.example/p")
    ExhibitorMaterial.objects.create(exhibitor=startup, title="Product sheet", url="https://b.example/s")
    ExhibitorMaterial.objects.create(exhibitor=startup, title="Internal", url="https://b.example/i", is_public=False)
    consenting = factories.RegistrationFactory(
        convention=convention, language="en", email="yes@berlin.de", consent_share_contact_at=timezone.now()
    )
    refusing = factories.RegistrationFactory(convention=convention, email="no@berlin.de")
    pairs = [(ministry, consenting), (startup, consenting), (silent, consenting), (ministry, refusing)]

    with django_capture_on_commit_callbacks(execute=True):
        queued = followup.send_exhibitor_digests(day=dt.date(2025, 9, 30), pairs=pairs, convention_id=convention.pk)
        repeated = followup.send_exhibitor_digests(day=dt.date(2025, 9, 30), pairs=pairs, convention_id=convention.pk)

    assert (queued, repeated) == (1, 0)
    (sent,) = mail.outbox
    assert (sent.to, sent.subject) == (["yes@berlin.de"], "Your booth visits on 2025-09-30")
    assert sent.body.endswith("A\n- Strategy paper: https://a.example/p\n\nB\n- Product sheet: https://b.example/s\n\n")
    assert OutboundMessage.objects.get().idempotency_key == f"exhibitor_digest:{consenting.pk}:2025-09-30"


def test_session_material_also_reaches_attendees_checked_into_the_room(
    convention, organizer_client, django_capture_on_commit_callbacks
):
    from events.models import CheckinList, Scan

    session = factories.SessionFactory(convention=convention, title_en="Open data panel", start=berlin(0, 10))
    room_list = CheckinList.objects.create(convention=convention, name="Stage door", kind="room", room=session.room)
    inside, annulled, next_session = (
        factories.RegistrationFactory(convention=convention, language="en", email=f"{who}@berlin.de")
        for who in ("inside", "annulled", "later")
    )
    for nonce, registration, at, annulled_at in [
        ("n1", inside, berlin(0, 9, 50), None),
        ("n2", annulled, berlin(0, 10, 5), berlin(0, 10, 6)),
        ("n3", next_session, berlin(0, 11), None),
    ]:
        Scan.objects.create(
            nonce=nonce,
            checkin_list=room_list,
            registration=registration,
            result="ok",
            scanned_at=at,
            annulled_at=annulled_at,
        )
    url = f"/api/v1/events/sccon/sessions/{session.pk}/materials/"
    assert (
        organizer_client.post(url, {"title": "Slides", "kind": "link", "url": "https://x.example/s.pdf"}).status_code
        == 201
    )

    with django_capture_on_commit_callbacks(execute=True):
        followup.send_due_session_materials(now=berlin(0, 11))

    assert [message.to for message in mail.outbox] == [["inside@berlin.de"]]


def test_daily_digest_job_sends_yesterdays_booth_material_once(convention, django_capture_on_commit_callbacks):
    from events.models import Lead, LeadScan

    exhibitor = factories.ExhibitorFactory(convention=convention, name="Federal ministry")
    ExhibitorMaterial.objects.create(exhibitor=exhibitor, title="Strategy paper", url="https://a.example/p")
    visitor = factories.RegistrationFactory(
        convention=convention, language="en", email="visitor@berlin.de", consent_share_contact_at=timezone.now()
    )
    lead = Lead.objects.create(
        exhibitor=exhibitor,
        pseudonym="p1",
        registration=visitor,
        has_consent=True,
        first_scanned_at=berlin(0, 11),
        last_scanned_at=berlin(0, 11),
    )
    LeadScan.objects.create(nonce="lead-1", lead=lead, scanned_at=berlin(0, 11))

    with django_capture_on_commit_callbacks(execute=True):
        same_day = followup.send_due_exhibitor_digests(now=berlin(0, 19))
        next_morning = followup.send_due_exhibitor_digests(now=berlin(1, 7))
        an_hour_later = followup.send_due_exhibitor_digests(now=berlin(1, 8))

    assert (same_day, next_morning, an_hour_later) == (0, 1, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["visitor@berlin.de"], "Your booth visits on 2025-09-30")]
