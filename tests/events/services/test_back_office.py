"""Services and reads behind the organizer's back office pages."""

import pytest
from django.core import mail
from django.utils import timezone

from events import errors
from events.enums import QuestionKind, VoucherKind
from events.models import CheckinList, DeviceKind, MessageStatus, OutboundMessage, Scan, ScheduleRelease
from events.selectors import devices as device_selectors
from events.selectors import outbox
from events.selectors.registration_history import registration_history
from events.services import badges, checkin_lists, devices, messages, ticketing
from tests import factories

pytestmark = pytest.mark.django_db


def test_voucher_batch_has_unique_prefixed_codes_for_the_chosen_ticket_types(convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    convention.vouchers.create(code="PRESS-TAKEN")

    batch = ticketing.create_voucher_batch(
        convention=convention, count=25, prefix="press", kind=VoucherKind.FREE, usage_limit=1, ticket_types=[ticket]
    )

    codes = [voucher.code for voucher in batch]
    assert len(set(codes)) == 25
    assert all(code.startswith("PRESS-") and len(code) == 14 for code in codes)
    assert convention.vouchers.filter(ticket_types=ticket).count() == 25
    assert {voucher.usage_limit for voucher in convention.vouchers.filter(code__in=codes)} == {1}


def test_voucher_batch_refuses_another_conventions_ticket_type_and_too_many(convention):
    other = factories.TicketTypeFactory()
    with pytest.raises(errors.ValidationFailed) as refused:
        ticketing.create_voucher_batch(convention=convention, count=2, ticket_types=[other])
    assert refused.value.fields == {"ticket_types": "Ticket types of this convention only."}
    with pytest.raises(errors.ValidationFailed):
        ticketing.create_voucher_batch(convention=convention, count=1001)
    assert convention.vouchers.count() == 0


def test_moving_a_question_swaps_it_with_its_neighbour(convention):
    first, _second, third = (
        ticketing.create_question(convention=convention, identifier=name, label_de=name, label_en=name,
                                  kind=QuestionKind.TEXT, position=5)
        for name in ("sector", "size", "diet")
    )  # fmt: skip

    ticketing.move_question(question=third, up=True)
    assert list(convention.questions.order_by("position").values_list("identifier", flat=True)) == [
        "sector", "diet", "size",
    ]  # fmt: skip
    ticketing.move_question(question=first, up=True)  # already first: stays
    ticketing.move_question(question=first, up=False)
    assert list(convention.questions.order_by("position").values_list("identifier", flat=True)) == [
        "diet", "sector", "size",
    ]  # fmt: skip


def test_a_failed_message_is_sent_again_once_and_keeps_its_key(convention, django_capture_on_commit_callbacks):
    failed = OutboundMessage.objects.create(
        convention=convention, idempotency_key="k:1", kind="registration_confirmed", recipient="a@berlin.de",
        subject="Hallo", body_text="x", status=MessageStatus.FAILED, attempts=8, last_error="550 no such user",
    )  # fmt: skip
    sent = OutboundMessage.objects.create(
        convention=convention, idempotency_key="k:2", kind="x", recipient="b@berlin.de", subject="s", body_text="x",
        status=MessageStatus.SENT,
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        assert messages.retry_failed_message(message=failed) is True
    assert messages.retry_failed_message(message=sent) is False

    failed.refresh_from_db()
    assert (failed.status, failed.idempotency_key, [m.to for m in mail.outbox]) == (
        MessageStatus.SENT, "k:1", [["a@berlin.de"]],
    )  # fmt: skip


def test_gate_device_is_renamed_and_reassigned_within_its_convention(convention):
    hall, stage = (CheckinList.objects.create(convention=convention, name=name) for name in ("Hall", "Stage"))
    device, _ = devices.create_device(convention=convention, name="Gate 1", kind=DeviceKind.GATE, checkin_lists=[hall])

    devices.update_gate_device(device=device, name=" Gate North ", checkin_lists=[stage])

    assert (device.name, list(device.checkin_lists.all())) == ("Gate North", [stage])
    foreign = CheckinList.objects.create(convention=factories.ConventionFactory(), name="Elsewhere")
    with pytest.raises(errors.ValidationFailed):
        devices.update_gate_device(device=device, name="x", checkin_lists=[foreign])
    with pytest.raises(errors.ValidationFailed):
        devices.update_gate_device(device=device, name="x", checkin_lists=[])


def test_checkin_list_names_are_unique_and_days_within_the_convention(convention):
    checkin_lists.create_checkin_list(convention=convention, name="Hall 25", days=["2025-09-30"])

    with pytest.raises(errors.ValidationFailed) as duplicate:
        checkin_lists.create_checkin_list(convention=convention, name="Hall 25")
    with pytest.raises(errors.ValidationFailed) as outside:
        checkin_lists.create_checkin_list(convention=convention, name="Hall 26", days=["2024-01-01"])

    assert duplicate.value.fields == {"name": "A check-in list with this name exists."}
    assert outside.value.fields == {"days": "Days of the convention only."}


def test_history_shows_badges_scans_and_messages_newest_first(convention):
    registration = factories.RegistrationFactory(convention=convention)
    badges.get_or_issue_badge(registration=registration)
    badges.reprint_badge(registration=registration)
    hall = CheckinList.objects.create(convention=convention, name="Hall")
    Scan.objects.create(
        nonce="n1", checkin_list=hall, registration=registration, result="rejected", reason="revoked",
        scanned_at=timezone.now(),
    )  # fmt: skip

    entries = registration_history(registration=registration)

    whats = [entry.what for entry in entries]
    assert whats.count("Badge issued") == 2 and whats.count("Badge revoked") == 1
    assert "Scan (Entry) at Hall" in whats
    assert "Registered" in whats
    assert [entry.at for entry in entries] == sorted((entry.at for entry in entries), reverse=True)
    assert device_selectors.refused_scans(convention=convention).get().reason == "revoked"


def test_outbox_summary_and_release_progress_count_by_state(convention):
    ScheduleRelease.objects.create(convention=convention, version=3, snapshot={})
    for n, (kind, status, key) in enumerate(
        [
            ("calendar_update", MessageStatus.SENT, "calendar:update:1:1:v3:s1"),
            ("calendar_update", MessageStatus.PENDING, "calendar:update:2:1:v3:s1"),
            ("calendar_update", MessageStatus.SENT, "calendar:update:3:1:v2:s1"),
            ("registration_confirmed", MessageStatus.FAILED, "confirmed:4"),
        ]
    ):
        OutboundMessage.objects.create(
            convention=convention, idempotency_key=key, kind=kind, recipient=f"r{n}@berlin.de", subject="s",
            body_text="b", status=status,
        )  # fmt: skip

    summary = {
        row["kind"]: (row["pending"], row["sent"], row["failed"])
        for row in outbox.outbox_summary(convention=convention)
    }
    progress = outbox.release_fan_out_progress(convention=convention)

    assert summary == {"calendar_update": (1, 2, 0), "registration_confirmed": (0, 0, 1)}
    assert (progress["version"], progress["queued"], progress["sent"]) == (3, 2, 1)
    assert [m.recipient for m in outbox.messages_of(convention=convention, status="failed")] == ["r3@berlin.de"]
