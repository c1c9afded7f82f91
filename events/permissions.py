"""Who may do what: pure predicates the API's permission classes and querysets call."""

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from events.models import Convention, Device, Exhibitor, ExhibitorStaffMember

if TYPE_CHECKING:
    from events.selectors.files import StoredFile

# Whoever asks: a Django account, ``AnonymousUser``, a token holder of ``api.authentication`` (attendee, device) or
# ``None``. Loosely typed on purpose: the predicates read only ``is_authenticated``, ``pk`` and flags from it.
Caller = Any


_EVERY = Q()
_NONE = Q(pk__in=[])


def organized_by(user: Caller, *, convention: str = "") -> Q:
    """The conventions ``user`` organizes, as a filter — the one statement of the organizer rule, which
    ``is_organizer`` asks of one convention and selectors apply to querysets. ``convention`` is the lookup path
    from the queried model to its convention (``"convention__"`` for a check-in list).

    Superusers organize every convention; accounts their conventions' ``organizers``; nobody else any (token
    holders without an account included)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return _NONE
    if getattr(user, "is_superuser", False):
        return _EVERY
    if not getattr(user, "pk", None):
        return _NONE
    return Q(**{f"{convention}organizers": user.pk})


def is_organizer(user: Caller, convention: Convention) -> bool:
    """Organizers of a convention (and superusers) manage its programme, tickets and attendees."""
    rule = organized_by(user)
    if rule is _EVERY or rule is _NONE:
        return rule is _EVERY  # no query needed
    return Convention.objects.filter(rule, pk=convention.pk).exists()


def is_exhibitor_staff(user: Caller, exhibitor: Exhibitor) -> bool:
    """Staff of an exhibitor see and capture that exhibitor's leads, and nobody else's."""
    if user is None or not user.is_authenticated or not getattr(user, "pk", None):
        return False
    return exhibitor.staff.filter(user_id=user.pk).exists()


def staff_role(user: Caller, exhibitor: Exhibitor) -> ExhibitorStaffMember | None:
    """The user's place on the exhibitor's staff, if any."""
    if user is None or not user.is_authenticated or not getattr(user, "pk", None):
        return None
    return exhibitor.staff.filter(user_id=user.pk).first()


def can_invite_managers(user: Caller, exhibitor: Exhibitor) -> bool:
    """The convention's organizers, and for a co-exhibitor the managers of the joint stand's main exhibitor."""
    if is_organizer(user, exhibitor.convention):
        return True
    main = exhibitor.main_exhibitor
    return main is not None and is_exhibitor_manager(user, main)


def can_create_convention(user: Caller) -> bool:
    """Staff accounts of the operator set up new conventions; they become its first organizer."""
    if user is None or not user.is_authenticated:
        return False
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


def device_of(user: Caller) -> Device | None:
    """The gate or booth device behind a request authenticated with ``Authorization: Device <token>``."""
    return getattr(user, "device", None)


def can_read_checkin_keys(user: Caller, convention: Convention) -> bool:
    """Organizers and the convention's gate devices download public keys and the revocation list."""
    device = device_of(user)
    if device is not None:
        return device.kind == "gate" and device.convention_id == convention.pk
    return is_organizer(user, convention)


def can_capture_leads(user: Caller, exhibitor: Exhibitor) -> bool:
    """That exhibitor's staff accounts and booth devices, nobody else (organizers see counts only).

    An organizer of the convention never reads leads, even with a staff seat at one of its exhibitors (a seat
    from before this rule, or the admin site): organizers see counts only.
    """
    device = device_of(user)
    if device is not None:
        return device.kind == "booth" and device.exhibitor_id == exhibitor.pk
    return is_exhibitor_staff(user, exhibitor) and not is_organizer(user, exhibitor.convention)


def is_exhibitor_manager(user: Caller, exhibitor: Exhibitor) -> bool:
    """Managers among an exhibitor's staff maintain its booth, set up its booth devices and its webhook endpoints."""
    if user is None or not user.is_authenticated or not getattr(user, "pk", None):
        return False
    return exhibitor.staff.filter(user_id=user.pk, is_manager=True).exists()


def can_create_booth_device(user: Caller, exhibitor: Exhibitor) -> bool:
    """A booth device reads the exhibitor's leads, so only the exhibitor's managers set one up, and never an
    organizer of the convention (organizers see counts only)."""
    if device_of(user) is not None:
        return False
    return is_exhibitor_manager(user, exhibitor) and not is_organizer(user, exhibitor.convention)


def may_hold_staff_seat(user: Caller, convention: Convention) -> bool:
    """Staff of an exhibitor read its leads; organizers of the convention (and superusers) cannot be staff."""
    return not is_organizer(user, convention)


def can_read_stored_file(user: Caller, stored: "StoredFile") -> bool:
    """Public files (published material) for anyone; others for the convention's organizers and, when the file is
    an exhibitor's, that exhibitor's staff."""
    if stored.is_public:
        return True
    if device_of(user) is not None:
        return False
    convention = Convention.objects.filter(pk=stored.convention_id).first()
    if convention is not None and is_organizer(user, convention):
        return True
    if stored.exhibitor_id is not None:
        exhibitor = Exhibitor.objects.filter(pk=stored.exhibitor_id).first()
        return exhibitor is not None and is_exhibitor_staff(user, exhibitor)
    return False
