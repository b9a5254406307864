"""The API's error answers, declared once for every operation of the OpenAPI document.

ninja answers an error as `{"detail": "..."}` (401, 403, 404, 400, 409 without a body of its
own) and a failed validation as a 422 `{"detail": [{"type", "loc", "msg"}, ...]}`, but it only
documents the statuses an endpoint lists in `response=`. `declare_error_responses` adds to each
operation the errors it can give: 401 when it needs authentication, 422 when it takes input that
can fail validation, 404 when its path names something, 403 for a write (a browser session
without the CSRF token); and it gives every declared error without a body of its own the error
schema.
"""

from typing import Any

from ninja import Schema
from pydantic import Field

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"
UNSAFE_METHODS = {"post", "put", "patch", "delete"}

UNAUTHORIZED = "No valid token: missing, unknown, revoked or expired (and no logged-in session)"
INVALID = "A parameter or the body is invalid: each problem with its location and message"
NOT_FOUND = "Not found or not visible to the caller"
CSRF = "A logged-in browser session's write without the CSRF token"


class ErrorOut(Schema):
    """An error: what went wrong, in words."""

    detail: str


class ValidationIssue(Schema):
    """One invalid input: where (`loc`, e.g. ["query", "offset"]) and what (`msg`)."""

    type: str = Field(description="Kind of problem, e.g. less_than_equal")
    loc: list[str | int] = Field(description="Where: the part of the request, then the field")
    msg: str = Field(description="What is wrong, e.g. Input should be less than or equal to 200")
    ctx: dict[str, Any] | None = Field(None, description="The limit that was broken, if any")


class ValidationErrorOut(Schema):
    """A 422: the request's input does not validate; nothing was changed."""

    detail: list[ValidationIssue]


def _content(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _add_component_schemas(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    template = "#/components/schemas/{model}"
    for name, model in ((ERROR, ErrorOut), (VALIDATION_ERROR, ValidationErrorOut)):
        schema = model.model_json_schema(ref_template=template)
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema


def _declare(responses: dict[str, Any], status: int, description: str, schema: str) -> None:
    response = responses.setdefault(str(status), {"description": description})
    response.setdefault("content", _content(schema))


def _validated(parameter: dict[str, Any]) -> bool:
    """Whether a parameter can fail validation: any query parameter, a typed path one (a text
    path parameter, e.g. a CVR number, is checked by the endpoint and answers 404)."""
    if parameter.get("in") != "path":
        return True
    return parameter.get("schema", {}).get("type") != "string" or "format" in parameter["schema"]


def declare_error_responses(document: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers each operation can give to the OpenAPI `document` (in place)."""
    _add_component_schemas(document)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # ninja keys the statuses of `response=` and `openapi_extra` by int; JSON by text.
            responses = {str(status): value for status, value in operation["responses"].items()}
            operation["responses"] = responses
            parameters = operation.get("parameters", [])
            if operation.get("security"):
                _declare(responses, 401, UNAUTHORIZED, ERROR)
            if "requestBody" in operation or any(map(_validated, parameters)):
                _declare(responses, 422, INVALID, VALIDATION_ERROR)
            if any(parameter.get("in") == "path" for parameter in parameters) or "{" in path:
                _declare(responses, 404, NOT_FOUND, ERROR)
            if method in UNSAFE_METHODS:
                forbidden = responses.get("403")
                if forbidden is not None and CSRF not in forbidden["description"]:
                    forbidden["description"] += f"; or: {CSRF}"
                _declare(responses, 403, CSRF, ERROR)
            for status, response in responses.items():
                if status.startswith("4") and "content" not in response:
                    response["content"] = _content(ERROR)
    return document
