from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
API_PREFIX = "/api/"


class QueryLanguageMiddleware:
    """``?lang=de`` or ``?lang=en`` overrides the Accept-Language choice of ``LocaleMiddleware`` for one request.

    The language switch on the pages is a plain link, so a shared link shows the page in the language it was
    shared in, and nothing is stored in a cookie or session (pages stay cacheable by URL).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)  # a switch of the pages; the API does not read a query language
        language = request.GET.get("lang", "")
        if language not in LANGUAGE_CODES:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
            return response
