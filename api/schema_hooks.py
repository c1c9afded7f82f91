"""drf-spectacular hooks that state in the schema what every operation of the API can answer.

Any endpoint may refuse a request before its own code runs: malformed JSON or invalid input (400), missing or
unknown credentials (401), a foreign or unknown object (404), a concurrent write that lost (409), a body over the
size limit (413) or a rate limit (429). All of these carry the same error body (``{"code", "message",
"fields"?}``, rendered by ``api.exceptions``). Views document their own success answers and may describe an
error code more precisely; this hook fills in the rest so clients (and schema-driven tests) can rely on every
answer being documented.
"""

from typing import Any

ERROR_SCHEMA_REF = "#/components/schemas/Error"

ERROR_DESCRIPTIONS = {
    "400": "Invalid input (`invalid`, `malformed_request` or a domain error code)",
    "401": "Missing, unknown or revoked credentials",
    "403": "Authenticated, but the action is not allowed for this account",
    "404": "Not found, or not visible to the caller",
    "409": "Conflicts with the current state or with a concurrent change",
    "413": "Request body too large",
    "422": "Understood but refused by a domain rule (e.g. an invalid badge code)",
    "429": "Rate limit exceeded (`throttled`, with `retry_after`)",
}
HTTP_METHODS = ("get", "put", "post", "patch", "delete")


def document_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add the error body under every error status an operation does not document itself."""
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    for path_item in result.get("paths", {}).values():
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_DESCRIPTIONS.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}},
                    },
                )
    return result
