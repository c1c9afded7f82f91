import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext as _

from events.dates import message_date
from events.enums import RoomKind, TeamRole


def default_languages() -> list[str]:
    return ["de", "en"]


# A convention's dates are bounded: generous for any trade fair, tight enough that what is built per day (the
# exports' days, the programme grid, opening hours, a badge's valid days) cannot grow without limit. A PATCH to a
# 657,546-day convention once made schedule.json 127 MB.
MAX_CONVENTION_DAYS = 31
EARLIEST_CONVENTION_DATE = dt.date(2000, 1, 1)
LATEST_CONVENTION_DATE = dt.date(2099, 12, 31)


def convention_date_errors(*, start_date: dt.date, end_date: dt.date) -> dict[str, list[str]]:
    """What is wrong with these dates of a convention, by field (empty when nothing is): the one rule the
    services, the API (through them) and the admin (``Convention.clean``) apply."""
    errors: dict[str, list[str]] = {}
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if not EARLIEST_CONVENTION_DATE <= value <= LATEST_CONVENTION_DATE:
            errors[name] = [
                _("Must lie between %(earliest)s and %(latest)s.")
                % {"earliest": message_date(EARLIEST_CONVENTION_DATE), "latest": message_date(LATEST_CONVENTION_DATE)}
            ]
    if errors:
        return errors
    if end_date < start_date:
        errors["end_date"] = [_("The convention must end on or after the day it starts.")]
    elif (end_date - start_date).days + 1 > MAX_CONVENTION_DAYS:
        errors["end_date"] = [_("A convention lasts at most %(count)s days.") % {"count": MAX_CONVENTION_DAYS}]
    return errors


class Convention(models.Model):
    """A convention or trade fair: the root every other object of Messe hangs from."""

    slug = models.SlugField(max_length=64, unique=True)
    # The c3voc schedule formats require an acronym of at least four characters from [a-z0-9_-].
    acronym = models.CharField(
        max_length=64,
        validators=[MinLengthValidator(4), RegexValidator(r"^[a-z0-9_-]{4,}$")],
        help_text="Short lower-case name used in schedule exports, at least 4 characters (e.g. sccon2025).",
    )
    name = models.CharField(max_length=200)
    venue = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    time_zone = models.CharField(max_length=64, default="Europe/Berlin")
    languages = models.JSONField(default=default_languages, help_text='Languages offered, e.g. ["de", "en"].')
    website = models.URLField(blank=True)
    is_public = models.BooleanField(default=True, help_text="Listed in the public API once a schedule is released.")
    # The convention's team, every role (``ConventionMember.role``); who may do what: ``events.permissions``.
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organized_conventions",
        through="ConventionMember",
        through_fields=("convention", "user"),
    )
    # Legal pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit, terms), written by the
    # organizer as plain text with blank lines between paragraphs. Empty: the page shows Messe's default text
    # for that page, filled with the convention's data (``legal_text``).
    imprint_de = models.TextField(blank=True, help_text="Impressum (provider, address, contact, register entry).")
    imprint_en = models.TextField(blank=True)
    privacy_de = models.TextField(blank=True, help_text="Datenschutzerklärung.")
    privacy_en = models.TextField(blank=True)
    accessibility_de = models.TextField(blank=True, help_text="Erklärung zur Barrierefreiheit (BITV 2.0).")
    accessibility_en = models.TextField(blank=True)
    terms_de = models.TextField(blank=True, help_text="Terms and conditions of participation.")
    terms_en = models.TextField(blank=True)
    legal_contact_email = models.EmailField(
        blank=True, help_text="Receives accessibility feedback; empty: the organizers' e-mail addresses."
    )
    exhibitor_changes_reviewed = models.BooleanField(
        default=False,
        help_text="Exhibitors' changes to their booth content go public only after an organizer's review.",
    )
    speaker_material_reviewed = models.BooleanField(
        default=False,
        help_text="Material speakers upload goes to attendees only after an organizer's review.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="convention_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def legal_text(self, page: str, language: str) -> str:
        """The organizer's text of legal page ``page`` (imprint, privacy, accessibility, terms) in ``language``,
        else in the other language; empty when the organizer wrote none."""
        german, english = getattr(self, f"{page}_de"), getattr(self, f"{page}_en")
        return (german or english) if language == "de" else (english or german)

    def clean(self) -> None:
        if self.start_date is not None and self.end_date is not None:
            errors = convention_date_errors(start_date=self.start_date, end_date=self.end_date)
            if errors:
                raise ValidationError(errors)


class OpeningHours(models.Model):
    """When the convention is open on one of its days. Sessions must lie inside these hours.

    A day may reach past midnight (a congress's night programme): with ``closes_next_day`` the day closes at
    ``closes_at`` of the following calendar day, and a session starting at 00:15 belongs to the day before.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="opening_hours")
    date = models.DateField()
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    closes_next_day = models.BooleanField(default=False, help_text="Closes at closes_at of the following day.")

    class Meta:
        ordering = ["date"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(fields=["convention", "date"], name="one_opening_hours_per_day"),
            models.CheckConstraint(
                condition=models.Q(closes_next_day=True, closes_at__lte=models.F("opens_at"))
                | models.Q(closes_next_day=False, closes_at__gt=models.F("opens_at")),
                name="opening_hours_close_after_open",
            ),
        ]

    def __str__(self) -> str:
        suffix = " (+1)" if self.closes_next_day else ""
        return f"{self.date}: {self.opens_at:%H:%M}–{self.closes_at:%H:%M}{suffix}"

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """Opening and closing as aware datetimes in ``zone``."""
        closing_day = self.date + dt.timedelta(days=1) if self.closes_next_day else self.date
        return (
            dt.datetime.combine(self.date, self.opens_at, tzinfo=zone),
            dt.datetime.combine(closing_day, self.closes_at, tzinfo=zone),
        )


class Hall(models.Model):
    """An exhibition hall (e.g. hub27, Halle 25) holding stages, rooms and booths."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="halls")
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["convention", "name"], name="unique_hall_name")]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A place where sessions happen: a stage, a workshop room, a booth area."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="rooms")
    hall = models.ForeignKey(Hall, on_delete=models.SET_NULL, null=True, blank=True, related_name="rooms")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=RoomKind.choices, default=RoomKind.STAGE)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Seats or standing places.")
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["convention", "name"], name="unique_room_name")]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    """A thematic strand of the programme (e.g. urban data platforms)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="tracks")
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    color = models.CharField(max_length=7, default="#1f6feb", validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$")])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_en"]
        constraints = [models.UniqueConstraint(fields=["convention", "name_en"], name="unique_track_name")]

    def __str__(self) -> str:
        return self.name_en


class ConventionMember(models.Model):
    """A place on a convention's team: the ``through`` row of ``Convention.organizers``, with the member's role.

    Curators change only sessions in their scope: those whose room is among ``rooms`` or whose track is among
    ``tracks`` (``events.permissions.can_change_session``). ``organizers.add(user)`` makes an organizer.

    ``invited_at`` is when the member was invited by e-mail (``events.services.team.invite_member``); members who
    came otherwise (the convention's creator, ``organizers.add``) have none.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="convention_memberships")
    role = models.CharField(max_length=20, choices=TeamRole.choices, default=TeamRole.ORGANIZER)
    rooms = models.ManyToManyField(Room, blank=True, related_name="curators")
    tracks = models.ManyToManyField(Track, blank=True, related_name="curators")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["convention", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["convention", "user"], name="one_membership_per_convention")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    @property
    def invitation_pending(self) -> bool:
        """Invited by e-mail and not signed in since: the invitation has not brought the member in yet (signing
        in, by the link or with a password, is what accepts it)."""
        if self.invited_at is None:
            return False
        last_login = self.user.last_login
        return last_login is None or last_login < self.invited_at
