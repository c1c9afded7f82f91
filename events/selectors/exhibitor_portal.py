"""Reads of the exhibitor portal: a person's booths, a booth's staff with passes, devices, history and stand."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from events.enums import ExhibitorChangeStatus
from events.models import (
    Badge,
    Device,
    DeviceKind,
    Exhibitor,
    ExhibitorChange,
    ExhibitorInvitation,
    ExhibitorStaffMember,
    RegistrationStatus,
)
from events.services import exhibitor_passes


def roles_of(*, user: AbstractBaseUser) -> QuerySet[ExhibitorStaffMember]:
    """The booths a person works at, with convention and stand."""
    return (
        ExhibitorStaffMember.objects.filter(user_id=user.pk)
        .select_related("exhibitor__convention", "exhibitor__booth__hall", "exhibitor__main_exhibitor__booth__hall")
        .order_by("-exhibitor__convention__start_date", "exhibitor__name")
    )


def booth_overview(*, exhibitor: Exhibitor) -> dict[str, Any]:
    counts = Exhibitor.objects.filter(pk=exhibitor.pk).aggregate(
        staff=Count("staff", distinct=True),
        leads=Count("leads", distinct=True),
        materials=Count("materials", distinct=True),
    )
    return {
        **counts,
        "passes_used": exhibitor_passes.passes_in_use(exhibitor=exhibitor),
        "pass_quota": exhibitor_passes.pass_quota_of(exhibitor=exhibitor),
        "pending": exhibitor.content_changes.filter(status=ExhibitorChangeStatus.PENDING).count(),
        "devices": exhibitor.staff_devices.filter(kind=DeviceKind.BOOTH, revoked_at=None).count(),
    }


def pending_change(*, exhibitor: Exhibitor) -> ExhibitorChange | None:
    """The content change waiting for review (material waits in rows of its own)."""
    return exhibitor.content_changes.filter(status=ExhibitorChangeStatus.PENDING, material=None).first()


def change_history(*, exhibitor: Exhibitor) -> QuerySet[ExhibitorChange]:
    return exhibitor.content_changes.select_related("author", "reviewed_by").order_by("-created_at", "-pk")


def staff_overview(*, exhibitor: Exhibitor) -> dict[str, Any]:
    """Staff with their pass (registration, valid badge) and the open invitations."""
    members = list(
        exhibitor.staff.select_related("user", "registration").order_by("-is_manager", "user__last_name", "pk")
    )
    badges = {
        badge.registration_id: badge
        for badge in Badge.objects.filter(
            registration__in=[m.registration_id for m in members if m.registration_id], revoked_at=None
        )
    }
    rows = []
    for member in members:
        registration = member.registration
        valid = registration is not None and registration.status == RegistrationStatus.CONFIRMED
        rows.append(
            {
                "member": member,
                "name": member.user.get_full_name() or member.user.email,
                "registration": registration,
                "has_pass": valid,
                "badge": badges.get(member.registration_id) if valid and member.registration_id else None,
            }
        )
    return {
        "members": rows,
        "invitations": ExhibitorInvitation.objects.filter(exhibitor=exhibitor, accepted_at=None, revoked_at=None),
        "passes_used": sum(1 for row in rows if row["has_pass"]),
        "pass_quota": exhibitor_passes.pass_quota_of(exhibitor=exhibitor),
        "has_pass_type": exhibitor_passes.pass_ticket_type(exhibitor=exhibitor) is not None,
    }


def stand_partners(*, exhibitor: Exhibitor) -> list[Exhibitor]:
    """Everyone on the exhibitor's stand: the main exhibitor first, then its co-exhibitors by name."""
    main = exhibitor.main_exhibitor or exhibitor
    return [main, *main.co_exhibitors.order_by("name", "pk")]


def booth_devices(*, exhibitor: Exhibitor) -> QuerySet[Device]:
    return Device.objects.filter(exhibitor=exhibitor, kind=DeviceKind.BOOTH).order_by("revoked_at", "name", "pk")


def lead_scanners(*, exhibitor: Exhibitor) -> list[tuple[str, str]]:
    """Who captured the exhibitor's leads, as filter choices: booth devices ("d<id>") and staff accounts ("u<id>")."""
    choices = [
        (f"d{device.pk}", device.name)
        for device in Device.objects.filter(exhibitor=exhibitor, kind=DeviceKind.BOOTH).order_by("name", "pk")
    ]
    choices += [
        (f"u{member.user_id}", member.user.get_full_name() or member.user.email)
        for member in exhibitor.staff.select_related("user").order_by("user__last_name", "pk")
    ]
    return choices


def review_queue(*, convention_id: int) -> QuerySet[ExhibitorChange]:
    """The organizers' queue: pending content and material changes of a convention's exhibitors, oldest first."""
    return (
        ExhibitorChange.objects.filter(exhibitor__convention_id=convention_id, status=ExhibitorChangeStatus.PENDING)
        .select_related("exhibitor", "author", "material")
        .order_by("created_at", "pk")
    )


def exhibitors_with_staff(*, convention_id: int) -> QuerySet[Exhibitor]:
    """The organizers' list: exhibitors with their managers' count and open invitations."""
    return (
        Exhibitor.objects.filter(convention_id=convention_id)
        .select_related("booth__hall", "main_exhibitor")
        .annotate(
            managers=Count("staff", filter=Q(staff__is_manager=True), distinct=True),
            open_invitations=Count(
                "invitations",
                filter=Q(invitations__accepted_at=None, invitations__revoked_at=None),
                distinct=True,
            ),
        )
        .order_by("name", "pk")
    )
