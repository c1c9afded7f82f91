import pytest
from django.core.management import call_command


def test_openapi_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning (undocumented parameter, unresolvable serializer,
    # colliding operation id) into a failure; --validate checks the result against the OpenAPI 3 schema.
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    text = target.read_text()
    assert "/api/v1/events/{slug}/sessions/:" in text
    assert "/api/v1/manage/events/{slug}/sessions/{id}/:" in text


@pytest.mark.django_db
def test_schema_endpoint_serves_the_schema(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert "/api/v1/auth/token/" in response.json()["paths"]
