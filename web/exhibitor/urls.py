"""The exhibitor portal under ``/exhibitor/``, namespace ``exhibitor``."""

from django.urls import path

from web.exhibitor import views

app_name = "exhibitor"

BOOTH = "<int:exhibitor_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/<str:uid>/<str:token>/", views.sign_in_link, name="sign-in-link"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path(BOOTH, views.booth, name="booth"),
    path(BOOTH + "profile/", views.profile, name="profile"),
    path(BOOTH + "materials/", views.materials, name="materials"),
    path(BOOTH + "materials/<int:material_id>/delete/", views.material_delete, name="material-delete"),
    path(BOOTH + "staff/", views.staff, name="staff"),
    path(BOOTH + "staff/<int:member_id>/remove/", views.staff_remove, name="staff-remove"),
    path(
        BOOTH + "staff/<int:member_id>/pass/<str:action>/",
        views.pass_action,
        name="pass-action",
    ),
    path(BOOTH + "co-exhibitors/", views.co_exhibitors, name="co-exhibitors"),
    path(BOOTH + "co-exhibitors/<int:partner_id>/invite/", views.co_exhibitor_invite, name="co-exhibitor-invite"),
    path(BOOTH + "devices/", views.devices_page, name="devices"),
    path(BOOTH + "devices/<int:device_id>/revoke/", views.device_revoke, name="device-revoke"),
    path(BOOTH + "leads/", views.leads, name="leads"),
    path(BOOTH + "leads.csv", views.leads_csv, name="leads-csv"),
    path(BOOTH + "leads/<int:lead_id>/", views.lead_edit, name="lead"),
    path(BOOTH + "questions/", views.questions, name="questions"),
    path(BOOTH + "questions/<int:question_id>/delete/", views.question_delete, name="question-delete"),
    path(BOOTH + "talks/", views.talks, name="talks"),
]
