from events.models.convention import Convention, Hall, OpeningHours, Room, Track
from events.models.exhibitors import Booth, Exhibitor, ExhibitorMaterial, ExhibitorStaffMember
from events.models.outbox import MessageStatus, OutboundMessage
from events.models.payments import StripeEvent
from events.models.programme import Session, SessionSpeaker, Speaker, SpeakerUnavailability
from events.models.registration import Question, Registration, RegistrationStatus, TicketType, Voucher
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
    "Question",
    "Registration",
    "RegistrationStatus",
    "Room",
    "ScheduleRelease",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "SpeakerUnavailability",
    "StripeEvent",
    "TicketType",
    "Track",
    "Voucher",
]
