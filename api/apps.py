from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Messe API"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the deployment checks)
