"""A convention's team: inviting members by e-mail (and sending a pending invitation again), changing their
roles and scopes, removing them.

Who may do this is the caller's check (``events.permissions.can_manage_team``: owners). Inviting finds the
account with the address or creates one without a usable password, adds it to the team in the role at once and
queues an e-mail (de/en) with a sign-in link: a token of Django's password-reset kind bound to the account's last
login, so it works once and for ``PASSWORD_RESET_TIMEOUT`` (members with a password sign in at /login/ as well;
``events.services.invitations`` holds what this shares with the exhibitor staff's invitations). The invitation is
pending until the member signs in (``ConventionMember.invitation_pending``); until then it can be sent again.
A convention keeps at least one owner: the last owner can be neither removed nor given another role. Each change
writes an audit entry.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from events.enums import AuditAction, TeamRole
from events.errors import InvitationNotPending, ValidationFailed
from events.models import Convention, ConventionMember, OutboundMessage, Room, Track
from events.services import audit, invitations, messages
from events.services.registration import normalize_email
from events.tokens import hash_token

sign_in_tokens = invitations.SignInTokens(key_salt="messe.team-sign-in")


def sign_in_link(*, convention: Convention, user: User, language: str = "de") -> str:
    """The link of an invitation e-mail: it opens the sign-in page in the invitation's language."""
    path = reverse("web:organizer-sign-in-link", kwargs={"slug": convention.slug, **sign_in_tokens.link_kwargs(user)})
    return f"{settings.SITE_URL}{path}?lang={language if language in ('de', 'en') else 'de'}"


def user_for_sign_in_link(*, uid: str, token: str) -> User | None:
    """The account a team sign-in link opens, or ``None`` when the link is wrong, used or expired."""
    return sign_in_tokens.user_for_link(uid=uid, token=token)


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
    with transaction.atomic():
        user = invitations.account_for_address(email=email)
        if ConventionMember.objects.filter(convention=convention, user=user).exists():
            raise ValidationFailed(
                translation.gettext("This person is on the team already."), fields={"email": "already_member"}
            )
        member = ConventionMember.objects.create(
            convention=convention,
            user=user,
            role=role,
            invited_by=invited_by if getattr(invited_by, "pk", None) else None,
            invited_at=timezone.now(),
        )
        member.rooms.set(room_list)
        member.tracks.set(track_list)
        _queue_invitation(member=member, language=language, idempotency_key=f"team_invitation:{member.pk}")
        audit.record_access(
            actor=invited_by,
            action=AuditAction.TEAM_MEMBER_INVITED,
            convention=convention,
            object_type="convention_member",
            object_id=str(member.pk),
            details={"email": email, "role": role, **_scope_details(room_list, track_list)},
        )
    return member


def resend_invitation(*, member: ConventionMember, resent_by: User | None, language: str = "de") -> ConventionMember:
    """Send a pending invitation's e-mail again, with a new sign-in link, in the language of the first one
    (``language`` when that e-mail is no longer in the outbox), through the outbox like the first; writes an audit
    entry. ``InvitationNotPending`` when the member has signed in since (``ConventionMember.invitation_pending``)
    or is no longer on the team.

    The earlier link keeps working until it expires or either link is used: it goes to the same address and signs
    in the same account, and signing in with one (which changes the last login) ends both. Two resends within the
    same second make the same link and send one e-mail."""
    with transaction.atomic():
        # Lock the membership so a removal in the meantime is seen: a removed member gets no e-mail.
        current = (
            ConventionMember.objects.select_for_update(of=("self",))
            .select_related("user", "convention", "invited_by")
            .filter(pk=member.pk)
            .first()
        )
        if current is None:
            raise InvitationNotPending(translation.gettext("This person is no longer on the team."))
        if not current.invitation_pending:
            raise InvitationNotPending()
        first = OutboundMessage.objects.filter(idempotency_key=f"team_invitation:{current.pk}").first()
        language = first.language if first is not None else language
        link = sign_in_link(convention=current.convention, user=current.user, language=language)
        _queue_invitation(
            member=current,
            language=language,
            link=link,
            idempotency_key=f"team_invitation:{current.pk}:{hash_token(link)[:16]}",
        )
        audit.record_access(
            actor=resent_by,
            action=AuditAction.TEAM_INVITATION_RESENT,
            convention=current.convention,
            object_type="convention_member",
            object_id=str(current.pk),
            details={"email": current.user.email, "role": current.role},
        )
    return current


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


def _queue_invitation(*, member: ConventionMember, language: str, idempotency_key: str, link: str = "") -> None:
    """Write the invitation e-mail to the outbox (in the caller's transaction), from the member as they stand."""
    rooms, tracks = list(member.rooms.all()), list(member.tracks.all())
    subject, body_text, body_html = messages.render_message(
        template="team_invitation",
        context={
            "convention": member.convention,
            "role": member.role,
            "rooms": [room.name for room in rooms],
            "tracks": [track.name_de if language == "de" else track.name_en for track in tracks],
            "invited_by": _name(member.invited_by),
            "link": link or sign_in_link(convention=member.convention, user=member.user, language=language),
            "has_password": member.user.has_usable_password(),
        },
        language=language,
    )
    messages.queue_message(
        idempotency_key=idempotency_key,
        kind="team_invitation",
        recipient=member.user.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        convention=member.convention,
    )


def _owners(team: list[ConventionMember]) -> int:
    return sum(1 for row in team if row.role == TeamRole.OWNER)


def _scope_details(rooms: list[Room], tracks: list[Track]) -> dict[str, list[int]]:
    return {"rooms": [room.pk for room in rooms], "tracks": [track.pk for track in tracks]}


def _name(user: User | None) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    return user.get_full_name() or user.email or user.get_username()
