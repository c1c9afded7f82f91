from django.db import models

from events.models.convention import Convention


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboundMessage(models.Model):
    """One e-mail Messe owes someone, written in the same transaction as the change that causes it.

    ``idempotency_key`` names the reason for the message (kind + registration + subject + version), so the same
    reason can never produce a second message. A worker claims the row with a conditional update
    (pending → sending) before it talks to the mail server; see ``events.services.messages``.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="messages", null=True, blank=True)
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="messages", null=True, blank=True
    )
    # Set for messages of an announcement, so its progress is counted from the outbox itself.
    announcement = models.ForeignKey(
        "events.Announcement", on_delete=models.SET_NULL, related_name="messages", null=True, blank=True
    )
    idempotency_key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=50)
    recipient = models.EmailField()
    language = models.CharField(max_length=2, default="de")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # A calendar invite travels as a text/calendar part and as an .ics attachment.
    calendar_ics = models.TextField(blank=True)
    calendar_method = models.CharField(max_length=20, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text='[{"filename", "content_type", "content_b64"}] sent with the message.'
    )
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set while a transient failure waits for its retry, so the re-enqueue job does not retry it early.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["convention", "kind", "status"]),
            models.Index(fields=["announcement", "status"], name="outbox_announcement_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.status})"
