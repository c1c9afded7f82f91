"""Services and reads the organizer's ticket pages and registration desk add: seats per ticket type, which
check-in lists admit a ticket type, the refund a cancellation would give, and sending one registration's link."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from events import errors
from events.models import CheckinList, OutboundMessage, RegistrationStatus, TicketType
from events.selectors.registrations import Seats, seats_by_ticket_type
from events.services import magic_links, ticketing
from events.services import registration as registration_service
from tests import factories

pytestmark = pytest.mark.django_db


def test_seats_are_sold_held_and_free_per_ticket_type(convention):
    limited = factories.TicketTypeFactory(convention=convention, quota=10)
    open_ended = factories.TicketTypeFactory(convention=convention)
    factories.RegistrationFactory(convention=convention, ticket_type=limited)
    factories.RegistrationFactory(convention=convention, ticket_type=limited, status=RegistrationStatus.PENDING_PAYMENT)
    factories.RegistrationFactory(convention=convention, ticket_type=open_ended)
    TicketType.objects.filter(pk=limited.pk).update(quota_used=2)
    TicketType.objects.filter(pk=open_ended.pk).update(quota_used=1)

    assert seats_by_ticket_type(convention=convention) == {
        limited.pk: Seats(sold=1, held=1, free=8),
        open_ended.pk: Seats(sold=1, held=0, free=None),
    }


def test_lists_naming_ticket_types_gain_and_lose_one_and_open_lists_stay_open(convention):
    ticket, other = (
        factories.TicketTypeFactory(convention=convention),
        factories.TicketTypeFactory(convention=convention),
    )
    workshop = CheckinList.objects.create(convention=convention, name="Workshop")
    workshop.ticket_types.set([other])
    lounge = CheckinList.objects.create(convention=convention, name="Lounge")
    lounge.ticket_types.set([other, ticket])
    entrance = CheckinList.objects.create(convention=convention, name="Entrance")

    admitting = ticketing.set_lists_admitting(ticket_type=ticket, checkin_lists=[workshop])

    assert [item.name for item in admitting] == ["Entrance", "Workshop"]
    assert set(workshop.ticket_types.all()) == {ticket, other}
    assert set(lounge.ticket_types.all()) == {other}
    assert list(entrance.ticket_types.all()) == []


def test_a_list_is_never_left_admitting_every_ticket_type(convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    vip = CheckinList.objects.create(convention=convention, name="VIP")
    vip.ticket_types.set([ticket])

    with pytest.raises(errors.ValidationFailed) as refused:
        ticketing.set_lists_admitting(ticket_type=ticket, checkin_lists=[])

    assert refused.value.fields == {"checkin_lists": "VIP admits only this ticket type."}
    assert list(vip.ticket_types.all()) == [ticket]


def test_another_conventions_list_is_refused(convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    foreign = CheckinList.objects.create(convention=factories.ConventionFactory(), name="Elsewhere")

    with pytest.raises(errors.ValidationFailed):
        ticketing.set_lists_admitting(ticket_type=ticket, checkin_lists=[foreign])


@pytest.mark.parametrize(
    ("paid", "intent", "deadline_in_days", "refunded"),
    [("49.00", "pi_1", 1, True), ("49.00", "pi_1", -1, False), ("0.00", "", 1, False), ("49.00", "", 1, False)],
)
def test_refund_on_cancel_needs_a_stripe_payment_before_the_deadline(
    convention, paid, intent, deadline_in_days, refunded
):
    now = timezone.now()
    ticket = factories.TicketTypeFactory(
        convention=convention, refund_deadline=now + dt.timedelta(days=deadline_in_days)
    )
    registration = factories.RegistrationFactory(
        convention=convention, ticket_type=ticket, amount_paid=Decimal(paid), stripe_payment_intent_id=intent
    )

    assert registration_service.refund_due_on_cancel(registration, now=now) is refunded


def test_one_registrations_link_is_sent_once_per_window(convention, django_capture_on_commit_callbacks):
    registration = factories.RegistrationFactory(convention=convention)
    now = timezone.now()

    with django_capture_on_commit_callbacks():
        first = magic_links.resend_registration_link(registration=registration, now=now)
        again = magic_links.resend_registration_link(registration=registration, now=now + dt.timedelta(minutes=1))
        later = magic_links.resend_registration_link(registration=registration, now=now + dt.timedelta(minutes=16))

    assert (first, again, later) == (True, False, True)
    message = OutboundMessage.objects.filter(registration=registration, kind="magic_link_resent").first()
    assert magic_links.magic_link_url(registration) in message.body_text
    assert OutboundMessage.objects.filter(registration=registration).count() == 2


@pytest.mark.parametrize("status", [RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED])
def test_inactive_and_erased_registrations_get_no_link(convention, status):
    cancelled = factories.RegistrationFactory(convention=convention, status=status)
    erased = factories.RegistrationFactory(convention=convention, erased_at=timezone.now())

    assert magic_links.resend_registration_link(registration=cancelled) is False
    assert magic_links.resend_registration_link(registration=erased) is False
    assert not OutboundMessage.objects.exists()
