from django.conf import settings
from django.db import models

from events.models.devices import Device
from events.models.exhibitors import Exhibitor
from events.models.registration import Registration


class Lead(models.Model):
    """A visitor scanned at an exhibitor's booth.

    With the attendee's consent to share contact data the lead holds the registration and a copy of name,
    organization, job title and e-mail. Without it only ``pseudonym`` (a keyed hash, stable per exhibitor) and
    the scan times are kept, so re-scans still update the same lead.
    """

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="leads")
    pseudonym = models.CharField(max_length=64)
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    has_consent = models.BooleanField(default=False)
    name = models.CharField(max_length=201, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    scan_count = models.PositiveIntegerField(default=1)
    first_scanned_at = models.DateTimeField()
    last_scanned_at = models.DateTimeField()
    # First time the exhibitor listed or downloaded this lead with its contact data. A consent withdrawal
    # strips the contact copy only from leads not exported yet: what was handed over is the exhibitor's now.
    exported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_scanned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibitor", "pseudonym"], name="one_lead_per_visitor"),
            models.CheckConstraint(condition=models.Q(rating__lte=5), name="lead_rating_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"lead {self.pk} of {self.exhibitor_id}"


class LeadScan(models.Model):
    """One lead scan request; the unique nonce makes a retried request return the lead unchanged."""

    nonce = models.CharField(max_length=64, unique=True)
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="scans")
    device = models.ForeignKey(Device, on_delete=models.SET_NULL, null=True, blank=True)
    # The staff account that scanned, when it was not a booth device.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scanned_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.nonce
