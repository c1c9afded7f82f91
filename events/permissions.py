"""Who may do what: pure predicates the API's permission classes and querysets call."""

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from events.enums import TeamRole
from events.models import Convention, ConventionMember, Device, Exhibitor, ExhibitorStaffMember, Room, Session, Track

if TYPE_CHECKING:
    from events.selectors.files import StoredFile

# Whoever asks: a Django account, ``AnonymousUser``, a token holder of ``api.authentication`` (attendee, device) or
# ``None``. Loosely typed on purpose: the predicates read only ``is_authenticated``, ``pk`` and flags from it.
Caller = Any


_EVERY = Q()
_NONE = Q(pk__in=[])


# Roles that manage everything of a convention (its team only for owners): the organizer rule of every write.
MANAGING_ROLES = (TeamRole.OWNER, TeamRole.ORGANIZER)


def _account_rule(user: Caller) -> Q | None:
    """``_EVERY`` for superusers, ``_NONE`` for callers without an account, ``None`` for an account to look up."""
    if user is None or not getattr(user, "is_authenticated", False):
        return _NONE
    if getattr(user, "is_superuser", False):
        return _EVERY
    if not getattr(user, "pk", None):
        return _NONE
    return None


def organized_by(user: Caller, *, convention: str = "") -> Q:
    """The conventions ``user`` organizes (owner or organizer of the team), as a filter — the one statement of the
    organizer rule, which ``is_organizer`` asks of one convention and selectors apply to querysets. ``convention``
    is the lookup path from the queried model to its convention (``"convention__"`` for a check-in list).

    Superusers organize every convention; accounts the conventions where they are owner or organizer; nobody else
    any (token holders without an account included)."""
    rule = _account_rule(user)
    if rule is not None:
        return rule
    # One Q with both conditions: they hold for the same membership row.
    return Q(**{f"{convention}members__user": user.pk, f"{convention}members__role__in": MANAGING_ROLES})


def is_organizer(user: Caller, convention: Convention) -> bool:
    """Owners and organizers of a convention (and superusers) manage its programme, tickets and attendees."""
    rule = organized_by(user)
    if rule is _EVERY or rule is _NONE:
        return rule is _EVERY  # no query needed
    return Convention.objects.filter(rule, pk=convention.pk).exists()


def on_team_of(user: Caller, *, convention: str = "") -> Q:
    """The conventions on whose team ``user`` is, in any role (they see its organizer area), as a filter."""
    rule = _account_rule(user)
    if rule is not None:
        return rule
    return Q(**{f"{convention}members__user": user.pk})


def team_role(user: Caller, convention: Convention) -> str | None:
    """The user's role on the convention's team (``TeamRole``); superusers are owners of every convention."""
    rule = _account_rule(user)
    if rule is not None:
        return TeamRole.OWNER.value if rule is _EVERY else None
    return (
        ConventionMember.objects.filter(convention_id=convention.pk, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )


def is_team_member(user: Caller, convention: Convention) -> bool:
    """Every member of the team (owner, organizer, curator, read-only) sees the convention's organizer area."""
    return team_role(user, convention) is not None


def can_manage_team(user: Caller, convention: Convention) -> bool:
    """Owners invite and remove team members and change their roles."""
    return team_role(user, convention) == TeamRole.OWNER


def can_export_personal_data(user: Caller, convention: Convention) -> bool:
    """Exports of attendees' personal data (registration CSV, a person's data export): owners and organizers."""
    return is_organizer(user, convention)


# Who sees attendees' personal data on the convention's pages (the registration list and desk): owners, organizers
# and read-only members. Curators, who work on programme sessions only, see no attendee.
# (``web.organizer.access`` opens the pages that show them to these roles: need "personal_data".)
PERSONAL_DATA_ROLES = (*MANAGING_ROLES, TeamRole.READONLY)


def _curator_scope(user: Caller, convention: Convention) -> tuple[set[int], set[int]] | None:
    """A curator's rooms and tracks, or ``None`` for anyone who is not a curator of the convention."""
    if team_role(user, convention) != TeamRole.CURATOR:
        return None
    member = ConventionMember.objects.get(convention_id=convention.pk, user_id=user.pk)
    return set(member.rooms.values_list("pk", flat=True)), set(member.tracks.values_list("pk", flat=True))


def _in_scope(scope: tuple[set[int], set[int]], *, room_id: int | None, track_id: int | None) -> bool:
    rooms, tracks = scope
    return (room_id is not None and room_id in rooms) or (track_id is not None and track_id in tracks)


def can_place_session(user: Caller, convention: Convention, *, room: Room | None, track: Track | None) -> bool:
    """May ``user`` create a session in this room and track: organizers anywhere, curators inside their scope."""
    if is_organizer(user, convention):
        return True
    scope = _curator_scope(user, convention)
    return scope is not None and _in_scope(
        scope, room_id=room.pk if room else None, track_id=track.pk if track else None
    )


# A room or track argument not given: the session keeps its own.
UNCHANGED: Any = object()


def can_change_session(user: Caller, session: Session, *, room: Any = UNCHANGED, track: Any = UNCHANGED) -> bool:
    """May ``user`` change (edit, move, cancel) ``session``: owners and organizers always; a curator when the
    session's current room or track is in its scope and, for a move, the target room/track too (a room or track
    not given stays as it is; ``None`` takes the session out of its room or track)."""
    convention = session.convention
    if is_organizer(user, convention):
        return True
    scope = _curator_scope(user, convention)
    if scope is None or not _in_scope(scope, room_id=session.room_id, track_id=session.track_id):
        return False
    target_room = session.room_id if room is UNCHANGED else (room.pk if room is not None else None)
    target_track = session.track_id if track is UNCHANGED else (track.pk if track is not None else None)
    return _in_scope(scope, room_id=target_room, track_id=target_track)


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
    """The convention's team and its gate devices download public keys and the revocation list."""
    device = device_of(user)
    if device is not None:
        return device.kind == "gate" and device.convention_id == convention.pk
    return is_team_member(user, convention)


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
    """Public files (published material) for anyone; others for the convention's team and, when the file is
    an exhibitor's, that exhibitor's staff."""
    if stored.is_public:
        return True
    if device_of(user) is not None:
        return False
    convention = Convention.objects.filter(pk=stored.convention_id).first()
    if convention is not None and is_team_member(user, convention):
        return True
    if stored.exhibitor_id is not None:
        exhibitor = Exhibitor.objects.filter(pk=stored.exhibitor_id).first()
        return exhibitor is not None and is_exhibitor_staff(user, exhibitor)
    return False
