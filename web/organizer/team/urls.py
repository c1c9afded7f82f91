from django.urls import path

from web.organizer.team import views

urlpatterns = [
    path("", views.team_page, name="organizer-team"),
    path("<int:member_id>/", views.member_page, name="organizer-team-member"),
    path("<int:member_id>/remove/", views.remove_member, name="organizer-team-remove"),
    path("<int:member_id>/resend/", views.resend_invitation, name="organizer-team-resend"),
]
