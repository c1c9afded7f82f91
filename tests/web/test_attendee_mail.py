""" "Send me my link again" (same answer for every address, rate limited), the waitlist e-mail with the position,
and a closed workshop that offers no sign-up button."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from events.enums import SessionFormat
from events.models import OutboundMessage, RegistrationStatus, Session
from events.services import workshops
from events.services.magic_links import magic_link_path, magic_link_url
from tests import factories
from tests.web.programme_data import build_released_programme

URL = "/events/sccon/my-link/"


@pytest.fixture
def sccon(db):
    return factories.ConventionFactory(slug="sccon", name="Smart Country Convention")


def ask(client, email: str, lang: str = "de"):
    return client.post(f"{URL}?lang={lang}", {"email": email})


def test_resend_link_mails_the_magic_link_of_a_registered_address(
    client, sccon, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    registration = factories.RegistrationFactory(convention=sccon, email="jana@berlin.de", language="de")

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "Jana@Berlin.de")

    assert (response.status_code, response["Location"]) == (303, f"{URL}?sent=1&lang=de#sent")
    [email] = mail.outbox
    assert (email.to, email.subject) == (
        ["jana@berlin.de"],
        f"Ihr Anmeldelink: Smart Country Convention ({registration.code})",
    )
    assert magic_link_url(registration) in email.body
    assert "Sie haben den Link zu Ihrer Anmeldung" in email.body


def test_resend_link_answers_the_same_for_unknown_addresses(client, sccon):
    factories.RegistrationFactory(convention=sccon, email="jana@berlin.de")

    known = ask(client, "jana@berlin.de")
    unknown = ask(client, "nobody@berlin.de")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    without_token = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    known_page = without_token(client.get(known["Location"]).content.decode())
    unknown_page = without_token(client.get(unknown["Location"]).content.decode())
    assert known_page == unknown_page
    assert "Wenn diese Adresse für die Veranstaltung angemeldet ist" in known_page
    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == ["jana@berlin.de"]


def test_resend_link_ignores_cancelled_registrations_and_other_conventions(client, sccon):
    factories.RegistrationFactory(convention=sccon, email="jana@berlin.de", status=RegistrationStatus.CANCELLED)
    factories.RegistrationFactory(convention=factories.ConventionFactory(), email="jana@berlin.de")

    assert ask(client, "jana@berlin.de").status_code == 303
    assert OutboundMessage.objects.count() == 0


def test_resend_link_sends_one_mail_per_registration_in_fifteen_minutes(client, sccon):
    factories.RegistrationFactory(convention=sccon, email="jana@berlin.de")

    for _ in range(3):
        ask(client, "jana@berlin.de")

    assert OutboundMessage.objects.filter(kind="magic_link_resent").count() == 1


def test_resend_link_is_rate_limited_per_client(client, sccon, settings):
    settings.MESSE_THROTTLE_RATES = settings.MESSE_THROTTLE_RATES | {"contact": "2/h"}

    statuses = [ask(client, f"person{n}@berlin.de").status_code for n in range(3)]

    assert statuses == [303, 303, 429]


def test_resend_link_errors_name_the_field(client, sccon):
    response = ask(client, "not an address")

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert (
        '<a href="#id_email">E-Mail-Adresse Ihrer Anmeldung: Bitte geben Sie eine gültige E-Mail-Adresse an.</a>'
        in html
    )


def test_register_page_links_to_resend(client, sccon):
    factories.TicketTypeFactory(convention=sccon)

    html = client.get("/events/sccon/register/?lang=de").content.decode()

    assert f'<a href="{URL}?lang=de">Link erneut zusenden</a>' in html


def test_waitlisted_attendee_gets_an_email_with_the_position(sccon, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    session = factories.SessionFactory(
        convention=sccon,
        format=SessionFormat.WORKSHOP,
        capacity=1,
        title_de="Werkstatt: Datenplattform",
        start=timezone.now() + dt.timedelta(days=2),
        end=timezone.now() + dt.timedelta(days=2, hours=1),
    )
    first, second, third = (factories.RegistrationFactory(convention=sccon, language="de") for _ in range(3))

    with django_capture_on_commit_callbacks(execute=True):
        for registration in (first, second, third):
            workshops.sign_up_for_workshop(session=session, registration=registration)

    waitlist_mails = [m for m in mail.outbox if m.extra_headers["X-Messe-Message-Key"].startswith("workshop_wait")]
    assert [(m.to, m.subject) for m in waitlist_mails] == [
        ([second.email], "Warteliste, Platz 1: Werkstatt: Datenplattform"),
        ([third.email], "Warteliste, Platz 2: Werkstatt: Datenplattform"),
    ]
    assert "Sie stehen auf der Warteliste, Platz 2." in waitlist_mails[1].body
    assert magic_link_url(third) in waitlist_mails[1].body


@pytest.fixture
def closed_workshop(db, convention):
    convention.slug = "sccon"
    convention.save()
    programme = build_released_programme(convention)
    return programme


def test_closed_workshop_shows_no_sign_up_button(client, closed_workshop, convention):
    # The released programme lies in the past: sign-up has closed.
    registration = factories.RegistrationFactory(convention=convention)
    client.get(magic_link_path(registration))

    html = unescape(client.get(f"/events/sccon/sessions/{closed_workshop.workshop.pk}/?lang=de").content.decode())

    block = html[html.index('<section class="workshop-signup"') :]
    assert "Die Anmeldung zu diesem Workshop ist geschlossen." in block
    assert 'name="action" value="join"' not in block
    assert "<button" not in block[: block.index("</section>")]


def test_open_workshop_still_shows_the_button(client, closed_workshop, convention):
    start = timezone.now() + dt.timedelta(days=7)
    Session.objects.filter(pk=closed_workshop.workshop.pk).update(start=start, end=start + dt.timedelta(hours=1))
    registration = factories.RegistrationFactory(convention=convention)
    client.get(magic_link_path(registration))

    html = unescape(client.get(f"/events/sccon/sessions/{closed_workshop.workshop.pk}/?lang=de").content.decode())

    assert 'name="action" value="join"' in html
