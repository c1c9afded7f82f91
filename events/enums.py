"""Choices used across Messe. A leaf module: it imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "English"


class RoomKind(models.TextChoices):
    STAGE = "stage", "Stage"
    WORKSHOP_ROOM = "workshop_room", "Workshop room"
    MEETING_ROOM = "meeting_room", "Meeting room"
    BOOTH_AREA = "booth_area", "Booth area"


class SessionFormat(models.TextChoices):
    KEYNOTE = "keynote", "Keynote"
    PANEL = "panel", "Panel"
    TALK = "talk", "Talk"
    WORKSHOP = "workshop", "Workshop"
    BOOTH_TALK = "booth_talk", "Booth talk"


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", "Speaker"
    MODERATOR = "moderator", "Moderator"
    PANELIST = "panelist", "Panelist"


class SpeakerState(models.TextChoices):
    """A speaker's answer to being put on a session: ``no_answer`` once reminded and still silent."""

    INVITED = "invited", pgettext_lazy("speaker answer", "Invited")
    CONFIRMED = "confirmed", pgettext_lazy("speaker answer", "Confirmed")
    DECLINED = "declined", pgettext_lazy("speaker answer", "Declined")
    NO_ANSWER = "no_answer", pgettext_lazy("speaker answer", "No answer")


class MaterialKind(models.TextChoices):
    LINK = "link", "Link"
    DOCUMENT = "document", "Document"
    VIDEO = "video", "Video"


class QuestionKind(models.TextChoices):
    TEXT = "text", "Text"
    CHOICE = "choice", "Choice"
    BOOLEAN = "boolean", "Yes/no"


class VoucherKind(models.TextChoices):
    FREE = "free", "Free ticket"
    PERCENT = "percent", "Percentage discount"
    AMOUNT = "amount", "Fixed discount"


class RefundStatus(models.TextChoices):
    NONE = "", "No refund"
    REQUESTED = "requested", "Refund requested"
    REFUNDED = "refunded", "Refunded"
    FAILED = "failed", "Refund failed"


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "Waitlisted"
    CANCELLED = "cancelled", "Cancelled"


class CalendarMethod(models.TextChoices):
    REQUEST = "REQUEST", "Request (new or updated event)"
    CANCEL = "CANCEL", "Cancel"


class AuditActorKind(models.TextChoices):
    USER = "user", "Organizer or staff account"
    DEVICE = "device", "Device"
    ATTENDEE = "attendee", "Attendee"
    SYSTEM = "system", "System job"


class AuditAction(models.TextChoices):
    REGISTRATIONS_LISTED = "registrations.listed", "Registration list read"
    REGISTRATIONS_EXPORTED = "registrations.exported", "Registration CSV downloaded"
    REGISTRATION_VIEWED = "registration.viewed", "Registration read"
    REGISTRATION_UPDATED = "registration.updated", "Registration changed"
    PERSONAL_DATA_EXPORTED = "personal_data.exported", "Personal data export"
    PERSONAL_DATA_ERASED = "personal_data.erased", "Personal data erased"
    CONSENTS_CHANGED = "consents.changed", "Consents changed"
    LEADS_EXPORTED = "leads.exported", "Leads listed or downloaded"
    RETENTION_APPLIED = "retention.applied", "Retention period applied"
    WORKSHOP_SIGNUPS_LISTED = "workshop_signups.listed", "Workshop sign-up list read"
    MESSAGES_LISTED = "messages.listed", "Outbound e-mail list read"
    TEAM_MEMBER_INVITED = "team.member_invited", "Team member invited"
    TEAM_ROLE_CHANGED = "team.role_changed", "Team member's role changed"
    TEAM_MEMBER_REMOVED = "team.member_removed", "Team member removed"
    TEAM_INVITATION_RESENT = "team.invitation_resent", "Team invitation sent again"


class AnnouncementKind(models.TextChoices):
    # Operational announcements (room changes, closures) reach everyone in the audience; marketing ones only
    # attendees who gave (and did not withdraw) their newsletter consent.
    OPERATIONAL = "operational", _("Operational (every attendee in the audience)")
    MARKETING = "marketing", _("Marketing (only attendees with newsletter consent)")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Being written to the outbox")
    QUEUED = "queued", _("Every message is in the outbox")


class AudiencePresence(models.TextChoices):
    ANY = "", _("Any")
    INSIDE_NOW = "inside_now", _("Checked in now")
    EVER = "ever", _("Checked in at least once")


class ExhibitorChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPLIED = "applied", _("Live at once")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TalkProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class TeamRole(models.TextChoices):
    # What a member of a convention's team may do in the organizer area and the API (events.permissions).
    OWNER = "owner", _("Owner")  # everything, the team included
    ORGANIZER = "organizer", _("Organizer")  # everything but the team
    CURATOR = "curator", _("Programme curator")  # sees the area; changes sessions of its rooms/tracks only
    READONLY = "readonly", _("Read-only")  # sees, changes nothing
