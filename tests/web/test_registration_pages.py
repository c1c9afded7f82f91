"""Registration, the attendee's own page (magic link) and workshop sign-up on the session page, through the
Django test client: form errors, token handling, 404s, the cancel flow and query counts."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.enums import QuestionKind, SignupStatus
from events.models import Badge, Question, Registration, RegistrationStatus, Session, WorkshopSignup
from events.services import agenda, workshops
from events.services.magic_links import magic_link_path, magic_link_token
from tests import factories
from tests.stripe_fake import install_fake_stripe, signed_event
from tests.web.programme_data import build_released_programme
from web.attendee.access import COOKIE_NAME

REGISTER_URL = "/events/sccon/register/"


@pytest.fixture
def day_pass(convention):
    return factories.TicketTypeFactory(convention=convention, name_en="Day pass", name_de="Tagesticket", quota=100)


@pytest.fixture
def sector_question(convention):
    return Question.objects.create(
        convention=convention,
        identifier="sector",
        label_en="Your sector",
        label_de="Ihr Bereich",
        kind=QuestionKind.CHOICE,
        choices=["municipal", "federal"],
        required=True,
    )


def form_data(ticket_type, **changes) -> dict[str, object]:
    data = {
        "ticket_type": str(ticket_type.pk),
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@berlin.de",
        "organization": "Bezirksamt Mitte",
        "job_title": "",
        "voucher": "",
        "accept_terms": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def field_error(response, field: str) -> str:
    match = re.search(rf'id="id_{field}-error">(.*?)</p>', response.content.decode(), re.S)
    return unescape(match.group(1)) if match else ""


def signed_in_client(client, registration):
    response = client.get(magic_link_path(registration))
    assert response.status_code == 303
    return client


def test_register_page_lists_tickets_with_price_and_seats_left(client, convention, day_pass):
    factories.TicketTypeFactory(convention=convention, name_en="Expo pass", price=Decimal("49.00"), quota=3)
    factories.TicketTypeFactory(convention=convention, name_en="Hidden", is_active=False)

    response = client.get(REGISTER_URL)

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert re.findall(r'class="ticket-name">([^<]*)<', html) == ["Day pass", "Expo pass"]
    assert re.findall(r'class="ticket-price">([^<]*)<', html) == ["free", "49.00 EUR"]
    assert [text.strip() for text in re.findall(r'class="ticket-info muted"[^>]*>\s*([^<]*?)\s*</p>', html)] == [
        "100 tickets left",
        "3 tickets left",
    ]
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="csrfmiddlewaretoken"' in html
    # Optional consents are offered unticked.
    assert re.search(r'<input type="checkbox" name="newsletter" id="id_newsletter">', html)
    assert re.search(
        r'<input type="checkbox" name="share_contact_with_exhibitors" id="id_share_contact_with_exhibitors">', html
    )


def test_free_registration_confirms_and_shows_code_and_magic_link(client, convention, day_pass, sector_question):
    response = client.post(REGISTER_URL, form_data(day_pass, question_sector="federal", newsletter="on"))

    registration = Registration.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/events/sccon/register/done/?code={registration.code}"
    assert response.cookies[COOKIE_NAME]["httponly"] is True
    assert response.cookies[COOKIE_NAME]["samesite"] == "Lax"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.answers == {"sector": "federal"}
    assert registration.consent_newsletter_at is not None
    assert registration.consent_share_contact_at is None
    done = client.get(response["Location"])
    html = unescape(done.content.decode())
    assert done.status_code == 200
    assert f'<dd class="code">{registration.code}</dd>' in html
    assert f"http://localhost:8000/r/{registration.code}/?token={magic_link_token(registration)}" in html
    assert done["Referrer-Policy"] == "no-referrer"


def test_confirmation_email_carries_the_magic_link(client, convention, day_pass, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER_URL, form_data(day_pass))

    registration = Registration.objects.get()
    link = f"http://localhost:8000/r/{registration.code}/?token={magic_link_token(registration)}"
    assert len(mail.outbox) == 1
    assert link in mail.outbox[0].body
    assert f'href="{link}"' in mail.outbox[0].alternatives[0][0]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"accept_terms": None}, "accept_terms", "Please accept the terms and conditions to register."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"first_name": ""}, "first_name", "This field is required."),
        (
            {"question_sector": "galactic"},
            "question_sector",
            "Select a valid choice. galactic is not one of the available choices.",
        ),
        ({"question_sector": None}, "question_sector", "This field is required."),
        ({"voucher": "NOPE"}, "voucher", "This voucher code is not valid for this ticket."),
    ],
    ids=["terms", "email", "name", "choice", "missing-answer", "voucher"],
)
def test_registration_errors_are_shown_next_to_the_field(
    client, convention, day_pass, sector_question, changes, field, message
):
    data = form_data(day_pass, question_sector="municipal") | changes
    response = client.post(REGISTER_URL, {key: value for key, value in data.items() if value is not None})

    assert response.status_code == 400
    assert field_error(response, field) == message
    assert Registration.objects.count() == 0


def test_sold_out_and_not_eligible_become_field_messages(client, convention, day_pass):
    public_sector = factories.TicketTypeFactory(
        convention=convention, name_en="Public sector", allowed_email_domains=["berlin.de", "bund.de"]
    )
    response = client.post(REGISTER_URL, form_data(public_sector, email="erika@example.com"))
    assert response.status_code == 400
    assert (
        field_error(response, "email")
        == "This ticket is only for e-mail addresses of these domains: berlin.de, bund.de."
    )

    # Already registered with this address.
    client.post(REGISTER_URL, form_data(day_pass))
    response = client.post(REGISTER_URL, form_data(day_pass))
    assert response.status_code == 400
    assert field_error(response, "email") == "This e-mail address is already registered for this ticket."


def test_sold_out_ticket_is_shown_but_cannot_be_chosen(client, convention, day_pass):
    type(day_pass).objects.filter(pk=day_pass.pk).update(quota=1, quota_used=1)

    page = unescape(client.get(REGISTER_URL).content.decode())
    response = client.post(REGISTER_URL, form_data(day_pass))

    assert re.search(r'<input type="radio" name="ticket_type" id="id_ticket_type_0" value="\d+" disabled', page)
    assert "Sold out" in page
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_sold_out_from_the_service_is_shown_at_the_ticket_choice(client, convention, day_pass, monkeypatch):
    # The page saw a free seat; someone else takes the last one just before the service's conditional UPDATE.
    from events.services import registration as registration_service

    type(day_pass).objects.filter(pk=day_pass.pk).update(quota=1)
    register_attendee = registration_service.register_attendee

    def competing_registration_first(**kwargs):
        register_attendee(**{**kwargs, "email": "someone.else@berlin.de"})
        return register_attendee(**kwargs)

    monkeypatch.setattr(registration_service, "register_attendee", competing_registration_first)
    response = client.post(REGISTER_URL, form_data(day_pass))

    assert response.status_code == 400
    assert '<p class="error" id="ticket_type-error">This ticket has just sold out. Please choose another one.</p>' in (
        unescape(response.content.decode())
    )
    assert list(Registration.objects.values_list("email", flat=True)) == ["someone.else@berlin.de"]


def test_paid_registration_goes_to_stripe_checkout_and_back_to_the_status_page(
    client, api_client, convention, monkeypatch, settings
):
    stripe_fake = install_fake_stripe(monkeypatch, settings)
    expo = factories.TicketTypeFactory(convention=convention, name_en="Expo pass", price=Decimal("49.00"))

    response = client.post(REGISTER_URL, form_data(expo))

    registration = Registration.objects.get()
    [checkout] = stripe_fake.calls("post", "/v1/checkout/sessions")
    status_url = f"/events/sccon/register/done/?code={registration.code}"
    assert response.status_code == 303
    assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_1"
    assert checkout["params"]["success_url"] == f"http://localhost:8000{status_url}"
    assert "Waiting for your payment" in client.get(status_url).content.decode()

    stripe_fake.pay("cs_test_1")
    payload, header = signed_event("checkout.session.completed", "cs_test_1")
    webhook = api_client.generic(
        "POST",
        "/api/v1/payments/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )

    assert webhook.status_code == 200
    assert "Your registration is confirmed." in client.get(status_url).content.decode()


def test_registration_is_throttled_per_ip(client, convention, day_pass, settings):
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "registration": "2/min"}

    statuses = [
        client.post(REGISTER_URL, form_data(day_pass, email=f"person{n}@berlin.de")).status_code for n in range(3)
    ]

    assert statuses == [303, 303, 429]
    assert Registration.objects.count() == 2


def test_register_post_without_csrf_token_is_refused(convention, day_pass):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(REGISTER_URL, form_data(day_pass))

    assert response.status_code == 403
    assert Registration.objects.count() == 0


def test_magic_link_moves_the_token_into_the_cookie_and_redirects(client, convention):
    registration = factories.RegistrationFactory(convention=convention)

    response = client.get(magic_link_path(registration))

    assert response.status_code == 303
    assert response["Location"] == f"/r/{registration.code}/"
    assert response["Referrer-Policy"] == "no-referrer"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    page = client.get(f"/r/{registration.code}/")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cache-Control"] == "private, no-store"
    assert '<svg class="badge-qr"' in page.content.decode()


def test_bearer_access_token_opens_the_page_too(client, convention):
    registration = factories.RegistrationFactory(convention=convention, access_token="bearer-token-1")

    assert client.get(f"/r/{registration.code}/?token=bearer-token-1").status_code == 303


@pytest.mark.parametrize(
    "url",
    ["/r/{code}/?token=wrong", "/r/NOSUCHCD/?token={token}", "/r/{code}/", "/r/{other}/?token={token}"],
    ids=["wrong-token", "unknown-code", "no-token-no-cookie", "token-of-another-registration"],
)
def test_wrong_or_unknown_token_is_404(client, convention, url):
    registration = factories.RegistrationFactory(convention=convention)
    other = factories.RegistrationFactory(convention=convention)

    response = client.get(url.format(code=registration.code, token=magic_link_token(registration), other=other.code))

    assert response.status_code == 404
    assert COOKIE_NAME not in response.cookies


def test_cookie_of_one_registration_does_not_open_another(client, convention):
    mine = factories.RegistrationFactory(convention=convention)
    other = factories.RegistrationFactory(convention=convention)
    signed_in_client(client, mine)

    assert client.get(f"/r/{other.code}/").status_code == 404
    assert client.post(f"/r/{other.code}/cancel/").status_code == 404
    assert Registration.objects.get(pk=other.pk).status == RegistrationStatus.CONFIRMED


def test_tampered_cookie_is_ignored(client, convention):
    registration = factories.RegistrationFactory(convention=convention)
    client.cookies[COOKIE_NAME] = f"{registration.code}:{magic_link_token(registration)}"

    assert client.get(f"/r/{registration.code}/").status_code == 404


def test_withdraw_consent(client, convention):
    registration = factories.RegistrationFactory(
        convention=convention, consent_share_contact_at=timezone.now(), consent_newsletter_at=timezone.now()
    )
    signed_in_client(client, registration)

    response = client.post(f"/r/{registration.code}/consents/withdraw/", {"consent": "share_contact"})

    registration.refresh_from_db()
    assert response.status_code == 303
    assert registration.consent_share_contact_at is None
    assert registration.consent_newsletter_at is not None
    assert client.post(f"/r/{registration.code}/consents/withdraw/", {"consent": "terms"}).status_code == 400


def test_cancel_flow_asks_first_then_cancels_and_revokes_the_badge(client, convention, day_pass):
    client.post(REGISTER_URL, form_data(day_pass))  # signs this browser in
    registration = Registration.objects.get()
    client.get(f"/r/{registration.code}/")  # issues the badge
    assert Badge.objects.filter(registration=registration, revoked_at=None).count() == 1

    confirm = client.get(f"/r/{registration.code}/cancel/")
    assert confirm.status_code == 200
    assert "Yes, cancel my registration" in confirm.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED

    response = client.post(f"/r/{registration.code}/cancel/")
    assert response.status_code == 303
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
    assert Badge.objects.filter(registration=registration, revoked_at=None).count() == 0
    page = client.get(f"/r/{registration.code}/")
    html = page.content.decode()
    assert "This registration has been cancelled. The badge is no longer valid." in html
    assert '<svg class="badge-qr"' not in html
    assert "Cancel my registration" not in html
    day_pass.refresh_from_db()
    assert day_pass.quota_used == 0


@pytest.fixture
def programme(convention):
    programme = build_released_programme(convention)
    # The released programme lies in 2025; sign-up closes when a workshop starts, so move it ahead of now.
    start = timezone.now() + dt.timedelta(days=7)
    Session.objects.filter(pk=programme.workshop.pk).update(
        start=start, end=start + dt.timedelta(minutes=90), capacity=1
    )
    programme.workshop.refresh_from_db()
    return programme


def test_session_page_shows_seats_and_a_hint_to_anonymous_visitors(client, programme):
    response = client.get(f"/events/sccon/sessions/{programme.workshop.pk}/")

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert '<p class="seats">1 seat left</p>' in html
    assert "Open the personal link from your confirmation e-mail" in html
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    panel = client.get(f"/events/sccon/sessions/{programme.panel.pk}/")
    assert "workshop-signup" not in panel.content.decode()
    assert panel["Cache-Control"] == "public, max-age=60"


def test_workshop_sign_up_and_waitlist_from_the_session_page(client, programme, convention):
    first = factories.RegistrationFactory(convention=convention)
    second = factories.RegistrationFactory(convention=convention)
    url = f"/events/sccon/sessions/{programme.workshop.pk}/"
    signed_in_client(client, first)

    response = client.post(f"{url}signup/", {"action": "join"})
    assert response.status_code == 303
    html = unescape(client.get(url).content.decode())
    assert "You have a seat in this workshop." in html
    assert '<p class="seats">Fully booked — you can join the waiting list.</p>' in html

    signed_in_client(client, second)
    client.post(f"{url}signup/", {"action": "join"})
    assert "You are on the waiting list, position 1." in unescape(client.get(url).content.decode())
    page = unescape(client.get(f"/r/{second.code}/").content.decode())
    assert "Waiting list, position 1" in page

    signed_in_client(client, first)
    client.post(f"{url}signup/", {"action": "leave"})
    assert list(WorkshopSignup.objects.filter(session=programme.workshop).values_list("registration_id", "status")) == [
        (first.pk, SignupStatus.CANCELLED),
        (second.pk, SignupStatus.CONFIRMED),
    ]


def test_workshop_sign_up_needs_the_magic_link_cookie(client, programme):
    response = client.post(f"/events/sccon/sessions/{programme.workshop.pk}/signup/", {"action": "join"})

    assert response.status_code == 404
    assert WorkshopSignup.objects.count() == 0


def test_closed_sign_up_is_explained_on_the_session_page(client, programme, convention):
    registration = factories.RegistrationFactory(convention=convention)
    Session.objects.filter(pk=programme.workshop.pk).update(start=timezone.now() - dt.timedelta(hours=1))
    signed_in_client(client, registration)

    response = client.post(f"/events/sccon/sessions/{programme.workshop.pk}/signup/", {"action": "join"})
    page = client.get(response["Location"])

    assert (
        response["Location"] == f"/events/sccon/sessions/{programme.workshop.pk}/?notice=signup_closed#workshop-signup"
    )
    assert "Sign-up for this workshop has closed." in page.content.decode()


def test_my_registration_lists_agenda_and_removes_a_bookmark(client, programme, convention):
    registration = factories.RegistrationFactory(convention=convention)
    agenda.bookmark_session(registration=registration, session=programme.keynote)
    agenda.bookmark_session(registration=registration, session=programme.panel)
    signed_in_client(client, registration)

    html = unescape(client.get(f"/r/{registration.code}/").content.decode())
    assert "Remove “Digital twins in practice” from my agenda" in html
    client.post(f"/r/{registration.code}/agenda/{programme.keynote.pk}/remove/")

    html = unescape(client.get(f"/r/{registration.code}/").content.decode())
    assert "Remove “Digital twins in practice” from my agenda" not in html
    assert "Remove “Open source in public administration” from my agenda" in html


def test_calendar_feed_url_is_shown_once_and_works(client, programme, convention):
    registration = factories.RegistrationFactory(convention=convention)
    signed_in_client(client, registration)

    response = client.post(f"/r/{registration.code}/calendar-feed/")

    feed_url = re.search(r'id="feed-url">([^<]+)<', response.content.decode()).group(1)
    assert feed_url.startswith("http://localhost:8000/api/v1/agenda/")
    assert client.get(feed_url.removeprefix("http://localhost:8000")).status_code == 200
    assert 'id="feed-url"' not in client.get(f"/r/{registration.code}/").content.decode()
    client.post(f"/r/{registration.code}/calendar-feed/")
    assert client.get(feed_url.removeprefix("http://localhost:8000")).status_code == 404


@pytest.mark.parametrize("items", [1, 3])
def test_my_registration_query_count_does_not_grow_with_items(client, programme, convention, items):
    registration = factories.RegistrationFactory(convention=convention)
    sessions = [programme.keynote, programme.panel, programme.booth_talk][:items]
    for session in sessions:
        agenda.bookmark_session(registration=registration, session=session)
    for n in range(items):
        workshop = factories.SessionFactory(
            convention=convention,
            format="workshop",
            room=programme.workshop.room,
            start=timezone.now() + dt.timedelta(days=10 + n),
            end=timezone.now() + dt.timedelta(days=10 + n, hours=1),
            capacity=5 if n else 0,  # the first one is full: a waitlist place in every case
        )
        workshops.sign_up_for_workshop(session=workshop, registration=registration)
    signed_in_client(client, registration)
    client.get(f"/r/{registration.code}/")  # the badge is issued on the first visit

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/r/{registration.code}/")

    assert response.status_code == 200
    assert len(queries) == 7


def test_registration_page_in_german(client, convention, day_pass):
    page = unescape(client.get(f"{REGISTER_URL}?lang=de").content.decode())
    response = client.post(f"{REGISTER_URL}?lang=de", form_data(day_pass, accept_terms=None))

    assert '<button type="submit">Jetzt anmelden</button>' in page
    assert '<span class="ticket-name">Tagesticket</span>' in page
    assert (
        field_error(response, "accept_terms") == "Bitte akzeptieren Sie die Teilnahmebedingungen, um sich anzumelden."
    )


def test_registration_in_german_keeps_the_language_to_the_attendee_page(client, convention, day_pass):
    response = client.post(f"{REGISTER_URL}?lang=de", form_data(day_pass))
    registration = Registration.objects.get()

    assert registration.language == "de"
    assert response["Location"] == f"/events/sccon/register/done/?code={registration.code}&lang=de"
    done = unescape(client.get(response["Location"]).content.decode())
    assert "<h1>Sie sind angemeldet</h1>" in done
    page = unescape(client.get(f"/r/{registration.code}/?lang=de").content.decode())
    assert '<h2 id="badge-heading">Mein Badge</h2>' in page
