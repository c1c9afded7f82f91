"""Every e-mail speaks one language: German from the events catalog, English from the templates' msgids.

The templates branch on nothing; ``render_message`` renders them under ``translation.override`` of the
recipient's language, so a missing or stale translation would leave an English sentence in a German e-mail.
"""

import ast
import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from events.services.messages import render_message

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"
CATALOG = Path(settings.BASE_DIR) / "events" / "locale" / "de" / "LC_MESSAGES" / "django.po"
TEMPLATES = sorted({path.name.split(".")[0] for path in EMAILS.iterdir()})
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalog() -> list[tuple[str | None, str, str]]:
    """(msgctxt, msgid, msgstr) of every entry of the .po file."""
    entries, current, key = [], {}, None
    for line in [*CATALOG.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append((current.get("msgctxt"), current["msgid"], current.get("msgstr", "")))
            current, key = {}, None
        elif match := re.match(r'^(msgctxt|msgid|msgstr) (".*")$', line):
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries


def _fragments(text: str) -> list[str]:
    """The literal pieces of a message between its placeholders that are words, not punctuation."""
    pieces = (piece.strip(" ,.:;()\n") for piece in PLACEHOLDER.split(re.sub(r"<[^>]*>", "%(tag)s", text)))
    return [piece for piece in pieces if len(piece) >= 4 and re.search(r"[A-Za-zÄÖÜäöüß]{3}", piece)]


ENGLISH = [f for _, msgid, msgstr in _catalog() if msgid != msgstr for f in _fragments(msgid)]
GERMAN = [f for _, msgid, msgstr in _catalog() if msgid != msgstr for f in _fragments(msgstr)]


def _context(status: str) -> dict:
    start = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)
    registration = SimpleNamespace(
        first_name="Ada",
        last_name="Lovelace",
        full_name="Ada Lovelace",
        code="K7Q2MX",
        status=status,
        refund_status="pending",
    )
    room = SimpleNamespace(name="Saal 1", hall=SimpleNamespace(name="Halle 2"))
    return {
        "registration": registration,
        "convention": SimpleNamespace(name="Messe 2026"),
        "ticket_name": "Tagesticket",
        "magic_link": "https://messe.example/r/K7Q2MX/?token=t",
        "title": "Rust im Maschinenbau",
        "details": SimpleNamespace(
            start=start,
            end=start + dt.timedelta(hours=1),
            location="Saal 1, Halle 2",
            url="https://messe.example/s/1",
            convention_name="Messe 2026",
        ),
        "day": start.date(),
        "sections": [{"exhibitor": "ACME", "materials": [{"title": "Flyer", "url": "https://messe.example/f"}]}],
        "materials": [{"title": "Folien", "url": "https://messe.example/m"}],
        "session": SimpleNamespace(start=start, room=room),
        "url": "https://messe.example/s/1",
        "time_zone": "Europe/Berlin",
        "start": start,
        "end": start + dt.timedelta(hours=1),
        "place": "Saal 1, Halle 2",
        "position": 3,
        "subject": "Hallenplan",
        "body": "Halle 2 öffnet um 9 Uhr.",
        "marketing": status == "confirmed",
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "page": "https://messe.example/events/messe-2026/",
        "message": "Der Kontrast der Knöpfe ist zu gering.",
        "sender_language": "de",
    }


def _reads(fragment: str, text: str) -> bool:
    """Whether ``text`` says ``fragment`` as words: the catalog also holds one-word fragments (the domain's
    "events", "Tage"), which a link (…/events/…) or a name (Tagesticket) holds without saying them."""
    prose = re.sub(r"https?://\S+", " ", text)
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", prose) is not None


def _render(template: str, language: str, status: str) -> str:
    with timezone.override("Europe/Berlin"):
        return "\n".join(render_message(template=template, context=_context(status), language=language))


def test_every_catalog_entry_is_translated_and_compiled():
    entries = _catalog()
    assert entries
    with translation.override("de"):
        for context, msgid, msgstr in entries:
            assert msgstr, msgid
            assert (pgettext(context, msgid) if context else gettext(msgid)) == msgstr


def test_no_email_template_branches_on_the_language():
    for path in EMAILS.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "language ==" not in text and "lang ==" not in text, path.name


@pytest.mark.parametrize("status", ["confirmed", "cancelled", "expired"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_email_renders_in_german_without_english_and_in_english_without_german(template, status):
    german, english = _render(template, "de", status), _render(template, "en", status)

    assert german != english
    assert [fragment for fragment in ENGLISH if _reads(fragment, german)] == []
    assert [fragment for fragment in GERMAN if _reads(fragment, english)] == []


def test_registration_confirmation_reads_the_same_in_german_as_before():
    subject, body, html = render_message(
        template="registration_confirmed", context=_context("confirmed"), language="de"
    )

    assert subject == "Anmeldung bestätigt: Messe 2026 (K7Q2MX)"
    assert body.startswith("Guten Tag Ada Lovelace,\n\nIhre Anmeldung für Messe 2026 ist bestätigt.\n\n")
    assert "Anmeldecode: K7Q2MX" in body
    assert '<a href="https://messe.example/r/K7Q2MX/?token=t">Ihr Badge und Ihre Anmeldung</a>' in html
