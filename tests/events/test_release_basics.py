from rest_framework.test import APIRequestFactory

from events.services.publishing import release_schedule
from tests import factories


def test_releases_are_numbered_consecutively(convention):
    factories.SessionFactory(convention=convention)

    first = release_schedule(convention=convention)
    second = release_schedule(convention=convention)

    assert (first.version, second.version) == (1, 2)
    assert len(second.snapshot["sessions"]) == 1


def test_attendee_token_authenticates_own_registration(db):
    from api.authentication import AttendeeTokenAuthentication

    registration = factories.RegistrationFactory(access_token="secret-abc")
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION="Bearer secret-abc")

    user, auth = AttendeeTokenAuthentication().authenticate(request)

    assert auth == registration
    assert user.is_authenticated
