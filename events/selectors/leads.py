"""How a lead looks to its exhibitor — the one place that decides which fields leave Messe without consent — and
the reads of an exhibitor's leads for its staff: the filtered list of the leads page and its export."""

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, QuerySet
from rest_framework import serializers

from events.models import Exhibitor, Lead, LeadScan

PERSONAL_FIELDS = ("name", "organization", "job_title", "email")


def personal_fields_of(lead: Lead) -> dict[str, str]:
    """The lead's personal fields, or nothing at all without the visitor's consent to share contact data."""
    if not lead.has_consent:
        return {}
    return {field: getattr(lead, field) for field in PERSONAL_FIELDS}


def lead_data(lead: Lead) -> dict[str, Any]:
    """A lead as its exhibitor sees it (list, CSV, webhook). Without consent the personal keys are absent, not
    merely empty."""
    data: dict[str, Any] = {
        "id": lead.pk,
        "reference": lead.pseudonym[:12],
        "consent": lead.has_consent,
        "notes": lead.notes,
        "rating": lead.rating,
        "tags": lead.tags,
        "answers": lead.answers,
        "scan_count": lead.scan_count,
        "first_scanned_at": serializers.DateTimeField().to_representation(lead.first_scanned_at),
        "last_scanned_at": serializers.DateTimeField().to_representation(lead.last_scanned_at),
    }
    personal = personal_fields_of(lead)
    data.update(personal)
    if not personal:
        data["reason"] = "no_consent"
    return data


def leads_of(
    *,
    exhibitor: Exhibitor,
    day: dt.date | None = None,
    rating: int | None = None,
    tag: str = "",
    device_id: int | None = None,
    user_id: int | None = None,
) -> QuerySet[Lead]:
    """The exhibitor's leads, newest scan first, narrowed by the leads page's filters: scanned on ``day`` (the
    convention's local day), with this ``rating`` or ``tag``, or scanned by this booth device or staff account."""
    leads = Lead.objects.filter(exhibitor=exhibitor).order_by("-last_scanned_at", "-pk")
    scans = LeadScan.objects.filter(lead=OuterRef("pk"))
    if day is not None:
        zone = ZoneInfo(exhibitor.convention.time_zone)
        start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
        scans = scans.filter(scanned_at__gte=start, scanned_at__lt=start + dt.timedelta(days=1))
    if device_id is not None:
        scans = scans.filter(device_id=device_id)
    if user_id is not None:
        scans = scans.filter(user_id=user_id)
    if day is not None or device_id is not None or user_id is not None:
        leads = leads.filter(Exists(scans))
    if rating is not None:
        leads = leads.filter(rating=rating)
    if tag:
        # SQLite has no JSON containment; the tag as a quoted JSON string matches exactly one list element.
        leads = leads.filter(tags__icontains=json.dumps(tag, ensure_ascii=False))
    return leads


def tags_of(*, exhibitor: Exhibitor) -> list[str]:
    """Every tag the exhibitor's staff gave a lead, sorted (for the filter's choices)."""
    tags: set[str] = set()
    for lead_tags in Lead.objects.filter(exhibitor=exhibitor).values_list("tags", flat=True):
        tags.update(tag for tag in lead_tags or [] if isinstance(tag, str))
    return sorted(tags, key=str.casefold)
