"""Maintaining exhibitors: profile, booth, materials and staff accounts."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from events import permissions
from events.errors import DuplicateName, LeadsAreExhibitorsOnly, UnknownUser, ValidationFailed
from events.models import Booth, Convention, Exhibitor, ExhibitorMaterial, ExhibitorStaffMember
from events.services import webhook_events

EXHIBITOR_FIELDS = {
    "name",
    "slug",
    "profile_de",
    "profile_en",
    "logo_url",
    "website",
    "links",
    "contact_email",
    "external_id",
}
_UNSET: Any = object()


def create_exhibitor(
    *,
    convention: Convention,
    booth: dict[str, Any] | None = None,
    materials: list[dict[str, Any]] | None = None,
    staff: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Exhibitor:
    """Create an exhibitor; see ``update_exhibitor`` for booth, materials and staff."""
    exhibitor = Exhibitor(convention=convention)
    return update_exhibitor(exhibitor=exhibitor, booth=booth, materials=materials or [], staff=staff or [], **fields)


def update_exhibitor(
    *,
    exhibitor: Exhibitor,
    booth: dict[str, Any] | None = _UNSET,
    materials: list[dict[str, Any]] | None = None,
    staff: list[dict[str, Any]] | None = None,
    **changes: Any,
) -> Exhibitor:
    """Change an exhibitor.

    ``booth`` is ``{"hall", "number", "size_sqm"}`` or ``None`` to remove the booth (left out: unchanged).
    ``materials`` (``{"title", "kind", "url", "is_public", "position"}``) and ``staff``
    (``{"username", "is_manager"}``) replace the current lists when given. A booth number is unique per hall and
    an exhibitor slug per convention.
    """
    unknown = set(changes) - EXHIBITOR_FIELDS
    if unknown:
        raise TypeError(f"unknown exhibitor fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(exhibitor, name, value)
    if (
        Exhibitor.objects.filter(convention_id=exhibitor.convention_id, slug=exhibitor.slug)
        .exclude(pk=exhibitor.pk)
        .exists()
    ):
        raise DuplicateName(_("The convention already has an exhibitor with this slug."))
    users = {}
    if staff:
        usernames = [member["username"] for member in staff]
        users = {user.username: user for user in get_user_model().objects.filter(username__in=usernames)}
        missing = sorted(set(usernames) - set(users))
        if missing:
            raise UnknownUser(
                _("No account with the username %(username)s exists.") % {"username": repr(missing[0])},
                fields={"staff": missing},
            )
        convention = exhibitor.convention
        organizers = sorted(
            name for name, user in users.items() if not permissions.may_hold_staff_seat(user, convention)
        )
        if organizers:
            raise LeadsAreExhibitorsOnly(
                _(
                    "%(username)s organizes this convention and cannot be exhibitor staff: staff read leads, "
                    "organizers see lead counts only."
                )
                % {"username": repr(organizers[0])},
                fields={"staff": organizers},
            )
    with transaction.atomic():
        exhibitor.save()
        if booth is not _UNSET:
            _set_booth(exhibitor=exhibitor, booth=booth)
        if materials is not None:
            exhibitor.materials.all().delete()
            ExhibitorMaterial.objects.bulk_create(ExhibitorMaterial(exhibitor=exhibitor, **item) for item in materials)
        if staff is not None:
            exhibitor.staff.all().delete()
            ExhibitorStaffMember.objects.bulk_create(
                ExhibitorStaffMember(
                    exhibitor=exhibitor, user=users[member["username"]], is_manager=member.get("is_manager", False)
                )
                for member in {member["username"]: member for member in staff}.values()
            )
        webhook_events.emit_exhibitor_updated(exhibitor=exhibitor)
    return exhibitor


def _set_booth(*, exhibitor: Exhibitor, booth: dict[str, Any] | None) -> None:
    if booth is None:
        Booth.objects.filter(exhibitor=exhibitor).delete()
        return
    taken = Booth.objects.filter(hall=booth["hall"], number=booth["number"]).exclude(exhibitor=exhibitor)
    if taken.exists():
        raise DuplicateName(
            _("Booth %(number)s in %(hall)s belongs to another exhibitor.")
            % {"number": booth["number"], "hall": booth["hall"]}
        )
    Booth.objects.update_or_create(
        exhibitor=exhibitor,
        defaults={"hall": booth["hall"], "number": booth["number"], "size_sqm": booth.get("size_sqm")},
    )


def delete_exhibitor(*, exhibitor: Exhibitor) -> None:
    """Delete an exhibitor with booth, materials and staff; its booth talks stay in the programme."""
    exhibitor.delete()


def add_co_exhibitor(*, main: Exhibitor, name: str, slug: str) -> Exhibitor:
    """A co-exhibitor on ``main``'s stand (a joint stand): its own profile, staff, scanners and leads, the main
    exhibitor's booth. Stands are one level deep: a co-exhibitor has no co-exhibitors of its own."""
    if main.main_exhibitor_id is not None:
        raise ValidationFailed(
            _("A co-exhibitor cannot host further co-exhibitors."), fields={"main_exhibitor": "nested"}
        )
    with transaction.atomic():
        Exhibitor.objects.select_for_update().filter(pk=main.pk).first()
        co_exhibitor = create_exhibitor(convention=main.convention, name=name, slug=slug)
        co_exhibitor.main_exhibitor = main
        co_exhibitor.save(update_fields=["main_exhibitor"])
    return co_exhibitor


def stand_of(exhibitor: Exhibitor) -> Booth | None:
    """Where the exhibitor stands: its own booth, or for a co-exhibitor the main exhibitor's."""
    owner = exhibitor.main_exhibitor if exhibitor.main_exhibitor_id else exhibitor
    return getattr(owner, "booth", None) if owner is not None else None
