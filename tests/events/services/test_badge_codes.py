import base64

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from qrcode.constants import ERROR_CORRECT_M

from events.services import badges
from events.services.badge_codes import CODE_LENGTH, EVERY_DAY, BadgePayload, InvalidBadgeCode, encode_code, verify_code
from events.services.badge_rendering import qr_matrix
from tests.checkin_helpers import badge_code
from tests.factories import ConventionFactory, RegistrationFactory, TicketTypeFactory


def _payload(**overrides) -> BadgePayload:
    values = dict(
        key_id=65535,
        convention_id=2**32 - 1,
        registration_id=2**32 - 1,
        badge_id=2**32 - 1,
        ticket_type_id=2**32 - 1,
        valid_days=EVERY_DAY,
        expires_at=2**32 - 1,
    )
    values.update(overrides)
    return BadgePayload(**values)


def test_code_fits_qr_version_6_at_level_m_even_with_largest_ids():
    code = encode_code(payload=_payload(), private_key=Ed25519PrivateKey.generate())

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    qr.add_data(code, optimize=0)
    qr.make(fit=True)

    assert len(code) == CODE_LENGTH
    assert code == code.upper() and set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert qr.version <= 6
    assert len(qr_matrix(code)) == 41  # version 6: 17 + 4 × 6 modules


def test_code_carries_no_personal_data(db):
    registration = RegistrationFactory(first_name="Erika", last_name="Musterfrau", organization="Bezirksamt")
    raw = base64.b32decode(badge_code(registration) + "=")

    for personal in (b"Erika", b"Musterfrau", b"Bezirksamt", registration.email.encode(), registration.code.encode()):
        assert personal not in raw


def test_verify_rejects_a_single_flipped_bit():
    private_key = Ed25519PrivateKey.generate()
    code = encode_code(payload=_payload(convention_id=7, key_id=1), private_key=private_key)
    keys = {1: private_key.public_key()}
    raw = bytearray(base64.b32decode(code + "="))

    for bit in (0, 8 * 10 + 3, 8 * 30, 8 * 88 + 7):  # version, ids, signature start, signature end
        tampered = bytearray(raw)
        tampered[bit // 8] ^= 1 << (bit % 8)
        tampered_code = base64.b32encode(bytes(tampered)).decode().rstrip("=")
        with pytest.raises(InvalidBadgeCode):
            verify_code(tampered_code, public_keys=keys, convention_id=7)
    assert verify_code(code, public_keys=keys, convention_id=7).registration_id == 2**32 - 1


def test_rotated_key_keeps_older_badges_valid(db):
    convention = ConventionFactory()
    first = RegistrationFactory(convention=convention)
    old_code = badge_code(first)
    new_key = badges.rotate_signing_key(convention=convention)
    new_code = badge_code(RegistrationFactory(convention=convention))

    def public(key_id: int) -> Ed25519PublicKey:
        return badges.public_key_for(convention_id=convention.pk, key_id=key_id)

    keys = {1: public(1), 2: public(2)}
    assert new_key.key_id == 2
    assert verify_code(old_code, public_keys=keys, convention_id=convention.pk).key_id == 1
    assert verify_code(new_code, public_keys=keys, convention_id=convention.pk).key_id == 2


def test_valid_days_bitmap_follows_ticket_days(db):
    convention = ConventionFactory()
    ticket = TicketTypeFactory(convention=convention, valid_days=["2025-10-01"])
    code = badge_code(RegistrationFactory(convention=convention, ticket_type=ticket))
    payload = verify_code(
        code,
        public_keys={1: badges.public_key_for(convention_id=convention.pk, key_id=1)},
        convention_id=convention.pk,
    )

    assert payload.valid_days == 0b010
    assert [payload.is_valid_on(day_index=day) for day in range(3)] == [False, True, False]


def test_verify_rejects_any_changed_character_including_the_last_one():
    private_key = Ed25519PrivateKey.generate()
    code = encode_code(payload=_payload(convention_id=7, key_id=1), private_key=private_key)
    keys = {1: private_key.public_key()}
    accepted = []

    for position in range(len(code)):
        replacement = "B" if code[position] == "A" else "A"
        try:
            verify_code(code[:position] + replacement + code[position + 1 :], public_keys=keys, convention_id=7)
            accepted.append(position)
        except InvalidBadgeCode:
            pass

    assert accepted == []
