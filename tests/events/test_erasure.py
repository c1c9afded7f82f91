import datetime as dt
from decimal import Decimal

import pytest

from events.errors import BadgeNotAvailable
from events.models import AuditEntry, Badge, Registration, StripeEvent
from events.selectors.personal_data import personal_data_export
from events.services import badge_printing, badges, privacy
from tests import factories

AFTER_THE_CONVENTION = dt.datetime(2025, 10, 20, 12, 0, tzinfo=dt.UTC)


def test_erasure_after_the_convention_keeps_payment_references_and_status(convention, organizer):
    registration = factories.RegistrationFactory(
        convention=convention,
        first_name="Hedy",
        last_name="Lamarr",
        email="hedy@example.org",
        price=Decimal("149.00"),
        amount_paid=Decimal("149.00"),
        stripe_checkout_session_id="cs_test_hedy",
        stripe_checkout_url="https://checkout.stripe.com/c/pay/cs_test_hedy",
        stripe_payment_intent_id="pi_test_hedy",
        paid_at=dt.datetime(2025, 8, 1, tzinfo=dt.UTC),
    )
    badges.get_or_issue_badge(registration=registration)
    StripeEvent.objects.create(
        event_id="evt_paid", type="checkout.session.completed", object_id="cs_test_hedy", outcome="confirmed"
    )
    StripeEvent.objects.create(event_id="evt_other", type="checkout.session.completed", object_id="cs_test_other")

    privacy.erase_registration(registration=registration, actor=organizer, now=AFTER_THE_CONVENTION)

    erased = Registration.objects.get(pk=registration.pk)
    assert (erased.status, erased.stripe_checkout_session_id, erased.stripe_payment_intent_id) == (
        "confirmed",
        "cs_test_hedy",
        "pi_test_hedy",
    )
    assert (erased.price, erased.amount_paid, erased.stripe_checkout_url) == (Decimal("149.00"), Decimal("149.00"), "")
    assert (erased.first_name, erased.last_name, erased.erased_at) == ("erased", "", AFTER_THE_CONVENTION)
    assert list(Badge.objects.filter(registration=registration).values_list("revoked_reason", "code")) == [
        ("erased", "")
    ]
    assert [
        (e["type"], e["object_id"], e["outcome"]) for e in personal_data_export(registration=erased)["payment_events"]
    ] == [("checkout.session.completed", "cs_test_hedy", "confirmed")]
    with pytest.raises(BadgeNotAvailable):
        badges.get_or_issue_badge(registration=erased)
    assert list(badge_printing.registrations_for_print(convention=convention, filters={})) == []
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_user, entry.object_id) == (
        "personal_data.erased",
        organizer,
        registration.code,
    )
