"""Stripe Checkout for paid tickets, the Stripe webhook, and refunds.

Rules this module keeps:
- No Stripe call runs inside a database transaction; changes that need a call (refunds) are recorded first and
  the call is made by a task after commit.
- A webhook is trusted only after ``Stripe-Signature`` verifies, and even then only its event id, type and
  object id are used: the object itself is re-read through the API before anything changes.
- Each event id is processed at most once: a ``StripeEvent`` row is written in the transaction of the change it
  causes, and the unique index on ``event_id`` turns a concurrent or later duplicate into a no-op.
- Checkout Sessions and refunds carry idempotency keys derived from the registration, so retries never create
  a second session or a second refund.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import errors
from events.enums import RefundStatus
from events.models import Registration, RegistrationStatus, StripeEvent
from events.services import registration as registration_service

logger = logging.getLogger(__name__)

# Stripe refuses Checkout Sessions that expire sooner than 30 minutes after creation. Our hold is shorter, so a
# payment may arrive after the seat went back to the quota: confirm_paid_registration handles that case.
CHECKOUT_SESSION_LIFETIME = dt.timedelta(minutes=30)

# Transient Stripe failures worth retrying from a task.
RETRYABLE_STRIPE_ERRORS = (stripe.APIConnectionError, stripe.RateLimitError)


@dataclass(frozen=True)
class CheckoutSession:
    session_id: str
    url: str


def payments_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def to_minor_units(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1")))


def create_checkout_session(*, registration: Registration) -> CheckoutSession:
    """Open a Stripe Checkout Session for a held registration. Raises ``PaymentProviderError`` if Stripe fails."""
    ticket_type = registration.ticket_type
    code = registration.code
    try:
        session = stripe.checkout.Session.create(
            api_key=settings.STRIPE_SECRET_KEY,
            idempotency_key=f"checkout:{registration.pk}",
            mode="payment",
            customer_email=registration.email,
            client_reference_id=code,
            locale=registration.language,
            line_items=[
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": ticket_type.currency.lower(),
                        "unit_amount": to_minor_units(registration.price),
                        "product_data": {"name": ticket_type.name_in(registration.language)},
                    },
                }
            ],
            metadata={"registration_id": str(registration.pk), "registration_code": code},
            payment_intent_data={"metadata": {"registration_id": str(registration.pk), "registration_code": code}},
            expires_at=int((timezone.now() + CHECKOUT_SESSION_LIFETIME).timestamp()),
            # Back to the status page of the registration pages (web.attendee.views.registration_done).
            success_url=f"{settings.SITE_URL}/events/{registration.convention.slug}/register/done/?code={code}",
            cancel_url=f"{settings.SITE_URL}/events/{registration.convention.slug}/register/done/?code={code}",
        )
    except stripe.StripeError as exc:
        logger.warning("Stripe Checkout Session for registration %s failed: %s", registration.pk, exc)
        raise errors.PaymentProviderError() from exc
    return CheckoutSession(session_id=session.id, url=cast(str, session.url))  # hosted Checkout always has one


def verify_webhook(*, payload: bytes, signature: str) -> stripe.Event:
    """The event, if ``Stripe-Signature`` matches the payload under our webhook secret; else ``invalid_signature``."""
    if not settings.STRIPE_WEBHOOK_SECRET or not signature:
        raise errors.InvalidWebhookSignature()
    try:
        return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, IndexError, stripe.SignatureVerificationError) as exc:
        raise errors.InvalidWebhookSignature() from exc


def handle_webhook(*, payload: bytes, signature: str) -> str:
    """Verify and process one webhook delivery; returns the outcome (for logs and the response body)."""
    event = verify_webhook(payload=payload, signature=signature).to_dict()
    try:
        object_id = event["data"]["object"]["id"]
    except (KeyError, TypeError) as exc:
        raise errors.ValidationFailed("The event carries no object id.") from exc
    return process_stripe_event(event_id=event["id"], event_type=event["type"], object_id=object_id)


def process_stripe_event(*, event_id: str, event_type: str, object_id: str) -> str:
    """Act on a verified event at most once. The object is re-read from Stripe before acting."""
    if StripeEvent.objects.filter(event_id=event_id).exists():
        return "duplicate"
    if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        session = _retrieve(stripe.checkout.Session, object_id)
        return _once(event_id, event_type, object_id, lambda: _fulfil_checkout(session))
    if event_type == "checkout.session.expired":
        session = _retrieve(stripe.checkout.Session, object_id)
        return _once(event_id, event_type, object_id, lambda: _expire_checkout(session))
    if event_type == "charge.refunded":
        charge = _retrieve(stripe.Charge, object_id)
        return _once(event_id, event_type, object_id, lambda: _record_charge_refund(charge))
    return _once(event_id, event_type, object_id, lambda: "ignored")


def _retrieve(resource, object_id: str) -> dict:
    """The object as Stripe has it now (not as the event body claims), as a plain dict."""
    try:
        return resource.retrieve(object_id, api_key=settings.STRIPE_SECRET_KEY).to_dict()
    except stripe.InvalidRequestError as exc:
        raise errors.ValidationFailed("Stripe does not know the event's object.") from exc
    except stripe.StripeError as exc:
        raise errors.PaymentProviderError("Stripe could not be reached; the event will be retried.") from exc


def _once(event_id: str, event_type: str, object_id: str, act) -> str:
    with transaction.atomic():
        try:
            # First statement of the transaction: a concurrent delivery of the same event waits here on the
            # unique index until we commit, then fails and does nothing.
            with transaction.atomic():
                event = StripeEvent.objects.create(event_id=event_id, type=event_type, object_id=object_id)
        except IntegrityError:
            return "duplicate"
        outcome = act()
        event.outcome = outcome
        event.save(update_fields=["outcome"])
    return outcome


def _registration_for_session(session) -> Registration | None:
    metadata = session.get("metadata") or {}
    registration_id = metadata.get("registration_id")
    queryset = Registration.objects.select_related("ticket_type", "convention")
    if registration_id and str(registration_id).isdigit():
        registration = queryset.filter(pk=int(registration_id)).first()
        if registration is not None:
            return registration
    return queryset.filter(stripe_checkout_session_id=session["id"]).first()


def _fulfil_checkout(session) -> str:
    registration = _registration_for_session(session)
    if registration is None:
        logger.error("Stripe Checkout Session %s belongs to no registration", session["id"])
        return "unknown_registration"
    if session.get("payment_status") != "paid":
        return "not_paid"
    payment_intent = session.get("payment_intent") or ""
    if not isinstance(payment_intent, str):
        payment_intent = payment_intent["id"]
    amount = Decimal(session.get("amount_total") or 0) / 100
    result = registration_service.confirm_paid_registration(
        registration=registration, payment_intent_id=payment_intent, amount_paid=amount
    )
    if result.refund_status == RefundStatus.REQUESTED:
        return "refunding"
    return "confirmed"


def _expire_checkout(session) -> str:
    registration = _registration_for_session(session)
    if registration is None or registration.status != RegistrationStatus.PENDING_PAYMENT:
        return "nothing_held"
    released = registration_service.release_unpaid_registration(registration=registration)
    return "released" if released else "nothing_held"


def _record_charge_refund(charge) -> str:
    if not charge.get("refunded"):
        return "partially_refunded"
    payment_intent = charge.get("payment_intent") or ""
    if not isinstance(payment_intent, str):
        payment_intent = payment_intent["id"]
    registration = (
        Registration.objects.filter(stripe_payment_intent_id=payment_intent).first() if payment_intent else None
    )
    if registration is None:
        return "unknown_registration"
    registration_service.record_refund(registration=registration)
    return "refunded"


def refund_registration_payment(*, registration_id: int) -> Registration | None:
    """Ask Stripe to refund a registration whose refund is owed; safe to run twice (idempotency key).

    Raises the retryable Stripe errors so the task retries; other Stripe errors mark the refund as failed for
    an organizer to look at.
    """
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None or registration.refund_status != RefundStatus.REQUESTED:
        return registration
    try:
        refund = stripe.Refund.create(
            api_key=settings.STRIPE_SECRET_KEY,
            idempotency_key=f"refund:{registration.pk}:{registration.stripe_payment_intent_id}",
            payment_intent=registration.stripe_payment_intent_id,
            metadata={"registration_id": str(registration.pk), "registration_code": registration.code},
        )
    except RETRYABLE_STRIPE_ERRORS:
        raise
    except stripe.StripeError as exc:
        logger.error("Refund for registration %s failed: %s", registration.pk, exc)
        Registration.objects.filter(pk=registration.pk, refund_status=RefundStatus.REQUESTED).update(
            refund_status=RefundStatus.FAILED
        )
        registration.refund_status = RefundStatus.FAILED
        return registration
    # "succeeded" or "pending" both mean Stripe has taken the refund on; charge.refunded confirms it later.
    new_status = RefundStatus.FAILED if refund["status"] == "failed" else RefundStatus.REFUNDED
    Registration.objects.filter(pk=registration.pk, refund_status=RefundStatus.REQUESTED).update(
        refund_status=new_status, refunded_at=timezone.now() if new_status == RefundStatus.REFUNDED else None
    )
    registration.refresh_from_db()
    return registration
