"""Data protection: erasure on request, consent changes, marking leads exported and the retention job.

What erasure keeps (documented for the organizer's records of processing): the registration row with its code,
status, ticket type, price, consent-to-terms time and the Stripe checkout session and payment intent ids,
amount paid, refund status and times — bookkeeping law requires payments and refunds to stay traceable; Stripe
holds the card holder's data under its own retention. Every other row (badges, scans, presences, leads, agenda,
sign-ups, messages, audit entries) stays too, pseudonymised, so attendance and lead counts do not change.
``events.selectors.personal_data.PERSONAL_DATA_COVERAGE`` lists column by column what is blanked and what stays.
"""

import datetime as dt
import logging
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from events.enums import AuditAction
from events.models import (
    Badge,
    Convention,
    Exhibitor,
    Lead,
    MessageStatus,
    OutboundMessage,
    Registration,
    RegistrationStatus,
    Scan,
)
from events.selectors.personal_data import leads_about
from events.services import audit
from events.tokens import hash_token

logger = logging.getLogger(__name__)

ERASED_NAME = "erased"
ERASED_SUBJECT = "(erased)"
ACTIVE_STATUSES = (RegistrationStatus.PENDING_PAYMENT, RegistrationStatus.CONFIRMED)


def erased_email(registration: Registration) -> str:
    # A syntactically valid address under the reserved .invalid TLD: nothing can ever be delivered to it.
    return f"erased-{registration.code.lower()}@erased.invalid"


def convention_is_over(convention: Convention, *, now: dt.datetime) -> bool:
    return now.astimezone(ZoneInfo(convention.time_zone)).date() > convention.end_date


def erase_registration(*, registration: Registration, actor: object, now: dt.datetime | None = None) -> Registration:
    """Anonymise every piece of personal data held about the attendee; idempotent.

    Before the convention has ended an active registration is cancelled first (seat back to the quota, refund
    by the usual cancellation rules, workshop seats passed on to the waitlist). The badge is revoked in any
    case. Rows stay for counts; see the module docstring for what is kept. Writes an audit entry.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the registration row only: a lock on the joined convention row would block every audit entry's
        # foreign-key check at commit, and a lead download holding that lead's row would deadlock with us.
        locked = (
            Registration.objects.select_for_update(of=("self",)).select_related("convention").get(pk=registration.pk)
        )
        if locked.erased_at is not None:
            return locked
        if locked.status in ACTIVE_STATUSES and not convention_is_over(locked.convention, now=now):
            from events.services import registration as registration_service

            # The cancellation mail it queues is neutralised with the other messages below.
            locked = registration_service.cancel_registration(registration=locked, now=now)
        _anonymise(registration=locked, now=now)
        audit.record_access(
            actor=actor,
            action=AuditAction.PERSONAL_DATA_ERASED,
            convention=locked.convention,
            object_type="registration",
            object_id=locked.code,
            registration=locked,
        )
    return locked


def _anonymise(*, registration: Registration, now: dt.datetime) -> None:
    """Blank or replace the personal columns of the registration and of every row about it (caller holds the
    registration's lock)."""
    from events.services import agenda, badge_printing, badges

    badges.revoke_badges(registration=registration, reason="erased")
    # Derived files: bulk badge PDFs that may show the attendee are discarded and built again without them.
    # (Single badges, lead lists and personal data exports are rendered per request and never stored.)
    badge_printing.rebuild_prints_after_erasure(registration=registration)
    Badge.objects.filter(registration=registration).update(code="")
    Scan.objects.filter(registration=registration).update(raw_code="")
    agenda.revoke_feed_tokens(registration=registration)
    for lead in leads_about(registration=registration):
        lead.registration = None
        lead.has_consent = False
        lead.pseudonym = f"erased:{secrets.token_hex(16)}"  # unlinks the lead from the attendee for good
        lead.name = lead.organization = lead.job_title = lead.email = lead.notes = ""
        lead.tags, lead.answers = [], {}
        lead.save(
            update_fields=[
                "registration", "has_consent", "pseudonym", "name", "organization", "job_title", "email", "notes",
                "tags", "answers",
            ]
        )  # fmt: skip
    messages = OutboundMessage.objects.filter(registration=registration)
    # What was not sent yet can no longer be: the address is gone. A claimed worker finds the row changed.
    messages.filter(status__in=[MessageStatus.PENDING, MessageStatus.SENDING]).update(
        status=MessageStatus.FAILED, last_error="recipient erased", next_attempt_at=None
    )
    messages.update(
        recipient=erased_email(registration),
        subject=ERASED_SUBJECT,
        body_text="",
        body_html="",
        calendar_ics="",
        attachments=[],
        last_error="recipient erased",
    )
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration), object_id=str(registration.pk)
    ).update(object_repr=f"{registration.code} ({ERASED_NAME})", change_message="")
    registration.first_name = ERASED_NAME
    registration.last_name = ""
    registration.email = erased_email(registration)
    # The guest list's number links the person to the list it came from: it goes with the name.
    registration.organization = registration.job_title = registration.stripe_checkout_url = ""
    registration.external_id = ""
    registration.answers = {}
    registration.consent_share_contact_at = registration.consent_newsletter_at = None
    registration.erased_at = now
    # A new token nobody holds: the bearer token and every magic link sent so far stop working.
    registration.access_token_hash = hash_token(secrets.token_urlsafe(32))
    registration.save(
        update_fields=[
            "first_name", "last_name", "email", "organization", "job_title", "stripe_checkout_url", "answers",
            "external_id", "consent_share_contact_at", "consent_newsletter_at", "erased_at", "access_token_hash",
        ]
    )  # fmt: skip


def strip_contact_from_unexported_leads(*, registration: Registration) -> int:
    """Remove the contact copy from the attendee's leads the exhibitor has not listed or downloaded yet; the
    lead stays as a pseudonymous one (scan times, staff notes). Returns how many leads were stripped."""
    return Lead.objects.filter(registration=registration, exported_at__isnull=True).update(
        registration=None, has_consent=False, name="", organization="", job_title="", email=""
    )


def update_consents(
    *,
    registration: Registration,
    actor: object,
    share_contact: bool | None = None,
    newsletter: bool | None = None,
    now: dt.datetime | None = None,
) -> Registration:
    """Give or withdraw the optional consents; ``None`` leaves one unchanged.

    Giving a consent that is already given keeps its original time. Withdrawing the consent to share contact
    data strips it from leads not yet exported; leads already exported stay with their exhibitor. Audited.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Registration row only (see erase_registration): a convention lock deadlocks with a lead download.
        locked = (
            Registration.objects.select_for_update(of=("self",)).select_related("convention").get(pk=registration.pk)
        )
        before = {"share_contact": locked.consent_share_contact_at, "newsletter": locked.consent_newsletter_at}
        stripped = 0
        if share_contact is not None:
            if not share_contact:
                locked.consent_share_contact_at = None
                stripped = strip_contact_from_unexported_leads(registration=locked)
            elif locked.consent_share_contact_at is None:
                locked.consent_share_contact_at = now
        if newsletter is not None:
            if not newsletter:
                locked.consent_newsletter_at = None
            elif locked.consent_newsletter_at is None:
                locked.consent_newsletter_at = now
        after = {"share_contact": locked.consent_share_contact_at, "newsletter": locked.consent_newsletter_at}
        if after != before:
            locked.save(update_fields=["consent_share_contact_at", "consent_newsletter_at"])
            audit.record_access(
                actor=actor,
                action=AuditAction.CONSENTS_CHANGED,
                convention=locked.convention,
                object_type="registration",
                object_id=locked.code,
                registration=locked,
                details={
                    "share_contact": after["share_contact"] is not None,
                    "newsletter": after["newsletter"] is not None,
                    "leads_stripped": stripped,
                },
            )
    return locked


def mark_leads_exported(
    *, exhibitor: Exhibitor, now: dt.datetime | None = None, leads: QuerySet[Lead] | None = None
) -> int:
    """Mark the exhibitor's leads with contact data as handed over, before they are listed or downloaded;
    ``leads`` narrows this to the leads about to be shown (a filtered list).

    Runs as one UPDATE before the read: a concurrent withdrawal either strips the contact first (and the
    exhibitor reads the stripped lead) or finds the lead exported and leaves it.
    """
    marked = Lead.objects.filter(exhibitor=exhibitor, has_consent=True, exported_at__isnull=True)
    if leads is not None:
        marked = marked.filter(pk__in=leads.filter(exhibitor=exhibitor).order_by().values("pk"))
    return marked.update(exported_at=now or timezone.now())


def hand_over_leads(*, exhibitor: Exhibitor, actor: object, leads: QuerySet[Lead] | None = None) -> list[Lead]:
    """The exhibitor's leads (or the ``leads`` of a filtered list) for a list or CSV download: marks them
    exported first and audits the hand-over."""
    with transaction.atomic():
        newly_exported = mark_leads_exported(exhibitor=exhibitor, leads=leads)
        queryset = Lead.objects.filter(exhibitor=exhibitor) if leads is None else leads.filter(exhibitor=exhibitor)
        handed_over = list(queryset)
        audit.record_access(
            actor=actor,
            action=AuditAction.LEADS_EXPORTED,
            convention=exhibitor.convention,
            object_type="exhibitor",
            object_id=str(exhibitor.pk),
            details={"leads": len(handed_over), "newly_exported": newly_exported},
        )
    return handed_over


def retention_cutoff(*, now: dt.datetime) -> dt.date:
    """Conventions that ended before this day are past their retention period."""
    return now.date() - dt.timedelta(days=settings.MESSE_RETENTION_DAYS)


def apply_retention(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete the leads and anonymise the registrations of conventions that ended more than
    ``MESSE_RETENTION_DAYS`` days ago. Safe to run again: erased registrations are skipped. One audit entry per
    convention that had something to remove."""
    now = now or timezone.now()
    totals = {"conventions": 0, "leads_deleted": 0, "registrations_erased": 0}
    for convention in Convention.objects.filter(end_date__lt=retention_cutoff(now=now)).order_by("pk"):
        with transaction.atomic():
            _, deleted_per_model = Lead.objects.filter(exhibitor__convention=convention).delete()
        leads_deleted = deleted_per_model.get("events.Lead", 0)
        erased = 0
        pending = Registration.objects.filter(convention=convention, erased_at__isnull=True).order_by("pk")
        for registration_id in pending.values_list("pk", flat=True).iterator(chunk_size=500):
            with transaction.atomic():
                locked = Registration.objects.select_for_update().get(pk=registration_id)
                if locked.erased_at is None:
                    _anonymise(registration=locked, now=now)
                    erased += 1
        if leads_deleted or erased:
            audit.record_access(
                actor=None,
                action=AuditAction.RETENTION_APPLIED,
                convention=convention,
                object_type="convention",
                object_id=convention.slug,
                details={"leads_deleted": leads_deleted, "registrations_erased": erased},
            )
            totals["conventions"] += 1
            totals["leads_deleted"] += leads_deleted
            totals["registrations_erased"] += erased
    logger.info("retention applied", extra=totals)
    return totals
