"""A service's ValidationError shown on the form that called it, once.

Services raise Django's ValidationError (with a field → messages dict when the
error belongs to a field); views put each message next to its field, or on top
of the form when the form has no such field, so nothing a service says is
lost and the page and the API (casemgr.api.exception_handler) say the same.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def apply_service_errors(form: Any, error: ValidationError) -> None:
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, field_errors in errors.items():
        target = field if field in form.fields else None
        for message in (m for e in field_errors for m in e.messages):
            form.add_error(target, message)
