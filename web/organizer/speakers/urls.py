"""The speakers area of the organizer area, under ``/organize/<slug>/speakers/``."""

from django.urls import path

from web.organizer.speakers import views

urlpatterns = [
    path("", views.speakers_page, name="organizer-speakers"),
    path("add/", views.add_speaker, name="organizer-speakers-add"),
    path("roles/<int:role_id>/resend/", views.resend, name="organizer-speakers-resend"),
    path("material/<int:material_id>/publish/", views.publish_material, name="organizer-speakers-publish"),
]
