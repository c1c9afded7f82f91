"""German pages have no English fragments: every string the pages translate — in templates ({% translate %} and
{% blocktranslate %}, plural forms too) and in the page code under web/ — has a German text."""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation.template import templatize

from scripts import german_catalogs
from web.organizer.imports.views import ITEM_LABELS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates" / "pages"
# Words that are the same in German.
SAME_IN_GERMAN = {
    "Format", "Workshop", "Ticket", "Website", "Cookies", "Keynote", "Badge", "OK", "Online", "Offline", "offline",
    "Messe", "Name", "Status", "Newsletter", "Scanner", "Leads", "Filter", "Link", "Logo", "Text", "Marketing", "Team",
    "Person",
    "Stand", "Stand %(number)s, %(hall)s", "Tickets", "Import", "Lead",
}  # fmt: skip

# What ``templatize`` (the function makemessages runs on templates) turns {% translate %}, {% blocktranslate %}
# and their plural and context forms into: calls of the gettext functions with string literals.
_CALL = re.compile(r"\b(gettext|ngettext|pgettext|npgettext)\(")
_LITERAL = re.compile(r"""\s*u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*,?""")
# The gettext functions as the page code imports them.
_CODE_FUNCTIONS = {
    "_": "gettext", "gettext": "gettext", "gettext_lazy": "gettext", "pgettext": "pgettext",
    "pgettext_lazy": "pgettext", "ngettext": "ngettext", "ngettext_lazy": "ngettext",
}  # fmt: skip


def _template_messages(path: Path) -> Iterator[tuple[str, list[str]]]:
    text = templatize(path.read_text(), origin=str(path))
    for call in _CALL.finditer(text):
        position, literals = call.end(), []
        while literal := _LITERAL.match(text, position):
            literals.append(ast.literal_eval(literal.group(1)))
            position = literal.end()
        yield call.group(1), literals


def _code_messages(path: Path) -> Iterator[tuple[str, list[str]]]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CODE_FUNCTIONS:
            literals = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            yield _CODE_FUNCTIONS[node.func.id], literals


def _untranslated(function: str, literals: list[str]) -> str | None:
    """The English text if the active language has no text of its own for it."""
    if function == "gettext" and literals:
        text = literals[0]
        return text if translation.gettext(text) == text else None
    if function == "pgettext" and len(literals) >= 2:
        return literals[1] if translation.pgettext(literals[0], literals[1]) == literals[1] else None
    if function in ("ngettext", "npgettext") and len(literals) >= 2:
        singular, plural = literals[-2], literals[-1]
        return singular if translation.ngettext(singular, plural, 1) == singular else None
    return None


def page_messages() -> list[tuple[str, str, list[str]]]:
    """Every message of every page template (all audiences) and of the page code under web/."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        found += [(str(path.relative_to(ROOT)), function, literals) for function, literals in _template_messages(path)]
    for path in sorted((ROOT / "web").rglob("*.py")):
        found += [(str(path.relative_to(ROOT)), function, literals) for function, literals in _code_messages(path)]
    return found


def test_the_page_messages_are_found():
    """The extraction sees {% translate %}, {% blocktranslate %} with plurals, and gettext in page code."""
    messages = {literals[0] for _, _, literals in page_messages() if literals}
    assert {"Sign up for this workshop", "%(seats)s seat left", "Workshop sign-up"} <= messages


def test_every_page_string_has_a_german_text():
    # Catches strings whose German text another catalog shadows too: Django's own sessions app "translates"
    # "Sessions" as "Sessions", and apps listed earlier win.
    with translation.override("de"):
        untranslated = [
            (path, text)
            for path, function, literals in page_messages()
            if (text := _untranslated(function, literals)) is not None and text not in SAME_IN_GERMAN
        ]

    assert untranslated == []


@pytest.mark.parametrize("informal", [r"\bdu\b", r"\bdich\b", r"\bdein", r"\bDu\b", r"\bDein"])
def test_german_catalogs_address_people_formally(informal):
    root = Path(__file__).resolve().parents[2]
    catalogs = [path for path in root.glob("*/**/locale/de/LC_MESSAGES/django.po") if ".venv" not in str(path)]
    texts = [line for path in catalogs for line in path.read_text().splitlines() if line.startswith("msgstr")]

    assert [text for text in texts if re.search(informal, text)] == []


def domain_messages() -> list[tuple[str, str, list[str]]]:
    """Every message the domain layer translates: refusals and import notes the pages and the API show."""
    found = []
    for folder in ("events/services", "events/imports"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += [(str(path.relative_to(ROOT)), function, literals) for function, literals in _code_messages(path)]
    return found


def test_every_domain_message_has_a_german_text():
    assert {"Unknown hall “%(name)s”.", "The convention is not open on %(date)s."} <= {
        literals[0] for _, _, literals in domain_messages() if literals
    }
    with translation.override("de"):
        untranslated = [
            (path, text)
            for path, function, literals in domain_messages()
            if (text := _untranslated(function, literals)) is not None and text not in SAME_IN_GERMAN
        ]

    assert untranslated == []


def test_one_msgid_has_one_german_text_in_all_catalogs():
    """Django shows the text of the first app in INSTALLED_APPS that has a msgid; another catalog's different text
    for it never shows, and the page that relies on it reads in someone else's words."""
    assert german_catalogs.conflicts() == {}


def test_django_and_library_catalogs_never_shadow_ours():
    """Every German text of our catalogs is the one a page shows: Django's and the libraries' catalogs (the admin's
    "Sichern" for Save, the sessions app's "Sessions") come after ours."""
    shadowed = []
    with translation.override("de"):
        for entry in german_catalogs.all_entries():
            if entry.msgid_plural or not entry.msgstr[0]:
                continue
            shown = (
                translation.pgettext(entry.context, entry.msgid) if entry.context else translation.gettext(entry.msgid)
            )
            if shown != entry.msgstr[0]:
                shadowed.append((entry.catalog, entry.msgid, shown, entry.msgstr[0]))
    assert shadowed == []


def _avoided_words() -> list[str]:
    """The glossary's last column (docs/translation.md): words a German text does not use."""
    rows = [line for line in (ROOT / "docs" / "translation.md").read_text().splitlines() if line.startswith("| ")]
    return [word for row in rows for word in re.findall(r"`([^`]+)`", row.strip().strip("|").split("|")[2])]


def test_german_catalogs_use_the_glossarys_words():
    assert {"Themenstrang", "Messe", "Sprecher*innen"} <= set(_avoided_words())
    found = [
        (entry.catalog, entry.msgid, word)
        for entry in german_catalogs.all_entries()
        for word in _avoided_words()
        for text in entry.msgstr
        # "Messe" is also the product's name: allowed where the English names it too.
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) and word not in entry.msgid
    ]

    assert found == []


def test_import_rows_name_their_kind_in_the_glossarys_words():
    """The import preview labels each row; Django's sessions app translates a bare "session" as "Sitzung"."""
    with translation.override("de"):
        labels = {kind: str(label) for kind, label in ITEM_LABELS.items()}

    assert labels["session"] == "Programmpunkt"
    assert labels["track"] == "Themenfeld"
