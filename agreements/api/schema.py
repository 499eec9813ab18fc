"""OpenAPI: the error responses every operation can give, described truthfully.

- 400 on writes and on lists (a bad filter value): `{"field": ["message", ...]}`.
  A detail read with `?format=` gives a 400 on `format` for a format it does not have.
- 401 for an anonymous writer, 403 without the model permission, 404 for an unknown slug or id,
  409 when deleting reference data still in use, 415 for a request body that is not JSON,
  429 when throttled: `{"detail": "message"}`.
- Error bodies are JSON only; `text/csv` (list and detail reads) is documented as CSV text.
- Reads are open: safe methods list "no authentication" (`{}`) next to token and session.
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Field errors: each key is a field (or a query parameter, or `non_field_errors`), "
        "each value the list of messages."
    ),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"signed_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
}


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong.")


ERROR_DESCRIPTIONS = {
    "400": "Bad input: field errors.",
    "401": "Not signed in: send `Authorization: Token <key>` or use a session.",
    "403": "Signed in without the permission for this operation.",
    "404": "No such object (or page).",
    "409": "The object is still used by other records and cannot be deleted.",
    "415": "The request body is not JSON: send `Content-Type: application/json`.",
    "429": "Too many requests: throttled.",
}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
BODY_METHODS = {"POST", "PUT", "PATCH"}

CSV_MEDIA_TYPE = "text/csv"
CSV_SCHEMA = {
    "type": "string",
    "description": (
        "CSV: a header row with the fields of the JSON shape, then one row per object (a list gives "
        "the rows of the page, without the page envelope). Lists of related objects are one cell of "
        "slugs (sources: URLs) joined by `;`."
    ),
}


class TrackerAutoSchema(AutoSchema):
    def get_request_serializer(self):
        write_class = getattr(self.view, "write_serializer_class", None)
        if write_class is not None and self.method in {"POST", "PUT", "PATCH"}:
            return write_class
        return super().get_request_serializer()

    def get_response_serializers(self):
        read_class = getattr(self.view, "read_serializer_class", None)
        if read_class is not None:
            return read_class
        return super().get_response_serializers()

    def get_auth(self):
        auths = super().get_auth()
        is_open_read = self.method in SAFE_METHODS and not getattr(self.view, "requires_authentication", False)
        if is_open_read and {} not in auths:
            auths.append({})  # anonymous reads are allowed (DjangoModelPermissionsOrAnonReadOnly)
        return auths

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if self.method == "GET" and str(status_code) == "200":
            headers["ETag"] = {
                "schema": {"type": "string"},
                "required": True,
                "description": "Send it back in `If-None-Match`: 304 while nothing in the body has changed.",
            }
            if "{" in self.path:
                headers["Last-Modified"] = {
                    "schema": {"type": "string"},
                    "required": True,
                    "description": (
                        "When the object itself last changed (`updated_at`), for information; "
                        "use `ETag` for conditional requests."
                    ),
                }
        return headers

    def _has_format_choice(self) -> bool:
        return len(self.map_renderers("format")) > 1

    def _error_codes(self) -> list[str]:
        is_detail = "{" in self.path
        codes = []
        if self.method in BODY_METHODS or (self.method == "GET" and (not is_detail or self._has_format_choice())):
            codes.append("400")
        if self.method in WRITE_METHODS or getattr(self.view, "requires_authentication", False):
            codes += ["401", "403"]
        if is_detail or self.method == "GET":
            codes.append("404")  # unknown object, or a page number past the end
        if self.method == "DELETE" and getattr(self.view, "can_conflict_on_delete", False):
            codes.append("409")
        if self.method in BODY_METHODS:
            codes.append("415")
        codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for response in responses.values():
            content = response.get("content", {}) if isinstance(response, dict) else {}
            if CSV_MEDIA_TYPE in content:
                content[CSV_MEDIA_TYPE] = {"schema": dict(CSV_SCHEMA)}
        for code in self._error_codes():
            if code in responses:
                continue
            body = VALIDATION_ERROR_SCHEMA if code == "400" else ErrorDetailSerializer
            response = self._get_response_for_code(body, code, media_types=["application/json"], direction=direction)
            response["description"] = ERROR_DESCRIPTIONS[code]
            responses[code] = response
        return responses


def _exclusive_blank_uri(node) -> None:
    """`oneOf: [uri, maxLength 0]` (a URL field that may be blank) with `minLength: 1` on the URI branch.

    Without it "" matches both branches wherever `format` is not checked, and `oneOf` then fails.
    """
    if isinstance(node, dict):
        branches = node.get("oneOf")
        if isinstance(branches, list) and any(b.get("maxLength") == 0 for b in branches if isinstance(b, dict)):
            for branch in branches:
                if isinstance(branch, dict) and branch.get("format") == "uri":
                    branch.setdefault("minLength", 1)
        for value in node.values():
            _exclusive_blank_uri(value)
    elif isinstance(node, list):
        for value in node:
            _exclusive_blank_uri(value)


def postprocess_blank_uris(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    _exclusive_blank_uri(result.get("components", {}))
    return result
