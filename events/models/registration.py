from django.db import models

from events.enums import Language
from events.models.convention import Convention


class RegistrationStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "Pending payment"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired (payment not received in time)"


class TicketType(models.Model):
    """What an attendee can register for: price, days, quota, sale window and who is eligible.

    ``quota_used`` counts the seats taken (confirmed plus held for payment); the registration service changes
    it in the same transaction as the registration row, so it always agrees with the rows.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="ticket_types")
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="EUR")
    valid_days = models.JSONField(
        default=list, blank=True, help_text='Days the ticket is valid on, ["2025-09-30", …]; empty means every day.'
    )
    quota = models.PositiveIntegerField(null=True, blank=True, help_text="Empty means unlimited.")
    quota_used = models.PositiveIntegerField(default=0, editable=False)
    sale_starts_at = models.DateTimeField(null=True, blank=True)
    sale_ends_at = models.DateTimeField(null=True, blank=True)
    allowed_email_domains = models.JSONField(
        default=list,
        blank=True,
        help_text='Eligibility: only e-mail addresses of these domains, e.g. ["berlin.de", "bund.de"]. Empty: anyone.',
    )
    max_per_order = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quota__isnull=True) | models.Q(quota_used__lte=models.F("quota")),
                name="ticket_quota_not_exceeded",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def is_free(self) -> bool:
        return self.price == 0

    def name_in(self, language: str) -> str:
        return self.name_de if language == Language.GERMAN else self.name_en


class Registration(models.Model):
    """One attendee's registration for one ticket.

    ``code`` is short and unambiguous (read aloud at a help desk). ``access_token_hash`` is the SHA-256 of the
    bearer token the attendee uses for their own resources; the token itself is shown once and never stored.
    Consents are timestamps: ``None`` means not given (or withdrawn).
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="registrations")
    ticket_type = models.ForeignKey(TicketType, on_delete=models.PROTECT, related_name="registrations")
    code = models.CharField(max_length=12, unique=True)
    access_token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    organization = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.GERMAN)
    answers = models.JSONField(default=dict, blank=True)
    consent_terms_at = models.DateTimeField()
    consent_share_contact_at = models.DateTimeField(null=True, blank=True)
    consent_newsletter_at = models.DateTimeField(null=True, blank=True)
    price = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["convention", "status"]),
            models.Index(fields=["convention", "email"]),
            models.Index(fields=["status", "hold_expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
