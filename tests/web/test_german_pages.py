"""German pages have no English fragments: every string the page templates translate has a German text."""

import re
from pathlib import Path

import pytest
from django.utils import translation

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"
# Words that are the same in German.
SAME_IN_GERMAN = {
    "Format", "Workshop", "Ticket", "Website", "Cookies", "Keynote", "Badge", "OK", "Online", "Messe", "Name",
    "Status", "Newsletter", "Scanner",
}  # fmt: skip
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")


def page_strings() -> list[tuple[str, str]]:
    found = []
    # The audiences of the first visit; other audiences' pages carry their own catalogs and checks.
    paths = [TEMPLATES / "base.html"] + [
        path
        for audience in ("public", "attendee", "staff", "legal", "errors")
        for path in (TEMPLATES / audience).rglob("*.html")
    ]
    for path in sorted(paths):
        for match in TRANSLATE.finditer(path.read_text()):
            found.append((str(path.relative_to(TEMPLATES)), match.group(2)))
    return found


def test_every_page_string_has_a_german_text():
    # Catches strings whose German text another catalog shadows too: Django's own sessions app "translates"
    # "Sessions" as "Sessions", and apps listed earlier win.
    with translation.override("de"):
        untranslated = [
            (path, text)
            for path, text in page_strings()
            if text not in SAME_IN_GERMAN and translation.gettext(text) == text
        ]

    assert untranslated == []


@pytest.mark.parametrize("informal", [r"\bdu\b", r"\bdich\b", r"\bdein", r"\bDu\b", r"\bDein"])
def test_german_catalogs_address_people_formally(informal):
    root = Path(__file__).resolve().parents[2]
    catalogs = [path for path in root.glob("*/**/locale/de/LC_MESSAGES/django.po") if ".venv" not in str(path)]
    texts = [line for path in catalogs for line in path.read_text().splitlines() if line.startswith("msgstr")]

    assert [text for text in texts if re.search(informal, text)] == []
