from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Conventions"
    default_auto_field = "django.db.models.BigAutoField"
