"""The webhook deliveries Messe sends, described for the OpenAPI schema (``webhooks`` section).

Shapes follow ``events.services.webhook_events``; docs/webhooks.md explains signing and delivery guarantees.
"""

from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema
from rest_framework import serializers

from events.models import WebhookEventType

SIGNING = (
    'Signed with the endpoint\'s secret: `Messe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>` '
    "(a second `v1` during a secret rotation). `Messe-Event-Id` repeats the body's `id`; drop ids already seen. "
    "Answer 2xx within 10 seconds; anything else is retried with backoff (docs/webhooks.md)."
)


class TicketTypeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RegistrationEventDataSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    ticket_type = TicketTypeRefSerializer()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    organization = serializers.CharField()
    email = serializers.EmailField()
    language = serializers.CharField()
    created_at = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)


class ReleaseCountsSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    moved = serializers.IntegerField()
    changed = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class ScheduleReleasedDataSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    previous_version = serializers.IntegerField(allow_null=True)
    released_at = serializers.DateTimeField()
    comment = serializers.CharField()
    counts = ReleaseCountsSerializer()
    schedule_json = serializers.URLField()
    schedule_xml = serializers.URLField()


class SessionChangedDataSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    change = serializers.ChoiceField(choices=["new", "moved", "changed", "cancelled"])
    session = serializers.DictField(help_text="The session's entry in the release changelog (id, guid, title, …).")


class ExhibitorUpdatedDataSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    profile_de = serializers.CharField()
    profile_en = serializers.CharField()
    website = serializers.CharField()
    logo_url = serializers.CharField()


class CheckinListCountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    inside_now = serializers.IntegerField()
    entries_today = serializers.IntegerField()


class CheckinScannedDataSerializer(serializers.Serializer):
    day = serializers.DateField()
    lists = CheckinListCountSerializer(many=True)


class LeadDataSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    consent = serializers.BooleanField()
    notes = serializers.CharField()
    rating = serializers.IntegerField(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    answers = serializers.DictField(child=serializers.CharField())
    scan_count = serializers.IntegerField()
    first_scanned_at = serializers.DateTimeField()
    last_scanned_at = serializers.DateTimeField()
    name = serializers.CharField(required=False, help_text="Only with the visitor's consent.")
    organization = serializers.CharField(required=False, help_text="Only with the visitor's consent.")
    job_title = serializers.CharField(required=False, help_text="Only with the visitor's consent.")
    email = serializers.EmailField(required=False, help_text="Only with the visitor's consent.")
    reason = serializers.CharField(required=False, help_text="`no_consent` when the personal fields are absent.")


class LeadCapturedDataSerializer(serializers.Serializer):
    exhibitor = serializers.CharField()
    new = serializers.BooleanField()
    lead = LeadDataSerializer()


def _envelope(name: str, data: type[serializers.Serializer]) -> type[serializers.Serializer]:
    fields = {
        "id": serializers.UUIDField(help_text="The event id, also in `Messe-Event-Id`."),
        "type": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
        "convention": serializers.CharField(help_text="The convention's slug."),
        "data": data(),
    }
    return type(name, (serializers.Serializer,), fields)


def _webhook(event_type: WebhookEventType, data: type[serializers.Serializer], description: str) -> OpenApiWebhook:
    # registration.confirmed → RegistrationConfirmedWebhookSerializer (component "RegistrationConfirmedWebhook")
    name = "".join(part.capitalize() for part in event_type.value.replace(".", "_").split("_"))
    envelope = _envelope(f"{name}WebhookSerializer", data)
    return OpenApiWebhook(
        name=event_type.value,
        decorator=extend_schema(
            summary=event_type.value,
            description=f"{description}\n\n{SIGNING}",
            tags=["webhooks"],
            request=envelope,
            responses={200: OpenApiResponse(description="Any 2xx status: delivered.")},
        ),
    )


REGISTRATION_CONFIRMED = _webhook(
    WebhookEventType.REGISTRATION_CONFIRMED, RegistrationEventDataSerializer, "A registration was confirmed."
)
REGISTRATION_CANCELLED = _webhook(
    WebhookEventType.REGISTRATION_CANCELLED, RegistrationEventDataSerializer, "A registration was cancelled."
)
SCHEDULE_RELEASED = _webhook(
    WebhookEventType.SCHEDULE_RELEASED, ScheduleReleasedDataSerializer, "A new version of the programme is public."
)
SESSION_CHANGED = _webhook(
    WebhookEventType.SESSION_CHANGED,
    SessionChangedDataSerializer,
    "One per session that a release made new, moved, changed or cancelled (released content only).",
)
EXHIBITOR_UPDATED = _webhook(
    WebhookEventType.EXHIBITOR_UPDATED, ExhibitorUpdatedDataSerializer, "An exhibitor's public profile changed."
)
CHECKIN_SCANNED = _webhook(
    WebhookEventType.CHECKIN_SCANNED,
    CheckinScannedDataSerializer,
    "Check-in counts per list (no person), at most once a minute when they changed. Opt-in.",
)
LEAD_CAPTURED = _webhook(
    WebhookEventType.LEAD_CAPTURED,
    LeadCapturedDataSerializer,
    "A lead of this exhibitor (its own endpoints only); personal fields only with the visitor's consent.",
)
