"""The pages, one package per audience (``web/<audience>/urls.py``), all under the ``web`` namespace.

Each audience's module lists its own routes; add a new audience as one more line here.
"""

from django.urls import include, path

from web import media
from web.attendee import urls as attendee
from web.organizer import urls as organizer
from web.public import urls as public
from web.speaker import urls as speaker
from web.staff import urls as staff

app_name = "web"

urlpatterns = [
    *public.urlpatterns,
    *staff.urlpatterns,
    *attendee.urlpatterns,
    *speaker.urlpatterns,
    path("organize/<slug:slug>/", include("web.organizer.gates.urls")),
    path("organize/<slug:slug>/exhibitors/", include("web.organizer.exhibitors.urls")),
    path("organize/<slug:slug>/", include("web.organizer.tickets.urls")),
    path("organize/<slug:slug>/", include("web.organizer.imports.urls")),
    path("organize/<slug:slug>/programme/", include("web.organizer.programme.urls")),
    path("organize/<slug:slug>/board/", include("web.organizer.board.urls")),
    path("organize/<slug:slug>/speakers/", include("web.organizer.speakers.urls")),
    *organizer.urlpatterns,
    # Uploaded files, from the storage backend, with access checked per file (all audiences).
    path("media/<path:name>", media.MediaView.as_view(), name="media"),
]
