from events.models.agenda import AgendaItem, AttendeePreferences, CalendarDelivery, CalendarFeed
from events.models.announcements import Announcement
from events.models.badges import Badge, BadgePrintJob, PrintJobStatus, SigningKey
from events.models.convention import Convention, ConventionMember, Hall, OpeningHours, Room, Track
from events.models.devices import Device, DeviceKind
from events.models.exhibitors import Booth, Exhibitor, ExhibitorMaterial, ExhibitorStaffMember
from events.models.leads import Lead, LeadScan
from events.models.materials import SessionMaterial
from events.models.outbox import MessageStatus, OutboundMessage
from events.models.payments import StripeEvent
from events.models.programme import (
    Session,
    SessionSpeaker,
    Speaker,
    SpeakerCalendarDelivery,
    SpeakerUnavailability,
)
from events.models.registration import Question, Registration, RegistrationStatus, TicketType, Voucher
from events.models.scanning import (
    CheckinList,
    CheckinListKind,
    Presence,
    Scan,
    ScanDirection,
    ScanReason,
    ScanResult,
)
from events.models.schedule import ScheduleRelease
from events.models.webhooks import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookEventType
from events.models.workshops import WorkshopSignup

__all__ = [
    "AgendaItem",
    "Announcement",
    "AttendeePreferences",
    "Badge",
    "BadgePrintJob",
    "Booth",
    "CalendarDelivery",
    "CalendarFeed",
    "CheckinList",
    "CheckinListKind",
    "Convention",
    "ConventionMember",
    "DeliveryStatus",
    "Device",
    "DeviceKind",
    "Exhibitor",
    "ExhibitorMaterial",
    "ExhibitorStaffMember",
    "Hall",
    "Lead",
    "LeadScan",
    "MessageStatus",
    "OpeningHours",
    "OutboundMessage",
    "Presence",
    "PrintJobStatus",
    "Question",
    "Registration",
    "RegistrationStatus",
    "Room",
    "Scan",
    "ScanDirection",
    "ScanReason",
    "ScanResult",
    "ScheduleRelease",
    "Session",
    "SessionMaterial",
    "SessionSpeaker",
    "SigningKey",
    "Speaker",
    "SpeakerCalendarDelivery",
    "SpeakerUnavailability",
    "StripeEvent",
    "TicketType",
    "Track",
    "Voucher",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "WebhookEventType",
    "WorkshopSignup",
]
from events.models.privacy import AuditEntry

__all__ += ["AuditEntry"]
from events.models.exhibitor_portal import BoothTalkProposal, ExhibitorChange, ExhibitorInvitation, LeadQuestion  # noqa: E402

__all__ += ["BoothTalkProposal", "ExhibitorChange", "ExhibitorInvitation", "LeadQuestion"]
from events.models.imports import ImportKind, ImportUpload  # noqa: E402

__all__ += ["ImportKind", "ImportUpload"]
