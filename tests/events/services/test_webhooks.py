"""Webhooks: what is emitted to whom, signed how, and delivered at most once per endpoint and event."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone

from events.models import DeliveryStatus, Lead, WebhookDelivery, WebhookEndpoint, WebhookEvent
from events.services import leads, webhooks
from events.services.publishing import release_schedule
from events.services.registration import cancel_registration, register_attendee
from tests import factories
from tests.checkin_helpers import badge_code, nonce
from tests.webhook_receiver import documented_verify, start_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_targets(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the change enqueues after commit, as the real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def endpoint_for(convention, receiver, *types, exhibitor=None):
    return webhooks.create_endpoint(convention=convention, url=receiver.url, event_types=types, exhibitor=exhibitor)


def register(convention, email="erika@berlin.de"):
    ticket = factories.TicketTypeFactory(convention=convention)
    return register_attendee(
        convention=convention,
        ticket_type_id=ticket.pk,
        first_name="Jürgen",
        last_name="Weiß",
        email=email,
        accept_terms=True,
    ).registration


def test_confirmed_registration_reaches_the_endpoint_signed_as_documented(convention, receiver, commit):
    endpoint = endpoint_for(convention, receiver, "registration.confirmed")

    with commit():
        registration = register(convention)

    (delivery,) = receiver.received
    body = json.loads(delivery.body)
    assert (body["type"], body["convention"], body["data"]["code"]) == (
        "registration.confirmed",
        "sccon",
        registration.code,
    )
    assert body["data"]["last_name"] == "Weiß"
    assert delivery.headers["Messe-Event-Id"] == body["id"]
    verify = documented_verify()
    assert verify(endpoint.secret, delivery.headers["Messe-Signature"], delivery.body)
    assert not verify(endpoint.secret, delivery.headers["Messe-Signature"], delivery.body.replace(b"Wei", b"Wai"))
    assert not verify("whsec_other", delivery.headers["Messe-Signature"], delivery.body)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    assert WebhookDelivery.objects.get().response_status == 200


def test_endpoint_gets_only_the_types_it_chose(convention, receiver, commit):
    endpoint_for(convention, receiver, "registration.cancelled")
    with commit():
        registration = register(convention)
    assert receiver.received == []

    with commit():
        cancel_registration(registration=registration)

    assert [json.loads(item.body)["type"] for item in receiver.received] == ["registration.cancelled"]


def test_without_subscribers_nothing_is_written(convention):
    register(convention)
    assert WebhookEvent.objects.count() == 0


def test_release_sends_schedule_released_and_one_session_changed_per_session(convention, receiver, commit):
    endpoint_for(convention, receiver, "schedule.released", "session.changed")
    factories.SessionFactory(convention=convention, title_en="Opening keynote")
    factories.SessionFactory(convention=convention, title_en="Digital twins", start=factories.berlin(0, 12))

    with commit():
        release_schedule(convention=convention)

    bodies = [json.loads(item.body) for item in receiver.received]
    assert [body["type"] for body in bodies] == ["schedule.released", "session.changed", "session.changed"]
    assert bodies[0]["data"]["version"] == 1
    assert bodies[0]["data"]["counts"] == {"new": 2, "moved": 0, "changed": 0, "cancelled": 0}
    assert [(b["data"]["change"], b["data"]["session"]["title"]) for b in bodies[1:]] == [
        ("new", "Opening keynote"),
        ("new", "Digital twins"),
    ]


def lead_setup(convention, *, consent: bool):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    visitor = factories.RegistrationFactory(
        convention=convention,
        first_name="Ada",
        last_name="Lovelace",
        email="ada@analytical.example",
        consent_share_contact_at=timezone.now() if consent else None,
    )
    return exhibitor, visitor


def test_leads_go_to_the_exhibitors_own_endpoint_only(convention, receiver, commit):
    exhibitor, visitor = lead_setup(convention, consent=True)
    other = factories.ExhibitorFactory(convention=convention)
    other_receiver, other_server = start_receiver()
    organizer_receiver, organizer_server = start_receiver()
    try:
        endpoint_for(convention, receiver, "lead.captured", exhibitor=exhibitor)
        endpoint_for(convention, other_receiver, "lead.captured", exhibitor=other)
        endpoint_for(convention, organizer_receiver, "registration.confirmed", "session.changed")

        with commit():
            leads.capture_lead(exhibitor=exhibitor, code=badge_code(visitor), nonce=nonce())
    finally:
        other_server.shutdown()
        organizer_server.shutdown()

    (delivery,) = receiver.received
    lead = json.loads(delivery.body)["data"]["lead"]
    assert (lead["name"], lead["email"], lead["consent"]) == ("Ada Lovelace", "ada@analytical.example", True)
    assert other_receiver.received == [] and organizer_receiver.received == []
    # Sent to the exhibitor's system counts as handed over, like a download of the list.
    assert Lead.objects.get().exported_at is not None


def test_lead_without_consent_carries_no_personal_field(convention, receiver, commit):
    exhibitor, visitor = lead_setup(convention, consent=False)
    endpoint_for(convention, receiver, "lead.captured", exhibitor=exhibitor)

    with commit():
        leads.capture_lead(exhibitor=exhibitor, code=badge_code(visitor), nonce=nonce())

    (delivery,) = receiver.received
    text = delivery.body.decode()
    lead = json.loads(text)["data"]["lead"]
    assert lead["reason"] == "no_consent"
    assert not {"name", "email", "organization", "job_title"} & set(lead)
    assert "Lovelace" not in text and "analytical" not in text


def test_lead_and_convention_types_cannot_be_mixed(convention, receiver):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    with pytest.raises(webhooks.InvalidWebhookEndpoint):
        endpoint_for(convention, receiver, "lead.captured")
    with pytest.raises(webhooks.InvalidWebhookEndpoint):
        endpoint_for(convention, receiver, "registration.confirmed", exhibitor=exhibitor)
    with pytest.raises(webhooks.InvalidWebhookEndpoint):
        endpoint_for(convention, receiver, "registration.everything")


def test_plain_http_and_private_addresses_are_refused_in_production(convention, receiver, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(webhooks.InvalidWebhookEndpoint):
        endpoint_for(convention, receiver, "registration.confirmed")
    with pytest.raises(PermissionError):
        webhooks.post(url="https://127.0.0.1:1/hooks", body=b"{}", headers={})


def test_receiver_down_is_retried_and_delivered_once_when_it_returns(convention, receiver, commit):
    endpoint_for(convention, receiver, "registration.confirmed")
    receiver.status = 503

    with commit():
        register(convention)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status, delivery.attempts) == (DeliveryStatus.PENDING, 503, 1)
    assert delivery.next_attempt_at > timezone.now()
    # Not due yet: the requeue job leaves it alone.
    assert webhooks.requeue_stuck_deliveries() == 0

    receiver.status = 200
    later = delivery.next_attempt_at + dt.timedelta(seconds=1)
    assert webhooks.deliver(delivery_id=delivery.pk, now=later).status == DeliveryStatus.DELIVERED
    assert webhooks.deliver(delivery_id=delivery.pk, now=later) is None  # a second worker finds nothing to do

    assert [item.headers["X-Answered"] for item in receiver.received] == ["503", "200"]
    assert len(set(item.headers["Messe-Event-Id"] for item in receiver.received)) == 1


def test_endpoint_that_keeps_failing_is_paused_and_organizers_told(convention, organizer, receiver, commit):
    organizer.email = "orga@sccon.example"
    organizer.save()
    endpoint = endpoint_for(convention, receiver, "registration.confirmed")
    receiver.status = 500
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=webhooks.PAUSE_AFTER_FAILURES - 1)

    with commit():
        register(convention)

    endpoint.refresh_from_db()
    assert endpoint.paused_at is not None
    assert [message.to for message in mail.outbox if "paused" in message.subject] == [["orga@sccon.example"]]
    # Paused: nothing is sent, not even when the delivery is due.
    delivery = WebhookDelivery.objects.get()
    assert webhooks.deliver(delivery_id=delivery.pk, now=timezone.now() + dt.timedelta(days=1)) is None

    receiver.status = 200
    with commit():
        webhooks.resume_endpoint(endpoint=endpoint)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [item.headers["X-Answered"] for item in receiver.received] == ["500", "200"]


def test_rotated_secret_signs_with_both_until_the_grace_ends(convention, receiver, commit):
    endpoint = endpoint_for(convention, receiver, "registration.confirmed")
    old_secret = endpoint.secret
    endpoint = webhooks.rotate_secret(endpoint=endpoint)
    verify = documented_verify()

    with commit():
        register(convention)

    (delivery,) = receiver.received
    signature = delivery.headers["Messe-Signature"]
    assert verify(endpoint.secret, signature, delivery.body)
    assert verify(old_secret, signature, delivery.body)

    after_grace = timezone.now() + webhooks.ROTATION_GRACE + dt.timedelta(minutes=1)
    header = webhooks.signature_header(endpoint=endpoint, timestamp=1, body=b"{}", now=after_grace)
    assert header.count("v1=") == 1


def test_old_signatures_are_refused_by_the_documented_check(convention, receiver):
    endpoint = endpoint_for(convention, receiver, "registration.confirmed")
    stale = int(timezone.now().timestamp()) - 3600
    header = f"t={stale},v1={webhooks.sign(secret=endpoint.secret, timestamp=stale, body=b'{}')}"

    assert not documented_verify()(endpoint.secret, header, b"{}")


def test_an_event_is_queued_once_per_endpoint(convention, receiver):
    endpoint = endpoint_for(convention, receiver, "registration.confirmed")
    register(convention)
    event = WebhookEvent.objects.get()

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookDelivery.objects.create(endpoint=endpoint, event=event)


def test_dead_workers_claim_is_handed_out_again_after_the_lease(convention, receiver, commit):
    endpoint_for(convention, receiver, "registration.confirmed")
    receiver.status = 503
    with commit():
        register(convention)
    delivery = WebhookDelivery.objects.get()
    # A worker claimed it and died before it could post.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now(), next_attempt_at=None
    )
    receiver.status = 200

    assert webhooks.requeue_stuck_deliveries() == 0  # within the lease: the claim stands
    with commit():
        assert webhooks.requeue_stuck_deliveries(now=timezone.now() + 2 * webhooks.SENDING_LEASE) == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
