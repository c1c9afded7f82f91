"""The badge code: a compact, signed, offline-verifiable payload without personal data.

Layout (big-endian, 25 bytes) followed by the 64-byte Ed25519 signature over those bytes, base32 encoded
without padding (A–Z, 2–7: QR alphanumeric mode), 143 characters, which fits a QR code of version 6 at error
correction level M (capacity 154 alphanumeric characters):

    version u8 · key id u16 · convention id u32 · registration id u32 · badge id u32 · ticket type id u32 ·
    valid-days bitmap u16 (bit i = i-th convention day; 0xFFFF every day) · expires at u32 (Unix seconds)

A scanner verifies with the convention's published public keys and refuses badge ids on the revocation list.
"""

import base64
import binascii
import datetime as dt
import struct
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT_VERSION = 1
EVERY_DAY = 0xFFFF
_HEADER = struct.Struct(">BHIIIIHI")
_SIGNATURE_LENGTH = 64
CODE_LENGTH = 143  # ceil((25 + 64) * 8 / 5)


class InvalidBadgeCode(Exception):
    """The code is malformed, uses an unknown key or its signature does not match."""


@dataclass(frozen=True)
class BadgePayload:
    key_id: int
    convention_id: int
    registration_id: int
    badge_id: int
    ticket_type_id: int
    valid_days: int
    expires_at: int

    def is_valid_on(self, *, day_index: int) -> bool:
        if self.valid_days == EVERY_DAY:
            return True
        return 0 <= day_index < 16 and bool(self.valid_days >> day_index & 1)


def encode_code(*, payload: BadgePayload, private_key: Ed25519PrivateKey) -> str:
    header = _HEADER.pack(
        FORMAT_VERSION,
        payload.key_id,
        payload.convention_id,
        payload.registration_id,
        payload.badge_id,
        payload.ticket_type_id,
        payload.valid_days,
        payload.expires_at,
    )
    signature = private_key.sign(header)
    return base64.b32encode(header + signature).decode().rstrip("=")


def read_unverified(code: str) -> tuple[BadgePayload, bytes, bytes]:
    """Split a code into payload, signed bytes and signature without checking the signature."""
    if not isinstance(code, str) or len(code) != CODE_LENGTH:
        raise InvalidBadgeCode("wrong length")
    try:
        raw = base64.b32decode(code.upper() + "=" * (-len(code) % 8))
    except (binascii.Error, ValueError) as exc:
        raise InvalidBadgeCode("not base32") from exc
    if base64.b32encode(raw).decode().rstrip("=") != code.upper():
        # The last character carries 3 unused bits; only the canonical spelling is a valid code.
        raise InvalidBadgeCode("non-canonical encoding")
    header, signature = raw[: _HEADER.size], raw[_HEADER.size :]
    if len(signature) != _SIGNATURE_LENGTH:
        raise InvalidBadgeCode("wrong length")
    version, *fields = _HEADER.unpack(header)
    if version != FORMAT_VERSION:
        raise InvalidBadgeCode("unknown format version")
    return BadgePayload(*fields), header, signature


def verify_code(code: str, *, public_keys: dict[int, Ed25519PublicKey], convention_id: int) -> BadgePayload:
    """Return the payload of a code signed by one of ``public_keys`` (key id → key) for ``convention_id``."""
    return verify_code_with(code, key_for=public_keys.get, convention_id=convention_id)


def verify_code_with(
    code: str, *, key_for: Callable[[int], Ed25519PublicKey | None], convention_id: int
) -> BadgePayload:
    """``verify_code`` with the public key looked up by ``key_for(key id)`` once the code's key id is read."""
    payload, header, signature = read_unverified(code)
    public_key = key_for(payload.key_id)
    if public_key is None or payload.convention_id != convention_id:
        raise InvalidBadgeCode("not signed by this convention")
    try:
        public_key.verify(signature, header)
    except InvalidSignature as exc:
        raise InvalidBadgeCode("bad signature") from exc
    return payload


def valid_days_bitmap(*, start_date: dt.date, end_date: dt.date, valid_days: list[str]) -> int:
    """The bitmap of convention days a ticket admits; an empty list admits every day."""
    if not valid_days:
        return EVERY_DAY
    bitmap = 0
    for value in valid_days:
        try:
            day = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            continue
        index = (day - start_date).days
        if 0 <= index < 16 and day <= end_date:
            bitmap |= 1 << index
    return bitmap
