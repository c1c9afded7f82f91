from django.conf import settings
from django.db import models

from events.enums import AnnouncementKind, AnnouncementStatus, AudiencePresence, Language
from events.models.convention import Convention
from events.models.programme import Session
from events.models.registration import TicketType
from events.models.scanning import CheckinList


class Announcement(models.Model):
    """A message from the organizers to a filtered audience of attendees, in German and English.

    The audience is the conjunction of the filters that are set (no filter: every confirmed attendee). Sending
    writes one outbox message per recipient with the key ``announcement:<id>:<registration id>``, so an
    attendee gets an announcement once however often the fan-out runs. ``recipient_count`` is the audience
    the organizer confirmed; the outbox rows (``messages``) show the progress.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="announcements")
    kind = models.CharField(max_length=20, choices=AnnouncementKind.choices, default=AnnouncementKind.OPERATIONAL)
    subject_de = models.CharField(max_length=200, blank=True)
    subject_en = models.CharField(max_length=200, blank=True)
    body_de = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    # The audience. PROTECT: deleting a list or session must not silently widen a sent announcement's audience.
    ticket_types = models.ManyToManyField(TicketType, blank=True, related_name="announcements")
    day = models.DateField(null=True, blank=True, help_text="Attendees whose ticket is valid on this day.")
    checkin_list = models.ForeignKey(
        CheckinList, on_delete=models.PROTECT, null=True, blank=True, related_name="announcements"
    )
    presence = models.CharField(max_length=20, choices=AudiencePresence.choices, blank=True)
    workshop = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="announcements_to_participants"
    )
    bookmarked_session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="announcements_to_bookmarkers"
    )
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)

    status = models.CharField(max_length=10, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT)
    recipient_count = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    send_requested_at = models.DateTimeField(null=True, blank=True)
    # Moved forward by every chunk of the fan-out; a "sending" announcement whose fan-out stopped moving (the
    # worker died, the broker was down) is picked up again by the beat job.
    fan_out_progress_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checkin_list__isnull=True, presence="")
                | (models.Q(checkin_list__isnull=False) & ~models.Q(presence="")),
                name="announcement_presence_needs_list",
            ),
        ]
        indexes = [models.Index(fields=["status", "fan_out_progress_at"], name="announcement_fan_out_idx")]

    def __str__(self) -> str:
        return self.subject_en or self.subject_de

    def subject_in(self, language: str) -> str:
        if language == Language.GERMAN:
            return self.subject_de or self.subject_en
        return self.subject_en or self.subject_de

    def body_in(self, language: str) -> str:
        if language == Language.GERMAN:
            return self.body_de or self.body_en
        return self.body_en or self.body_de

    @property
    def message_kind(self) -> str:
        """The outbox ``kind`` of its messages: records whether it was sent as operational or marketing."""
        return f"announcement_{self.kind}"
