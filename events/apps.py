from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Conventions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from events.models.fields import clean_text_fields_of

        for model in self.get_models():
            clean_text_fields_of(model)
