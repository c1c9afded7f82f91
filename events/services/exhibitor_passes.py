"""Exhibitor passes: the badges of an exhibitor's staff.

A pass is a confirmed registration at no charge of the convention's exhibitor pass ticket type
(``TicketType.is_exhibitor_pass``); it brings the usual confirmation e-mail with the badge and so the badge
itself. Each exhibitor holds at most ``pass_quota_of`` passes at a time: its own quota if the organizers set
one, else the ticket type's base number plus one pass per ``exhibitor_sqm_per_pass`` square metres of its
booth. The quota is checked under a row lock of the exhibitor, so two managers handing out the last pass at
once cannot both succeed.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from events.errors import NoExhibitorPass, PassQuotaExhausted
from events.models import Badge, Exhibitor, ExhibitorStaffMember, RegistrationStatus, TicketType
from events.services import badges, registration


def pass_ticket_type(*, exhibitor: Exhibitor) -> TicketType | None:
    return (
        TicketType.objects.filter(convention_id=exhibitor.convention_id, is_exhibitor_pass=True, is_active=True)
        .order_by("position", "pk")
        .first()
    )


def pass_quota_of(*, exhibitor: Exhibitor, ticket_type: TicketType | None = None) -> int:
    """How many passes the exhibitor may hold at once (see the module docstring)."""
    if exhibitor.pass_quota is not None:
        return exhibitor.pass_quota
    ticket_type = ticket_type or pass_ticket_type(exhibitor=exhibitor)
    if ticket_type is None:
        return 0
    quota = ticket_type.exhibitor_passes_base
    booth = getattr(exhibitor, "booth", None)
    if ticket_type.exhibitor_sqm_per_pass and booth is not None and booth.size_sqm:
        quota += int(booth.size_sqm // ticket_type.exhibitor_sqm_per_pass)
    return quota


def passes_in_use(*, exhibitor: Exhibitor) -> int:
    return ExhibitorStaffMember.objects.filter(
        exhibitor=exhibitor, registration__status=RegistrationStatus.CONFIRMED
    ).count()


def issue_pass(*, member: ExhibitorStaffMember, language: str = "de") -> ExhibitorStaffMember:
    """Give a staff member without a valid pass an exhibitor pass and its badge.

    Raises ``NoExhibitorPass`` when the convention has no exhibitor pass ticket type and
    ``PassQuotaExhausted`` when the exhibitor's quota is used up. A member holding a valid pass keeps it.
    """
    with transaction.atomic():
        # of=self: the booth is an outer join, which PostgreSQL cannot lock.
        exhibitor = (
            Exhibitor.objects.select_for_update(of=("self",)).select_related("booth").get(pk=member.exhibitor_id)
        )
        member = ExhibitorStaffMember.objects.select_related("user", "registration").get(pk=member.pk)
        if member.registration is not None and member.registration.status == RegistrationStatus.CONFIRMED:
            return member
        ticket_type = pass_ticket_type(exhibitor=exhibitor)
        if ticket_type is None:
            raise NoExhibitorPass()
        if passes_in_use(exhibitor=exhibitor) >= pass_quota_of(exhibitor=exhibitor, ticket_type=ticket_type):
            raise PassQuotaExhausted()
        user = member.user
        issued = registration.issue_complimentary_registration(
            ticket_type=ticket_type,
            first_name=user.first_name or user.email.split("@")[0],
            last_name=user.last_name,
            email=user.email,
            language=language,
            organization=exhibitor.name,
        )
        badges.get_or_issue_badge(registration=issued.registration)
        member.registration = issued.registration
        member.save(update_fields=["registration"])
    return member


def issue_pass_if_available(*, member: ExhibitorStaffMember, language: str = "de") -> bool:
    """``issue_pass`` for a new staff member; without a pass type or quota left they join without a pass (the
    managers see that and can hand one out when a pass is free). Returns whether a pass was issued."""
    try:
        with transaction.atomic():
            issue_pass(member=member, language=language)
    except (NoExhibitorPass, PassQuotaExhausted):
        return False
    return True


def replace_pass(*, member: ExhibitorStaffMember) -> Badge:
    """A lost badge: the current badge is revoked (gates refuse it) and a new one is issued for the same pass."""
    if member.registration is None or member.registration.status != RegistrationStatus.CONFIRMED:
        raise NoExhibitorPass(_("This staff member holds no exhibitor pass."))
    return badges.reprint_badge(registration=member.registration)


def revoke_pass(*, member: ExhibitorStaffMember) -> ExhibitorStaffMember:
    """Cancel the staff member's pass: its badge is revoked and the pass is free for someone else."""
    with transaction.atomic():
        Exhibitor.objects.select_for_update().filter(pk=member.exhibitor_id).first()
        member = ExhibitorStaffMember.objects.select_related("registration").get(pk=member.pk)
        if member.registration is not None:
            # The cancelled registration stays linked, so the managers see the pass as revoked.
            member.registration = registration.cancel_registration(registration=member.registration)
    return member
