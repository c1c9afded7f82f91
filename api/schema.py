"""OpenAPI descriptions drf-spectacular cannot derive by itself (imported when the app is ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class AttendeeTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.AttendeeTokenAuthentication"
    name = "attendeeToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The access token an attendee received at registration: `Authorization: Bearer <token>`.",
        }
