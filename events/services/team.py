"""A convention's team: inviting members by e-mail, changing their roles and scopes, removing them.

Who may do this is the caller's check (``events.permissions.can_manage_team``: owners). Inviting finds the
account with the address or creates one without a usable password, adds it to the team in the role at once and
queues an e-mail (de/en) with a sign-in link: a token of Django's password-reset kind bound to the account's last
login, so it works once and for ``PASSWORD_RESET_TIMEOUT`` (members with a password sign in at /login/ as well).
A convention keeps at least one owner: the last owner can be neither removed nor given another role. Each change
writes an audit entry.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from events.enums import AuditAction, TeamRole
from events.errors import ValidationFailed
from events.models import Convention, ConventionMember, Room, Track
from events.services import audit, messages
from events.services.exhibitor_staff import _free_username
from events.services.registration import normalize_email

MAX_TOKEN_LENGTH = 100


class _TeamSignInTokens(PasswordResetTokenGenerator):
    key_salt = "messe.team-sign-in"

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        # The last login to the microsecond: a link used once never works again, not even within the same second.
        last_login = user.last_login.isoformat() if user.last_login else ""
        return f"{user.pk}{user.password}{last_login}{timestamp}{getattr(user, 'email', '')}"


sign_in_tokens = _TeamSignInTokens()


def sign_in_link(*, convention: Convention, user: User, language: str = "de") -> str:
    """The link of an invitation e-mail: it opens the sign-in page in the invitation's language."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(
        "web:organizer-sign-in-link",
        kwargs={"slug": convention.slug, "uid": uid, "token": sign_in_tokens.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}?lang={language if language in ('de', 'en') else 'de'}"


def user_for_sign_in_link(*, uid: str, token: str) -> User | None:
    """The account a sign-in link opens, or ``None`` when the link is wrong, used or expired."""
    if len(uid) > MAX_TOKEN_LENGTH or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or not sign_in_tokens.check_token(user, token):
        return None
    return user


def _scope(
    *, convention: Convention, role: str, rooms: Iterable[Room], tracks: Iterable[Track]
) -> tuple[list[Room], list[Track]]:
    """The curator's rooms and tracks (all of this convention, at least one); other roles have none."""
    if role != TeamRole.CURATOR:
        return [], []
    rooms, tracks = list(rooms), list(tracks)
    if any(room.convention_id != convention.pk for room in rooms) or any(
        track.convention_id != convention.pk for track in tracks
    ):
        raise ValidationFailed(translation.gettext("Choose rooms and tracks of this convention."))
    if not rooms and not tracks:
        raise ValidationFailed(
            translation.gettext("A programme curator needs at least one room or track to curate."),
            fields={"rooms": "required"},
        )
    return rooms, tracks


def invite_member(
    *,
    convention: Convention,
    email: str,
    role: str,
    invited_by: User | None,
    rooms: Iterable[Room] = (),
    tracks: Iterable[Track] = (),
    language: str = "de",
) -> ConventionMember:
    """Add the person with this address to the team in ``role`` and queue the invitation e-mail (same
    transaction). An address already on the team is refused."""
    email = normalize_email(email)
    if role not in TeamRole.values:
        raise ValidationFailed(translation.gettext("Choose a role."), fields={"role": "invalid"})
    room_list, track_list = _scope(convention=convention, role=role, rooms=rooms, tracks=tracks)
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            user = User(username=_free_username(email), email=email)
            user.set_unusable_password()
            user.save()
        elif ConventionMember.objects.filter(convention=convention, user=user).exists():
            raise ValidationFailed(
                translation.gettext("This person is on the team already."), fields={"email": "already_member"}
            )
        member = ConventionMember.objects.create(
            convention=convention,
            user=user,
            role=role,
            invited_by=invited_by if getattr(invited_by, "pk", None) else None,
        )
        member.rooms.set(room_list)
        member.tracks.set(track_list)
        subject, body_text, body_html = messages.render_message(
            template="team_invitation",
            context={
                "convention": convention,
                "role": role,
                "rooms": [room.name for room in room_list],
                "tracks": [track.name_de if language == "de" else track.name_en for track in track_list],
                "invited_by": _name(invited_by),
                "link": sign_in_link(convention=convention, user=user, language=language),
                "has_password": user.has_usable_password(),
            },
            language=language,
        )
        messages.queue_message(
            idempotency_key=f"team_invitation:{member.pk}",
            kind="team_invitation",
            recipient=email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            language=language,
            convention=convention,
        )
        audit.record_access(
            actor=invited_by,
            action=AuditAction.TEAM_MEMBER_INVITED,
            convention=convention,
            object_type="convention_member",
            object_id=str(member.pk),
            details={"email": email, "role": role, **_scope_details(room_list, track_list)},
        )
    return member


def change_member(
    *,
    member: ConventionMember,
    role: str,
    changed_by: User | None,
    rooms: Iterable[Room] = (),
    tracks: Iterable[Track] = (),
) -> ConventionMember:
    """Give a member another role (and a curator its rooms and tracks). The last owner stays owner."""
    if role not in TeamRole.values:
        raise ValidationFailed(translation.gettext("Choose a role."), fields={"role": "invalid"})
    convention = member.convention
    room_list, track_list = _scope(convention=convention, role=role, rooms=rooms, tracks=tracks)
    with transaction.atomic():
        team = list(ConventionMember.objects.select_for_update().filter(convention=convention).order_by("pk"))
        current = next((row for row in team if row.pk == member.pk), None)
        if current is None:
            raise ValidationFailed(translation.gettext("This person is no longer on the team."))
        if current.role == TeamRole.OWNER and role != TeamRole.OWNER and _owners(team) == 1:
            raise ValidationFailed(
                translation.gettext("A convention needs an owner: make someone else owner first."),
                fields={"role": "last_owner"},
            )
        previous = current.role
        current.role = role
        current.save(update_fields=["role"])
        current.rooms.set(room_list)
        current.tracks.set(track_list)
        audit.record_access(
            actor=changed_by,
            action=AuditAction.TEAM_ROLE_CHANGED,
            convention=convention,
            object_type="convention_member",
            object_id=str(current.pk),
            details={
                "email": current.user.email,
                "from": previous,
                "to": role,
                **_scope_details(room_list, track_list),
            },
        )
    return current


def remove_member(*, member: ConventionMember, removed_by: User | None) -> None:
    """Take someone off the team. The last owner cannot be removed."""
    convention = member.convention
    with transaction.atomic():
        team = list(ConventionMember.objects.select_for_update().filter(convention=convention).order_by("pk"))
        current = next((row for row in team if row.pk == member.pk), None)
        if current is None:
            return  # removed already: nothing to do
        if current.role == TeamRole.OWNER and _owners(team) == 1:
            raise ValidationFailed(
                translation.gettext("A convention needs an owner: the last owner cannot be removed."),
                fields={"member": "last_owner"},
            )
        audit.record_access(
            actor=removed_by,
            action=AuditAction.TEAM_MEMBER_REMOVED,
            convention=convention,
            object_type="convention_member",
            object_id=str(current.pk),
            details={"email": current.user.email, "role": current.role},
        )
        current.delete()


def _owners(team: list[ConventionMember]) -> int:
    return sum(1 for row in team if row.role == TeamRole.OWNER)


def _scope_details(rooms: list[Room], tracks: list[Track]) -> dict[str, list[int]]:
    return {"rooms": [room.pk for room in rooms], "tracks": [track.pk for track in tracks]}


def _name(user: User | None) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    return user.get_full_name() or user.email or user.get_username()
