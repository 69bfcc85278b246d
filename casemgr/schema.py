"""The OpenAPI description's error responses: every operation documents the
error answers it can give, all with the one error body of
``casemgr.api.exception_handler``, so a generated client knows them and the
Schemathesis run can hold the API to its contract (no undocumented status)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (casemgr.api.exception_handler)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="On a 400: field name → list of messages (non_field_errors for the whole "
        "request); for a list or nested field, the same shape by index or field.",
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="On a 429: seconds to wait (also the Retry-After header)."
    )

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": "Invalid input: a field, a query parameter or a business rule (see errors).",
    "401": "No credentials, or a token that is unknown, expired or revoked.",
    "403": "Not allowed: a read-only token or role, or an action the rules refuse.",
    "404": "Not found, or not visible to you (the two are never told apart).",
    "409": "Stale write: the record was changed since the version you sent.",
    "429": "Rate limited; retry after the Retry-After header's seconds.",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ErrorResponsesAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the error answers an operation can give:
    400, 404 and 429 everywhere (query parameters are checked, firm-admin routes
    and hidden objects answer 404, every request counts against the rate
    limit), 401/403 where sign-in is required, 409 on writes (the versioned
    ones answer it for a stale version). An operation's own ``extend_schema``
    responses win over these."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return bodies
        codes = ["400", "404", "429"]
        if not all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if self.method not in SAFE_METHODS:
            codes.append("409")
        for code in sorted(codes):
            if code not in bodies:
                bodies[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERRORS[code]), code
                )
        return bodies
