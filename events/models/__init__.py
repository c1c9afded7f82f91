from events.models.convention import Convention, Hall, OpeningHours, Room, Track
from events.models.exhibitors import Booth, Exhibitor, ExhibitorMaterial, ExhibitorStaffMember
from events.models.programme import Session, SessionSpeaker, Speaker, SpeakerUnavailability
from events.models.schedule import ScheduleRelease

__all__ = [
    "Booth",
    "Convention",
    "Exhibitor",
    "ExhibitorMaterial",
    "ExhibitorStaffMember",
    "Hall",
    "OpeningHours",
    "Room",
    "ScheduleRelease",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "SpeakerUnavailability",
    "Track",
]
