"""Signing keys, badge issuance and revocation.

Badges are issued lazily (the first request for a badge issues it) and idempotently: a registration has at
most one badge that is not revoked, enforced by a partial unique constraint. Reprinting or cancelling revokes.
"""

import base64
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from events.errors import BadgeNotAvailable
from events.models import Badge, Convention, Registration, RegistrationStatus, SigningKey
from events.services.badge_codes import BadgePayload, encode_code, valid_days_bitmap, verify_code_with

logger = logging.getLogger(__name__)

# Signing keys never change once created, so their parsed forms are cached for the life of the process.
# (Ids are never reused on PostgreSQL; tests that roll back and reuse ids call ``forget_cached_keys``.)
_public_keys: dict[tuple[int, int], Ed25519PublicKey] = {}
_private_keys: dict[int, Ed25519PrivateKey] = {}


def forget_cached_keys() -> None:
    _public_keys.clear()
    _private_keys.clear()


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"messe-badge-signing-keys:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def verify_badge_code(*, code: str, convention_id: int) -> BadgePayload:
    """The payload of ``code`` if one of the convention's keys signed it; ``InvalidBadgeCode`` otherwise."""
    return verify_code_with(
        code,
        key_for=lambda key_id: public_key_for(convention_id=convention_id, key_id=key_id),
        convention_id=convention_id,
    )


def _readable(signing_key: SigningKey) -> bool:
    try:
        _private_key(signing_key)
    except InvalidToken:
        return False
    return True


def _private_key(signing_key: SigningKey) -> Ed25519PrivateKey:
    key = _private_keys.get(signing_key.pk)
    if key is None:
        raw = _fernet().decrypt(bytes(signing_key.private_key_encrypted))
        key = _private_keys[signing_key.pk] = Ed25519PrivateKey.from_private_bytes(raw)
    return key


def public_key_for(*, convention_id: int, key_id: int) -> Ed25519PublicKey | None:
    """The public key with ``key_id`` of a convention, or ``None``; cached once found."""
    cache_key = (convention_id, key_id)
    key = _public_keys.get(cache_key)
    if key is None:
        raw = (
            SigningKey.objects.filter(convention_id=convention_id, key_id=key_id)
            .values_list("public_key", flat=True)
            .first()
        )
        if raw is None:
            return None
        key = _public_keys[cache_key] = Ed25519PublicKey.from_public_bytes(bytes(raw))
    return key


def create_signing_key(*, convention: Convention) -> SigningKey:
    """Retire the convention's active key (if any) and create the next one.

    Retired keys keep verifying the badges they signed; new badges are signed with the new key. Locks the
    convention row so two rotations cannot pick the same key id.
    """
    private_key = Ed25519PrivateKey.generate()
    raw_private = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    with transaction.atomic():
        Convention.objects.select_for_update().filter(pk=convention.pk).first()
        SigningKey.objects.filter(convention=convention, retired_at=None).update(retired_at=timezone.now())
        last = SigningKey.objects.filter(convention=convention).aggregate(last=Max("key_id"))["last"] or 0
        return SigningKey.objects.create(
            convention=convention,
            key_id=last + 1,
            public_key=raw_public,
            private_key_encrypted=_fernet().encrypt(raw_private),
        )


def rotate_signing_key(*, convention: Convention) -> SigningKey:
    """Start signing new badges with a fresh key; badges signed earlier stay valid."""
    return create_signing_key(convention=convention)


def active_signing_key(*, convention: Convention) -> SigningKey:
    """The key new badges of ``convention`` are signed with; created on first use.

    A key whose private half cannot be read any more (``SECRET_KEY`` was changed since it was made) is retired
    for a fresh one: the badges it signed stay valid, since scanners verify with the stored public key.
    """
    key = SigningKey.objects.filter(convention=convention, retired_at=None).first()
    if key is not None and not _readable(key):
        logger.warning(
            "Badge signing key %s of %s was encrypted with a previous SECRET_KEY; signing with a new key",
            key.key_id,
            convention.slug,
        )
        return rotate_signing_key(convention=convention)
    if key is None:
        try:
            key = create_signing_key(convention=convention)
        except IntegrityError:  # another request created the first key at the same moment
            key = SigningKey.objects.get(convention=convention, retired_at=None)
    return key


def _expires_at(convention: Convention) -> int:
    tz = ZoneInfo(convention.time_zone)
    end = dt.datetime.combine(convention.end_date + dt.timedelta(days=1), dt.time(6, 0), tzinfo=tz)
    return int(end.timestamp())


def _sign(*, badge: Badge, registration: Registration, signing_key: SigningKey) -> str:
    convention = registration.convention
    payload = BadgePayload(
        key_id=signing_key.key_id,
        convention_id=convention.pk,
        registration_id=registration.pk,
        badge_id=badge.pk,
        ticket_type_id=registration.ticket_type_id,
        valid_days=valid_days_bitmap(
            start_date=convention.start_date,
            end_date=convention.end_date,
            valid_days=registration.ticket_type.valid_days,
        ),
        expires_at=_expires_at(convention),
    )
    return encode_code(payload=payload, private_key=_private_key(signing_key))


# A badge can be printed before payment arrives; the gate refuses it as ``unpaid`` until then.
_BADGE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_PAYMENT)


def _check_badge_allowed(registration: Registration) -> None:
    # An erased registration keeps its status for the counts, but nobody may carry its badge again.
    if registration.status not in _BADGE_STATUSES or registration.erased_at is not None:
        raise BadgeNotAvailable()


def get_or_issue_badge(*, registration: Registration) -> Badge:
    """The registration's valid badge, issuing (and signing) one on first use.

    Safe under concurrency: the partial unique constraint lets one request create the badge; a request that
    loses the race reads the winner's badge. Cancelled or expired registrations raise ``BadgeNotAvailable``.
    """
    badge = Badge.objects.filter(registration=registration, revoked_at=None).first()
    if badge is not None:
        return badge
    _check_badge_allowed(registration)
    signing_key = active_signing_key(convention=registration.convention)
    try:
        with transaction.atomic():
            badge = Badge.objects.create(registration=registration, signing_key=signing_key)
            badge.code = _sign(badge=badge, registration=registration, signing_key=signing_key)
            badge.save(update_fields=["code"])
    except IntegrityError:
        badge = Badge.objects.get(registration=registration, revoked_at=None)
    return badge


def issue_missing_badges(*, registrations: Iterable[Registration], convention: Convention) -> dict[int, Badge]:
    """Valid badges for many registrations (id → badge), issuing the missing ones in bulk.

    Used by bulk printing: two queries for any number of new badges instead of two per badge.
    """
    registrations = [r for r in registrations if r.status in _BADGE_STATUSES]
    by_registration = {
        badge.registration_id: badge
        for badge in Badge.objects.filter(registration__in=[r.pk for r in registrations], revoked_at=None)
    }
    missing = [r for r in registrations if r.pk not in by_registration]
    if missing:
        signing_key = active_signing_key(convention=convention)
        with transaction.atomic():
            created = Badge.objects.bulk_create([Badge(registration=r, signing_key=signing_key) for r in missing])
            for badge, registration in zip(created, missing, strict=True):
                badge.code = _sign(badge=badge, registration=registration, signing_key=signing_key)
                by_registration[registration.pk] = badge
            Badge.objects.bulk_update(created, ["code"], batch_size=500)
    return by_registration


def revoke_badges(*, registration: Registration, reason: str = "cancelled") -> int:
    """Revoke every valid badge of a registration (cancellation); returns how many were revoked.

    Revoked badge ids appear on the convention's revocation list, so offline scanners refuse them too.
    """
    return Badge.objects.filter(registration=registration, revoked_at=None).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )


def reprint_badge(*, registration: Registration) -> Badge:
    """Revoke the registration's current badge and issue a new one with a new code."""
    _check_badge_allowed(registration)
    with transaction.atomic():
        Registration.objects.select_for_update().filter(pk=registration.pk).first()
        revoke_badges(registration=registration, reason="reprinted")
        return get_or_issue_badge(registration=registration)
