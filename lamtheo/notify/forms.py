"""The announcement form and a person's preferences."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import CleanCharField, StyledFormMixin, TextAreaField
from lamtheo.core.text import clean_text

_SEPARATORS = re.compile(r"[\s,;]+")
SUBTREE, PEOPLE = "subtree", "people"


def tokens(value: str) -> list[str]:
    """Codes typed with spaces, commas, semicolons or new lines between them, each once."""
    seen: dict[str, None] = {}
    for token in _SEPARATORS.split(value or ""):
        token = clean_text(token)
        if token:
            seen.setdefault(token, None)
    return list(seen)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AnnouncementForm(StyledFormMixin, forms.Form):
    title = CleanCharField(label=_("Title"), max_length=200)
    body = TextAreaField(label=_("Text"), rows=6, max_length=10000)
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("For example the page of an exemplar in the gallery."),
    )
    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=[
            (SUBTREE, _("Everyone in the unit and the units under it")),
            (PEOPLE, _("Only the people listed below")),
        ],
        initial=SUBTREE,
        widget=forms.RadioSelect,
    )
    people = forms.CharField(
        label=_("People (codes or card numbers)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by spaces, commas or new lines."),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or images; at most 5 files of 20 MB."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people = people
        self.fields["audience"].widget.attrs["class"] = "form-check-input"

    def clean_people(self):
        wanted = tokens(self.cleaned_data["people"])
        if not wanted:
            return []
        found = list(self._people.filter(Q(party_card_number__in=wanted) | Q(code__in=wanted)))
        known = set()
        for person in found:
            known.update({person.party_card_number, person.code})
        unknown = [t for t in wanted if t not in known]
        if unknown:
            raise forms.ValidationError(
                _("Nobody in your scope has these card numbers or codes: %(codes)s")
                % {"codes": ", ".join(unknown)}
            )
        return found

    def clean(self):
        data = super().clean()
        if data.get("audience") == PEOPLE and not data.get("people") and "people" in data:
            self.add_error("people", _("List the people who should receive it."))
        return data


class PreferenceForm(StyledFormMixin, forms.Form):
    email = forms.BooleanField(label=_("By email"), required=False)
    zalo = forms.BooleanField(label=_("By Zalo"), required=False)
    quiet_from = forms.TimeField(
        label=_("Quiet from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_to = forms.TimeField(
        label=_("Quiet until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
