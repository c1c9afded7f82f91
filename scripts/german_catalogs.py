"""The German catalogs side by side: which msgid has two different German texts across the apps' catalogs.

Django looks a msgid up in the catalog of the first app in INSTALLED_APPS that has it, so a second catalog's text
for the same msgid never shows. Usage (from the repository root)::

    python scripts/german_catalogs.py            # msgids with different German texts, the shown one first
    python scripts/german_catalogs.py WORD ...   # every German text containing one of the words, per catalog
"""

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Entry:
    catalog: str  # the app's label as INSTALLED_APPS names it, e.g. "web.organizer.imports"
    context: str | None
    msgid: str
    msgid_plural: str | None
    msgstr: tuple[str, ...]  # one text, or one per plural form

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return self.context, self.msgid, self.msgid_plural


def catalog_paths() -> list[tuple[str, Path]]:
    """The German catalogs of Messe's apps, in INSTALLED_APPS order (the order Django looks them up in)."""
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path) / "locale" / "de" / "LC_MESSAGES" / "django.po"
        if path.is_file() and ROOT in path.parents and ".venv" not in path.parts:
            found.append((config.name, path))
    return found


def read_catalog(name: str, path: Path) -> list[Entry]:
    """The translated entries of one .po file (the header and obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    current: str | None = None

    def finish() -> None:
        if fields.get("msgid"):
            plural = fields.get("msgid_plural")
            texts = (
                tuple(fields[key] for key in sorted(k for k in fields if k.startswith("msgstr[")))
                if plural is not None
                else (fields.get("msgstr", ""),)
            )
            entries.append(Entry(name, fields.get("msgctxt"), fields["msgid"], plural, texts))
        fields.clear()

    for line in [*path.read_text().splitlines(), ""]:
        line = line.strip()
        if line.startswith('"') and current is not None:
            fields[current] += ast.literal_eval(line)
            continue
        if not line or line.startswith("#"):
            if current is not None:
                finish()
            current = None
            continue
        keyword, _, literal = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and current not in (None, "msgctxt"):
            finish()
        current = keyword
        fields[keyword] = ast.literal_eval(literal)
    return entries


def all_entries() -> list[Entry]:
    return [entry for name, path in catalog_paths() for entry in read_catalog(name, path)]


def conflicts() -> dict[tuple[str | None, str, str | None], list[Entry]]:
    """msgids with more than one German text, each with its entries in lookup order (the first one shows)."""
    by_key: dict[tuple[str | None, str, str | None], list[Entry]] = {}
    for entry in all_entries():
        by_key.setdefault(entry.key, []).append(entry)
    return {key: found for key, found in by_key.items() if len({entry.msgstr for entry in found}) > 1}


def main(words: list[str]) -> int:
    if words:
        for entry in all_entries():
            for text in entry.msgstr:
                if any(word.lower() in text.lower() for word in words):
                    print(f"{entry.catalog}: {entry.msgid!r} -> {text!r}")
        return 0
    found = conflicts()
    for (context, msgid, _), entries in found.items():
        print(f"{msgid!r}" + (f" (context {context!r})" if context else ""))
        for position, entry in enumerate(entries):
            print(f"  {'shown ' if position == 0 else 'hidden'} {entry.catalog}: {' | '.join(entry.msgstr)!r}")
    print(f"{len(found)} msgids with different German texts")
    return 1 if found else 0


if __name__ == "__main__":
    import os

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    sys.exit(main(sys.argv[1:]))
