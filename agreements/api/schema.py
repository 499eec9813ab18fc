"""OpenAPI: the error responses every operation can give, described truthfully.

- 400 on writes and on lists (a bad filter value): `{"field": ["message", ...]}`.
- 401 for an anonymous writer, 403 without the model permission, 404 for an unknown slug or id,
  409 when deleting reference data still in use, 429 when throttled: `{"detail": "message"}`.
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

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
    "429": "Too many requests: throttled.",
}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


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

    def _error_codes(self) -> list[str]:
        is_detail = "{" in self.path
        codes = []
        if self.method in {"POST", "PUT", "PATCH"} or (self.method == "GET" and not is_detail):
            codes.append("400")
        if self.method in WRITE_METHODS or getattr(self.view, "requires_authentication", False):
            codes += ["401", "403"]
        if is_detail or self.method == "GET":
            codes.append("404")  # unknown object, or a page number past the end
        if self.method == "DELETE" and getattr(self.view, "can_conflict_on_delete", False):
            codes.append("409")
        codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            body = VALIDATION_ERROR_SCHEMA if code == "400" else ErrorDetailSerializer
            response = self._get_response_for_code(body, code, media_types=["application/json"], direction=direction)
            response["description"] = ERROR_DESCRIPTIONS[code]
            responses[code] = response
        return responses
