"""One rule for what a request carries: every parameter a page or the API reads is
parsed through a form whose fields are bounded (length, NUL, date and number
ranges, page numbers, types), and bad input is answered with a 400 that says what
was wrong — a page for a browser, the API's structured error body for /api/ —
never a 500.

- ``QueryForm``: the base of every query-string form. Fields it holds get the
  bounds below even when the subclass forgot them (text length, sane dates,
  64-bit whole numbers). ``QueryForm.parse(request)`` returns the cleaned values
  or raises ``InvalidParameters``.
- ``parse(request, **fields)``: the same for a few loose parameters.
- ``validate_sane_date`` / ``SaneDateField``: dates between 1900-01-01 and
  2199-12-31, for every date a user types (trigger events, calendar, filters);
  the validator serves DRF serializer fields and django-filter filters too.
- NUL bytes: Django's and DRF's CharField refuse them in form and JSON fields;
  the middleware refuses them in any query string; ``clean_text`` checks a search
  term read outside a form.
- ``ParameterGuardMiddleware``: the door. It refuses a query string with a NUL
  byte or an absurdly long value, a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE,
  or more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, before any view runs; and it
  renders ``InvalidParameters`` (and ``casemgr.ratelimit.RateLimited``) raised by a
  view, and a missing row's ``DoesNotExist`` as the 404 it is. The API's exception handler (casemgr.api) does the same for DRF views.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    TooManyFieldsSent,
    ValidationError,
)
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

from casemgr.ratelimit import RateLimited, too_many_requests

# Dates a person can mean: a trigger event, a filter, a calendar page.
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2199, 12, 31)
# A search box or a name filter: no page sends more.
MAX_TEXT = 200
# Any one value of a query string: longer is not from a page of casemgr.
MAX_QUERY_VALUE = 2000
# Primary keys are 64-bit; a larger number cannot name a row (and breaks the SQL).
MAX_ID = 2**63 - 1
# Page numbers: 50 rows a page, 10,000 pages is past any list.
MAX_PAGE = 10_000


def validate_sane_date(value: datetime.date) -> None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            f"Give a date between {DATE_MIN:%Y-%m-%d} and {DATE_MAX:%Y-%m-%d}.",
            code="date_range",
        )


class SaneDateField(forms.DateField):
    """A date between DATE_MIN and DATE_MAX."""

    default_validators = [validate_sane_date]


class IdField(forms.IntegerField):
    """The id of a row: a whole number from 1 to 2**63 - 1."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class PageField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_PAGE)
        super().__init__(**kwargs)


class TextField(forms.CharField):
    """A search term or a name: at most MAX_TEXT characters, no NUL (CharField's)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_TEXT)
        super().__init__(**kwargs)


def bound_field(field: forms.Field) -> forms.Field:
    """Add the bounds every parameter must have to a field that lacks them."""
    if isinstance(field, forms.CharField) and field.max_length is None:
        field.max_length = MAX_TEXT
        field.validators.append(MaxLengthValidator(MAX_TEXT))
    if isinstance(field, forms.DateField) and validate_sane_date not in field.validators:
        field.validators.append(validate_sane_date)
    if isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.max_value = MAX_ID
            field.validators.append(MaxValueValidator(MAX_ID))
        if field.min_value is None:
            field.min_value = -MAX_ID
            field.validators.append(MinValueValidator(-MAX_ID))
    return field


class InvalidParameters(Exception):
    """A request's parameters are not valid; ``errors`` maps each to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


def _errors_of(form: forms.Form) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


class QueryForm(forms.Form):
    """A form over a query string whose every field is bounded (see bound_field)."""

    page = PageField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_field(field)

    def require_valid(self) -> dict[str, Any]:
        """The cleaned values, or InvalidParameters naming what is wrong."""
        if self.is_bound and not self.is_valid():
            raise InvalidParameters(_errors_of(self))
        return self.cleaned_data if self.is_bound else {}

    @classmethod
    def parse(cls, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        return cls(request.GET, **kwargs).require_valid()


def parse(request: HttpRequest, **fields: forms.Field) -> dict[str, Any]:
    """Parse a few loose parameters: ``parse(request, q=TextField(), page=PageField())``."""
    form_class = type("Parameters", (QueryForm,), dict(fields))
    return form_class(request.GET).require_valid()


def clean_text(value: str, *, name: str = "search") -> str:
    """A search term read outside a form, checked as TextField checks it."""
    try:
        return TextField().clean(value)
    except ValidationError as error:
        raise InvalidParameters({name: list(error.messages)}) from None


def page_number(request: HttpRequest) -> int:
    """The page a list is asked for: 1 to MAX_PAGE, 1 when not given."""
    return parse(request).get("page") or 1


# --- Responses --------------------------------------------------------------------


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(
    request: HttpRequest, errors: dict[str, list[str]], *, status: int = 400
) -> HttpResponse:
    """The answer to bad input: the API's error body, or a page naming each problem."""
    if is_api(request):
        return JsonResponse(
            {"detail": "The request has invalid parameters.", "code": "invalid", "errors": errors},
            status=status,
        )
    return render(request, "casemgr/bad_request.html", {"errors": errors}, status=status)


def _query_errors(request: HttpRequest) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, values in request.GET.lists():
        name = key if "\x00" not in key and len(key) <= 100 else "parameter name"
        if "\x00" in key or any("\x00" in v for v in values):
            errors.setdefault(name, []).append("Null characters are not allowed.")
        elif len(key) > 100 or any(len(v) > MAX_QUERY_VALUE for v in values):
            errors.setdefault(name, []).append(
                f"Too long: a parameter has at most {MAX_QUERY_VALUE} characters."
            )
    return errors


# Where a middleware that read request.POST first keeps the parse error for the guard.
POST_ERROR_ATTR = "casemgr_post_error"


class ParameterGuardMiddleware:
    """Refuses hostile input before any view reads it (see the module docstring).

    Sits before CsrfViewMiddleware, which is the first to read a form body: a body
    with too many fields or bytes is refused here with a message, not by the
    exception deep in the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # In process_view, not __call__: the user is known (the 400 page has the
        # navigation), and this still runs before CsrfViewMiddleware reads the form.
        errors = _query_errors(request)
        if errors:
            return bad_request(request, errors)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        content_type = request.META.get("CONTENT_TYPE", "")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit and not content_type.startswith("multipart/"):
            return bad_request(
                request,
                {"body": [f"The request body is larger than {limit:,} bytes."]},
                status=413,
            )
        if request.method == "POST":
            try:
                # A middleware before this one may have met the error first (the
                # form-token middleware reads the token): Django then leaves an
                # empty POST behind, so the error it kept is raised again here.
                earlier = getattr(request, POST_ERROR_ATTR, None)
                if earlier is not None:
                    raise earlier
                request.POST  # noqa: B018 -- parse the form now, within the limits
            except TooManyFieldsSent:
                fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
                return bad_request(
                    request,
                    {
                        "form": [
                            f"The form has more than {fields:,} fields; no page sends that many."
                        ]
                    },
                )
            except RequestDataTooBig:
                return bad_request(
                    request,
                    {"body": [f"The request body is larger than {limit:,} bytes."]},
                    status=413,
                )
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, InvalidParameters):
            return bad_request(request, exception.errors)
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        if isinstance(exception, ObjectDoesNotExist):
            # A view (django-otp's admin, for one) looked up a missing row with
            # .get(): the row does not exist, which is a 404, not a server error.
            return page_not_found(request, Http404(str(exception)))
        return None


# --- The API's description -------------------------------------------------------


def openapi_parameters(form_class: type[forms.Form]) -> list[Any]:
    """The query parameters a QueryForm reads, for drf-spectacular's
    ``extend_schema(parameters=...)``: the API documents exactly what it parses."""
    from drf_spectacular.types import OpenApiTypes  # the API layer's own library
    from drf_spectacular.utils import OpenApiParameter

    parameters = []
    for name, field in form_class.base_fields.items():
        schema_type: Any = OpenApiTypes.STR
        extra: dict[str, Any] = {}
        if isinstance(field, forms.IntegerField):
            schema_type = OpenApiTypes.INT
        elif isinstance(field, forms.DateField):
            schema_type = OpenApiTypes.DATE
        elif isinstance(field, forms.BooleanField):
            schema_type = OpenApiTypes.BOOL
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            extra["enum"] = [value for value, _ in field.choices if value != ""]
        parameters.append(
            OpenApiParameter(
                name, schema_type, required=field.required, description=str(field.label or ""),
                **extra,
            )
        )  # fmt: skip
    return parameters
