"""Form pieces every app uses: Tabler's look, and fields that clean what people type the same
way everywhere (dates as dd/mm/yyyy, text in NFC with single spaces, the version a page was
read at)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.text import clean_lines, clean_text

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


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


class DateField(forms.DateField):
    """A date as Vietnamese write it (14/03/2023); ISO and other separators are accepted."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a date as dd/mm/yyyy, for example 14/03/2023.")}
        )
        super().__init__(**kwargs)


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
        super().__init__(**kwargs)
