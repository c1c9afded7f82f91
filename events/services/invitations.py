"""What the team's and the exhibitor staff's e-mail invitations share: the account an invited address gets, and
the sign-in links by e-mail.

Each flow keeps its own rules in its own module: the team (``events.services.team``) puts the account on the
team in a role at once and mails a sign-in link; the exhibitor staff (``events.services.exhibitor_staff``) mails
an invitation of its own, and accepting it takes a staff seat and an exhibitor pass.

A sign-in link holds the account's id and a token of Django's password-reset kind, bound to the account's password
and last login to the microsecond: it works once (signing in changes the last login, so every link of the account
dies with it) and for ``PASSWORD_RESET_TIMEOUT``. Each area's links have their own salt, so a link of one area
does not sign in through another's page.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

MAX_TOKEN_LENGTH = 100


class SignInTokens(PasswordResetTokenGenerator):
    """The tokens of one area's sign-in links (``key_salt`` names the area)."""

    def __init__(self, *, key_salt: str) -> None:
        super().__init__()
        self.key_salt = key_salt

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        # The last login to the microsecond (Django's own tokens drop it): a link used once never works again,
        # not even within the same second.
        last_login = user.last_login.isoformat() if user.last_login else ""
        return f"{user.pk}{user.password}{last_login}{timestamp}{getattr(user, 'email', '')}"

    def link_kwargs(self, user: User) -> dict[str, str]:
        """The ``uid`` and ``token`` of a new sign-in link for ``user`` (the URL's keyword arguments)."""
        return {"uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": self.make_token(user)}

    def user_for_link(self, *, uid: str, token: str) -> User | None:
        """The active account a sign-in link opens, or ``None`` when the link is wrong, used or expired."""
        if len(uid) > MAX_TOKEN_LENGTH or len(token) > MAX_TOKEN_LENGTH:
            return None
        try:
            pk = int(force_str(urlsafe_base64_decode(uid)))
        except (TypeError, ValueError, OverflowError):
            return None
        user = get_user_model().objects.filter(pk=pk, is_active=True).first()
        if user is None or not self.check_token(user, token):
            return None
        return user


def account_for_address(*, email: str) -> User:
    """The account with this (normalized) address — the oldest if there are several — or a new one, saved, with
    no usable password (its owner signs in by link until they set one). The caller's transaction holds it."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=_free_username(email), email=email)
        user.set_unusable_password()
        user.save()
    return user


def _free_username(email: str) -> str:
    User = get_user_model()
    base = email[:140]
    candidate = base
    while User.objects.filter(username=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate
