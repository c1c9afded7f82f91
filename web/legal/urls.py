from django.urls import path

from web.legal import views

app_name = "web_legal"

urlpatterns = [
    path("events/<slug:slug>/impressum/", views.legal_page, {"page": "imprint"}, name="imprint"),
    path("events/<slug:slug>/datenschutz/", views.legal_page, {"page": "privacy"}, name="privacy"),
    path("events/<slug:slug>/teilnahmebedingungen/", views.legal_page, {"page": "terms"}, name="terms"),
    path("events/<slug:slug>/barrierefreiheit/", views.accessibility, name="accessibility"),
]
