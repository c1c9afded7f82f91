"""Legal pages of a convention: Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit with its feedback
form, terms — linked in every page footer and from the registration consent."""

import re

import pytest
from django.core import mail

from events.models import OutboundMessage
from events.services import conventions, messages
from tests import factories
from tests.web.programme_data import build_released_programme

LEGAL_PATHS = {
    "imprint": "/events/sccon/impressum/",
    "privacy": "/events/sccon/datenschutz/",
    "accessibility": "/events/sccon/barrierefreiheit/",
    "terms": "/events/sccon/teilnahmebedingungen/",
}


@pytest.fixture
def sccon(db):
    convention = factories.ConventionFactory(slug="sccon", name="Smart Country Convention", city="Berlin")
    organizer = factories.UserFactory(username="anna", email="programm@sccon.example")
    convention.organizers.add(organizer)
    return convention


def h1(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), flags=re.S).group(1).strip()


@pytest.mark.parametrize(
    ("page", "german", "english"),
    [
        ("imprint", "Impressum", "Legal notice"),
        ("privacy", "Datenschutzerklärung", "Privacy policy"),
        ("accessibility", "Erklärung zur Barrierefreiheit", "Accessibility statement"),
        ("terms", "Teilnahmebedingungen", "Terms and conditions"),
    ],
)
def test_legal_pages_exist_in_both_languages_with_default_texts(client, sccon, page, german, english):
    german_page = client.get(LEGAL_PATHS[page] + "?lang=de")
    english_page = client.get(LEGAL_PATHS[page] + "?lang=en")

    assert (german_page.status_code, h1(german_page)) == (200, german)
    assert (english_page.status_code, h1(english_page)) == (200, english)
    assert "Smart Country Convention" in german_page.content.decode()


def test_default_imprint_names_the_contact_and_german_law(client, sccon):
    html = client.get("/events/sccon/impressum/?lang=de").content.decode()

    assert "Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG)." in html
    assert '<a href="mailto:programm@sccon.example">programm@sccon.example</a>' in html


def test_organizer_text_replaces_the_default_in_each_language(client, sccon, api_client):
    api_client.force_authenticate(sccon.organizers.get())
    response = api_client.patch(
        f"/api/v1/manage/events/{sccon.slug}/",
        {"imprint_de": "Messe Berlin GmbH\nMessedamm 22\n\n14055 Berlin", "imprint_en": "Messe Berlin GmbH (EN)"},
        format="json",
    )
    assert response.status_code == 200, response.content

    german = client.get("/events/sccon/impressum/?lang=de").content.decode()
    english = client.get("/events/sccon/impressum/?lang=en").content.decode()
    assert "<p>Messe Berlin GmbH<br>Messedamm 22</p>\n\n<p>14055 Berlin</p>" in german
    assert "Digitale-Dienste-Gesetz" not in german
    assert "Messe Berlin GmbH (EN)" in english


def test_organizer_text_is_escaped(client, sccon):
    conventions.update_convention(convention=sccon, privacy_de="<script>alert(1)</script>")

    html = client.get("/events/sccon/datenschutz/?lang=de").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_legal_pages_of_an_unknown_or_hidden_convention_are_not_found(client, sccon):
    factories.ConventionFactory(slug="hidden", is_public=False)

    assert client.get("/events/nope/impressum/").status_code == 404
    assert client.get("/events/hidden/impressum/").status_code == 404


def test_every_page_footer_links_the_legal_pages(client, transactional_db, convention):
    convention.slug = "sccon"
    convention.save()
    build_released_programme(convention)
    pages = ["/", "/events/sccon/", "/events/sccon/speakers/", "/events/sccon/exhibitors/", "/events/sccon/register/"]
    pages += ["/login/", "/events/sccon/no-such-page/", *LEGAL_PATHS.values()]

    for path in pages:
        html = client.get(path + "?lang=de").content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', footer)
        assert links == [
            ("/events/sccon/impressum/?lang=de", "Impressum"),
            ("/events/sccon/datenschutz/?lang=de", "Datenschutzerklärung"),
            ("/events/sccon/barrierefreiheit/?lang=de", "Erklärung zur Barrierefreiheit"),
            ("/events/sccon/teilnahmebedingungen/?lang=de", "Teilnahmebedingungen"),
        ], path


def test_registration_consent_links_terms_and_privacy(client, sccon):
    factories.TicketTypeFactory(convention=sccon)

    html = client.get("/events/sccon/register/?lang=de").content.decode()

    consents = html[html.index("<legend>Einwilligungen</legend>") :]
    assert '<a href="/events/sccon/teilnahmebedingungen/?lang=de" target="_blank" rel="noopener">' in consents
    assert '<a href="/events/sccon/datenschutz/?lang=de" target="_blank" rel="noopener">' in consents


def test_accessibility_feedback_reaches_the_organizer_through_the_outbox(
    client, sccon, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    form = {
        "name": "Jana Muster",
        "email": "jana@example.org",
        "page": "Programm",
        "message": "Die Raumspalten sind mit der Tastatur nicht erreichbar.",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/events/sccon/barrierefreiheit/?lang=de", form)

    assert (response.status_code, response["Location"]) == (
        303,
        "/events/sccon/barrierefreiheit/?sent=1&lang=de#feedback",
    )
    row = OutboundMessage.objects.get(kind="accessibility_feedback")
    assert (row.recipient, row.convention_id, row.status) == ("programm@sccon.example", sccon.pk, "sent")
    assert [(email.to, email.subject) for email in mail.outbox] == [
        (["programm@sccon.example"], "Rückmeldung zur Barrierefreiheit: Smart Country Convention")
    ]
    body = mail.outbox[0].body
    assert "E-Mail-Adresse: jana@example.org" in body
    assert "Die Raumspalten sind mit der Tastatur nicht erreichbar." in body
    thanks = client.get(response["Location"]).content.decode()
    assert "Vielen Dank. Ihre Nachricht wurde an den Veranstalter gesendet" in thanks


def test_accessibility_feedback_goes_to_the_legal_contact_when_set(client, sccon):
    conventions.update_convention(convention=sccon, legal_contact_email="barrierefrei@sccon.example")

    client.post("/events/sccon/barrierefreiheit/", {"email": "jana@example.org", "message": "Kontrast zu gering."})

    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == ["barrierefrei@sccon.example"]


def test_accessibility_feedback_sent_twice_is_one_message(client, sccon):
    form = {"email": "jana@example.org", "message": "Kontrast zu gering."}

    client.post("/events/sccon/barrierefreiheit/", form)
    client.post("/events/sccon/barrierefreiheit/", form)

    assert OutboundMessage.objects.filter(kind="accessibility_feedback").count() == 1


def test_accessibility_feedback_errors_name_the_field(client, sccon):
    response = client.post("/events/sccon/barrierefreiheit/?lang=de", {"email": "no-address", "message": ""})

    html = response.content.decode()
    summary = html[
        html.index('<div class="error-summary"') : html.index("</div>", html.index('<div class="error-summary"'))
    ]
    assert response.status_code == 400
    assert '<a href="#id_email">Ihre E-Mail-Adresse: Bitte geben Sie eine gültige E-Mail-Adresse an.</a>' in summary
    assert '<a href="#id_message">Ihre Nachricht: Bitte beschreiben Sie die Barriere' in summary
    assert OutboundMessage.objects.count() == 0


def test_accessibility_feedback_is_rate_limited(client, sccon, settings):
    settings.MESSE_THROTTLE_RATES = settings.MESSE_THROTTLE_RATES | {"contact": "2/h"}

    statuses = [
        client.post("/events/sccon/barrierefreiheit/", {"email": "a@example.org", "message": f"Nummer {n}"}).status_code
        for n in range(3)
    ]

    assert statuses == [303, 303, 429]
    assert OutboundMessage.objects.count() == 2


def test_outbox_delivery_of_feedback_is_the_common_path(sccon):
    # The feedback is an ordinary outbox row: the common delivery claims and sends it.
    from events.services import legal

    [row] = legal.send_accessibility_feedback(
        convention=sccon, name="", email="a@example.org", message="Test", page="", language="en"
    )
    messages.deliver_message(message_id=row.pk)

    assert [email.to for email in mail.outbox] == [["programm@sccon.example"]]
