from django.urls import path

from api.views import payments as payment_views
from api.views import registrations as registration_views
from api.views import ticketing as ticketing_views

app_name = "api"

urlpatterns: list = []

urlpatterns += [
    path(
        "events/<slug:slug>/ticket-types/",
        ticketing_views.TicketTypeListView.as_view(),
        name="ticket-type-list",
    ),
    path(
        "events/<slug:slug>/ticket-types/<int:pk>/",
        ticketing_views.TicketTypeDetailView.as_view(),
        name="ticket-type-detail",
    ),
    path("events/<slug:slug>/vouchers/", ticketing_views.VoucherListView.as_view(), name="voucher-list"),
    path("events/<slug:slug>/vouchers/<int:pk>/", ticketing_views.VoucherDetailView.as_view(), name="voucher-detail"),
    path("events/<slug:slug>/questions/", ticketing_views.QuestionListView.as_view(), name="question-list"),
    path(
        "events/<slug:slug>/questions/<int:pk>/", ticketing_views.QuestionDetailView.as_view(), name="question-detail"
    ),
    path(
        "events/<slug:slug>/registrations/",
        registration_views.ConventionRegistrationsView.as_view(),
        name="convention-registrations",
    ),
    path(
        "events/<slug:slug>/registrations.csv",
        registration_views.ConventionRegistrationsCsvView.as_view(),
        name="convention-registrations-csv",
    ),
    path("registrations/<str:code>/", registration_views.RegistrationDetailView.as_view(), name="registration-detail"),
    path(
        "registrations/<str:code>/cancel/",
        registration_views.RegistrationCancelView.as_view(),
        name="registration-cancel",
    ),
    path("payments/stripe/webhook/", payment_views.StripeWebhookView.as_view(), name="stripe-webhook"),
]
