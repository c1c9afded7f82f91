"""The organizer's ticket pages (ticket types, vouchers, questions) through the Django test client: what is saved,
the seats shown, and every form's bad input as field errors on the page (never a 500)."""

import re
from decimal import Decimal
from html import unescape

import pytest

from events.enums import QuestionKind
from events.models import CheckinList, Question, RegistrationStatus, TicketType, Voucher
from tests import factories

BASE = "/organize/sccon/tickets/"


@pytest.fixture
def desk(client, organizer):
    client.force_login(organizer)
    return client


def field_error(response, field: str) -> str:
    match = re.search(rf'id="id_{field}-error">(.*?)</p>', response.content.decode(), re.S)
    return unescape(match.group(1)).strip() if match else ""


def ticket_form(**changes) -> dict[str, object]:
    data: dict[str, object] = {
        "name_de": "Verwaltungsticket",
        "name_en": "Public sector ticket",
        "description_de": "",
        "description_en": "",
        "price": "0",
        "quota": "200",
        "sale_starts_at": "",
        "sale_ends_at": "",
        "allowed_email_domains": "berlin.de\nbund.de",
        "max_per_order": "1",
        "refund_deadline": "",
        "is_active": "on",
        "valid_days": ["2025-09-30", "2025-10-01"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_ticket_type_created_with_days_domains_and_sale_window_in_the_conventions_time(desk, convention):
    response = desk.post(
        f"{BASE}new/",
        ticket_form(
            allowed_email_domains="Berlin.de, @bund.de\n\nberlin.de",
            sale_starts_at="2025-08-01T09:00",
            sale_ends_at="2025-09-29T18:00",
        ),
    )

    assert response.status_code == 302
    ticket = TicketType.objects.get(convention=convention)
    assert (ticket.name_de, ticket.name_en, ticket.price, ticket.quota) == (
        "Verwaltungsticket",
        "Public sector ticket",
        Decimal("0.00"),
        200,
    )
    assert ticket.valid_days == ["2025-09-30", "2025-10-01"]
    assert ticket.allowed_email_domains == ["berlin.de", "bund.de"]
    assert ticket.sale_starts_at.isoformat() == "2025-08-01T07:00:00+00:00"  # 09:00 in Berlin (CEST)
    listing = unescape(desk.get(BASE).content.decode())
    assert "Public sector ticket" in listing
    assert "berlin.de, bund.de" in listing


def test_sale_window_is_read_and_shown_in_a_new_york_conventions_time(desk, convention):
    convention.time_zone = "America/New_York"
    convention.save(update_fields=["time_zone"])

    response = desk.post(
        f"{BASE}new/",
        ticket_form(
            sale_starts_at="2025-08-01T09:00", sale_ends_at="2025-09-29T18:00", refund_deadline="2025-09-01T12:00"
        ),
    )

    assert response.status_code == 302
    ticket = TicketType.objects.get(convention=convention)
    assert ticket.sale_starts_at.isoformat() == "2025-08-01T13:00:00+00:00"  # 09:00 in New York (EDT)
    assert ticket.sale_ends_at.isoformat() == "2025-09-29T22:00:00+00:00"
    assert ticket.refund_deadline.isoformat() == "2025-09-01T16:00:00+00:00"
    form = desk.get(f"{BASE}{ticket.pk}/").content.decode()
    assert 'value="2025-08-01T09:00"' in form and 'value="2025-09-29T18:00"' in form


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_en": ""}, "name_en", "This field is required."),
        ({"price": "-5"}, "price", "Ensure this value is greater than or equal to 0."),
        ({"price": "zehn"}, "price", "Enter a number."),
        ({"quota": "0"}, "quota", "Ensure this value is greater than or equal to 1."),
        ({"max_per_order": ""}, "max_per_order", "This field is required."),
        ({"valid_days": ["2025-12-24"]}, "valid_days", "Select a valid choice. 2025-12-24 is not one of the available choices."),  # noqa: E501
        ({"allowed_email_domains": "berlin.de\nnot a domain"}, "allowed_email_domains", "Not a domain: not a domain. Write domains such as berlin.de, one a line."),  # noqa: E501
        ({"sale_starts_at": "2025-09-01T10:00", "sale_ends_at": "2025-08-01T10:00"}, "sale_ends_at", "The sale must end after it starts."),  # noqa: E501
        ({"sale_starts_at": "gestern"}, "sale_starts_at", "Enter a valid date/time."),
    ],
)  # fmt: skip
def test_bad_ticket_type_input_is_a_field_error(desk, convention, changes, field, message):
    response = desk.post(f"{BASE}new/", ticket_form(**changes))

    assert response.status_code == 400
    assert field_error(response, field) == message
    assert 'id="error-summary"' in response.content.decode()
    assert not TicketType.objects.exists()


def test_quota_below_the_seats_taken_is_a_field_error(desk, convention):
    ticket = factories.TicketTypeFactory(convention=convention, quota=10)
    for _ in range(3):
        factories.RegistrationFactory(convention=convention, ticket_type=ticket)
    TicketType.objects.filter(pk=ticket.pk).update(quota_used=3)

    response = desk.post(f"{BASE}{ticket.pk}/", ticket_form(quota="2"))

    assert response.status_code == 400
    assert field_error(response, "quota") == "At least 3."
    ticket.refresh_from_db()
    assert ticket.quota == 10


def test_ticket_types_show_sold_held_and_free_seats(desk, convention):
    ticket = factories.TicketTypeFactory(convention=convention, name_en="Expo", quota=10, price=Decimal("49.00"))
    factories.RegistrationFactory(convention=convention, ticket_type=ticket)
    factories.RegistrationFactory(convention=convention, ticket_type=ticket)
    factories.RegistrationFactory(convention=convention, ticket_type=ticket, status=RegistrationStatus.PENDING_PAYMENT)
    TicketType.objects.filter(pk=ticket.pk).update(quota_used=3)

    html = unescape(desk.get(BASE).content.decode())

    cells = re.findall(r'<td class="number">(.*?)</td>', html, re.S)
    assert [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in cells] == ["2", "1", "7 / 10"]


def test_check_in_lists_admitting_a_ticket_type_are_chosen_on_its_form(desk, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    other = factories.TicketTypeFactory(convention=convention)
    workshop = CheckinList.objects.create(convention=convention, name="Workshop room")
    workshop.ticket_types.set([other])
    press = CheckinList.objects.create(convention=convention, name="Press lounge")
    press.ticket_types.set([other, ticket])
    CheckinList.objects.create(convention=convention, name="Entrance")  # admits every ticket type: not on the form

    response = desk.post(f"{BASE}{ticket.pk}/", ticket_form(checkin_lists=[str(workshop.pk)]))

    assert response.status_code == 302
    assert set(workshop.ticket_types.all()) == {other, ticket}
    assert set(press.ticket_types.all()) == {other}
    form = unescape(desk.get(f"{BASE}{ticket.pk}/").content.decode())
    assert "Workshop room" in form and "Press lounge" in form and "Entrance" not in form


def test_taking_a_lists_only_ticket_type_away_is_refused(desk, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    vip = CheckinList.objects.create(convention=convention, name="VIP lounge")
    vip.ticket_types.set([ticket])

    response = desk.post(f"{BASE}{ticket.pk}/", ticket_form(checkin_lists=[]))

    assert response.status_code == 400
    assert field_error(response, "checkin_lists") == "VIP lounge admits only this ticket type."
    assert list(vip.ticket_types.all()) == [ticket]


def test_voucher_batch_creates_codes_with_the_prefix_for_the_chosen_ticket_type(desk, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    response = desk.post(
        f"{BASE}vouchers/batch/",
        {"count": "5", "prefix": "press", "kind": "free", "usage_limit": "1", "ticket_types": [str(ticket.pk)],
         "comment": "Press desk"},
    )  # fmt: skip

    assert response.status_code == 302
    vouchers = list(Voucher.objects.filter(convention=convention))
    assert len(vouchers) == 5
    assert all(re.fullmatch(r"PRESS-[A-Z2-9]{8}", voucher.code) for voucher in vouchers)
    assert all(list(voucher.ticket_types.all()) == [ticket] for voucher in vouchers)
    page = unescape(desk.get(f"{BASE}vouchers/").content.decode())
    assert "5 vouchers" in page
    assert page.count("0 / 1") == 5


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"count": "0", "kind": "free"}, "count", "Ensure this value is greater than or equal to 1."),
        ({"count": "5000", "kind": "free"}, "count", "Ensure this value is less than or equal to 1000."),
        ({"count": "", "kind": "free"}, "count", "This field is required."),
        ({"count": "3", "kind": "free", "prefix": "PRE SS"}, "prefix", "Letters, digits and _ only."),
        ({"count": "3", "kind": "percent"}, "value", "Enter the discount."),
        ({"count": "3", "kind": "percent", "value": "150"}, "value", "At most 100 percent."),
        ({"count": "3", "kind": "gratis"}, "kind", "Select a valid choice. gratis is not one of the available choices."),  # noqa: E501
        ({"count": "3", "kind": "free", "ticket_types": ["99999"]}, "ticket_types", "Select a valid choice. 99999 is not one of the available choices."),  # noqa: E501
    ],
)  # fmt: skip
def test_bad_voucher_batch_input_is_a_field_error(desk, convention, data, field, message):
    response = desk.post(f"{BASE}vouchers/batch/", data)

    assert response.status_code == 400
    assert field_error(response, field) == message
    assert not Voucher.objects.exists()


def test_voucher_usage_is_shown_and_a_voucher_switched_off(desk, convention):
    voucher = Voucher.objects.create(convention=convention, code="SPEAKER-1", usage_limit=3)
    Voucher.objects.filter(pk=voucher.pk).update(times_used=2)

    assert "2 / 3" in desk.get(f"{BASE}vouchers/").content.decode()
    response = desk.post(f"{BASE}vouchers/{voucher.pk}/toggle/")

    assert response.status_code == 302
    voucher.refresh_from_db()
    assert voucher.is_active is False


def question_form(**changes) -> dict[str, str]:
    data = {"identifier": "sector", "label_de": "Ihr Bereich", "label_en": "Your sector", "kind": "choice",
            "choices": "municipal\nfederal\n\nmunicipal", "required": "on"}  # fmt: skip
    data.update(changes)
    return data


def test_question_created_at_the_end_and_moved_up(desk, convention):
    Question.objects.create(convention=convention, identifier="diet", label_de="Essen", label_en="Diet", position=0)

    response = desk.post(f"{BASE}questions/new/", question_form())
    assert response.status_code == 302
    sector = Question.objects.get(identifier="sector")
    assert (sector.kind, sector.choices, sector.required, sector.position) == (
        QuestionKind.CHOICE,
        ["municipal", "federal"],
        True,
        1,
    )

    desk.post(f"{BASE}questions/{sector.pk}/move/", {"direction": "up"})

    assert list(Question.objects.order_by("position").values_list("identifier", flat=True)) == ["sector", "diet"]
    html = desk.get(f"{BASE}questions/").content.decode()
    assert html.index("Your sector") < html.index("Diet")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"identifier": "Sektor!"}, "identifier", "Lower-case letters, digits, - and _ only."),
        ({"identifier": "diet"}, "identifier", "Another question has this identifier."),
        ({"label_en": ""}, "label_en", "This field is required."),
        ({"choices": "only one"}, "choices", "Give at least two answers to choose from."),
        ({"kind": "essay"}, "kind", "Select a valid choice. essay is not one of the available choices."),
    ],
)
def test_bad_question_input_is_a_field_error(desk, convention, changes, field, message):
    Question.objects.create(convention=convention, identifier="diet", label_de="Essen", label_en="Diet")

    response = desk.post(f"{BASE}questions/new/", question_form(**changes))

    assert response.status_code == 400
    assert field_error(response, field) == message
    assert Question.objects.count() == 1


def test_ticket_pages_are_in_german_with_lang_de(desk, convention):
    factories.TicketTypeFactory(convention=convention, name_de="Tagesticket", name_en="Day pass")

    html = unescape(desk.get(f"{BASE}?lang=de").content.decode())

    assert "<h1>Ticketarten</h1>" in html
    assert "Tagesticket" in html
    response = desk.post(f"{BASE}new/?lang=de", ticket_form(name_de=""))
    assert field_error(response, "name_de") == "Dieses Feld ist zwingend erforderlich."


def test_anonymous_visitors_are_sent_to_the_login(client, convention):
    response = client.get(BASE)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_people_outside_the_team_get_404(client, convention):
    client.force_login(factories.UserFactory(username="stranger"))

    assert client.get(BASE).status_code == 404
    assert client.post(f"{BASE}new/", ticket_form()).status_code == 404
    assert not TicketType.objects.exists()
