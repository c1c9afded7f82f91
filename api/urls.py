from django.urls import path  # noqa: F401  (resources register their routes below)

app_name = "api"

urlpatterns: list = []
