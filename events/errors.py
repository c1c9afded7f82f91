"""Domain errors. Each carries a stable machine-readable ``code``, an HTTP ``status`` and a human message;
``api.exceptions`` renders them as ``{"code", "message", "fields"?}``."""

from typing import Any


class DomainError(Exception):
    code = "invalid"
    status = 400
    default_message = "The request could not be processed."

    def __init__(self, message: str | None = None, *, fields: dict[str, Any] | None = None, **extra: Any):
        self.message = message or self.default_message
        self.fields = fields
        self.extra = extra
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = "Not found."


class ValidationFailed(DomainError):
    code = "invalid"
    status = 400
    default_message = "The input is not valid."


class OutsideOpeningHours(DomainError):
    code = "outside_opening_hours"
    status = 400
    default_message = "The session lies outside the convention's opening hours."


class InvalidTimeRange(DomainError):
    code = "invalid_time_range"
    status = 400
    default_message = "A session must end after it starts."


class RoomClash(DomainError):
    code = "room_clash"
    status = 409
    default_message = "The room already holds another session at that time."


class NothingToRelease(DomainError):
    code = "nothing_to_release"
    status = 409
    default_message = "The programme has not changed since the last release."


class NotAWorkshop(DomainError):
    code = "not_a_workshop"
    status = 400
    default_message = "Only workshops take sign-ups."


class SessionCancelled(DomainError):
    code = "session_cancelled"
    status = 409
    default_message = "The session has been cancelled."


class SignupClosed(DomainError):
    code = "signup_closed"
    status = 409
    default_message = "Sign-up for this workshop has closed."


class OverlappingWorkshop(DomainError):
    code = "overlapping_workshop"
    status = 409
    default_message = "You already hold a seat in a workshop at the same time."


class RegistrationNotConfirmed(DomainError):
    code = "registration_not_confirmed"
    status = 409
    default_message = "Only confirmed registrations can do this."


class NotSignedUp(DomainError):
    code = "not_signed_up"
    status = 404
    default_message = "You are not signed up for this workshop."
