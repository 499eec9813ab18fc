"""One exception handler: every bad input is a 400 with `{"field": ["message", ...]}`.

Django's ValidationError (raised by services through `full_clean()`) and an IntegrityError
(a unique constraint lost to a concurrent request) become 400s; deleting reference data that
is still used (a PROTECT foreign key) is a 409. Field errors are never wrapped in "detail".
Every error is JSON, whatever `?format=` asked for: CSV is for rows, and the schema documents
error bodies as JSON only.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This object is still in use."
    default_code = "conflict"


def django_errors_as_dict(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        result = {}
        for field, errors in error.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            result[key] = list(errors)
        return result
    return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError):  # before IntegrityError: it is a subclass
        names = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        exc = Conflict(_("Still used by: %(objects)s. Remove those first.") % {"objects": ", ".join(names)})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_errors_as_dict(exc))
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("This conflicts with an existing record (duplicate or invalid).")]}
        )
    elif isinstance(exc, DataError):
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [_("A value is out of range.")]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = flatten_errors(response.data)
    request = context.get("request")
    if request is not None:
        # The view's finalize_response renders with the request's renderer: make it JSON.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def flatten_errors(detail) -> dict[str, list[str]]:
    """`{"field": ["message", ...]}` whatever the nesting: keys are the request's top-level fields.

    A nested error keeps its place in the message: `{"parties": ["parties[0].party: Unknown party: zz."]}`,
    so the body always has the one shape the schema documents.
    """
    if not isinstance(detail, dict):
        return {api_settings.NON_FIELD_ERRORS_KEY: [message for _path, message in _walk(detail, "")]}
    result: dict[str, list[str]] = {}
    for name, value in detail.items():
        field = str(name)  # as given, e.g. "milestones[0]" from agreement_create
        for path, message in _walk(value, field):
            text = message if path == field else f"{path}: {message}"
            result.setdefault(field, []).append(text)
    return result


def _walk(detail, path: str):
    """(path, message) pairs of a nested DRF error structure."""
    if isinstance(detail, dict):
        for name, value in detail.items():
            if isinstance(name, int) or str(name).isdigit():
                child = f"{path}[{name}]"
            elif name == api_settings.NON_FIELD_ERRORS_KEY and path:
                child = path
            else:
                child = f"{path}.{name}" if path else str(name)
            yield from _walk(value, child)
    elif isinstance(detail, list | tuple):
        nested = any(isinstance(item, dict | list | tuple) for item in detail)
        for index, item in enumerate(detail):
            if nested:
                if item:
                    yield from _walk(item, f"{path}[{index}]")
            else:
                yield path, str(item)
    else:
        yield path, str(detail)
