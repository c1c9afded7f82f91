from events.models.convention import Convention, Hall, OpeningHours, Room, Track
from events.models.exhibitors import Booth, Exhibitor, ExhibitorMaterial, ExhibitorStaffMember
from events.models.outbox import MessageStatus, OutboundMessage
from events.models.programme import Session, SessionSpeaker, Speaker, SpeakerUnavailability
from events.models.registration import Registration, RegistrationStatus, TicketType
from events.models.schedule import ScheduleRelease

__all__ = [
    "Booth",
    "Convention",
    "Exhibitor",
    "ExhibitorMaterial",
    "ExhibitorStaffMember",
    "Hall",
    "MessageStatus",
    "OpeningHours",
    "OutboundMessage",
    "Registration",
    "RegistrationStatus",
    "Room",
    "ScheduleRelease",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "SpeakerUnavailability",
    "TicketType",
    "Track",
]
