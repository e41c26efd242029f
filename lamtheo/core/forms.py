"""Form pieces every app uses: Tabler's look, and fields that clean what people type the same
way everywhere (dates as dd/mm/yyyy, text in NFC with single spaces, the version a page was
read at)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from lamtheo.core.text import clean_lines, clean_text

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
# The dates a form accepts. Nothing in this product is dated before 1900 (the Party was founded
# in 1930; members' birth dates come later), and a date near Python's last (31/12/9999) breaks
# the step that adds a day or a month, or the conversion to UTC of a time on 01/01/0001.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(9998, 12, 31)
# The largest id a form or a query string may name: the database's bigint.
MAX_ID = 2**63 - 1


def check_date_range(value: dt.date | None) -> None:
    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_range",
            params={
                "first": FIRST_DATE.strftime("%d/%m/%Y"),
                "last": LAST_DATE.strftime("%d/%m/%Y"),
            },
        )


class StyledFormMixin:
    """Give widgets Tabler's classes, and mark invalid fields after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


# Django's empty choice of a model field's select, which Django's own Vietnamese catalogue
# does not translate: named here so that `make messages` takes it into ours.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")


class DateField(forms.DateField):
    """A date as Vietnamese write it (14/03/2023); ISO and other separators are accepted."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy")})

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a date as dd/mm/yyyy, for example 14/03/2023.")}
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        check_date_range(value)


class CleanCharField(forms.CharField):
    """Text in NFC with single spaces, whatever keyboard or file it came from."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class TextAreaField(forms.CharField):
    """Several lines of text: each line in NFC with single spaces, at most one blank line."""

    def __init__(self, *, rows: int = 3, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_lines(super().to_python(value))


class VersionField(forms.IntegerField):
    """The version of the row the page was read at (optimistic locking): the service refuses
    a change made from a page older than the row (see lamtheo.core.views.reread_on_conflict)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
