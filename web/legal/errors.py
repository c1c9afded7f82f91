"""Error pages of the HTML routes (404, 403, 500) in the site's layout and the visitor's language.

``api.exceptions`` answers for ``/api/`` in the API's JSON shape and hands every other path to these. The 500
page touches neither the database nor the cache (either may be what failed) and falls back to plain HTML if
even its template cannot be rendered.
"""

import logging
import re
from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Convention

logger = logging.getLogger(__name__)
CONVENTION_PATH = re.compile(r"^/events/(?P<slug>[-\w]+)/")
FALLBACK_500 = (
    "<!DOCTYPE html><html><head><title>Server error</title></head><body><h1>Server error</h1>"
    "<p>Something went wrong on our side. Please try again in a few minutes.</p></body></html>"
)


def _convention_of(request: HttpRequest) -> Mapping[str, object] | None:
    """The convention the missing page would have belonged to, so its navigation and legal links stay."""
    match = CONVENTION_PATH.match(request.path)
    if match is None:
        return None
    return Convention.objects.filter(slug=match["slug"], is_public=True).values("slug", "name", "time_zone").first()


def _error_page(request: HttpRequest, *, status: int, template: str) -> HttpResponse:
    from web.pages import page_context as _context

    context = _context(request, convention=_convention_of(request), status=status)
    html = render_to_string(template, context, request=request)
    return HttpResponse(html, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, status=404, template="pages/errors/404.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, status=403, template="pages/errors/403.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context and no database: the language comes from the request's language cookie/header
    # already activated by LocaleMiddleware (or the default).
    context = {
        "language": translation.get_language(),
        "language_links": [],
        "lang_query": "",
        "time_zone": "UTC",
        "site_legal_slug": "",
        "status": 500,
    }
    html: str
    try:
        html = render_to_string("pages/errors/500.html", context)
    except Exception:
        logger.exception("the 500 page could not be rendered")
        html = FALLBACK_500
    return HttpResponse(html, status=500)
