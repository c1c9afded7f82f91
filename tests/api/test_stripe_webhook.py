import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from events.enums import RefundStatus
from events.models import Registration, RegistrationStatus, StripeEvent
from events.services import registration as registration_service
from tests import factories
from tests.stripe_fake import install_fake_stripe, signed_event

WEBHOOK = "/api/v1/payments/stripe/webhook/"


@pytest.fixture
def stripe_fake(monkeypatch, settings):
    return install_fake_stripe(monkeypatch, settings)


@pytest.fixture
def paid_ticket(convention):
    return factories.TicketTypeFactory(convention=convention, price=Decimal("299.00"), quota=1, name_en="Full pass")


def register_paid(api_client, convention, ticket, email="erika@berlin.de"):
    response = api_client.post(
        f"/api/v1/events/{convention.slug}/registrations/",
        {
            "ticket_type": ticket.pk,
            "first_name": "Erika",
            "last_name": "Mustermann",
            "email": email,
            "language": "en",
            "accept_terms": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def deliver(api_client, payload: str, header: str):
    return api_client.generic("POST", WEBHOOK, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def test_paid_registration_is_held_with_a_checkout_url(api_client, convention, paid_ticket, stripe_fake):
    body = register_paid(api_client, convention, paid_ticket)

    registration = Registration.objects.get()
    assert (body["status"], body["checkout_url"]) == ("pending_payment", "https://checkout.stripe.com/c/pay/cs_test_1")
    assert registration.stripe_checkout_session_id == "cs_test_1"
    [create] = stripe_fake.calls("post", "/v1/checkout/sessions")
    assert create["idempotency_key"] == f"checkout:{registration.pk}"
    assert create["params"]["line_items[0][price_data][unit_amount]"] == "29900"
    assert create["params"]["line_items[0][price_data][currency]"] == "eur"
    assert create["params"]["client_reference_id"] == registration.code


def test_checkout_failure_releases_the_seat(api_client, convention, paid_ticket, stripe_fake):
    stripe_fake.fail_with_status = 400

    response = api_client.post(
        f"/api/v1/events/{convention.slug}/registrations/",
        {"ticket_type": paid_ticket.pk, "first_name": "E", "last_name": "M", "email": "e@b.de", "accept_terms": True},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (502, "payment_provider_error")
    paid_ticket.refresh_from_db()
    assert paid_ticket.quota_used == 0
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_bad_signature_is_refused_and_changes_nothing(api_client, convention, paid_ticket, stripe_fake):
    register_paid(api_client, convention, paid_ticket)
    stripe_fake.pay("cs_test_1")
    payload, _ = signed_event("checkout.session.completed", "cs_test_1")
    _, forged = signed_event("checkout.session.completed", "cs_test_1", secret="whsec_someone_else")

    for header in (forged, "", "t=1,v1=deadbeef", "garbage"):
        response = deliver(api_client, payload, header)
        assert (response.status_code, response.json()["code"]) == (400, "invalid_signature")

    assert Registration.objects.get().status == RegistrationStatus.PENDING_PAYMENT
    assert StripeEvent.objects.count() == 0
    assert stripe_fake.calls("get", "/v1/checkout/sessions/cs_test_1") == []


def test_tampered_payload_is_refused(api_client, convention, paid_ticket, stripe_fake):
    register_paid(api_client, convention, paid_ticket)
    payload, header = signed_event("checkout.session.expired", "cs_test_1")

    response = deliver(api_client, payload.replace("expired", "completed"), header)

    assert response.status_code == 400
    assert Registration.objects.get().status == RegistrationStatus.PENDING_PAYMENT


def test_same_event_five_times_fulfils_once_and_mails_once(
    api_client, convention, paid_ticket, stripe_fake, django_capture_on_commit_callbacks
):
    register_paid(api_client, convention, paid_ticket)
    stripe_fake.pay("cs_test_1", payment_intent="pi_test_42")
    payload, header = signed_event("checkout.session.completed", "cs_test_1", event_id="evt_paid")

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [deliver(api_client, payload, header).json()["outcome"] for _ in range(5)]

    assert outcomes == ["confirmed", "duplicate", "duplicate", "duplicate", "duplicate"]
    registration = Registration.objects.get()
    assert (registration.status, registration.stripe_payment_intent_id, registration.amount_paid) == (
        RegistrationStatus.CONFIRMED,
        "pi_test_42",
        Decimal("299.00"),
    )
    assert [message.subject for message in mail.outbox] == [
        f"Registration confirmed: Smart Country Convention 2025 ({registration.code})"
    ]
    assert StripeEvent.objects.filter(event_id="evt_paid").count() == 1
    # The object is re-read from Stripe before acting, and only for the first delivery.
    assert len(stripe_fake.calls("get", "/v1/checkout/sessions/cs_test_1")) == 1


def test_distinct_completed_events_for_one_session_still_confirm_once(
    api_client, convention, paid_ticket, stripe_fake, django_capture_on_commit_callbacks
):
    register_paid(api_client, convention, paid_ticket)
    stripe_fake.pay("cs_test_1")

    with django_capture_on_commit_callbacks(execute=True):
        for event_id in ("evt_a", "evt_b"):
            deliver(api_client, *signed_event("checkout.session.completed", "cs_test_1", event_id=event_id))

    assert len(mail.outbox) == 1
    paid_ticket.refresh_from_db()
    assert paid_ticket.quota_used == 1


def test_completed_event_for_unpaid_session_confirms_nothing(api_client, convention, paid_ticket, stripe_fake):
    register_paid(api_client, convention, paid_ticket)
    payload, header = signed_event("checkout.session.completed", "cs_test_1")  # Stripe still says: unpaid

    assert deliver(api_client, payload, header).json()["outcome"] == "not_paid"
    assert Registration.objects.get().status == RegistrationStatus.PENDING_PAYMENT


def test_payment_after_expired_hold_is_confirmed_when_a_seat_is_free(
    api_client, convention, paid_ticket, stripe_fake, django_capture_on_commit_callbacks
):
    register_paid(api_client, convention, paid_ticket)
    held = Registration.objects.get()
    registration_service.expire_held_registrations(now=held.hold_expires_at + dt.timedelta(seconds=1))
    paid_ticket.refresh_from_db()
    assert paid_ticket.quota_used == 0
    stripe_fake.pay("cs_test_1")

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(api_client, *signed_event("checkout.session.completed", "cs_test_1"))

    assert response.json()["outcome"] == "confirmed"
    held.refresh_from_db()
    paid_ticket.refresh_from_db()
    assert (held.status, paid_ticket.quota_used) == (RegistrationStatus.CONFIRMED, 1)
    assert stripe_fake.calls("post", "/v1/refunds") == []
    assert len(mail.outbox) == 1


def test_payment_after_expired_hold_is_refunded_when_sold_out(
    api_client, convention, paid_ticket, stripe_fake, django_capture_on_commit_callbacks
):
    register_paid(api_client, convention, paid_ticket, email="late@berlin.de")
    late = Registration.objects.get()
    registration_service.expire_held_registrations(now=late.hold_expires_at + dt.timedelta(seconds=1))
    register_paid(api_client, convention, paid_ticket, email="quick@berlin.de")  # takes the only seat
    stripe_fake.pay("cs_test_1", payment_intent="pi_late")

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(api_client, *signed_event("checkout.session.completed", "cs_test_1"))

    assert response.json()["outcome"] == "refunding"
    late.refresh_from_db()
    paid_ticket.refresh_from_db()
    assert (late.status, late.refund_status, paid_ticket.quota_used) == (
        RegistrationStatus.EXPIRED,
        RefundStatus.REFUNDED,
        1,
    )
    [refund] = stripe_fake.calls("post", "/v1/refunds")
    assert refund["params"]["payment_intent"] == "pi_late"
    assert refund["idempotency_key"] == f"refund:{late.pk}:pi_late"
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["late@berlin.de"], f"Payment refunded: Smart Country Convention 2025 ({late.code})")
    ]


def test_expired_checkout_session_releases_the_hold(api_client, convention, paid_ticket, stripe_fake):
    register_paid(api_client, convention, paid_ticket)

    response = deliver(api_client, *signed_event("checkout.session.expired", "cs_test_1"))

    assert response.json()["outcome"] == "released"
    paid_ticket.refresh_from_db()
    assert (Registration.objects.get().status, paid_ticket.quota_used) == (RegistrationStatus.EXPIRED, 0)


def test_cancel_before_deadline_refunds_with_idempotency_key(
    api_client, convention, paid_ticket, stripe_fake, django_capture_on_commit_callbacks
):
    paid_ticket.refund_deadline = timezone.now() + dt.timedelta(days=1)
    paid_ticket.save()
    body = register_paid(api_client, convention, paid_ticket)
    stripe_fake.pay("cs_test_1", payment_intent="pi_cancel")
    deliver(api_client, *signed_event("checkout.session.completed", "cs_test_1"))
    registration = Registration.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            f"/api/v1/registrations/{body['code']}/cancel/", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}"
        )

    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    registration.refresh_from_db()
    assert registration.refund_status == RefundStatus.REFUNDED
    [refund] = stripe_fake.calls("post", "/v1/refunds")
    assert refund["idempotency_key"] == f"refund:{registration.pk}:pi_cancel"


def test_cancel_after_refund_deadline_does_not_refund(
    api_client, convention, paid_ticket, stripe_fake, django_capture_on_commit_callbacks
):
    paid_ticket.refund_deadline = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    paid_ticket.save()
    body = register_paid(api_client, convention, paid_ticket)
    stripe_fake.pay("cs_test_1")
    deliver(api_client, *signed_event("checkout.session.completed", "cs_test_1"))

    with django_capture_on_commit_callbacks(execute=True):
        api_client.post(
            f"/api/v1/registrations/{body['code']}/cancel/", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}"
        )

    assert Registration.objects.get().refund_status == RefundStatus.NONE
    assert stripe_fake.calls("post", "/v1/refunds") == []


def test_refund_made_in_stripe_dashboard_cancels_the_registration(api_client, convention, paid_ticket, stripe_fake):
    register_paid(api_client, convention, paid_ticket)
    stripe_fake.pay("cs_test_1", payment_intent="pi_dash")
    deliver(api_client, *signed_event("checkout.session.completed", "cs_test_1", event_id="evt_1"))
    stripe_fake.charges["ch_1"] = {"id": "ch_1", "object": "charge", "refunded": True, "payment_intent": "pi_dash"}

    response = deliver(api_client, *signed_event("charge.refunded", "ch_1", event_id="evt_2"))

    assert response.json()["outcome"] == "refunded"
    registration = Registration.objects.get()
    paid_ticket.refresh_from_db()
    assert (registration.status, registration.refund_status, paid_ticket.quota_used) == (
        RegistrationStatus.CANCELLED,
        RefundStatus.REFUNDED,
        0,
    )


def test_unhandled_event_types_are_acknowledged(api_client, convention, stripe_fake):
    response = deliver(api_client, *signed_event("customer.created", "cus_1"))

    assert (response.status_code, response.json()["outcome"]) == (200, "ignored")


def test_payment_for_a_cancelled_registration_is_refunded(
    api_client, convention, paid_ticket, stripe_fake, django_capture_on_commit_callbacks
):
    body = register_paid(api_client, convention, paid_ticket)
    api_client.post(
        f"/api/v1/registrations/{body['code']}/cancel/", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}"
    )
    stripe_fake.pay("cs_test_1", payment_intent="pi_after_cancel")

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(api_client, *signed_event("checkout.session.completed", "cs_test_1"))

    assert response.json()["outcome"] == "refunding"
    registration = Registration.objects.get()
    paid_ticket.refresh_from_db()
    assert (registration.status, registration.refund_status, paid_ticket.quota_used) == (
        RegistrationStatus.CANCELLED,
        RefundStatus.REFUNDED,
        0,
    )
    [refund] = stripe_fake.calls("post", "/v1/refunds")
    assert refund["params"]["payment_intent"] == "pi_after_cancel"
