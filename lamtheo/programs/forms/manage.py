"""Forms of the programme management pages. They validate input; services make the changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin, TextAreaField


class ProgramForm(StyledFormMixin, forms.Form):
    name = CleanCharField(label=_("Name"), max_length=255)
    start_year = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)
    basis = TextAreaField(
        label=_("Guiding documents"),
        required=False,
        help_text=_("One per line, as cited in documents (Căn cứ …)."),
    )
    term_theme = TextAreaField(label=_("Theme of the whole term"), required=False, rows=2)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year is before the first."))
        return data


class YearForm(StyledFormMixin, forms.Form):
    """A programme year: its theme, windows (dd/mm/yyyy) and how many commitments each."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    theme = TextAreaField(label=_("Theme of the year"), required=False, rows=2)
    registration_opens = DateField(label=_("Registration opens"))
    registration_closes = DateField(label=_("Registration closes"))
    midyear_review_on = DateField(label=_("Mid-year review"), required=False)
    self_assessment_opens = DateField(label=_("Self-assessment opens"))
    self_assessment_closes = DateField(label=_("Self-assessment closes"))
    evaluation_deadline = DateField(label=_("Evaluation deadline"))
    min_commitments = forms.IntegerField(
        label=_("Fewest personal commitments"), min_value=1, max_value=10, initial=1
    )
    max_commitments = forms.IntegerField(
        label=_("Most personal commitments"), min_value=1, max_value=10, initial=2
    )

    FIELDS = (
        "theme",
        "registration_opens",
        "registration_closes",
        "midyear_review_on",
        "self_assessment_opens",
        "self_assessment_closes",
        "evaluation_deadline",
        "min_commitments",
        "max_commitments",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The year of an existing programme year does not change.
            del self.fields["year"]

    def clean(self):
        data = super().clean()
        low, high = data.get("min_commitments"), data.get("max_commitments")
        if low and high and high < low:
            self.add_error("max_commitments", _("The most is fewer than the fewest."))
        return data

    @classmethod
    def initial_for(cls, year) -> dict:
        return {name: getattr(year, name) for name in cls.FIELDS}
