import pytest
from django.utils import timezone

from events import errors
from events.services.consents import withdraw_consent
from events.services.magic_links import magic_link_token, magic_link_url, token_matches
from tests import factories


def test_withdraw_consent_clears_only_that_consent_and_is_repeatable(convention):
    given = timezone.now()
    registration = factories.RegistrationFactory(
        convention=convention, consent_share_contact_at=given, consent_newsletter_at=given
    )

    withdraw_consent(registration=registration, consent="newsletter")
    again = withdraw_consent(registration=registration, consent="newsletter")

    assert (again.consent_newsletter_at, again.consent_share_contact_at) == (None, given)


def test_terms_cannot_be_withdrawn(convention):
    registration = factories.RegistrationFactory(convention=convention)

    with pytest.raises(errors.ValidationFailed):
        withdraw_consent(registration=registration, consent="terms")


def test_magic_link_token_is_bound_to_code_and_access_token(convention):
    registration = factories.RegistrationFactory(convention=convention, access_token="bearer-1")
    token = magic_link_token(registration)

    assert magic_link_url(registration) == f"http://localhost:8000/r/{registration.code}/?token={token}"
    assert token_matches(registration, token) is True
    assert token_matches(registration, "bearer-1") is True
    assert token_matches(registration, token[:-1] + ("0" if token[-1] != "0" else "1")) is False
    assert token_matches(registration, "") is False
    other = factories.RegistrationFactory(convention=convention)
    assert token_matches(other, token) is False
    registration.access_token_hash = "0" * 64  # a new access token invalidates old links
    assert token_matches(registration, token) is False
