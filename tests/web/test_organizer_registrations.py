"""The registration desk through the Django test client: search and filters, keyset pages, the history, and the
desk's actions (fix the name, cancel with refund, reprint the badge, send the link again, erase) with their
field errors and refusals."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from events.enums import AuditAction, RefundStatus
from events.models import AuditEntry, Badge, OutboundMessage, Presence, Registration, RegistrationStatus, ScanResult
from events.services import badges, scanning
from tests import factories
from tests.checkin_helpers import DAY_ONE, entrance
from tests.stripe_fake import install_fake_stripe

BASE = "/organize/sccon/registrations/"


@pytest.fixture
def desk(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def day_pass(convention):
    return factories.TicketTypeFactory(convention=convention, name_en="Day pass", name_de="Tagesticket")


def names_listed(response) -> list[str]:
    html = unescape(response.content.decode())
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)


def field_error(response, field: str) -> str:
    match = re.search(rf'id="id_{field}-error">(.*?)</p>', response.content.decode(), re.S)
    return unescape(match.group(1)).strip() if match else ""


def test_search_by_part_of_the_name_finds_the_registration(desk, convention, day_pass):
    factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="Erika", last_name="Schröder")
    factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="Max", last_name="Weber")

    response = desk.get(BASE, {"q": "schrö"})

    assert response.status_code == 200
    assert names_listed(response) == ["Erika Schröder"]
    assert "1 registration" in unescape(response.content.decode())


def test_search_by_organization_email_and_code(desk, convention, day_pass):
    a = factories.RegistrationFactory(
        convention=convention, ticket_type=day_pass, first_name="Ali", last_name="Yilmaz", organization="Stadt Köln"
    )
    factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="Lea", last_name="Koch",
                                  email="lea@hamburg.de")  # fmt: skip

    assert names_listed(desk.get(BASE, {"q": "köln"})) == ["Ali Yilmaz"]
    assert names_listed(desk.get(BASE, {"q": "hamburg.de"})) == ["Lea Koch"]
    assert names_listed(desk.get(BASE, {"q": a.code.lower()})) == ["Ali Yilmaz"]


def test_filters_by_ticket_type_status_check_in_and_day(desk, convention, day_pass):
    second_day = factories.TicketTypeFactory(convention=convention, name_en="Day 2", valid_days=["2025-10-01"])
    inside = factories.RegistrationFactory(
        convention=convention, ticket_type=day_pass, first_name="In", last_name="Side"
    )
    factories.RegistrationFactory(convention=convention, ticket_type=second_day, first_name="Two", last_name="Day")
    factories.RegistrationFactory(
        convention=convention, ticket_type=day_pass, first_name="Gone", last_name="Away", status="cancelled"
    )
    hall = entrance(convention)
    Presence.objects.create(checkin_list=hall, registration=inside, day=dt.date(2025, 9, 30),
                            first_entry_at=timezone.now(), last_entry_at=timezone.now())  # fmt: skip

    assert names_listed(desk.get(BASE, {"ticket_type": second_day.pk})) == ["Two Day"]
    assert names_listed(desk.get(BASE, {"status": "cancelled"})) == ["Gone Away"]
    assert names_listed(desk.get(BASE, {"checked_in": "yes"})) == ["In Side"]
    assert names_listed(desk.get(BASE, {"day": "2025-09-30"})) == ["Gone Away", "In Side"]


def test_pages_continue_from_a_position_and_come_back(desk, convention, day_pass):
    for n in range(55):
        factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="P", last_name=f"{n:02d}")

    first = desk.get(BASE)
    html = unescape(first.content.decode())
    older = re.search(r'href="\?([^"]+)" rel="next"', html).group(1)
    second = desk.get(f"{BASE}?{older}")
    newer = re.search(r'href="\?([^"]+)" rel="prev"', unescape(second.content.decode())).group(1)

    assert len(names_listed(first)) == 50
    assert names_listed(second) == ["P 04", "P 03", "P 02", "P 01", "P 00"]
    assert names_listed(desk.get(f"{BASE}?{newer}")) == names_listed(first)
    assert "55 registrations" in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"ticket_type": "abc"}, "ticket_type", "Select a valid choice. abc is not one of the available choices."),
        ({"status": "paid"}, "status", "Select a valid choice. paid is not one of the available choices."),
        ({"day": "2025-12-24"}, "day", "Select a valid choice. 2025-12-24 is not one of the available choices."),
        ({"checked_in": "maybe"}, "checked_in", "Select a valid choice. maybe is not one of the available choices."),
    ],
)  # fmt: skip
def test_bad_filters_are_field_errors(desk, convention, day_pass, query, field, message):
    response = desk.get(BASE, query)

    assert response.status_code == 400
    assert field_error(response, field) == message


def test_a_made_up_position_is_a_notice_not_a_500(desk, convention, day_pass):
    response = desk.get(BASE, {"cursor": "not-a-cursor"})

    assert response.status_code == 200
    assert "This position of the list does not exist" in unescape(response.content.decode())


def test_csv_export_streams_the_filtered_list(desk, convention, day_pass):
    factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="Erika", last_name="Koch")
    factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="Max", last_name="Weber")

    response = desk.get(f"{BASE}export.csv", {"q": "koch"})

    assert response.status_code == 200
    assert response.streaming
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Koch" in lines[1]
    assert AuditEntry.objects.filter(action=AuditAction.REGISTRATIONS_EXPORTED).count() == 1


def test_detail_shows_the_history(desk, convention, day_pass):
    registration = factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="Erika",
                                                 last_name="Schröder")  # fmt: skip
    badges.get_or_issue_badge(registration=registration)
    badges.reprint_badge(registration=registration)
    scanning.scan_badge(checkin_list=entrance(convention), code="forged", nonce="n-1",
                        scanned_at=dt.datetime.fromisoformat(DAY_ONE))  # fmt: skip

    response = desk.get(f"{BASE}{registration.code}/")

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "<h1>Erika Schröder" in html
    history = re.findall(r'<span class="what">([^<]+)</span>', html)
    assert history.count("Badge issued") == 2 and "Badge revoked" in history and "Registered" in history
    assert AuditEntry.objects.filter(action=AuditAction.REGISTRATION_VIEWED, registration=registration).exists()


def test_fix_the_name_and_organization(desk, convention, day_pass):
    registration = factories.RegistrationFactory(convention=convention, ticket_type=day_pass, last_name="Musterman")

    response = desk.post(
        f"{BASE}{registration.code}/details/",
        {"first_name": "Erika", "last_name": "Mustermann", "organization": "Bezirksamt Mitte", "job_title": "",
         "language": "de"},
    )  # fmt: skip

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.last_name, registration.organization) == ("Mustermann", "Bezirksamt Mitte")
    entry = AuditEntry.objects.get(action=AuditAction.REGISTRATION_UPDATED)
    assert entry.details == {"fields": ["last_name", "organization"]}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": "   "}, "first_name", "This field is required."),
        ({"last_name": "x" * 101}, "last_name", "Ensure this value has at most 100 characters (it has 101)."),
        ({"language": "fr"}, "language", "Select a valid choice. fr is not one of the available choices."),
    ],
)
def test_bad_details_are_field_errors(desk, convention, day_pass, changes, field, message):
    registration = factories.RegistrationFactory(convention=convention, ticket_type=day_pass, last_name="Koch")
    data = {"first_name": "Erika", "last_name": "Koch", "organization": "", "job_title": "", "language": "de"}

    response = desk.post(f"{BASE}{registration.code}/details/", {**data, **changes})

    assert response.status_code == 400
    assert field_error(response, field) == message
    registration.refresh_from_db()
    assert registration.first_name == "Erika" and registration.last_name == "Koch"


def test_reprint_revokes_the_old_code_at_the_gate(desk, convention, day_pass):
    registration = factories.RegistrationFactory(convention=convention, ticket_type=day_pass)
    old = badges.get_or_issue_badge(registration=registration).code
    hall = entrance(convention)

    response = desk.post(f"{BASE}{registration.code}/badge/reprint/")

    assert response.status_code == 302
    new = Badge.objects.get(registration=registration, revoked_at=None).code
    at = dt.datetime.fromisoformat(DAY_ONE)
    refused, _ = scanning.scan_badge(checkin_list=hall, code=old, nonce="old-1", scanned_at=at)
    accepted, _ = scanning.scan_badge(checkin_list=hall, code=new, nonce="new-1", scanned_at=at)
    assert (refused.result, refused.reason) == (ScanResult.REJECTED, "revoked")
    assert accepted.result == ScanResult.OK


def test_resend_the_link_queues_one_message_per_window(desk, convention, day_pass):
    registration = factories.RegistrationFactory(convention=convention, ticket_type=day_pass)

    first = desk.post(f"{BASE}{registration.code}/resend-link/", follow=True)
    second = desk.post(f"{BASE}{registration.code}/resend-link/", follow=True)

    assert f"The link to the registration is on its way to {registration.email}." in unescape(first.content.decode())
    assert "it is not sent again yet" in unescape(second.content.decode())
    assert OutboundMessage.objects.filter(registration=registration, kind="magic_link_resent").count() == 1


def test_cancel_shows_the_refund_and_refunds_through_stripe(
    desk, convention, monkeypatch, settings, django_capture_on_commit_callbacks
):
    stripe = install_fake_stripe(monkeypatch, settings)
    paid = factories.TicketTypeFactory(convention=convention, price=Decimal("49.00"),
                                       refund_deadline=timezone.now() + dt.timedelta(days=1), quota_used=1)  # fmt: skip
    registration = factories.RegistrationFactory(
        convention=convention, ticket_type=paid, price=Decimal("49.00"), amount_paid=Decimal("49.00"),
        stripe_payment_intent_id="pi_test_7", paid_at=timezone.now(),
    )  # fmt: skip

    confirm = desk.get(f"{BASE}{registration.code}/cancel/")
    assert "49.00 EUR are refunded through Stripe." in unescape(confirm.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(f"{BASE}{registration.code}/cancel/")

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.refund_status == RefundStatus.REFUNDED
    assert [call["params"]["payment_intent"] for call in stripe.calls("post", "/v1/refunds")] == ["pi_test_7"]


def test_cancel_after_the_refund_deadline_says_so_and_refunds_nothing(desk, convention, monkeypatch, settings):
    stripe = install_fake_stripe(monkeypatch, settings)
    # No refund deadline of its own: refunds until day one, 2025.
    paid = factories.TicketTypeFactory(convention=convention, price=Decimal("49.00"), quota_used=1)
    registration = factories.RegistrationFactory(
        convention=convention, ticket_type=paid, amount_paid=Decimal("49.00"), stripe_payment_intent_id="pi_test_8"
    )

    assert "No refund: the refund deadline" in unescape(desk.get(f"{BASE}{registration.code}/cancel/").content.decode())
    desk.post(f"{BASE}{registration.code}/cancel/")

    registration.refresh_from_db()
    assert (registration.status, registration.refund_status) == (RegistrationStatus.CANCELLED, RefundStatus.NONE)
    assert stripe.calls("post", "/v1/refunds") == []


def test_erase_needs_the_code_typed_and_then_erases(desk, convention, day_pass):
    registration = factories.RegistrationFactory(convention=convention, ticket_type=day_pass, first_name="Erika")

    wrong = desk.post(f"{BASE}{registration.code}/erase/", {"confirm_code": "WRONG"})
    assert wrong.status_code == 400
    assert field_error(wrong, "confirm_code") == "This is not the code of this registration."
    registration.refresh_from_db()
    assert registration.erased_at is None

    response = desk.post(f"{BASE}{registration.code}/erase/", {"confirm_code": registration.code.lower()})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.erased_at is not None and registration.first_name != "Erika"
    detail = unescape(desk.get(f"{BASE}{registration.code}/").content.decode())
    assert "Erika" not in detail and "Reprint badge" not in detail


def test_registration_of_another_convention_is_404(desk, convention):
    other = factories.RegistrationFactory()

    assert desk.get(f"{BASE}{other.code}/").status_code == 404
    assert desk.post(f"{BASE}{other.code}/badge/reprint/").status_code == 404
    assert Registration.objects.get(pk=other.pk).status == RegistrationStatus.CONFIRMED
