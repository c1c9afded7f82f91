from django.conf import settings
from django.db import models

from events.models.convention import Convention
from events.models.registration import Registration


class SigningKey(models.Model):
    """An Ed25519 key pair that signs one convention's badge codes.

    ``key_id`` is written into every code, so a scanner picks the right public key. Rotating retires the
    active key (``retired_at``) and creates the next one; retired keys still verify the badges they signed.
    The private key is stored encrypted with a key derived from ``SECRET_KEY`` and is never served.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="signing_keys")
    key_id = models.PositiveIntegerField()
    public_key = models.BinaryField(max_length=32)
    private_key_encrypted = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["convention", "key_id"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "key_id"], name="unique_signing_key_id"),
            models.UniqueConstraint(
                fields=["convention"], condition=models.Q(retired_at__isnull=True), name="one_active_signing_key"
            ),
            models.CheckConstraint(
                condition=models.Q(key_id__gte=1, key_id__lte=65535), name="signing_key_id_fits_two_bytes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convention.slug} key {self.key_id}"


class Badge(models.Model):
    """One printed or displayed badge of a registration. Its id is part of the signed code.

    A registration has at most one badge that is not revoked; reprinting revokes the old badge and issues a new
    one with a new id, so the old code ends up on the revocation list.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="badges")
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="badges")
    code = models.CharField(max_length=200, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"], condition=models.Q(revoked_at__isnull=True), name="one_valid_badge"
            ),
        ]
        indexes = [models.Index(fields=["revoked_at"], name="badge_revoked_idx")]

    def __str__(self) -> str:
        return f"badge {self.pk} of {self.registration_id}"


class PrintJobStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class BadgePrintJob(models.Model):
    """An organizer's request to print many badges into one PDF, built by a Celery worker."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="badge_print_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=PrintJobStatus.choices, default=PrintJobStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="badge-prints/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"print job {self.pk} ({self.status})"
