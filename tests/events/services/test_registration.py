import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from api.authentication import hash_access_token
from events import errors
from events.enums import QuestionKind, VoucherKind
from events.models import OutboundMessage, Registration, RegistrationStatus, TicketType, Voucher
from events.services import registration as service
from tests import factories
from tests.stripe_fake import install_fake_stripe


def register(convention, ticket_type, **overrides):
    values = {
        "convention": convention,
        "ticket_type_id": ticket_type.pk,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika.mustermann@berlin.de",
        "accept_terms": True,
        "organization": "Senatskanzlei Berlin",
        "language": "de",
    }
    values.update(overrides)
    return service.register_attendee(**values)


@pytest.fixture
def free_ticket(convention):
    return factories.TicketTypeFactory(convention=convention, name_en="Public sector pass", quota=10)


@pytest.fixture
def paid_ticket(convention):
    return factories.TicketTypeFactory(convention=convention, name_en="Business day pass", price=Decimal("299.00"))


def test_free_registration_is_confirmed_with_code_token_and_seat(convention, free_ticket):
    new = register(convention, free_ticket)

    registration = new.registration
    assert registration.status == RegistrationStatus.CONFIRMED
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", registration.code)
    assert registration.access_token_hash == hash_access_token(new.access_token)
    assert new.checkout_url is None
    free_ticket.refresh_from_db()
    assert free_ticket.quota_used == 1


def test_confirmation_mail_is_sent_after_commit_in_german(convention, free_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(convention, free_ticket, language="de").registration
        assert mail.outbox == []

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["erika.mustermann@berlin.de"]
    assert sent.subject == f"Anmeldung bestätigt: Smart Country Convention 2025 ({registration.code})"
    assert f"Anmeldecode: {registration.code}" in sent.body
    assert f"http://localhost:8000/api/v1/registrations/{registration.code}/badge.png" in sent.body
    assert OutboundMessage.objects.get().idempotency_key == f"registration_confirmed:{registration.pk}"


def test_confirmation_mail_in_english(convention, free_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(convention, free_ticket, language="en").registration

    assert mail.outbox[0].subject == f"Registration confirmed: Smart Country Convention 2025 ({registration.code})"
    assert f"Registration code: {registration.code}" in mail.outbox[0].body


def test_paid_ticket_without_stripe_key_is_refused_and_leaves_no_row(convention, paid_ticket, settings):
    settings.STRIPE_SECRET_KEY = ""

    with pytest.raises(errors.PaymentsUnavailable):
        register(convention, paid_ticket)

    assert Registration.objects.count() == 0
    paid_ticket.refresh_from_db()
    assert paid_ticket.quota_used == 0


def test_free_voucher_makes_paid_ticket_work_without_stripe(convention, paid_ticket, settings):
    settings.STRIPE_SECRET_KEY = ""
    voucher = Voucher.objects.create(convention=convention, code="PRESS2025", kind=VoucherKind.FREE, usage_limit=2)

    registration = register(convention, paid_ticket, voucher_code="press2025").registration

    assert (registration.status, registration.price, registration.voucher) == (
        RegistrationStatus.CONFIRMED,
        Decimal("0.00"),
        voucher,
    )
    voucher.refresh_from_db()
    assert voucher.times_used == 1


def test_percentage_voucher_lowers_the_price(convention, paid_ticket, settings, monkeypatch):
    install_fake_stripe(monkeypatch, settings)
    Voucher.objects.create(convention=convention, code="EARLY", kind=VoucherKind.PERCENT, value=Decimal("20"))

    registration = register(convention, paid_ticket, voucher_code="EARLY").registration

    assert (registration.status, registration.price) == (RegistrationStatus.PENDING_PAYMENT, Decimal("239.20"))


def test_voucher_for_other_ticket_type_is_invalid(convention, free_ticket, paid_ticket):
    voucher = Voucher.objects.create(convention=convention, code="SPEAKER", kind=VoucherKind.FREE)
    voucher.ticket_types.set([paid_ticket])

    with pytest.raises(errors.InvalidVoucher):
        register(convention, free_ticket, voucher_code="SPEAKER")
    with pytest.raises(errors.InvalidVoucher):
        register(convention, free_ticket, voucher_code="NOSUCHCODE")
    assert Registration.objects.count() == 0


def test_exhausted_voucher_is_refused_and_takes_no_seat(convention, free_ticket):
    Voucher.objects.create(convention=convention, code="ONCE", kind=VoucherKind.FREE, usage_limit=1)
    register(convention, free_ticket, voucher_code="ONCE", email="a@berlin.de")

    with pytest.raises(errors.VoucherExhausted):
        register(convention, free_ticket, voucher_code="ONCE", email="b@berlin.de")

    free_ticket.refresh_from_db()
    assert (free_ticket.quota_used, Registration.objects.count()) == (1, 1)


def test_public_sector_ticket_refuses_other_domains(convention):
    ticket = factories.TicketTypeFactory(convention=convention, allowed_email_domains=["berlin.de", "bund.de"])

    with pytest.raises(errors.NotEligible) as refused:
        register(convention, ticket, email="erika@example.com")

    assert refused.value.code == "not_eligible"
    assert refused.value.message == (
        "This ticket type is reserved for e-mail addresses of these domains: berlin.de, bund.de."
    )
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("email", "eligible"),
    [
        ("erika@berlin.de", True),
        ("erika@BA-Mitte.Berlin.de", True),
        ("erika@bund.de", True),
        ("erika@notberlin.de", False),
        ("erika@berlin.de.example.com", False),
    ],
)
def test_eligibility_by_domain_and_subdomain(email, eligible):
    ticket = TicketType(allowed_email_domains=["berlin.de", "bund.de"])

    assert service.is_eligible(ticket, email=email) is eligible


def test_sale_window_is_enforced(convention):
    now = timezone.now()
    ticket = factories.TicketTypeFactory(convention=convention, sale_ends_at=now - dt.timedelta(minutes=1))

    with pytest.raises(errors.SaleClosed):
        register(convention, ticket)
    ticket.sale_ends_at = None
    ticket.sale_starts_at = now + dt.timedelta(days=1)
    ticket.save()
    with pytest.raises(errors.SaleClosed):
        register(convention, ticket)


def test_quota_refuses_the_seat_after_the_last(convention):
    ticket = factories.TicketTypeFactory(convention=convention, quota=2)
    register(convention, ticket, email="a@berlin.de")
    register(convention, ticket, email="b@berlin.de")

    with pytest.raises(errors.SoldOut):
        register(convention, ticket, email="c@berlin.de")

    ticket.refresh_from_db()
    assert (ticket.quota_used, Registration.objects.count()) == (2, 2)


def test_one_address_holds_at_most_max_per_order(convention, free_ticket):
    register(convention, free_ticket, email="erika@berlin.de")

    with pytest.raises(errors.MaxPerOrderExceeded):
        register(convention, free_ticket, email=" Erika@Berlin.DE ")

    free_ticket.refresh_from_db()
    assert (free_ticket.quota_used, Registration.objects.count()) == (1, 1)


def test_max_per_order_of_two_admits_a_second_registration(convention):
    ticket = factories.TicketTypeFactory(convention=convention, max_per_order=2)
    register(convention, ticket)
    register(convention, ticket)

    with pytest.raises(errors.MaxPerOrderExceeded):
        register(convention, ticket)
    assert Registration.objects.count() == 2


def test_cancelled_registration_does_not_count_against_the_address(convention, free_ticket):
    first = register(convention, free_ticket).registration
    service.cancel_registration(registration=first)

    second = register(convention, free_ticket).registration

    assert second.status == RegistrationStatus.CONFIRMED


def test_answers_are_checked_against_the_questions(convention, free_ticket):
    convention.questions.create(
        identifier="sector",
        label_de="Sektor",
        label_en="Sector",
        kind=QuestionKind.CHOICE,
        choices=["municipal", "federal"],
        required=True,
    )
    convention.questions.create(identifier="vegan", kind=QuestionKind.BOOLEAN, label_de="Vegan", label_en="Vegan")

    with pytest.raises(errors.ValidationFailed) as refused:
        register(convention, free_ticket, answers={"vegan": "yes", "shoe_size": "42"})

    assert refused.value.fields == {
        "answers": {
            "shoe_size": "Unknown question.",
            "sector": "This question must be answered.",
            "vegan": "Answer with true or false.",
        }
    }
    registration = register(convention, free_ticket, answers={"sector": "federal", "vegan": True}).registration
    assert registration.answers == {"sector": "federal", "vegan": True}


def test_terms_must_be_accepted(convention, free_ticket):
    with pytest.raises(errors.ValidationFailed):
        register(convention, free_ticket, accept_terms=False)
    assert Registration.objects.count() == 0


def test_consents_are_recorded_as_timestamps(convention, free_ticket):
    now = timezone.now()

    registration = register(convention, free_ticket, share_contact_with_exhibitors=True, now=now).registration

    assert registration.consent_terms_at == now
    assert registration.consent_share_contact_at == now
    assert registration.consent_newsletter_at is None


def test_held_seat_expires_and_returns_to_the_quota(convention, settings, monkeypatch):
    install_fake_stripe(monkeypatch, settings)
    ticket = factories.TicketTypeFactory(convention=convention, price=Decimal("99.00"), quota=1)
    held = register(convention, ticket).registration
    assert held.hold_expires_at is not None

    assert service.expire_held_registrations(now=held.hold_expires_at - dt.timedelta(seconds=1)) == 0
    assert service.expire_held_registrations(now=held.hold_expires_at + dt.timedelta(seconds=1)) == 1
    assert service.expire_held_registrations(now=held.hold_expires_at + dt.timedelta(seconds=2)) == 0

    held.refresh_from_db()
    ticket.refresh_from_db()
    assert (held.status, ticket.quota_used) == (RegistrationStatus.EXPIRED, 0)


def test_expiry_gives_the_voucher_use_back(convention, settings, monkeypatch):
    install_fake_stripe(monkeypatch, settings)
    ticket = factories.TicketTypeFactory(convention=convention, price=Decimal("99.00"))
    voucher = Voucher.objects.create(
        convention=convention, code="HALF", kind=VoucherKind.PERCENT, value=Decimal(50), usage_limit=1
    )
    held = register(convention, ticket, voucher_code="HALF").registration

    service.expire_held_registrations(now=held.hold_expires_at + dt.timedelta(seconds=1))

    voucher.refresh_from_db()
    assert voucher.times_used == 0


def test_cancel_frees_the_seat_sends_mail_and_is_idempotent(
    convention, free_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(convention, free_ticket, language="en").registration
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel_registration(registration=registration)
        service.cancel_registration(registration=registration)

    registration.refresh_from_db()
    free_ticket.refresh_from_db()
    assert (registration.status, free_ticket.quota_used) == (RegistrationStatus.CANCELLED, 0)
    assert [message.subject for message in mail.outbox] == [
        f"Registration confirmed: Smart Country Convention 2025 ({registration.code})",
        f"Registration cancelled: Smart Country Convention 2025 ({registration.code})",
    ]


def test_expired_registration_cannot_be_cancelled(convention, free_ticket):
    registration = factories.RegistrationFactory(
        convention=convention, ticket_type=free_ticket, status=RegistrationStatus.EXPIRED
    )

    with pytest.raises(errors.RegistrationNotCancellable):
        service.cancel_registration(registration=registration)


def test_refund_deadline_defaults_to_the_start_of_the_conventions_first_day(convention, free_ticket):
    registration = factories.RegistrationFactory(convention=convention, ticket_type=free_ticket)

    deadline = service.refund_deadline(registration)

    assert deadline.isoformat() == "2025-09-30T00:00:00+02:00"


def test_beat_runs_the_expiry_task(convention, settings, monkeypatch):
    from events import tasks

    install_fake_stripe(monkeypatch, settings)
    ticket = factories.TicketTypeFactory(convention=convention, price=Decimal("99.00"), quota=5)
    held = register(convention, ticket).registration
    Registration.objects.filter(pk=held.pk).update(hold_expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert settings.CELERY_BEAT_SCHEDULE["expire-held-registrations"]["task"] == tasks.expire_held_registrations.name
    assert tasks.expire_held_registrations.apply().get() == 1
    ticket.refresh_from_db()
    assert ticket.quota_used == 0
