from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from events.bilingual import field_in
from events.enums import Language, QuestionKind, RefundStatus, VoucherKind
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
    # "Per order" means per attendee e-mail address: one address may hold at most this many active
    # (held or confirmed) registrations of this ticket type. An order is one attendee in Messe.
    max_per_order = models.PositiveIntegerField(
        default=1,
        validators=[MinValueValidator(1)],
        help_text="How many active registrations of this ticket type one e-mail address may hold.",
    )
    refund_deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Cancellations up to this moment are refunded. Empty: until the convention's first day starts.",
    )
    description_de = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    # Exhibitor passes are not sold: exhibitor managers hand them to their staff, within a quota per exhibitor
    # of ``exhibitor_passes_base`` plus one per ``exhibitor_sqm_per_pass`` square metres of booth.
    is_exhibitor_pass = models.BooleanField(default=False)
    exhibitor_passes_base = models.PositiveIntegerField(default=2)
    exhibitor_sqm_per_pass = models.PositiveIntegerField(null=True, blank=True)
    # Speaker passes are not sold either: a speaker gets one when they confirm their first session.
    is_speaker_pass = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quota__isnull=True) | models.Q(quota_used__lte=models.F("quota")),
                name="ticket_quota_not_exceeded",
            ),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="ticket_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def is_free(self) -> bool:
        return self.price == 0

    def name_in(self, language: str) -> str:
        return field_in(self, "name", language)


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
    voucher = models.ForeignKey(
        "events.Voucher", on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    stripe_checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_checkout_url = models.URLField(max_length=1000, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    amount_paid = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    paid_at = models.DateTimeField(null=True, blank=True)
    refund_status = models.CharField(max_length=20, choices=RefundStatus.choices, default=RefundStatus.NONE, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set when the personal data was erased (on request or by the retention job); the row stays for counts.
    erased_at = models.DateTimeField(null=True, blank=True)
    # The identifier this row has in the system it was imported from (a schedule's GUID, a guest list's
    # number): importing the same file again finds the row by it. Unique per convention when set.
    external_id = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_registration_external_id",
            ),
        ]
        indexes = [
            # Serves the organizer's newest-first list and its keyset pages (PostgreSQL reads it backwards).
            models.Index(fields=["convention", "created_at", "id"], name="registration_list_idx"),
            models.Index(fields=["convention", "status"]),
            models.Index(fields=["convention", "email"]),
            models.Index(fields=["status", "hold_expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Voucher(models.Model):
    """A promo code: a free ticket or a discount, for some or all ticket types, usable a limited number of times.

    ``times_used`` counts registrations holding or using the voucher; like ``TicketType.quota_used`` it is
    changed only by the registration service under a row lock, in the transaction of the registration row.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="vouchers")
    code = models.CharField(
        max_length=40, validators=[RegexValidator(r"^[A-Za-z0-9_-]+$", "Letters, digits, - and _ only.")]
    )
    kind = models.CharField(max_length=10, choices=VoucherKind.choices, default=VoucherKind.FREE)
    value = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text="Percent (0–100) for percentage vouchers, euros for fixed discounts; ignored for free tickets.",
    )
    usage_limit = models.PositiveIntegerField(null=True, blank=True, help_text="Empty means unlimited.")
    times_used = models.PositiveIntegerField(default=0, editable=False)
    ticket_types = models.ManyToManyField(
        TicketType, blank=True, related_name="vouchers", help_text="Empty: valid for every ticket type."
    )
    valid_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    comment = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "code"], name="unique_voucher_code"),
            models.CheckConstraint(
                condition=models.Q(usage_limit__isnull=True) | models.Q(times_used__lte=models.F("usage_limit")),
                name="voucher_usage_not_exceeded",
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="voucher_value_not_negative"),
        ]

    def __str__(self) -> str:
        return self.code

    def price_for(self, ticket_type: TicketType) -> Decimal:
        """The price an attendee pays for ``ticket_type`` with this voucher (never below zero)."""
        if self.kind == VoucherKind.FREE:
            return Decimal("0.00")
        if self.kind == VoucherKind.PERCENT:
            discount = (ticket_type.price * min(self.value, Decimal(100)) / Decimal(100)).quantize(Decimal("0.01"))
        else:
            discount = self.value
        return max(Decimal("0.00"), ticket_type.price - discount)


class Question(models.Model):
    """A custom question of a convention's registration form; answers live in ``Registration.answers``
    under the question's ``identifier``."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="questions")
    identifier = models.SlugField(max_length=50, help_text="Key of the answer in the registration, e.g. 'sector'.")
    label_de = models.CharField(max_length=300)
    label_en = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.JSONField(
        default=list, blank=True, help_text='For choice questions: the allowed answers, e.g. ["municipal", "federal"].'
    )
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["convention", "identifier"], name="unique_question_identifier")]

    def __str__(self) -> str:
        return self.identifier
