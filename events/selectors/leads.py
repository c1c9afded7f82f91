"""How a lead looks to its exhibitor: the one place that decides which fields leave Messe without consent."""

from typing import Any

from rest_framework import serializers

from events.models import Lead

PERSONAL_FIELDS = ("name", "organization", "job_title", "email")


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
    if lead.has_consent:
        data.update({field: getattr(lead, field) for field in PERSONAL_FIELDS})
    else:
        data["reason"] = "no_consent"
    return data
