import pytest
from django.core import mail

from events.enums import SessionFormat, SessionStatus
from events.errors import (
    NotAWorkshop,
    OverlappingWorkshop,
    RegistrationNotConfirmed,
    SessionCancelled,
    SignupClosed,
)
from events.models import RegistrationStatus, WorkshopSignup
from events.services import workshops
from tests import factories
from tests.factories import berlin


@pytest.fixture(autouse=True)
def _before_the_convention(monkeypatch):
    # Sign-up closes when a workshop starts; the factory convention is in 2025, so freeze "now" before it.
    frozen = berlin(0, 8)
    monkeypatch.setattr(workshops.timezone, "now", lambda: frozen)


def workshop(convention, capacity=2, **kwargs):
    kwargs.setdefault("format", SessionFormat.WORKSHOP)
    return factories.SessionFactory(convention=convention, capacity=capacity, **kwargs)


def test_sign_up_confirms_until_full_then_waitlists_in_order(convention, django_capture_on_commit_callbacks):
    session = workshop(convention, capacity=2)
    attendees = [factories.RegistrationFactory(convention=convention) for _ in range(4)]

    with django_capture_on_commit_callbacks(execute=True):
        signups = [workshops.sign_up_for_workshop(session=session, registration=r) for r in attendees]

    assert [s.status for s in signups] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [workshops.waitlist_position(signup=s) for s in signups] == [None, None, 1, 2]
    invites = [m.to[0] for m in mail.outbox if m.extra_headers["X-Messe-Message-Key"].startswith("calendar")]
    waitlisted = [m.to[0] for m in mail.outbox if m.extra_headers["X-Messe-Message-Key"].startswith("workshop_wait")]
    assert sorted(invites) == sorted([attendees[0].email, attendees[1].email])
    assert waitlisted == [attendees[2].email, attendees[3].email]


def test_capacity_falls_back_to_the_room(convention):
    session = workshop(convention, capacity=None, room=factories.RoomFactory(convention=convention, capacity=1))
    first, second = (factories.RegistrationFactory(convention=convention) for _ in range(2))

    assert workshops.sign_up_for_workshop(session=session, registration=first).status == "confirmed"
    assert workshops.sign_up_for_workshop(session=session, registration=second).status == "waitlisted"


def test_signing_up_twice_returns_the_same_signup(convention):
    session = workshop(convention)
    registration = factories.RegistrationFactory(convention=convention)

    first = workshops.sign_up_for_workshop(session=session, registration=registration)
    again = workshops.sign_up_for_workshop(session=session, registration=registration)

    assert again.pk == first.pk
    assert WorkshopSignup.objects.count() == 1


def test_cancelling_a_seat_promotes_the_first_waitlisted(convention, django_capture_on_commit_callbacks):
    session = workshop(convention, capacity=1)
    holder, first_waiting, second_waiting = (factories.RegistrationFactory(convention=convention) for _ in range(3))
    for registration in (holder, first_waiting, second_waiting):
        workshops.sign_up_for_workshop(session=session, registration=registration)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workshops.cancel_workshop_signup(session=session, registration=holder)

    statuses = dict(WorkshopSignup.objects.values_list("registration_id", "status"))
    assert statuses == {holder.pk: "cancelled", first_waiting.pk: "confirmed", second_waiting.pk: "waitlisted"}
    second = WorkshopSignup.objects.get(registration=second_waiting)
    assert workshops.waitlist_position(signup=second) == 1
    assert sorted((m.to[0], m.alternatives[0][1]) for m in mail.outbox) == sorted(
        [(holder.email, "text/calendar; method=CANCEL"), (first_waiting.email, "text/calendar; method=REQUEST")]
    )


def test_released_seats_of_a_cancelled_registration_go_to_the_waitlist(convention):
    first = workshop(convention, capacity=1)
    second = workshop(convention, capacity=1, start=berlin(0, 14))
    leaving, waiting = (factories.RegistrationFactory(convention=convention) for _ in range(2))
    for session in (first, second):
        workshops.sign_up_for_workshop(session=session, registration=leaving)
        workshops.sign_up_for_workshop(session=session, registration=waiting)

    released = workshops.release_seats_of(registration=leaving)

    assert sorted(s.session_id for s in released) == sorted([first.pk, second.pk])
    assert list(WorkshopSignup.objects.filter(registration=waiting).values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
    ]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"status": SessionStatus.CANCELLED}, SessionCancelled),
        ({"format": SessionFormat.TALK}, NotAWorkshop),
        ({"start": berlin(0, 8), "end": berlin(0, 9)}, SignupClosed),
    ],
)
def test_sign_up_refused(convention, change, error):
    session = workshop(convention, **change)
    registration = factories.RegistrationFactory(convention=convention)

    with pytest.raises(error):
        workshops.sign_up_for_workshop(session=session, registration=registration)
    assert WorkshopSignup.objects.count() == 0


def test_sign_up_deadline_is_configurable(convention, settings):
    settings.WORKSHOP_SIGNUP_CLOSES_MINUTES_BEFORE = 180  # 10:00 workshop closes at 07:00; now is 08:00
    session = workshop(convention)

    with pytest.raises(SignupClosed):
        workshops.sign_up_for_workshop(
            session=session, registration=factories.RegistrationFactory(convention=convention)
        )


def test_sign_up_refused_for_pending_registration(convention):
    registration = factories.RegistrationFactory(convention=convention, status=RegistrationStatus.PENDING_PAYMENT)

    with pytest.raises(RegistrationNotConfirmed):
        workshops.sign_up_for_workshop(session=workshop(convention), registration=registration)


def test_sign_up_refused_for_overlapping_confirmed_workshop(convention):
    registration = factories.RegistrationFactory(convention=convention)
    morning = workshop(convention, start=berlin(0, 10), end=berlin(0, 12))
    overlapping = workshop(convention, start=berlin(0, 11), end=berlin(0, 13))
    afterwards = workshop(convention, start=berlin(0, 12), end=berlin(0, 13))
    workshops.sign_up_for_workshop(session=morning, registration=registration)

    with pytest.raises(OverlappingWorkshop):
        workshops.sign_up_for_workshop(session=overlapping, registration=registration)
    assert workshops.sign_up_for_workshop(session=afterwards, registration=registration).status == "confirmed"


def test_promotion_skips_attendee_holding_an_overlapping_seat(convention):
    full = workshop(convention, capacity=1, start=berlin(0, 10), end=berlin(0, 12))
    other = workshop(convention, capacity=5, start=berlin(0, 11), end=berlin(0, 13))
    holder, busy, free = (factories.RegistrationFactory(convention=convention) for _ in range(3))
    workshops.sign_up_for_workshop(session=full, registration=holder)
    workshops.sign_up_for_workshop(session=full, registration=busy)
    workshops.sign_up_for_workshop(session=full, registration=free)
    workshops.sign_up_for_workshop(session=other, registration=busy)

    workshops.cancel_workshop_signup(session=full, registration=holder)

    statuses = dict(WorkshopSignup.objects.filter(session=full).values_list("registration_id", "status"))
    assert statuses == {holder.pk: "cancelled", busy.pk: "waitlisted", free.pk: "confirmed"}
