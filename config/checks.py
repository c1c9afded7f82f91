"""Deployment checks of our own, run by ``manage.py check --deploy`` next to Django's."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_secret_key_is_not_the_development_default(app_configs, **kwargs) -> list[CheckMessage]:
    # The built-in default is public (it is in the repository); Django's own W009 does not catch it because it
    # is long and varied enough.
    if settings.SECRET_KEY.startswith("messe-insecure-"):
        return [
            Warning(
                "SECRET_KEY is Messe's public development default.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value.",
                id="messe.W001",
            )
        ]
    return []
