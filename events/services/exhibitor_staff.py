"""An exhibitor's staff: invitations by e-mail, accepting them, magic sign-in links, and removing staff.

The organizers invite an exhibitor's first managers (for a co-exhibitor of a joint stand also the main
exhibitor's managers); managers invite further staff. An invitation link works once and holds a token of which
only the hash is stored. Accepting it finds the account with the invited address, or creates one without a
usable password, adds it to the staff and hands it an exhibitor pass while the exhibitor's quota lasts
(``events.services.exhibitor_passes``).

Staff sign in later with a password if they set one, or by a sign-in link sent to their address: a token of
Django's password-reset kind, bound to the account's last login, so it works once and for a limited time
(``events.services.invitations``, shared with the team's invitations).
"""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from events import permissions
from events.errors import InvitationInvalid, LeadsAreExhibitorsOnly, ValidationFailed
from events.models import Exhibitor, ExhibitorInvitation, ExhibitorStaffMember
from events.services import invitations, messages
from events.services.registration import normalize_email
from events.tokens import hash_token

INVITATION_VALIDITY = dt.timedelta(days=14)
MAX_TOKEN_LENGTH = 100


sign_in_tokens = invitations.SignInTokens(key_salt="messe.exhibitor-sign-in")


def invite_staff(
    *,
    exhibitor: Exhibitor,
    email: str,
    is_manager: bool,
    invited_by: User | None,
    first_name: str = "",
    last_name: str = "",
    language: str = "de",
    now: dt.datetime | None = None,
) -> ExhibitorInvitation:
    """Invite someone to the exhibitor's staff and queue the invitation e-mail in the same transaction.

    Who may invite is the caller's check (``events.permissions``). Inviting an address that is on the staff
    already is refused; inviting it again while an earlier invitation is open replaces that invitation.
    """
    now = now or timezone.now()
    email = normalize_email(email)
    if ExhibitorStaffMember.objects.filter(exhibitor=exhibitor, user__email__iexact=email).exists():
        raise ValidationFailed(
            translation.gettext("This person is on the staff already."), fields={"email": "already_staff"}
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        ExhibitorInvitation.objects.filter(exhibitor=exhibitor, email=email, accepted_at=None, revoked_at=None).update(
            revoked_at=now
        )
        invitation = ExhibitorInvitation.objects.create(
            exhibitor=exhibitor,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_manager=is_manager,
            language=language,
            token_hash=hash_token(token),
            invited_by=invited_by if getattr(invited_by, "pk", None) else None,
            expires_at=now + INVITATION_VALIDITY,
        )
        link = settings.SITE_URL + reverse("exhibitor:accept-invitation", kwargs={"token": token})
        subject, body_text, body_html = messages.render_message(
            template="exhibitor_invitation",
            context={
                "invitation": invitation,
                "exhibitor": exhibitor,
                "convention": exhibitor.convention,
                "link": link,
            },
            language=language,
        )
        messages.queue_message(
            idempotency_key=f"exhibitor_invitation:{invitation.pk}",
            kind="exhibitor_invitation",
            recipient=email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            language=language,
            convention=exhibitor.convention,
        )
    return invitation


def open_invitation(*, token: str, now: dt.datetime | None = None) -> ExhibitorInvitation:
    """The invitation behind a link, if it can still be accepted; otherwise ``InvitationInvalid``."""
    now = now or timezone.now()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvitationInvalid()
    invitation = (
        ExhibitorInvitation.objects.select_related("exhibitor__convention")
        .filter(token_hash=hash_token(token), accepted_at=None, revoked_at=None, expires_at__gt=now)
        .first()
    )
    if invitation is None:
        raise InvitationInvalid()
    return invitation


def accept_invitation(
    *,
    token: str,
    first_name: str,
    last_name: str,
    password: str = "",
    now: dt.datetime | None = None,
) -> ExhibitorStaffMember:
    """Accept an invitation: the account with the invited address joins the staff (manager or not) and gets
    an exhibitor pass if the quota allows. A link works once: the invitation row is claimed with a conditional
    UPDATE, so of two clicks racing exactly one joins. An empty ``password`` keeps sign-in by link only."""
    from events.services import exhibitor_passes

    now = now or timezone.now()
    invitation = open_invitation(token=token, now=now)
    with transaction.atomic():
        claimed = ExhibitorInvitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
            accepted_at=now
        )
        if claimed != 1:
            raise InvitationInvalid()
        user = invitations.account_for_address(email=invitation.email)
        if not permissions.may_hold_staff_seat(user, invitation.exhibitor.convention):
            raise LeadsAreExhibitorsOnly(
                translation.gettext("Organizers of the convention cannot join an exhibitor's staff: staff read leads.")
            )
        user.first_name = first_name.strip()[:150] or user.first_name
        user.last_name = last_name.strip()[:150] or user.last_name
        if password:
            user.set_password(password)
        user.save()
        member, created = ExhibitorStaffMember.objects.get_or_create(
            exhibitor=invitation.exhibitor, user=user, defaults={"is_manager": invitation.is_manager}
        )
        if not created and invitation.is_manager and not member.is_manager:
            member.is_manager = True
            member.save(update_fields=["is_manager"])
        ExhibitorInvitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
        if member.registration_id is None:
            exhibitor_passes.issue_pass_if_available(member=member, language=invitation.language)
    member.refresh_from_db()
    return member


def send_sign_in_link(*, email: str, language: str = "de") -> bool:
    """E-mail a sign-in link to an exhibitor staff account with this address; ``False`` (and no e-mail) if there
    is none. Callers show the same answer either way, so nobody learns which addresses have accounts."""
    email = normalize_email(email)
    user = (
        get_user_model()
        .objects.filter(email__iexact=email, is_active=True, exhibitor_roles__isnull=False)
        .order_by("pk")
        .first()
    )
    if user is None:
        return False
    kwargs = sign_in_tokens.link_kwargs(user)
    link = settings.SITE_URL + reverse("exhibitor:sign-in-link", kwargs=kwargs)
    subject, body_text, body_html = messages.render_message(
        template="exhibitor_sign_in", context={"user": user, "link": link}, language=language
    )
    with transaction.atomic():
        messages.queue_message(
            # One link per account and token: asking twice within the same second sends one e-mail.
            idempotency_key=f"exhibitor_sign_in:{user.pk}:{hash_token(kwargs['token'])[:16]}",
            kind="exhibitor_sign_in",
            recipient=user.email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            language=language,
        )
    return True


def user_for_sign_in_link(*, uid: str, token: str) -> User | None:
    """The account an exhibitor sign-in link opens, or ``None`` when the link is wrong, used or expired."""
    return sign_in_tokens.user_for_link(uid=uid, token=token)


def remove_staff_member(*, member: ExhibitorStaffMember) -> None:
    """Take someone off the staff; their exhibitor pass is revoked (the badge stops working at the gates)."""
    from events.services import exhibitor_passes

    with transaction.atomic():
        if member.registration_id is not None:
            exhibitor_passes.revoke_pass(member=member)
        member.delete()
