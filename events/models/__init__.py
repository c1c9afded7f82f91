from events.models.badges import Badge, BadgePrintJob, PrintJobStatus, SigningKey
from events.models.convention import Convention, Hall, OpeningHours, Room, Track
from events.models.devices import Device, DeviceKind
from events.models.exhibitors import Booth, Exhibitor, ExhibitorMaterial, ExhibitorStaffMember
from events.models.leads import Lead, LeadScan
from events.models.outbox import MessageStatus, OutboundMessage
from events.models.programme import Session, SessionSpeaker, Speaker, SpeakerUnavailability
from events.models.registration import Registration, RegistrationStatus, TicketType
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

__all__ = [
    "Badge",
    "BadgePrintJob",
    "Booth",
    "CheckinList",
    "CheckinListKind",
    "Convention",
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
    "Registration",
    "RegistrationStatus",
    "Room",
    "Scan",
    "ScanDirection",
    "ScanReason",
    "ScanResult",
    "ScheduleRelease",
    "Session",
    "SessionSpeaker",
    "SigningKey",
    "Speaker",
    "SpeakerUnavailability",
    "TicketType",
    "Track",
]
