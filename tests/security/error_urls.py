"""The site's routes plus views that fail on purpose, for the error-shape test."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_patterns


def fails(request):
    raise RuntimeError("a bug")


@csrf_exempt
def bare(request, status: int):
    if status == 400:
        return HttpResponseBadRequest("<h1>Bad Request</h1>")
    return HttpResponse(request.GET.get("text", ""), status=status, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("api/v1/test/fails/", fails),
    path("api/v1/test/bare/<int:status>/", bare),
    path("test/fails/", fails),
    path("test/bare/<int:status>/", bare),
    *site_patterns,
]
