"""What follows when an attendee cancels: the badge stops opening gates, the workshop seat moves on."""

import datetime as dt

from django.utils import timezone

from events.selectors.checkin import offline_verification_data
from events.services import badges
from events.services.registration import cancel_registration
from tests import factories


def test_cancelling_a_registration_revokes_its_badge_for_offline_scanners(db, django_capture_on_commit_callbacks):
    # The factory does not go through the registration service, so the seat it holds is counted by hand.
    registration = factories.RegistrationFactory(ticket_type__quota_used=1)
    badge = badges.get_or_issue_badge(registration=registration)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=registration)

    badge.refresh_from_db()
    assert badge.revoked_at is not None
    assert badge.pk in offline_verification_data(convention=registration.convention)["revoked_badge_ids"]


def test_cancelling_a_registration_passes_its_workshop_seat_to_the_waitlist(
    db, convention, django_capture_on_commit_callbacks
):
    from events.enums import SessionFormat
    from events.models import WorkshopSignup
    from events.services import workshops

    ticket_type = factories.TicketTypeFactory(convention=convention, quota_used=2)
    tomorrow = timezone.now() + dt.timedelta(days=1)  # sign-up is open until the workshop starts
    session = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, capacity=1, start=tomorrow)
    leaving, waiting = (factories.RegistrationFactory(convention=convention, ticket_type=ticket_type) for _ in "ab")
    with django_capture_on_commit_callbacks(execute=True):
        workshops.sign_up_for_workshop(session=session, registration=leaving)
        workshops.sign_up_for_workshop(session=session, registration=waiting)

        cancel_registration(registration=leaving)

    statuses = dict(WorkshopSignup.objects.filter(session=session).values_list("registration_id", "status"))
    assert statuses == {leaving.pk: "cancelled", waiting.pk: "confirmed"}
