"""Domain errors. Each carries a stable machine-readable ``code``, an HTTP ``status`` and a human message;
``api.exceptions`` renders them as ``{"code", "message", "fields"?}``.

Default messages are translated lazily (``events/locale``): an error raised in a request renders in that request's
language, wherever it is shown (API answer, page, command line).
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "invalid"
    status = 400
    default_message: str | Promise = _("The request could not be processed.")

    def __init__(self, message: str | Promise | None = None, *, fields: dict[str, Any] | None = None, **extra: Any):
        self.message: str | Promise = message or self.default_message
        self.fields = fields
        self.extra = extra
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class ValidationFailed(DomainError):
    code = "invalid"
    status = 400
    default_message = _("The input is not valid.")


class OutsideOpeningHours(DomainError):
    code = "outside_opening_hours"
    status = 400
    default_message = _("The session lies outside the convention's opening hours.")


class InvalidTimeRange(DomainError):
    code = "invalid_time_range"
    status = 400
    default_message = _("A session must end after it starts.")


class RoomClash(DomainError):
    code = "room_clash"
    status = 409
    default_message = _("The room already holds another session at that time.")


class StaleEdit(DomainError):
    """The edit was based on an older version of the session: someone else changed it in the meantime.

    Carries ``current_version``; the API adds the session's current state (``current``)."""

    code = "stale_edit"
    status = 409
    default_message = _(
        "Someone else changed this session in the meantime. Nothing was saved; look at its current state and "
        "make your change again."
    )


class NothingToRelease(DomainError):
    code = "nothing_to_release"
    status = 409
    default_message = _("The programme has not changed since the last release.")


class NotInConvention(DomainError):
    code = "not_in_convention"
    status = 400
    default_message = _("A related object belongs to another convention.")


class ScheduleNotReleased(DomainError):
    code = "schedule_not_released"
    status = 404
    default_message = _("No schedule has been released for this convention yet.")


class InvalidFilter(DomainError):
    code = "invalid_filter"
    status = 400
    default_message = _("A filter value is not valid.")


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 400
    default_message = _("Unable to log in with the given username and password.")


class UnknownRoom(DomainError):
    code = "unknown_room"
    status = 400
    default_message = _("The room does not exist in this convention.")


class UnknownTrack(DomainError):
    code = "unknown_track"
    status = 400
    default_message = _("The track does not exist in this convention.")


class UnknownHall(DomainError):
    code = "unknown_hall"
    status = 400
    default_message = _("The hall does not exist in this convention.")


class UnknownSpeaker(DomainError):
    code = "unknown_speaker"
    status = 400
    default_message = _("The speaker does not exist in this convention.")


class UnknownExhibitor(DomainError):
    code = "unknown_exhibitor"
    status = 400
    default_message = _("The exhibitor does not exist in this convention.")


class UnknownUser(DomainError):
    code = "unknown_user"
    status = 400
    default_message = _("No account with that username exists.")


class RoomInUse(DomainError):
    code = "room_in_use"
    status = 409
    default_message = _("Sessions are still planned in this room; move or cancel them first.")


class InvalidDateRange(DomainError):
    code = "invalid_date_range"
    status = 400
    default_message = _("The convention must end on or after the day it starts.")


class InvalidOpeningHours(DomainError):
    code = "invalid_opening_hours"
    status = 400
    default_message = _("Opening hours must lie on the convention's days and close after they open.")


class DuplicateName(DomainError):
    code = "duplicate"
    status = 409
    default_message = _("An object with this name already exists in the convention.")


class BadgeNotAvailable(DomainError):
    code = "badge_not_available"
    status = 409
    default_message = _("Cancelled or expired registrations get no badge.")


class ScanNotAnnullable(DomainError):
    code = "scan_not_annullable"
    status = 409
    default_message = _("Only an accepted scan from the same device within 15 minutes can be annulled.")


class InvalidSetupCode(DomainError):
    code = "invalid_setup_code"
    status = 400
    default_message = _("The setup code is unknown, expired or already used.")


class LeadRejected(DomainError):
    code = "lead_rejected"
    status = 422
    default_message = _("This badge cannot be captured as a lead.")


# --- exhibitor portal ---


class FieldLocked(DomainError):
    code = "field_locked"
    status = 409
    default_message = _("The organizers locked this field; it cannot be changed.")


class InvitationInvalid(DomainError):
    code = "invitation_invalid"
    status = 404
    default_message = _("This invitation link is not valid (any more). Ask for a new invitation.")


class InvitationNotPending(DomainError):
    """A team invitation to send again that has done its work: the member signed in since (or is gone)."""

    code = "invitation_not_pending"
    status = 409
    default_message = _("This person has signed in since the invitation: there is no invitation to send again.")


class PassQuotaExhausted(DomainError):
    code = "pass_quota_exhausted"
    status = 409
    default_message = _("All exhibitor passes of this exhibitor are taken.")


class NoExhibitorPass(DomainError):
    code = "no_exhibitor_pass"
    status = 409
    default_message = _("The convention has no exhibitor pass ticket type yet.")


class NotReviewable(DomainError):
    code = "not_reviewable"
    status = 409
    default_message = _("This change was already reviewed.")


class UnknownTicketType(DomainError):
    code = "unknown_ticket_type"
    status = 400
    default_message = _("This ticket type does not exist for this convention.")


class SaleClosed(DomainError):
    code = "sale_closed"
    status = 409
    default_message = _("This ticket type is not on sale at the moment.")


class SoldOut(DomainError):
    code = "sold_out"
    status = 409
    default_message = _("This ticket type is sold out.")


class NotEligible(DomainError):
    code = "not_eligible"
    status = 403
    default_message = _("This e-mail address is not eligible for this ticket type.")


class MaxPerOrderExceeded(DomainError):
    code = "max_per_order_exceeded"
    status = 409
    default_message = _("This e-mail address already holds as many registrations of this ticket type as allowed.")


class InvalidVoucher(DomainError):
    code = "invalid_voucher"
    status = 400
    default_message = _("This voucher code is not valid for this ticket type.")


class VoucherExhausted(DomainError):
    code = "voucher_exhausted"
    status = 409
    default_message = _("This voucher has been used up.")


class PaymentsUnavailable(DomainError):
    code = "payments_unavailable"
    status = 409
    default_message = _("Paid tickets cannot be bought at the moment: online payment is not configured.")


class PaymentProviderError(DomainError):
    code = "payment_provider_error"
    status = 502
    default_message = _("The payment provider could not be reached; no seat was taken. Please try again.")


class RegistrationNotCancellable(DomainError):
    code = "not_cancellable"
    status = 409
    default_message = _("This registration can no longer be cancelled.")


class InvalidWebhookSignature(DomainError):
    code = "invalid_signature"
    status = 400
    default_message = _("The Stripe-Signature header does not match the payload.")


class ObjectInUse(DomainError):
    code = "in_use"
    status = 409
    default_message = _("This object is still referenced by registrations and cannot be deleted.")


class NotAWorkshop(DomainError):
    code = "not_a_workshop"
    status = 400
    default_message = _("Only workshops take sign-ups.")


class SessionCancelled(DomainError):
    code = "session_cancelled"
    status = 409
    default_message = _("The session has been cancelled.")


class SignupClosed(DomainError):
    code = "signup_closed"
    status = 409
    default_message = _("Sign-up for this workshop has closed.")


class OverlappingWorkshop(DomainError):
    code = "overlapping_workshop"
    status = 409
    default_message = _("You already hold a seat in a workshop at the same time.")


class RegistrationNotConfirmed(DomainError):
    code = "registration_not_confirmed"
    status = 409
    default_message = _("Only confirmed registrations can do this.")


class NotSignedUp(DomainError):
    code = "not_signed_up"
    status = 404
    default_message = _("You are not signed up for this workshop.")


class AudienceChanged(DomainError):
    code = "audience_changed"
    status = 409
    default_message = _("The audience has changed since the recipients were counted; please confirm the new count.")


class AnnouncementNotEditable(DomainError):
    code = "announcement_not_editable"
    status = 409
    default_message = _("The announcement has been sent and can no longer be changed.")


class LeadsAreExhibitorsOnly(DomainError):
    """Organizers see lead counts, never lead contents: they cannot mint a way in (booth device, staff seat)."""

    code = "leads_are_exhibitors_only"
    status = 403
    default_message = _(
        "Booth devices and staff seats give access to an exhibitor's leads; organizers see lead counts only."
    )


class InvalidWebhookEndpoint(DomainError):
    code = "invalid_webhook_endpoint"
    status = 400
    default_message = "This webhook endpoint cannot be used."


class PrintQueueUnavailable(DomainError):
    code = "print_queue_unavailable"
    status = 503
    default_message = "The print queue is unavailable right now; the job was not started. Please try again shortly."
