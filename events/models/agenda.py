from django.db import models

from events.enums import CalendarMethod
from events.models.programme import Session
from events.models.registration import Registration


class AttendeePreferences(models.Model):
    """What an attendee wants Messe to send them beyond what they asked for explicitly."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="preferences")
    calendar_invites_for_bookmarks = models.BooleanField(
        default=False, help_text="Send a calendar invite (and its updates) for every bookmarked session."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"preferences of {self.registration.code}"


class AgendaItem(models.Model):
    """A session an attendee bookmarked for their personal agenda."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="agenda_items")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__start", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="bookmark_once")]

    def __str__(self) -> str:
        return f"{self.registration.code} ★ {self.session}"


class CalendarFeed(models.Model):
    """A subscribable personal calendar URL. Only the SHA-256 of the random token is stored."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"feed of {self.registration.code}{' (revoked)' if self.revoked_at else ''}"


class CalendarDelivery(models.Model):
    """What the attendee's calendar holds for one session: the last invite Messe sent.

    Every invite, update or cancellation for (registration, session) uses the same UID and the next
    ``sequence``; ``start``/``end``/``room_id`` remember what was sent so a release only updates calendars whose
    copy differs from the published programme.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="calendar_deliveries")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="calendar_deliveries")
    sequence = models.PositiveIntegerField(default=0)
    method = models.CharField(max_length=10, choices=CalendarMethod.choices)
    start = models.DateTimeField()
    end = models.DateTimeField()
    room_id = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="one_calendar_per_session")]
        indexes = [models.Index(fields=["session", "method"])]

    def __str__(self) -> str:
        return f"{self.registration.code}/{self.session_id} {self.method} #{self.sequence}"
