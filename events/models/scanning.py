from django.conf import settings
from django.db import models

from events.models.badges import Badge
from events.models.convention import Convention, Room
from events.models.devices import Device
from events.models.registration import Registration, TicketType


class CheckinListKind(models.TextChoices):
    ENTRANCE = "entrance", "Entrance"
    ROOM = "room", "Room or workshop"
    EXHIBITOR_STAFF = "exhibitor_staff", "Exhibitor staff entrance"


class CheckinList(models.Model):
    """A place where badges are scanned, and who it admits.

    Empty ``ticket_types`` admits every ticket type, empty ``days`` every day. With a ``capacity`` the list
    keeps ``inside_count`` (entries minus exits), raised by a conditional UPDATE so it never passes capacity.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="checkin_lists")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=CheckinListKind.choices, default=CheckinListKind.ENTRANCE)
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkin_lists")
    ticket_types = models.ManyToManyField(TicketType, blank=True, related_name="checkin_lists")
    days = models.JSONField(default=list, blank=True, help_text='Days admitted, ["2025-09-30", …]; empty: every day.')
    capacity = models.PositiveIntegerField(null=True, blank=True)
    inside_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["convention", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "name"], name="unique_checkin_list_name"),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(inside_count__lte=models.F("capacity")),
                name="checkin_list_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """Whether a registration is inside a check-in list's area: one row per list and registration.

    ``day`` is the local day of the entry that opened the current stay, so a new day starts a new stay even if
    nobody scanned out the evening before.
    """

    # No index of its own: one_presence_per_list starts with it (every index is written at every first scan).
    checkin_list = models.ForeignKey(CheckinList, on_delete=models.CASCADE, related_name="presences", db_index=False)
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="presences")
    inside = models.BooleanField(default=True)
    day = models.DateField()
    first_entry_at = models.DateTimeField()
    last_entry_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin_list", "registration"], name="one_presence_per_list"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.checkin_list_id}: {'in' if self.inside else 'out'}"


class ScanDirection(models.TextChoices):
    ENTRY = "entry", "Entry"
    EXIT = "exit", "Exit"


class ScanResult(models.TextChoices):
    OK = "ok", "OK"
    REJECTED = "rejected", "Rejected"


class ScanReason(models.TextChoices):
    NONE = "", "—"
    ALREADY_CHECKED_IN = "already_checked_in", "Already checked in"
    INVALID_SIGNATURE = "invalid_signature", "Invalid signature"
    UNKNOWN = "unknown", "Unknown badge"
    REVOKED = "revoked", "Revoked badge"
    CANCELLED = "cancelled", "Registration cancelled"
    UNPAID = "unpaid", "Registration not paid"
    NOT_VALID_TODAY = "not_valid_today", "Not valid today"
    NOT_ON_LIST = "not_on_list", "Ticket not admitted here"
    ROOM_FULL = "room_full", "Room full"
    OTHER_CONVENTION = "other_convention", "Badge of another convention"


class Scan(models.Model):
    """Every scan, accepted or refused, with the raw code, so forged or misdirected badges can be reviewed.

    ``nonce`` comes from the scanner and is unique within its check-in list, as annulment looks it up: a replayed
    request returns the stored answer, and a nonce another list (another convention's gate) used before is a
    new scan, never an answer with that list's data.

    Every scan writes each of this table's indexes, so there are none it does not need: (list, nonce) is unique
    by a constraint and the list's other index is the one on (list, time).
    """

    nonce = models.CharField(max_length=64)
    checkin_list = models.ForeignKey(CheckinList, on_delete=models.CASCADE, related_name="scans", db_index=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    badge = models.ForeignKey(Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans")
    device = models.ForeignKey(Device, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans")
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    device_label = models.CharField(max_length=100, blank=True)
    direction = models.CharField(max_length=5, choices=ScanDirection.choices, default=ScanDirection.ENTRY)
    result = models.CharField(max_length=10, choices=ScanResult.choices)
    reason = models.CharField(max_length=20, choices=ScanReason.choices, blank=True)
    raw_code = models.CharField(max_length=300, blank=True)
    scanned_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    first_scan_at = models.DateTimeField(null=True, blank=True)
    annulled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-scanned_at", "-pk"]
        indexes = [models.Index(fields=["checkin_list", "scanned_at"], name="scan_list_time_idx")]
        constraints = [models.UniqueConstraint(fields=["checkin_list", "nonce"], name="one_scan_per_nonce_per_list")]

    def __str__(self) -> str:
        return f"{self.nonce}: {self.result} {self.reason}"
