"""Registering attendees, holding and releasing seats, confirming paid registrations, cancelling.

Quota safety: a seat is taken with one conditional UPDATE of ``TicketType.quota_used`` (``… WHERE quota IS
NULL OR quota_used < quota``) in the same transaction as the registration row; a voucher use likewise with
``Voucher.times_used``. The UPDATE takes the row lock, so two registrations can never both see the last seat,
and the CHECK constraints on both counters are a second line of defence. The lock is taken as late as possible
(the UPDATE is the last statement before COMMIT) so it is held only for the commit. The per-address limit
("max per order") is checked under an advisory lock per (ticket type, address) taken first.

Lock order, everywhere in this module: registration row → voucher → ticket type. Keep it that way or two
transactions can deadlock.

Hooks: ``on_registration_confirmed`` and ``on_registration_cancelled`` run inside the transaction of the change;
other features (badges, workshop seats) add their follow-ups there.
"""

import datetime as dt
import functools
import hashlib
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events import errors
from events.enums import QuestionKind, RefundStatus
from events.models import Convention, Question, Registration, RegistrationStatus, TicketType, Voucher
from events.models.webhooks import WebhookEventType
from events.selectors import registrations as registration_selectors
from events.services import magic_links, messages, webhook_events
from events.tokens import hash_token as hash_access_token

logger = logging.getLogger(__name__)

# 32 symbols without the look-alikes 0/O and 1/I: codes are read aloud at help desks and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
ACTIVE_STATUSES = (RegistrationStatus.PENDING_PAYMENT, RegistrationStatus.CONFIRMED)
MAX_ANSWER_LENGTH = 1000


@dataclass(frozen=True)
class NewRegistration:
    """What the attendee gets back once: the registration, the bearer token and, for paid tickets, where to pay."""

    registration: Registration
    access_token: str
    checkout_url: str | None


def generate_registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_email(email: str) -> str:
    # Lower-cased as a whole so the per-address limit uses the (convention, email) index with plain equality.
    return email.strip().lower()


def is_on_sale(ticket_type: TicketType, *, now: dt.datetime) -> bool:
    if not ticket_type.is_active:
        return False
    if ticket_type.sale_starts_at and now < ticket_type.sale_starts_at:
        return False
    return not (ticket_type.sale_ends_at and now >= ticket_type.sale_ends_at)


def is_eligible(ticket_type: TicketType, *, email: str) -> bool:
    """Public-sector tickets admit addresses of the listed domains and their subdomains (bezirk.berlin.de)."""
    if not ticket_type.allowed_email_domains:
        return True
    domain = email.rsplit("@", 1)[-1].lower()
    for allowed in ticket_type.allowed_email_domains:
        allowed = allowed.lower().lstrip("@").strip()
        if allowed and (domain == allowed or domain.endswith(f".{allowed}")):
            return True
    return False


def clean_answers(*, convention: Convention, answers: dict[str, Any], has_questions: bool = True) -> dict[str, Any]:
    """Check answers against the convention's questions; returns only known answers, raises with per-question
    messages under ``fields.answers``. ``has_questions=False`` (the caller knows there are none) skips the read."""
    questions = (
        {question.identifier: question for question in Question.objects.filter(convention=convention)}
        if has_questions
        else {}
    )
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for identifier in answers:
        if identifier not in questions:
            problems[identifier] = _("Unknown question.")
    for identifier, question in questions.items():
        value = answers.get(identifier)
        if value is None or value == "":
            if question.required:
                problems[identifier] = _("This question must be answered.")
            continue
        if question.kind == QuestionKind.BOOLEAN:
            if not isinstance(value, bool):
                problems[identifier] = _("Answer with true or false.")
                continue
            if question.required and value is False:
                problems[identifier] = _("This question must be answered with yes.")
                continue
        elif question.kind == QuestionKind.CHOICE:
            if value not in question.choices:
                problems[identifier] = _("Choose one of: %(choices)s.") % {
                    "choices": ", ".join(map(str, question.choices))
                }
                continue
        elif not isinstance(value, str) or len(value) > MAX_ANSWER_LENGTH:
            problems[identifier] = _("Answer with text of at most %(count)s characters.") % {"count": MAX_ANSWER_LENGTH}
            continue
        cleaned[identifier] = value
    if problems:
        raise errors.ValidationFailed(_("Some answers are missing or not valid."), fields={"answers": problems})
    return cleaned


def find_voucher(*, convention: Convention, ticket_type: TicketType, code: str, now: dt.datetime) -> Voucher:
    voucher = Voucher.objects.filter(convention=convention, code__iexact=code.strip()).first()
    if voucher is None or not voucher.is_active or (voucher.valid_until and now >= voucher.valid_until):
        raise errors.InvalidVoucher()
    applicable = list(voucher.ticket_types.values_list("pk", flat=True))
    if applicable and ticket_type.pk not in applicable:
        raise errors.InvalidVoucher()
    return voucher


def _column(model: type[models.Model], name: str) -> str:
    """The database column of the concrete field ``name``."""
    return cast(models.Field, model._meta.get_field(name)).column or name


@functools.cache
def _increment_below_limit_sql(model: type[models.Model], counter: str, limit: str) -> str:
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(_column(model, model._meta.pk.name))
    counter, limit = quote(_column(model, counter)), quote(_column(model, limit))
    return f"UPDATE {table} SET {counter} = {counter} + 1 WHERE {pk} = %s AND ({limit} IS NULL OR {counter} < {limit})"


def _increment_below_limit(model: type[models.Model], pk: int, *, counter: str, limit: str) -> bool:
    """``counter + 1`` on the row unless it reached ``limit`` (no limit when NULL); whether the row changed.

    Written as SQL because every registration of a ticket launch queues on this statement, and building the
    equivalent ``filter(…).update(…)`` costs the web process several times what PostgreSQL needs to run it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_increment_below_limit_sql(model, counter, limit), [pk])
        return cursor.rowcount == 1


def _take_voucher_use(voucher_id: int) -> None:
    """One use of the voucher, or ``VoucherExhausted``. The conditional UPDATE locks the voucher row."""
    if not _increment_below_limit(Voucher, voucher_id, counter="times_used", limit="usage_limit"):
        raise errors.VoucherExhausted()


def _take_seat(ticket_type_id: int) -> None:
    """One seat of the quota, or ``SoldOut``. The conditional UPDATE locks the ticket type row until commit."""
    if not _increment_below_limit(TicketType, ticket_type_id, counter="quota_used", limit="quota"):
        raise errors.SoldOut()


@functools.cache
def _count_held_after_address_lock_sql() -> str:
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return _column(Registration, name)

    return (
        "SELECT pg_advisory_xact_lock(%s);"
        f" SELECT COUNT(*) FROM {quote(Registration._meta.db_table)}"
        f" WHERE {quote(column('convention'))} = %s AND {quote(column('email'))} = %s"
        f" AND {quote(column('ticket_type'))} = %s AND {quote(column('status'))} IN (%s, %s)"
    )


def _count_held_after_address_lock(*, ticket_type: TicketType, email: str) -> int:
    """How many active registrations ``email`` holds for ``ticket_type``, counted once registrations of the same
    address for the same ticket type run one after another (until commit).

    On PostgreSQL a transaction-level advisory lock on a hash of (ticket type, address): unrelated addresses do
    not wait for each other, and because each statement in READ COMMITTED sees what committed before it, the
    count taken after this lock is exact. Lock and count travel as two statements in one round trip (each still
    gets its own snapshot, so the count sees everything committed while we waited). SQLite serializes all
    writing transactions already.
    """
    held = Registration.objects.filter(
        convention_id=ticket_type.convention_id, email=email, ticket_type=ticket_type, status__in=ACTIVE_STATUSES
    )
    if connection.vendor != "postgresql":
        return held.count()
    digest = hashlib.blake2b(f"registration:{ticket_type.pk}:{email}".encode(), digest_size=8).digest()
    lock_key = int.from_bytes(digest, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute(
            _count_held_after_address_lock_sql(),
            [lock_key, ticket_type.convention_id, email, ticket_type.pk, *ACTIVE_STATUSES],
        )
        cursor.nextset()
        return cursor.fetchone()[0]


def _release_seat(registration: Registration) -> None:
    """Give the seat (and the voucher use) of an active registration back. Caller holds the registration lock."""
    if registration.voucher_id:
        Voucher.objects.filter(pk=registration.voucher_id).update(times_used=F("times_used") - 1)
    TicketType.objects.filter(pk=registration.ticket_type_id).update(quota_used=F("quota_used") - 1)


def register_attendee(
    *,
    convention: Convention,
    ticket_type_id: int,
    first_name: str,
    last_name: str,
    email: str,
    accept_terms: bool,
    organization: str = "",
    job_title: str = "",
    language: str = "de",
    answers: dict[str, Any] | None = None,
    share_contact_with_exhibitors: bool = False,
    newsletter: bool = False,
    voucher_code: str = "",
    now: dt.datetime | None = None,
    ticket_type: TicketType | None = None,
) -> NewRegistration:
    """Register one attendee for one ticket type.

    Free tickets (also after a voucher) are confirmed at once and the confirmation e-mail is queued. Paid ones
    are held as ``pending_payment`` for ``REGISTRATION_HOLD_MINUTES`` and get a Stripe Checkout URL; the seat
    counts against the quota while held. "Max per order" is per e-mail address: one address may hold at most
    ``ticket_type.max_per_order`` active registrations of a ticket type. Raises ``DomainError`` subclasses
    (``unknown_ticket_type``, ``sale_closed``, ``not_eligible``, ``invalid``, ``invalid_voucher``,
    ``payments_unavailable``, ``voucher_exhausted``, ``sold_out``, ``max_per_order_exceeded``) and then leaves
    no row behind.

    ``ticket_type``, when given, is that ticket type as ``selectors.registrations.ticket_type_for_registration``
    read it (the API reads it together with the convention); otherwise it is read here.
    """
    from events.services import payments

    now = now or timezone.now()
    email = normalize_email(email)
    if ticket_type is None or ticket_type.pk != ticket_type_id or ticket_type.convention_id != convention.pk:
        ticket_type = registration_selectors.ticket_type_for_registration(
            convention=convention, ticket_type_id=ticket_type_id
        )
    # Exhibitor passes are handed out by exhibitor managers (issue_complimentary_registration), never sold.
    if ticket_type is None or not ticket_type.is_active or ticket_type.is_exhibitor_pass:
        raise errors.UnknownTicketType()
    ticket_type.convention = convention
    if not is_on_sale(ticket_type, now=now):
        raise errors.SaleClosed()
    if not accept_terms:
        raise errors.ValidationFailed(
            _("The terms and conditions must be accepted."), fields={"accept_terms": _("Must be true.")}
        )
    if not is_eligible(ticket_type, email=email):
        domains = ", ".join(ticket_type.allowed_email_domains)
        raise errors.NotEligible(
            _("This ticket type is reserved for e-mail addresses of these domains: %(domains)s.") % {"domains": domains}
        )
    cleaned_answers = clean_answers(
        convention=convention,
        answers=answers or {},
        has_questions=getattr(ticket_type, "convention_has_questions", True),
    )
    voucher = (
        find_voucher(convention=convention, ticket_type=ticket_type, code=voucher_code, now=now)
        if voucher_code
        else None
    )
    price = voucher.price_for(ticket_type) if voucher else ticket_type.price
    if price > 0 and not payments.payments_configured():
        raise errors.PaymentsUnavailable()

    access_token = secrets.token_urlsafe(32)
    for attempt in range(3):
        code = generate_registration_code()
        try:
            registration = _create_registration(
                ticket_type=ticket_type,
                voucher=voucher,
                price=price,
                code=code,
                access_token=access_token,
                fields={
                    "first_name": first_name.strip(),
                    "last_name": last_name.strip(),
                    "email": email,
                    "organization": organization.strip(),
                    "job_title": job_title.strip(),
                    "language": language,
                    "answers": cleaned_answers,
                    "consent_terms_at": now,
                    "consent_share_contact_at": now if share_contact_with_exhibitors else None,
                    "consent_newsletter_at": now if newsletter else None,
                },
                now=now,
            )
            break
        except IntegrityError:
            # The only unique value we invent is the code; anything else is a real error.
            if attempt == 2 or not Registration.objects.filter(code=code).exists():
                raise
    if registration.status == RegistrationStatus.CONFIRMED:
        return NewRegistration(registration=registration, access_token=access_token, checkout_url=None)

    # Talk to Stripe only after the seat is committed: network I/O never runs inside our transaction.
    try:
        checkout = payments.create_checkout_session(registration=registration)
    except errors.PaymentProviderError:
        release_unpaid_registration(registration=registration, status=RegistrationStatus.CANCELLED)
        raise
    Registration.objects.filter(pk=registration.pk).update(
        stripe_checkout_session_id=checkout.session_id, stripe_checkout_url=checkout.url
    )
    registration.stripe_checkout_session_id = checkout.session_id
    registration.stripe_checkout_url = checkout.url
    return NewRegistration(registration=registration, access_token=access_token, checkout_url=checkout.url)


def issue_complimentary_registration(
    *,
    ticket_type: TicketType,
    first_name: str,
    last_name: str,
    email: str,
    language: str = "de",
    organization: str = "",
    job_title: str = "",
    external_id: str = "",
    now: dt.datetime | None = None,
) -> NewRegistration:
    """A confirmed registration at no charge that nobody buys (an exhibitor pass, a pre-registered guest from an
    imported guest list, who keeps the list's ``external_id``), with its confirmation e-mail.

    No sale window, eligibility or voucher applies; the ticket type's quota and the per-address limit hold as
    for a sale (``sold_out``, ``max_per_order_exceeded``). The person accepted the terms when they accepted
    the invitation that leads here; no optional consent is given.
    """
    now = now or timezone.now()
    access_token = secrets.token_urlsafe(32)
    fields = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": normalize_email(email),
        "organization": organization.strip(),
        "job_title": job_title.strip(),
        "external_id": external_id,
        "language": language,
        "consent_terms_at": now,
    }
    for attempt in range(3):
        code = generate_registration_code()
        try:
            registration = _create_registration(
                ticket_type=ticket_type,
                voucher=None,
                price=Decimal("0.00"),
                code=code,
                access_token=access_token,
                fields=fields,
                now=now,
            )
            break
        except IntegrityError:
            if attempt == 2 or not Registration.objects.filter(code=code).exists():
                raise
    return NewRegistration(registration=registration, access_token=access_token, checkout_url=None)


def _create_registration(
    *,
    ticket_type: TicketType,
    voucher: Voucher | None,
    price: Decimal,
    code: str,
    access_token: str,
    fields: dict[str, Any],
    now: dt.datetime,
) -> Registration:
    is_free = price == 0
    with transaction.atomic():
        if is_free and settings.MESSE_REGISTRATION_ASYNCHRONOUS_COMMIT and connection.vendor == "postgresql":
            # See config/settings.py: the seat's row lock is then released without waiting for the WAL flush.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if _count_held_after_address_lock(ticket_type=ticket_type, email=fields["email"]) >= ticket_type.max_per_order:
            raise errors.MaxPerOrderExceeded(
                _("One e-mail address may hold at most %(count)s registration(s) of this ticket type.")
                % {"count": ticket_type.max_per_order}
            )
        registration = Registration.objects.create(
            convention=ticket_type.convention,
            ticket_type=ticket_type,
            voucher=voucher,
            code=code,
            access_token_hash=hash_access_token(access_token),
            status=RegistrationStatus.CONFIRMED if is_free else RegistrationStatus.PENDING_PAYMENT,
            price=price,
            confirmed_at=now if is_free else None,
            hold_expires_at=None if is_free else now + dt.timedelta(minutes=settings.REGISTRATION_HOLD_MINUTES),
            **fields,
        )
        if is_free:
            on_registration_confirmed(registration=registration)
        # The contended locks come last (voucher, then ticket type) and the seat's UPDATE is the final statement
        # before COMMIT: everybody registering for this ticket type queues on that row, so it is held only for
        # the commit itself. Do not add statements after _take_seat.
        if voucher is not None:
            _take_voucher_use(voucher.pk)
        _take_seat(ticket_type.pk)
    return registration


def release_unpaid_registration(
    *, registration: Registration, status: str = RegistrationStatus.EXPIRED, now: dt.datetime | None = None
) -> bool:
    """Give the held seat of a still-unpaid registration back (expiry, or checkout could not be created).

    Returns whether this call released it; a registration paid or released in the meantime is left alone.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status != RegistrationStatus.PENDING_PAYMENT:
            return False
        _release_seat(locked)
        locked.status = status
        locked.cancelled_at = now if status == RegistrationStatus.CANCELLED else None
        locked.save(update_fields=["status", "cancelled_at"])
    registration.status = locked.status
    return True


def expire_held_registrations(*, now: dt.datetime | None = None) -> int:
    """Expire unpaid registrations whose hold has run out and return their seats to the quota.

    Run every minute by Celery beat; safe to run twice or concurrently (each row is re-checked under its lock).
    Returns how many registrations this call expired.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(status=RegistrationStatus.PENDING_PAYMENT, hold_expires_at__lt=now)
    expired = 0
    for registration in due.order_by("pk")[:1000]:
        if release_unpaid_registration(registration=registration, now=now):
            expired += 1
    return expired


def refund_deadline(registration: Registration) -> dt.datetime:
    """Cancellations until this moment are refunded: the ticket type's deadline, else the convention's start."""
    if registration.ticket_type.refund_deadline:
        return registration.ticket_type.refund_deadline
    convention = registration.convention
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(convention.start_date, dt.time.min, tzinfo=ZoneInfo(convention.time_zone))


def refund_due_on_cancel(registration: Registration, *, now: dt.datetime) -> bool:
    """Whether cancelling ``registration`` at ``now`` refunds its payment: paid through Stripe, and before the
    refund deadline. (The registration desk shows this before it cancels.)"""
    return bool(
        registration.amount_paid > 0 and registration.stripe_payment_intent_id and now <= refund_deadline(registration)
    )


def cancel_registration(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """Cancel a held or confirmed registration and give its seat back; idempotent for cancelled ones.

    A paid registration cancelled before the refund deadline is refunded through Stripe after commit
    (``refund_status`` becomes ``requested``, then ``refunded``). Expired registrations cannot be cancelled.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            # Row lock on the registration only: locking the joined convention row would hold up every commit
            # that references the convention (deferred foreign-key checks) and deadlock with lead downloads.
            Registration.objects.select_for_update(of=("self",))
            .select_related("ticket_type", "convention")
            .get(pk=registration.pk)
        )
        if locked.status == RegistrationStatus.CANCELLED:
            return locked
        if locked.status not in ACTIVE_STATUSES:
            raise errors.RegistrationNotCancellable()
        _release_seat(locked)
        locked.status = RegistrationStatus.CANCELLED
        locked.cancelled_at = now
        locked.hold_expires_at = None
        if refund_due_on_cancel(locked, now=now):
            _request_refund(locked)
        locked.save(update_fields=["status", "cancelled_at", "hold_expires_at", "refund_status"])
        on_registration_cancelled(registration=locked)
    return locked


def _request_refund(registration: Registration) -> None:
    """Mark the refund as owed and let a task ask Stripe after commit (the caller saves ``refund_status``)."""
    from events import tasks

    registration.refund_status = RefundStatus.REQUESTED
    transaction.on_commit(partial(tasks.refund_registration_payment.delay, registration_id=registration.pk))


def confirm_paid_registration(
    *,
    registration: Registration,
    payment_intent_id: str,
    amount_paid: Decimal,
    now: dt.datetime | None = None,
) -> Registration:
    """Fulfil a payment Stripe reported as paid; idempotent.

    Held registration → confirmed. Payment after the hold expired → confirmed if the seat (and the voucher use)
    can still be taken, otherwise refunded automatically and the attendee told by e-mail. A payment for a
    cancelled registration is refunded. A registration that is confirmed already stays as it is.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().select_related("ticket_type").get(pk=registration.pk)
        if locked.status == RegistrationStatus.CONFIRMED or locked.refund_status:
            return locked  # fulfilled or refunded before: a repeated notification changes nothing
        locked.stripe_payment_intent_id = payment_intent_id
        locked.amount_paid = amount_paid
        locked.paid_at = now
        update_fields = ["stripe_payment_intent_id", "amount_paid", "paid_at", "status", "confirmed_at"]
        update_fields += ["hold_expires_at", "refund_status"]
        if locked.status == RegistrationStatus.EXPIRED:
            try:
                with transaction.atomic():  # a savepoint: a voucher use taken before a sold-out seat is undone
                    if locked.voucher_id:
                        _take_voucher_use(locked.voucher_id)
                    _take_seat(locked.ticket_type_id)
            except (errors.SoldOut, errors.VoucherExhausted):
                _request_refund(locked)
                locked.save(update_fields=update_fields)
                _queue_registration_mail(registration=locked, template="payment_refunded", key="payment_refunded")
                return locked
        elif locked.status == RegistrationStatus.CANCELLED:
            _request_refund(locked)
            locked.save(update_fields=update_fields)
            _queue_registration_mail(registration=locked, template="payment_refunded", key="payment_refunded")
            return locked
        locked.status = RegistrationStatus.CONFIRMED
        locked.confirmed_at = now
        locked.hold_expires_at = None
        locked.save(update_fields=update_fields)
        on_registration_confirmed(registration=locked)
    return locked


def record_refund(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """Stripe says the payment was refunded (by us, or by an organizer in the Stripe dashboard).

    A confirmed registration refunded from outside Messe is cancelled and its seat given back.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.refund_status == RefundStatus.REFUNDED:
            return locked
        locked.refund_status = RefundStatus.REFUNDED
        locked.refunded_at = now
        fields = ["refund_status", "refunded_at"]
        if locked.status in ACTIVE_STATUSES:
            _release_seat(locked)
            locked.status = RegistrationStatus.CANCELLED
            locked.cancelled_at = now
            fields += ["status", "cancelled_at"]
            locked.save(update_fields=fields)
            on_registration_cancelled(registration=locked)
        else:
            locked.save(update_fields=fields)
    return locked


def update_attendee_details(*, registration: Registration, **changes: str) -> Registration:
    """Fix the name, organization, job title or language on a registration (e.g. a typo on the badge)."""
    allowed = {"first_name", "last_name", "organization", "job_title", "language"}
    unknown = set(changes) - allowed
    if unknown:
        raise errors.ValidationFailed(fields={name: "This field cannot be changed." for name in sorted(unknown)})
    for name, value in changes.items():
        setattr(registration, name, value.strip())
    registration.save(update_fields=sorted(changes))
    return registration


def badge_url(registration: Registration) -> str:
    return f"{settings.SITE_URL}/api/v1/registrations/{registration.code}/badge.png"


def _queue_registration_mail(*, registration: Registration, template: str, key: str) -> None:
    ticket_type = registration.ticket_type
    context = {
        "registration": registration,
        "ticket_name": ticket_type.name_in(registration.language),
        "convention": registration.convention,
        "badge_url": badge_url(registration),
        "magic_link": magic_links.magic_link_url(registration),
        "language": registration.language,
    }
    subject, body_text, body_html = messages.render_message(
        template=template, context=context, language=registration.language
    )
    messages.queue_message(
        idempotency_key=f"{key}:{registration.pk}",
        kind=key,
        recipient=registration.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=registration.language,
        convention=registration.convention,
        registration=registration,
    )


def on_registration_confirmed(*, registration: Registration) -> None:
    """Everything that follows a confirmation, inside its transaction: today the confirmation e-mail.

    Badge issuing hooks in here (events.services.badges), so the badge exists when the e-mail links to it.
    """
    _queue_registration_mail(registration=registration, template="registration_confirmed", key="registration_confirmed")
    webhook_events.emit_registration(registration=registration, event_type=WebhookEventType.REGISTRATION_CONFIRMED)


def on_registration_cancelled(*, registration: Registration) -> None:
    """Everything that follows a cancellation, inside its transaction: the badge is revoked (so offline
    scanners refuse it with the next revocation list), workshop seats go to the next on the waitlist, and the
    cancellation e-mail is queued.
    """
    # Imported here: both modules import this one's models and services at import time.
    from events.services import badges, workshops

    badges.revoke_badges(registration=registration)
    workshops.release_seats_of(registration=registration)
    _queue_registration_mail(registration=registration, template="registration_cancelled", key="registration_cancelled")
    webhook_events.emit_registration(registration=registration, event_type=WebhookEventType.REGISTRATION_CANCELLED)
