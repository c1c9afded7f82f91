from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Messe API"

    def ready(self) -> None:
        from api import schema  # noqa: F401  (registers OpenAPI descriptions of our auth schemes)
        from config import checks  # noqa: F401  (registers the deployment checks)
