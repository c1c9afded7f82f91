from events.models.agenda import AgendaItem, AttendeePreferences, CalendarDelivery, CalendarFeed
from events.models.convention import Convention, Hall, OpeningHours, Room, Track
from events.models.exhibitors import Booth, Exhibitor, ExhibitorMaterial, ExhibitorStaffMember
from events.models.materials import SessionMaterial
from events.models.outbox import MessageStatus, OutboundMessage
from events.models.programme import Session, SessionSpeaker, Speaker, SpeakerUnavailability
from events.models.registration import Registration, RegistrationStatus, TicketType
from events.models.schedule import ScheduleRelease
from events.models.workshops import WorkshopSignup

__all__ = [
    "AgendaItem",
    "AttendeePreferences",
    "Booth",
    "CalendarDelivery",
    "CalendarFeed",
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
    "SessionMaterial",
    "SessionSpeaker",
    "Speaker",
    "SpeakerUnavailability",
    "TicketType",
    "Track",
    "WorkshopSignup",
]
