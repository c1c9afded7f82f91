from django.db import models

from events.enums import SignupStatus
from events.models.programme import Session
from events.models.registration import Registration


class WorkshopSignup(models.Model):
    """An attendee's seat (or place on the waitlist) in a workshop.

    ``queue_number`` orders the waitlist: it grows with every waitlisting under the session's row lock, and an
    attendee's position is the number of waitlisted sign-ups with a queue number up to theirs.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signups")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="workshop_signups")
    status = models.CharField(max_length=20, choices=SignupStatus.choices)
    queue_number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=~models.Q(status=SignupStatus.CANCELLED),
                name="one_active_signup_per_workshop",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=SignupStatus.WAITLISTED) | models.Q(queue_number__isnull=False),
                name="waitlisted_signup_has_queue_number",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "queue_number"])]

    def __str__(self) -> str:
        return f"{self.registration.code} → {self.session} ({self.status})"
