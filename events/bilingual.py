"""Content organizers write in two languages (``<field>_de`` and ``<field>_en``), read through one accessor.

Leaf module: models, exports, services and pages import it. The rule, written once here: the text in the reader's
language, or the other language's when that one was left empty (a session with only a German title still has a
title on the English page).
"""

from collections.abc import Mapping
from typing import Any

GERMAN = "de"


def in_language(german: str | None, english: str | None, language: str | None) -> str:
    """``german`` or ``english`` for ``language`` ("de", "de-at", "en", …), falling back to the other one."""
    if (language or "")[:2] == GERMAN:
        return german or english or ""
    return english or german or ""


def field_in(source: Any, field: str, language: str | None) -> str:
    """``source.<field>_de`` / ``_en`` (a model instance, or a mapping such as a release snapshot's row) in
    ``language``; see ``in_language``."""
    if isinstance(source, Mapping):
        return in_language(source.get(f"{field}_de"), source.get(f"{field}_en"), language)
    return in_language(getattr(source, f"{field}_de", ""), getattr(source, f"{field}_en", ""), language)
