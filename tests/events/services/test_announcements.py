"""Announcements: who is in an audience, confirmation against the count shown, and the outbox fan-out."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from events import errors
from events.enums import AnnouncementKind, AnnouncementStatus, AudiencePresence, SessionFormat, SignupStatus
from events.models import CheckinList, OutboundMessage, Presence, RegistrationStatus, WorkshopSignup
from events.selectors.announcements import announcement_progress, audience_of, audience_registrations
from events.services import agenda, announcements, consents
from tests import factories

pytestmark = pytest.mark.django_db


def codes(announcement) -> set[str]:
    return set(audience_registrations(audience=audience_of(announcement=announcement)).values_list("code", flat=True))


def draft(convention, organizer, **audience):
    return announcements.create_announcement(
        convention=convention,
        author=organizer,
        subject_de="Raumwechsel",
        body_de="Der Workshop findet in Halle 25 statt.",
        subject_en="Room change",
        body_en="The workshop takes place in hall 25.",
        **audience,
    )


def workshop_of(convention, day=0):
    start = factories.berlin(day, 10)
    return factories.SessionFactory(
        convention=convention,
        format=SessionFormat.WORKSHOP,
        capacity=50,
        start=start,
        end=start + dt.timedelta(hours=2),
    )


def test_workshop_audience_is_its_confirmed_participants_only(convention, organizer):
    workshop = workshop_of(convention)
    seated = [factories.RegistrationFactory(convention=convention) for _ in range(3)]
    for registration in seated:
        WorkshopSignup.objects.create(session=workshop, registration=registration, status=SignupStatus.CONFIRMED)
    waiting = factories.RegistrationFactory(convention=convention)
    WorkshopSignup.objects.create(
        session=workshop, registration=waiting, status=SignupStatus.WAITLISTED, queue_number=1
    )
    left = factories.RegistrationFactory(convention=convention)
    WorkshopSignup.objects.create(session=workshop, registration=left, status=SignupStatus.CANCELLED)
    factories.RegistrationFactory(convention=convention)  # not signed up at all

    announcement = draft(convention, organizer, workshop=workshop)

    assert codes(announcement) == {registration.code for registration in seated}


def test_audience_by_ticket_type_day_and_language(convention, organizer):
    tuesday = factories.TicketTypeFactory(convention=convention, valid_days=["2025-09-30"])
    every_day = factories.TicketTypeFactory(convention=convention, valid_days=[])
    wednesday = factories.TicketTypeFactory(convention=convention, valid_days=["2025-10-01"])
    on_tuesday = factories.RegistrationFactory(convention=convention, ticket_type=tuesday, language="en")
    always = factories.RegistrationFactory(convention=convention, ticket_type=every_day, language="de")
    factories.RegistrationFactory(convention=convention, ticket_type=wednesday, language="en")

    assert codes(draft(convention, organizer, day=dt.date(2025, 9, 30))) == {on_tuesday.code, always.code}
    assert codes(draft(convention, organizer, ticket_types=[every_day, wednesday], language="de")) == {always.code}


def test_audience_by_check_in_now_or_ever(convention, organizer):
    hall = CheckinList.objects.create(convention=convention, name="Hall 25")
    today = timezone.now().astimezone(ZoneInfo(convention.time_zone)).date()
    inside, went_out, yesterday = (factories.RegistrationFactory(convention=convention) for _ in range(3))
    now = timezone.now()
    Presence.objects.create(
        checkin_list=hall, registration=inside, inside=True, day=today, first_entry_at=now, last_entry_at=now
    )
    Presence.objects.create(
        checkin_list=hall, registration=went_out, inside=False, day=today, first_entry_at=now, last_entry_at=now
    )
    Presence.objects.create(
        checkin_list=hall, registration=yesterday, inside=True, day=today - dt.timedelta(days=1),
        first_entry_at=now, last_entry_at=now,
    )  # fmt: skip
    factories.RegistrationFactory(convention=convention)  # never there

    now_inside = draft(convention, organizer, checkin_list=hall, presence=AudiencePresence.INSIDE_NOW)
    ever = draft(convention, organizer, checkin_list=hall, presence=AudiencePresence.EVER)

    assert codes(now_inside) == {inside.code}
    assert codes(ever) == {inside.code, went_out.code, yesterday.code}


def test_audience_by_bookmark_skips_cancelled_and_erased(convention, organizer):
    session = factories.SessionFactory(convention=convention)
    fan, cancelled, erased = (factories.RegistrationFactory(convention=convention) for _ in range(3))
    for registration in (fan, cancelled, erased):
        agenda.bookmark_session(registration=registration, session=session)
    cancelled.status = RegistrationStatus.CANCELLED
    cancelled.save()
    erased.erased_at = timezone.now()
    erased.save()

    assert codes(draft(convention, organizer, bookmarked_session=session)) == {fan.code}


def test_withdrawn_marketing_consent_still_gets_operational_but_not_marketing(
    convention, organizer, django_capture_on_commit_callbacks
):
    subscribed = factories.RegistrationFactory(convention=convention, consent_newsletter_at=timezone.now())
    withdrew = factories.RegistrationFactory(convention=convention, consent_newsletter_at=timezone.now())
    consents.withdraw_consent(registration=withdrew, consent="newsletter")

    operational = draft(convention, organizer, kind=AnnouncementKind.OPERATIONAL)
    marketing = draft(convention, organizer, kind=AnnouncementKind.MARKETING)

    assert codes(operational) == {subscribed.code, withdrew.code}
    assert codes(marketing) == {subscribed.code}
    with django_capture_on_commit_callbacks(execute=True):
        announcements.send_announcement(announcement=operational, actor=organizer, expected_recipients=2)
    assert sorted(
        OutboundMessage.objects.filter(announcement=operational).values_list("kind", "registration__code")
    ) == sorted([("announcement_operational", subscribed.code), ("announcement_operational", withdrew.code)])


def test_send_refuses_when_the_audience_changed_since_it_was_counted(convention, organizer):
    factories.RegistrationFactory(convention=convention)
    announcement = draft(convention, organizer)
    factories.RegistrationFactory(convention=convention)  # registers while the organizer reads the count

    with pytest.raises(errors.AudienceChanged) as refused:
        announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=1)

    assert refused.value.extra == {"recipients": 2}
    announcement.refresh_from_db()
    assert (announcement.status, OutboundMessage.objects.count()) == (AnnouncementStatus.DRAFT, 0)


def test_sending_writes_one_message_per_recipient_in_their_language(
    convention, organizer, django_capture_on_commit_callbacks
):
    german = factories.RegistrationFactory(convention=convention, language="de", email="erika@berlin.de")
    english = factories.RegistrationFactory(convention=convention, language="en", email="john@example.org")
    announcement = draft(convention, organizer)

    with django_capture_on_commit_callbacks(execute=True):
        announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=2)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["erika@berlin.de", "john@example.org"]
    assert by_recipient["erika@berlin.de"].subject == f"{convention.name}: Raumwechsel"
    assert "Der Workshop findet in Halle 25 statt." in by_recipient["erika@berlin.de"].body
    assert by_recipient["john@example.org"].subject == f"{convention.name}: Room change"
    assert "registered for the convention" in by_recipient["john@example.org"].body
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.QUEUED
    progress = announcement_progress(announcement=announcement)
    assert (progress.recipients, progress.queued, progress.sent, progress.failed) == (2, 2, 2, 0)
    assert set(OutboundMessage.objects.values_list("idempotency_key", flat=True)) == {
        f"announcement:{announcement.pk}:{german.pk}",
        f"announcement:{announcement.pk}:{english.pk}",
    }


def test_a_second_send_and_a_second_fan_out_queue_nobody_twice(
    convention, organizer, django_capture_on_commit_callbacks
):
    for _ in range(3):
        factories.RegistrationFactory(convention=convention)
    announcement = draft(convention, organizer)
    with django_capture_on_commit_callbacks(execute=True):
        announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=3)
        announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=3)
    announcement.refresh_from_db()
    announcement.status = AnnouncementStatus.SENDING  # as if the beat job resumed a fan-out that had finished
    announcement.save()

    assert announcements.fan_out_announcement(announcement=announcement) == 0
    assert (OutboundMessage.objects.count(), len(mail.outbox)) == (3, 3)


def test_stalled_fan_out_is_resumed_by_the_beat_job(
    convention, organizer, django_capture_on_commit_callbacks, monkeypatch
):
    factories.RegistrationFactory(convention=convention)
    announcement = draft(convention, organizer)
    monkeypatch.setattr(announcements, "enqueue_fan_out", lambda announcement_id: False)  # broker down
    with django_capture_on_commit_callbacks(execute=True):
        announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=1)
    monkeypatch.undo()
    assert OutboundMessage.objects.count() == 0

    assert announcements.fan_out_stalled_announcements() == 0  # still within the grace period
    with django_capture_on_commit_callbacks(execute=True):
        later = timezone.now() + 2 * announcements.FAN_OUT_STALL
        assert announcements.fan_out_stalled_announcements(now=later) == 1

    announcement.refresh_from_db()
    assert (announcement.status, len(mail.outbox)) == (AnnouncementStatus.QUEUED, 1)


def test_a_sent_announcement_cannot_be_edited(convention, organizer):
    announcement = draft(convention, organizer)
    announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=0)

    with pytest.raises(errors.AnnouncementNotEditable):
        announcements.update_announcement(announcement=announcement, subject_de="Anders")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"subject_de": "", "body_de": "", "subject_en": "", "body_en": ""}, "subject_de"),
        ({"subject_en": "Room change", "body_en": ""}, "body_en"),
        ({"day": dt.date(2024, 1, 1)}, "day"),
        ({"presence": AudiencePresence.EVER}, "checkin_list"),
        ({"kind": "spam"}, "kind"),
    ],
)
def test_draft_input_errors_name_their_field(convention, organizer, fields, problem):
    values = {"subject_de": "Raumwechsel", "body_de": "Halle 25", **fields}
    with pytest.raises(errors.ValidationFailed) as refused:
        announcements.create_announcement(convention=convention, author=organizer, **values)
    assert problem in refused.value.fields


def test_audience_objects_of_another_convention_are_refused(convention, organizer):
    other_workshop = workshop_of(factories.ConventionFactory())
    with pytest.raises(errors.ValidationFailed) as refused:
        draft(convention, organizer, workshop=other_workshop)
    assert refused.value.fields == {"workshop": "A workshop of this convention."}
