"""The organizer area under ``/organize/``, names in the ``web`` namespace (``web:organizer-<area>-<thing>``).

Areas of the organizer area include their own ``urls.py`` under ``organize/<slug:slug>/`` in ``web/urls.py``.
"""

from django.urls import include, path

from web.organizer import views

urlpatterns = [
    path("organize/", views.conventions, name="organizer-conventions"),
    path("organize/<slug:slug>/", views.home, name="organizer-home"),
    path("organize/<slug:slug>/sign-in/<str:uid>/<str:token>/", views.sign_in_link, name="organizer-sign-in-link"),
    path("organize/<slug:slug>/team/", include("web.organizer.team.urls")),
]
