from django.conf import settings
from django.db import models

from events.models.convention import Convention
from events.models.exhibitors import Exhibitor


class DeviceKind(models.TextChoices):
    GATE = "gate", "Gate scanner"
    BOOTH = "booth", "Booth staff (lead capture)"


class Device(models.Model):
    """A gate scanner or a booth staff phone, with a token scoped to one convention and one role.

    Gate devices may scan on their ``checkin_lists``; booth devices capture leads for their ``exhibitor``.
    Only SHA-256 hashes of the one-time setup code and of the token are stored.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=DeviceKind.choices)
    checkin_lists = models.ManyToManyField("events.CheckinList", blank=True, related_name="devices")
    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, null=True, blank=True, related_name="staff_devices"
    )
    setup_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    setup_code_expires_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["convention", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="booth", exhibitor__isnull=False) | models.Q(kind="gate", exhibitor=None)),
                name="booth_device_has_exhibitor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"
