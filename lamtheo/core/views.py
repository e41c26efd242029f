"""Helpers shared by the pages of every app: running a change through a service and telling
the user how it went, a stale page (CONFLICT), query strings, and where to go back to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme

# The refusal of a stale page is the workflow kit's (core.workflow.stale), shown here.
from lamtheo.core.workflow import CONFLICT


def add_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, on the field it names when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def is_conflict(exc: ValidationError) -> bool:
    return getattr(exc, "code", None) == CONFLICT


def reread_on_conflict(form, exc: ValidationError, reread: Callable[[], Any]):
    """After a refusal: when it is CONFLICT, the row as stored now (`reread()`), with the form's
    version moved to it, so that saving again after reading the change keeps what the user
    typed and goes through; None for any other refusal."""
    if not is_conflict(exc):
        return None
    current = reread()
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    form.data = data
    return current


@dataclass
class Outcome:
    """How a form's change went: truthy when it was made. `message` is what the change
    returned; `current` the row as stored now when the page was stale (CONFLICT)."""

    done: bool = False
    message: str = ""
    current: Any = None

    def __bool__(self) -> bool:
        return self.done


def attempt(form, action: Callable[[dict], str], *, reread=None) -> Outcome:
    """For a valid form run `action(cleaned_data)`, which makes the change through a service
    and returns the message to show. A ValidationError from the service lands on the form,
    which keeps what the user typed; with `reread` (for a form with a VersionField), a stale
    page also gets the stored row (see `reread_on_conflict`)."""
    if not form.is_valid():
        return Outcome()
    try:
        message = action(form.cleaned_data)
    except ValidationError as exc:
        current = reread_on_conflict(form, exc, reread) if reread is not None else None
        add_errors(form, exc)
        return Outcome(current=current)
    return Outcome(done=True, message=message)


def submit(request, form, action: Callable[[dict], str], *, reread=None) -> Outcome:
    """`attempt` on a POST, and the message of a change made shown on the next page."""
    if request.method != "POST":
        return Outcome()
    outcome = attempt(form, action, reread=reread)
    if outcome:
        messages.success(request, outcome.message)
    return outcome


def perform(request, change: Callable[[], str]) -> bool:
    """Run a change that has no form to show again (a button: publish, withdraw, reopen…) and
    report how it went on the next page: the message `change()` returns, or the service's
    refusal as an error. True when the change was made."""
    try:
        message = change()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, message)
    return True


def as_id(value: str) -> int | None:
    """`value` as a record id, None when it is not one. isdigit() also passes "²" and "١٢",
    which int() refuses, and a number past the database's bigint cannot be an id."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def id_param(params, name: str) -> int | None:
    """A record id from a query string (`request.GET`): None when absent or empty, 404 when it
    is not a number, as an address that cannot exist."""
    value = params.get(name, "")
    if value == "":
        return None
    if (pk := as_id(value)) is None:
        raise Http404
    return pk


# The years a page may be asked about. Python's dates end at 9999 and a page of a year also
# reads the next; midnight of 1 January of year 1 in Vietnam is in year 0 in UTC. Nothing in
# this product (founded 1930) is dated before 1900.
YEARS = range(1900, 9999)


def year_param(params, name: str) -> int | None:
    """A calendar year from a query string: None when absent or empty, 404 outside YEARS."""
    year = id_param(params, name)
    if year is not None and year not in YEARS:
        raise Http404
    return year


def posted_version(request) -> int:
    """The version a button's page was read at. Without one the change cannot be checked
    against a newer version, so it counts as stale (0)."""
    return as_id(request.POST.get("version", "")) or 0


def form_version(data: dict) -> int:
    """The version a form's page was read at (its VersionField), 0 (stale) when it has none."""
    return data.get("version") or 0


def querystring(request, *drop: str) -> str:
    """The current query string without `drop` and the page number, ending in "&" so that a
    link can add one more parameter ("?{{ prefix }}page=2"); empty when nothing is left."""
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode() + "&" if query else ""


def safe_next(request, default: str) -> str:
    """The `next` address sent with the form (or in the query string) when it is a path on
    this site, else `default`: a link from elsewhere cannot send the user off the site, and a
    bare word ("1e308", which redirect() would take for a view's name) is no address."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def favicon(request):
    """The icon under its hashed static name (browsers ask /favicon.ico when a page names none)."""
    return HttpResponseRedirect(static("favicon.svg"))
