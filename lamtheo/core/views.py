"""Helpers shared by the pages of every app."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404


def add_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, on the field it names when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def submit(request, form, action: Callable[[dict], str]) -> bool:
    """On a valid POST run `action(cleaned_data)`, which makes the change through a service
    and returns the message to show; True when it succeeded.

    A ValidationError from the service lands on the form, which keeps what the user typed.
    """
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        message = action(form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    messages.success(request, message)
    return True


def id_param(params, name: str) -> int | None:
    """A record id from a query string (`request.GET`): None when absent or empty, 404 when it
    is not a number, as an address that cannot exist."""
    value = params.get(name, "")
    if value == "":
        return None
    if not value.isdigit():
        raise Http404
    return int(value)
