"""Everything Messe holds about one attendee, for data-protection requests (GDPR Art. 15 and 20).

``PERSONAL_DATA_COVERAGE`` is the inventory: every model that points at a registration (or otherwise stores
attendee data) with the export section it appears in, the text/JSON columns erasure anonymises and the ones it
keeps because they hold nothing personal. ``NOT_ATTENDEE_DATA`` lists models whose name/e-mail columns are not
about attendees. ``tests/events/test_personal_data_coverage.py`` fails when a model or column appears that is in
neither list, so a new feature cannot forget the export or the erasure.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from events.models import (
    AgendaItem,
    AttendeePreferences,
    AuditEntry,
    Badge,
    CalendarDelivery,
    CalendarFeed,
    Exhibitor,
    ExhibitorStaffMember,
    Lead,
    OutboundMessage,
    Presence,
    Registration,
    Scan,
    StripeEvent,
    WorkshopSignup,
)
from events.tokens import lead_pseudonym


@dataclass(frozen=True)
class Coverage:
    section: str
    erased: tuple[str, ...] = ()  # text/JSON columns erasure blanks or replaces
    kept: tuple[str, ...] = ()  # text/JSON columns that stay: codes, states, hashes, no personal data


PERSONAL_DATA_COVERAGE: dict[str, Coverage] = {
    "events.Registration": Coverage(
        "registration",
        erased=(
            "first_name",
            "last_name",
            "email",
            "organization",
            "job_title",
            "answers",
            "stripe_checkout_url",
            "external_id",
        ),
        # Stripe ids stay for accounting (payments and refunds must stay traceable for the tax retention period).
        kept=(
            "code",
            "access_token_hash",
            "status",
            "language",
            "stripe_checkout_session_id",
            "stripe_payment_intent_id",
            "refund_status",
        ),
    ),
    "events.Lead": Coverage(
        "leads", erased=("pseudonym", "name", "organization", "job_title", "email", "notes", "tags", "answers")
    ),
    "events.Badge": Coverage("badges", erased=("code",), kept=("revoked_reason",)),
    "events.Scan": Coverage(
        "scans", erased=("raw_code",), kept=("nonce", "device_label", "direction", "result", "reason")
    ),
    "events.Presence": Coverage("presences"),
    # An exhibitor pass is a registration; the staff seat it belongs to says for which exhibitor.
    "events.ExhibitorStaffMember": Coverage("exhibitor_staff"),
    "events.AgendaItem": Coverage("agenda"),
    "events.AttendeePreferences": Coverage("preferences"),
    "events.CalendarFeed": Coverage("calendar_feeds", kept=("token_hash",)),
    "events.CalendarDelivery": Coverage("calendar_deliveries", kept=("method",)),
    "events.WorkshopSignup": Coverage("workshop_signups", kept=("status",)),
    "events.OutboundMessage": Coverage(
        "messages",
        erased=("recipient", "subject", "body_text", "body_html", "calendar_ics", "attachments", "last_error"),
        kept=("idempotency_key", "kind", "language", "calendar_method", "status"),
    ),
    "events.AuditEntry": Coverage(
        "audit_entries",
        kept=("actor_kind", "actor_label", "action", "object_type", "object_id", "request_id", "details"),
    ),
    # Webhook events of the attendee's payments, found by their Stripe ids; they hold ids and outcomes only.
    "events.StripeEvent": Coverage("payment_events", kept=("event_id", "type", "object_id", "outcome")),
    # The admin's change history repeats a registration's __str__ (code and name) in object_repr.
    "admin.LogEntry": Coverage("admin_log", erased=("object_repr", "change_message"), kept=("object_id",)),
}

NOT_ATTENDEE_DATA: dict[str, str] = {
    "auth.User": "accounts of organizers and exhibitor staff, not attendees",
    "events.Announcement": "the organizers' text and audience filters; its recipients are outbox rows (covered)",
    "auth.Group": "permission groups",
    "auth.Permission": "permission names",
    "events.Convention": "the convention's own name",
    "events.Hall": "venue names",
    "events.Room": "venue names",
    "events.Track": "track names",
    "events.TicketType": "ticket type names",
    "events.CheckinList": "names of check-in points",
    "events.Device": "device labels chosen by organizers",
    "events.Speaker": "speakers' public profiles, managed with the programme",
    "events.SpeakerUnavailability": "speakers' availability notes, managed with the programme",
    "events.SessionSpeaker": "speakers' answers to their invitations and notes to the organizers",
    "events.Exhibitor": "the exhibitor company's name and organizer contact address",
    "events.ExhibitorInvitation": "invitations of exhibitor staff by their work address, not attendees",
    "events.ExhibitorChange": "an exhibitor's booth content changes and the reviewer's note on them, not attendees",
}


def leads_about(*, registration: Registration) -> QuerySet[Lead]:
    """Leads about the attendee: linked ones (given with consent) and pseudonymous ones found by their keyed
    hash, which is stable per exhibitor and registration."""
    exhibitor_ids = Exhibitor.objects.filter(convention_id=registration.convention_id).values_list("pk", flat=True)
    pseudonyms = [lead_pseudonym(exhibitor_id=pk, registration_id=registration.pk) for pk in exhibitor_ids]
    return (
        Lead.objects.filter(
            Q(registration=registration)
            | Q(exhibitor__convention_id=registration.convention_id, pseudonym__in=pseudonyms)
        )
        .select_related("exhibitor")
        .order_by("first_scanned_at", "pk")
    )


def messages_to(*, registration: Registration) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(registration=registration).order_by("created_at", "pk")


def admin_log_about(*, registration: Registration) -> QuerySet[LogEntry]:
    content_type = ContentType.objects.get_for_model(Registration)
    return LogEntry.objects.filter(content_type=content_type, object_id=str(registration.pk)).order_by("action_time")


def payment_events_of(*, registration: Registration) -> QuerySet[StripeEvent]:
    stripe_ids = [i for i in (registration.stripe_checkout_session_id, registration.stripe_payment_intent_id) if i]
    return StripeEvent.objects.filter(object_id__in=stripe_ids).order_by("processed_at", "pk")


def _time(value) -> str | None:
    return value.isoformat() if value is not None else None


def _registration_data(registration: Registration) -> dict[str, Any]:
    ticket_type = registration.ticket_type
    return {
        "code": registration.code,
        "convention": registration.convention.name,
        "status": registration.status,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "organization": registration.organization,
        "job_title": registration.job_title,
        "external_id": registration.external_id,
        "language": registration.language,
        "answers": registration.answers,
        "ticket_type": {
            "id": ticket_type.pk,
            "name_de": ticket_type.name_de,
            "name_en": ticket_type.name_en,
            "price": str(ticket_type.price),
            "currency": ticket_type.currency,
        },
        "consents": {
            "terms_at": _time(registration.consent_terms_at),
            "share_contact_at": _time(registration.consent_share_contact_at),
            "newsletter_at": _time(registration.consent_newsletter_at),
        },
        "payment": {
            "price": str(registration.price),
            "voucher": registration.voucher.code if registration.voucher is not None else None,
            "amount_paid": str(registration.amount_paid),
            "paid_at": _time(registration.paid_at),
            "stripe_checkout_session_id": registration.stripe_checkout_session_id,
            "stripe_checkout_url": registration.stripe_checkout_url,
            "stripe_payment_intent_id": registration.stripe_payment_intent_id,
            "refund_status": registration.refund_status,
            "refunded_at": _time(registration.refunded_at),
        },
        "hold_expires_at": _time(registration.hold_expires_at),
        "created_at": _time(registration.created_at),
        "confirmed_at": _time(registration.confirmed_at),
        "cancelled_at": _time(registration.cancelled_at),
        "erased_at": _time(registration.erased_at),
    }


def personal_data_export(*, registration: Registration) -> dict[str, Any]:
    """The attendee's data as one JSON-ready dict, one key per section of ``PERSONAL_DATA_COVERAGE``.

    Everything except secrets that would let someone act as the attendee (the access token and feed token
    hashes). Lead notes and ratings are included: what exhibitor staff wrote about a person is data about them.
    """
    registration = Registration.objects.select_related("convention", "ticket_type", "voucher").get(pk=registration.pk)
    preferences = AttendeePreferences.objects.filter(registration=registration).first()
    return {
        "generated_at": _time(timezone.now()),
        "registration": _registration_data(registration),
        "badges": [
            {
                "id": b.pk,
                "code": b.code,
                "issued_at": _time(b.issued_at),
                "revoked_at": _time(b.revoked_at),
                "revoked_reason": b.revoked_reason,
            }
            for b in Badge.objects.filter(registration=registration).order_by("issued_at", "pk")
        ],
        "scans": [
            {
                "id": s.pk,
                "checkin_list": s.checkin_list.name,
                "scanned_at": _time(s.scanned_at),
                "direction": s.direction,
                "result": s.result,
                "reason": s.reason,
                "device": s.device_label,
                "raw_code": s.raw_code,
                "annulled_at": _time(s.annulled_at),
            }
            for s in Scan.objects.filter(registration=registration)
            .select_related("checkin_list")
            .order_by("scanned_at", "pk")
        ],
        "exhibitor_staff": [
            {"exhibitor": member.exhibitor.name, "is_manager": member.is_manager}
            for member in ExhibitorStaffMember.objects.filter(registration=registration).select_related("exhibitor")
        ],
        "presences": [
            {
                "checkin_list": p.checkin_list.name,
                "inside": p.inside,
                "day": p.day.isoformat(),
                "first_entry_at": _time(p.first_entry_at),
                "last_entry_at": _time(p.last_entry_at),
            }
            for p in Presence.objects.filter(registration=registration).select_related("checkin_list").order_by("pk")
        ],
        "leads": [
            {
                "exhibitor": lead.exhibitor.name,
                "has_consent": lead.has_consent,
                "name": lead.name,
                "organization": lead.organization,
                "job_title": lead.job_title,
                "email": lead.email,
                "notes": lead.notes,
                "rating": lead.rating,
                "tags": lead.tags,
                "answers": lead.answers,
                "scan_count": lead.scan_count,
                "first_scanned_at": _time(lead.first_scanned_at),
                "last_scanned_at": _time(lead.last_scanned_at),
                "exported_at": _time(lead.exported_at),
            }
            for lead in leads_about(registration=registration)
        ],
        "agenda": [
            {
                "session": item.session_id,
                "title_de": item.session.title_de,
                "title_en": item.session.title_en,
                "created_at": _time(item.created_at),
            }
            for item in AgendaItem.objects.filter(registration=registration).select_related("session")
        ],
        "workshop_signups": [
            {
                "session": s.session_id,
                "title_en": s.session.title_en,
                "status": s.status,
                "queue_number": s.queue_number,
                "created_at": _time(s.created_at),
                "confirmed_at": _time(s.confirmed_at),
                "cancelled_at": _time(s.cancelled_at),
            }
            for s in WorkshopSignup.objects.filter(registration=registration).select_related("session")
        ],
        "calendar_feeds": [
            {"created_at": _time(f.created_at), "revoked_at": _time(f.revoked_at)}
            for f in CalendarFeed.objects.filter(registration=registration).order_by("created_at", "pk")
        ],
        "calendar_deliveries": [
            {
                "session": d.session_id,
                "sequence": d.sequence,
                "method": d.method,
                "start": _time(d.start),
                "end": _time(d.end),
                "updated_at": _time(d.updated_at),
            }
            for d in CalendarDelivery.objects.filter(registration=registration).order_by("session_id")
        ],
        "preferences": (
            {
                "calendar_invites_for_bookmarks": preferences.calendar_invites_for_bookmarks,
                "updated_at": _time(preferences.updated_at),
            }
            if preferences
            else None
        ),
        "messages": [
            {
                "kind": m.kind,
                "recipient": m.recipient,
                "language": m.language,
                "subject": m.subject,
                "body_text": m.body_text,
                "body_html": m.body_html,
                "calendar_ics": m.calendar_ics,
                "attachments": [a.get("filename", "") for a in m.attachments],
                "status": m.status,
                "created_at": _time(m.created_at),
                "sent_at": _time(m.sent_at),
            }
            for m in messages_to(registration=registration)
        ],
        "payment_events": [
            {"type": e.type, "object_id": e.object_id, "outcome": e.outcome, "processed_at": _time(e.processed_at)}
            for e in payment_events_of(registration=registration)
        ],
        "audit_entries": [
            {"action": e.action, "actor_kind": e.actor_kind, "actor": e.actor_label, "created_at": _time(e.created_at)}
            for e in AuditEntry.objects.filter(registration=registration).order_by("created_at", "pk")
        ],
        "admin_log": [
            {"action_time": _time(e.action_time), "object_repr": e.object_repr, "change_message": e.change_message}
            for e in admin_log_about(registration=registration)
        ],
    }
