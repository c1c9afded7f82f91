from django.conf import settings
from django.db import models

from events.enums import AuditAction, AuditActorKind
from events.models.convention import Convention
from events.models.devices import Device
from events.models.registration import Registration


class AuditEntry(models.Model):
    """Who accessed or changed personal data, when, and under which request id.

    The entry names its actor (an organizer's or staff account, a device, an attendee or the system) and the
    registration the data is about. It holds no personal data of its own: ``actor_label`` is a username, a
    device name or a registration code, and ``details`` only counts and filters, so entries outlive erasure.
    """

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    actor_kind = models.CharField(max_length=10, choices=AuditActorKind.choices)
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_device = models.ForeignKey(Device, on_delete=models.SET_NULL, null=True, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, blank=True)
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    request_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["convention", "created_at"], name="audit_convention_time_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id} by {self.actor_kind} {self.actor_label}"
