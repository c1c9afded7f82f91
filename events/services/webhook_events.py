"""What each webhook event carries, and where in Messe's flow it is emitted.

Every builder states its payload once; ``docs/webhooks.md`` and the OpenAPI schema (``api.schema_webhooks``)
describe the same shapes. Each ``emit_*`` function runs inside the transaction of the change it reports.

- ``registration.confirmed`` / ``.cancelled``: from ``events.services.registration``'s hooks.
- ``schedule.released`` and one ``session.changed`` per new, moved, changed or cancelled session: from a release —
  only released (public) programme content leaves Messe, never the organizers' working copy.
- ``exhibitor.updated``: from ``events.services.exhibitors`` (organizers' changes) and ``events.services.booth_content``
  (exhibitors' own, when they go public: at once, or with review on approval); the public profile only, never
  contacts or staff.
- ``checkin.scanned``: counts only (no person), emitted by a periodic job when they changed, not per scan.
- ``lead.captured``: to the exhibitor's own endpoints only, with the same consent rule as the lead export.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from events.models import Convention, Exhibitor, Lead, Registration, ScheduleRelease
from events.models.webhooks import WebhookEndpoint, WebhookEvent, WebhookEventType
from events.selectors.leads import lead_data
from events.services import webhooks


def registration_data(registration: Registration) -> dict[str, Any]:
    return {
        "code": registration.code,
        "status": registration.status,
        "ticket_type": {"id": registration.ticket_type_id, "name": registration.ticket_type.name_en},
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "organization": registration.organization,
        "email": registration.email,
        "language": registration.language,
        "created_at": registration.created_at,
        "cancelled_at": registration.cancelled_at,
    }


def emit_registration(*, registration: Registration, event_type: str) -> WebhookEvent | None:
    return webhooks.emit(
        convention=registration.convention, event_type=event_type, data=registration_data(registration)
    )


def emit_release(*, release: ScheduleRelease) -> None:
    """``schedule.released`` once, then ``session.changed`` for each session the release changed."""
    convention = release.convention
    changelog = release.changelog or {}
    base = f"{settings.SITE_URL}/api/v1/events/{convention.slug}"
    webhooks.emit(
        convention=convention,
        event_type=WebhookEventType.SCHEDULE_RELEASED,
        data={
            "version": release.version,
            "previous_version": changelog.get("previous_version"),
            "released_at": release.released_at,
            "comment": release.comment,
            "counts": {change: len(changelog.get(change, [])) for change in ("new", "moved", "changed", "cancelled")},
            "schedule_json": f"{base}/schedule.json",
            "schedule_xml": f"{base}/schedule.xml",
        },
    )
    for change in ("new", "moved", "changed", "cancelled"):
        for session in changelog.get(change, []):
            webhooks.emit(
                convention=convention,
                event_type=WebhookEventType.SESSION_CHANGED,
                data={"version": release.version, "change": change, "session": session},
            )


def exhibitor_data(exhibitor: Exhibitor) -> dict[str, Any]:
    return {
        "id": exhibitor.pk,
        "slug": exhibitor.slug,
        "name": exhibitor.name,
        "profile_de": exhibitor.profile_de,
        "profile_en": exhibitor.profile_en,
        "website": exhibitor.website,
        "logo_url": exhibitor.logo_url,
    }


def emit_exhibitor_updated(*, exhibitor: Exhibitor) -> WebhookEvent | None:
    return webhooks.emit(
        convention=exhibitor.convention, event_type=WebhookEventType.EXHIBITOR_UPDATED, data=exhibitor_data(exhibitor)
    )


def emit_lead_captured(*, lead: Lead, created: bool) -> WebhookEvent | None:
    """Sends the lead to the exhibitor's own endpoints. Contact data sent there counts as handed over, exactly
    like a list or CSV download (``privacy.hand_over_leads``): a later consent withdrawal no longer strips it."""
    exhibitor = lead.exhibitor
    event = webhooks.emit(
        convention=exhibitor.convention,
        exhibitor=exhibitor,
        event_type=WebhookEventType.LEAD_CAPTURED,
        data={"exhibitor": exhibitor.slug, "new": created, "lead": lead_data(lead)},
    )
    if event is not None and lead.has_consent and lead.exported_at is None:
        Lead.objects.filter(pk=lead.pk, exported_at__isnull=True).update(exported_at=event.created_at)
    return event


def checkin_counts(*, convention: Convention) -> dict[str, Any]:
    from events.selectors.checkin import checkin_counters

    counters = checkin_counters(convention=convention)
    today = counters["today"]
    return {
        "day": today,
        "lists": [
            {
                "id": item["id"],
                "name": item["name"],
                "inside_now": item["inside_now"],
                "entries_today": sum(day["entries"] for day in item["per_day"] if day["day"] == today),
            }
            for item in counters["lists"]
        ],
    }


def emit_checkin_counts() -> int:
    """For conventions with an endpoint subscribed to ``checkin.scanned``: the counts, when they changed since the
    last event. Returns how many events were emitted."""
    convention_ids = {
        endpoint.convention_id
        for endpoint in WebhookEndpoint.objects.filter(is_active=True, exhibitor__isnull=True)
        if WebhookEventType.CHECKIN_SCANNED in endpoint.event_types
    }
    emitted = 0
    for convention in Convention.objects.filter(pk__in=convention_ids).order_by("pk"):
        data = checkin_counts(convention=convention)
        last = (
            WebhookEvent.objects.filter(convention=convention, event_type=WebhookEventType.CHECKIN_SCANNED)
            .order_by("-pk")
            .values_list("data", flat=True)
            .first()
        )
        if last == data:
            continue
        if webhooks.emit(convention=convention, event_type=WebhookEventType.CHECKIN_SCANNED, data=data):
            emitted += 1
    return emitted
