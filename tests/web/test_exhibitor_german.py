"""The exhibitor portal's and the organizers' exhibitor pages in German use their own catalogs' words: a msgid
that an app listed earlier translates differently (Django's admin says "Sichern" for "Save") would win there."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1(?:\s+context\s+(["'])(.+?)\3)?""")
AREAS = {
    "exhibitor": (ROOT / "templates/pages/exhibitor", ROOT / "web/exhibitor/locale/de/LC_MESSAGES/django.mo"),
    "organizer exhibitors": (
        ROOT / "templates/pages/organizer/exhibitors",
        ROOT / "web/organizer/exhibitors/locale/de/LC_MESSAGES/django.mo",
    ),
}


def own_catalog(mo: Path) -> gettext.GNUTranslations:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def strings_of(templates: Path) -> list[tuple[str, str, str | None]]:
    return [
        (path.name, match.group(2), match.group(4))
        for path in sorted(templates.rglob("*.html"))
        for match in TRANSLATE.finditer(path.read_text())
    ]


@pytest.mark.parametrize("area", AREAS)
def test_page_strings_show_their_own_catalogs_german(area):
    templates, mo = AREAS[area]
    catalog = own_catalog(mo)
    shadowed = []
    with translation.override("de"):
        for name, text, context in strings_of(templates):
            own = catalog.pgettext(context, text) if context else catalog.gettext(text)
            shown = translation.pgettext(context, text) if context else translation.gettext(text)
            if own != text and own != shown:
                shadowed.append((name, text, own, shown))

    assert shadowed == []


@pytest.mark.parametrize("area", AREAS)
def test_every_catalog_entry_is_the_german_shown(area):
    """Strings of forms, messages and services too: each of the catalog's own texts is the one Django shows."""
    catalog = own_catalog(AREAS[area][1])
    shadowed = []
    with translation.override("de"):
        for key, own in catalog._catalog.items():  # type: ignore[attr-defined]
            if not key or isinstance(key, tuple):
                continue  # the header, plural forms
            context, _sep, text = key.rpartition("\x04")
            shown = translation.pgettext(context, text) if context else translation.gettext(text)
            if own and own != shown:
                shadowed.append((text, own, shown))

    assert shadowed == []


def test_the_german_profile_page_says_speichern(client, convention, settings):
    from events.models import ExhibitorStaffMember
    from tests import factories

    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    manager = factories.UserFactory(email="ada@govtech.example")
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=manager, is_manager=True)
    client.force_login(manager)

    page = client.get(f"/exhibitor/{exhibitor.pk}/profile/?lang=de").content.decode()

    assert '<button type="submit">Speichern</button>' in page
    assert "Sichern" not in page
