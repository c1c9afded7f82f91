"""Lead capture at exhibitor booths.

Personal data reaches an exhibitor only when the attendee consented to share contact data with exhibitors
(``Registration.consent_share_contact_at``). Without consent the lead is pseudonymous: a keyed hash per
exhibitor and attendee, scan times and the staff's own notes.
"""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import LeadRejected
from events.models import Badge, Device, Exhibitor, Lead, LeadScan, RegistrationStatus
from events.services import webhook_events
from events.services.badge_codes import InvalidBadgeCode
from events.services.badges import verify_badge_code
from events.services.scanning import badge_code_of_registration, is_registration_code
from events.tokens import lead_pseudonym

pseudonym_for = lead_pseudonym


def _registration_for(*, exhibitor: Exhibitor, code: str):
    if is_registration_code(code):  # the short code printed on the badge, typed at the booth scanner
        reason, code = badge_code_of_registration(convention_id=exhibitor.convention_id, code=code)
        if reason == "other_convention":
            raise LeadRejected(_("This badge belongs to another convention."), reason=reason)
        if reason is not None:
            raise LeadRejected(_("Unknown badge."), reason=reason)
    try:
        payload = verify_badge_code(code=code, convention_id=exhibitor.convention_id)
    except InvalidBadgeCode as exc:
        raise LeadRejected(_("The badge code is not valid for this convention."), reason="invalid_signature") from exc
    badge = (
        Badge.objects.select_related("registration")
        .filter(pk=payload.badge_id, registration_id=payload.registration_id)
        .first()
    )
    if badge is None:
        raise LeadRejected(_("Unknown badge."), reason="unknown")
    if badge.revoked_at is not None:
        raise LeadRejected(_("This badge was revoked."), reason="revoked")
    if badge.registration.status != RegistrationStatus.CONFIRMED:
        raise LeadRejected(_("This registration is not confirmed."), reason="cancelled")
    return badge.registration


def capture_lead(
    *,
    exhibitor: Exhibitor,
    code: str,
    nonce: str,
    notes: str | None = None,
    rating: int | None = None,
    tags: list[str] | None = None,
    answers: dict | None = None,
    device: Device | None = None,
    user: User | None = None,
) -> tuple[Lead, bool]:
    """Record (or update) the lead for a scanned badge; returns the lead and whether it is new.

    Re-scanning the same visitor updates notes, rating, tags and answers given with the scan instead of
    creating a second lead. A repeated nonce returns the lead unchanged.
    """
    previous = LeadScan.objects.select_related("lead").filter(nonce=nonce).first()
    if previous is not None:
        if previous.lead.exhibitor_id != exhibitor.pk:
            raise LeadRejected(_("This nonce was already used."), reason="nonce_reused")
        return previous.lead, False
    registration = _registration_for(exhibitor=exhibitor, code=code)
    consented = registration.consent_share_contact_at is not None
    personal = (
        {
            "registration": registration,
            "name": registration.full_name,
            "organization": registration.organization,
            "job_title": registration.job_title,
            "email": registration.email,
        }
        if consented
        else {"registration": None, "name": "", "organization": "", "job_title": "", "email": ""}
    )
    changes = {
        key: value
        for key, value in (("notes", notes), ("rating", rating), ("tags", tags), ("answers", answers))
        if value is not None
    }
    now = timezone.now()
    pseudonym = pseudonym_for(exhibitor_id=exhibitor.pk, registration_id=registration.pk)
    try:
        with transaction.atomic():
            lead, created = Lead.objects.select_for_update().get_or_create(
                exhibitor=exhibitor,
                pseudonym=pseudonym,
                defaults={
                    "has_consent": consented,
                    **personal,
                    **changes,
                    "first_scanned_at": now,
                    "last_scanned_at": now,
                },
            )
            if not created:
                for field, value in {"has_consent": consented, **personal, **changes}.items():
                    setattr(lead, field, value)
                lead.last_scanned_at = now
                lead.scan_count = F("scan_count") + 1
                lead.save()
                lead.refresh_from_db()
            LeadScan.objects.create(
                nonce=nonce,
                lead=lead,
                device=device,
                user=user if getattr(user, "pk", None) else None,
                scanned_at=now,
            )
            webhook_events.emit_lead_captured(lead=lead, created=created)
    except IntegrityError:
        previous = LeadScan.objects.select_related("lead").filter(nonce=nonce).first()
        if previous is None or previous.lead.exhibitor_id != exhibitor.pk:
            raise LeadRejected(_("This nonce was already used."), reason="nonce_reused") from None
        return previous.lead, False
    return lead, created
