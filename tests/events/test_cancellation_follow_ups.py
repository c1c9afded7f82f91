"""What follows when an attendee cancels: the badge stops opening gates, online and offline."""

from events.selectors.checkin import offline_verification_data
from events.services import badges
from events.services.registration import cancel_registration
from tests import factories


def test_cancelling_a_registration_revokes_its_badge_for_offline_scanners(db, django_capture_on_commit_callbacks):
    registration = factories.RegistrationFactory()
    badge = badges.get_or_issue_badge(registration=registration)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=registration)

    badge.refresh_from_db()
    assert badge.revoked_at is not None
    assert badge.pk in offline_verification_data(convention=registration.convention)["revoked_badge_ids"]
