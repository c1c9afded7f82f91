"""Webhooks: endpoints that systems around a convention register, the events Messe emits, and one delivery row
per endpoint and event — the outbox for HTTP, like ``OutboundMessage`` is for e-mail.

The unique (endpoint, event) pair is what makes "at most once per endpoint per event" a database rule: an event
can never be queued twice for the same endpoint, and a worker claims a delivery with a conditional update before
it talks to the receiver (see ``events.services.webhooks``).
"""

import uuid

from django.db import models

from events.models.convention import Convention
from events.models.exhibitors import Exhibitor


class WebhookEventType(models.TextChoices):
    REGISTRATION_CONFIRMED = "registration.confirmed", "registration.confirmed"
    REGISTRATION_CANCELLED = "registration.cancelled", "registration.cancelled"
    SCHEDULE_RELEASED = "schedule.released", "schedule.released"
    SESSION_CHANGED = "session.changed", "session.changed"
    EXHIBITOR_UPDATED = "exhibitor.updated", "exhibitor.updated"
    CHECKIN_SCANNED = "checkin.scanned", "checkin.scanned"
    LEAD_CAPTURED = "lead.captured", "lead.captured"


class WebhookEndpoint(models.Model):
    """A URL that receives the chosen event types of one convention, signed with its secret.

    An endpoint with ``exhibitor`` set belongs to that exhibitor and receives only ``lead.captured`` for that
    exhibitor's own leads; a convention endpoint (no exhibitor) never receives leads.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="webhook_endpoints")
    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="webhook_endpoints", null=True, blank=True
    )
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    # During a rotation the previous secret signs too, until ``previous_secret_expires_at``.
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # Set when deliveries kept failing; nothing is sent until an organizer resumes the endpoint.
    paused_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class WebhookEvent(models.Model):
    """Something that happened, once; ``event_id`` is what receivers use to recognise a repeated delivery."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="webhook_events")
    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="webhook_events", null=True, blank=True
    )
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(max_length=50, choices=WebhookEventType.choices)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event owed to one endpoint, with the receiver's last answer."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_endpoint_and_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.endpoint_id} ({self.status})"
