import uuid

from django.db import models

from events.bilingual import field_in
from events.enums import CalendarMethod, Language, SessionFormat, SessionStatus, SpeakerRole, SpeakerState
from events.models.convention import Convention, Room, Track


class Speaker(models.Model):
    """A person on stage. ``email`` is for the organizers only and never leaves through the public API.

    The speaker keeps their profile up to date on their own page (``web.speaker``), opened by a magic link
    sent to ``email`` in ``language``; ``photo`` (uploaded there, re-encoded) wins over ``photo_url``.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="speakers")
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    organization = models.CharField(max_length=200, blank=True)
    bio_de = models.TextField(blank=True)
    bio_en = models.TextField(blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    photo_url = models.URLField(blank=True)
    photo = models.FileField(upload_to="speaker-photos/", blank=True)
    email = models.EmailField(blank=True)
    # The identifier this row has in the system it was imported from (a schedule's GUID, a sales system's
    # customer number): importing the same file again finds the row by it. Unique per convention when set.
    external_id = models.CharField(max_length=200, blank=True, default="")
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.GERMAN)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_speaker_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SpeakerUnavailability(models.Model):
    """A span of time in which a speaker told the organizers they cannot be on stage."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="unavailabilities")
    start = models.DateTimeField()
    end = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "speaker unavailabilities"
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="unavailability_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class Session(models.Model):
    """A slot in the programme: keynote, panel, talk, workshop or booth talk.

    ``guid`` is stable for the life of the session and identifies it in every export and calendar.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="sessions")
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title_de = models.CharField(max_length=300, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    abstract_de = models.TextField(blank=True)
    abstract_en = models.TextField(blank=True)
    format = models.CharField(max_length=20, choices=SessionFormat.choices, default=SessionFormat.TALK)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.GERMAN)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats for sign-up; empty means the room's capacity."
    )
    expected_attendance = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT)
    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booth_talks",
        help_text="For booth talks: the exhibitor hosting it.",
    )
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions")
    # Raised by every change through ``events.services.schedule``; an edit based on an older version is refused
    # (``StaleEdit``), so two organizers editing at once never overwrite each other unseen.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The identifier this row has in the system it was imported from (a schedule's GUID, a sales system's
    # customer number): importing the same file again finds the row by it. Unique per convention when set.
    external_id = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "room__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(start__isnull=True) | models.Q(end__isnull=True) | models.Q(end__gt=models.F("start"))
                ),
                name="session_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["convention", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_session_external_id",
            ),
        ]
        indexes = [models.Index(fields=["convention", "start"]), models.Index(fields=["room", "start"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en or self.title_de

    def title_in(self, language: str) -> str:
        return field_in(self, "title", language)


class SessionSpeaker(models.Model):
    """The role a speaker has in a session (speaker, moderator, panelist) and their answer to it.

    ``state`` starts as invited; the speaker confirms or declines on their page (with an optional ``note`` to
    the organizers), and the reminder job marks silence as ``no_answer``. ``invited_at`` is the last
    invitation (``None``: not sent, the speaker has no e-mail address).
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="session_speakers")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="session_roles")
    role = models.CharField(max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    position = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=SpeakerState.choices, default=SpeakerState.INVITED)
    note = models.TextField(blank=True, max_length=2000)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session")]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.role}) in {self.session}"


class SpeakerCalendarDelivery(models.Model):
    """What a speaker's calendar holds for one of their sessions: the last invite Messe sent them.

    The speaker's counterpart of ``CalendarDelivery``: one UID per session and speaker, the next ``sequence``
    for every update or cancellation, and the times and room that were sent.
    """

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="calendar_deliveries")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speaker_calendar_deliveries")
    sequence = models.PositiveIntegerField(default=0)
    method = models.CharField(max_length=10, choices=CalendarMethod.choices)
    start = models.DateTimeField()
    end = models.DateTimeField()
    room_id = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["speaker", "session"], name="one_speaker_calendar_per_session")]

    def __str__(self) -> str:
        return f"{self.speaker_id}/{self.session_id} {self.method} #{self.sequence}"
