"""What every page of every audience shares: the language links and the base context of ``pages/base.html``."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.http import urlencode

from web.middleware import LANGUAGE_CODES

# The only query parameters a page depends on. Public pages are cached by these alone, so made-up parameters
# (?x=1, ?x=2, …) can neither fill the cache nor change a page; the language links keep them and nothing else.
PAGE_PARAMETERS = ("view", "day", "track", "format", "language", "q", "hall", "lang")


def page_query(request: HttpRequest, *, without: str = "") -> list[tuple[str, str]]:
    return [(name, request.GET[name]) for name in PAGE_PARAMETERS if name in request.GET and name != without]


def language_links(request: HttpRequest) -> list[dict[str, object]]:
    current = translation.get_language()
    links = []
    for code, name in (("de", "Deutsch"), ("en", "English")):
        query = urlencode([*page_query(request, without="lang"), ("lang", code)])
        links.append({"code": code, "name": name, "url": f"{request.path}?{query}", "current": code == current})
    return links


def page_context(request: HttpRequest, *, nav: str = "", **extra: object) -> dict[str, object]:
    """The context ``pages/base.html`` needs (language links, time zone, navigation) plus the page's own."""
    lang = request.GET.get("lang", "")
    convention: Any = extra.get("convention")
    return {
        "language_links": language_links(request),
        "language": translation.get_language(),
        # The language chosen by link travels along in internal links (nothing is stored in a cookie).
        "lang_query": f"?lang={lang}" if lang in LANGUAGE_CODES else "",
        "time_zone": convention["time_zone"] if convention else settings.TIME_ZONE,
        "nav": nav,
        **extra,
    }
