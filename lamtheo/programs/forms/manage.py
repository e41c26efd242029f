"""Forms of the programme management pages. They validate input; services make the changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin, TextAreaField
from lamtheo.programs.models import QuotaMode, Rank


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


class SchemeForm(StyledFormMixin, forms.Form):
    name = CleanCharField(label=_("Rules"), max_length=255)
    uses_scores = forms.BooleanField(label=_("100-point scores"), required=False)
    excellent_min = forms.DecimalField(
        label=_("HTXS from (points)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    good_min = forms.DecimalField(
        label=_("HTT from (points)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    fulfilled_min = forms.DecimalField(
        label=_("HT from (points)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    excellent_exceeded_share = forms.IntegerField(
        label=_("HTXS: tasks exceeded, at least (%)"), min_value=0, max_value=100
    )
    excellent_requires_no_discipline = forms.BooleanField(
        label=_("HTXS: no discipline in the year"), required=False
    )

    FIELDS = (
        "name",
        "uses_scores",
        "excellent_min",
        "good_min",
        "fulfilled_min",
        "excellent_exceeded_share",
        "excellent_requires_no_discipline",
    )

    def clean(self):
        data = super().clean()
        low, mid, high = (data.get(n) for n in ("fulfilled_min", "good_min", "excellent_min"))
        if None not in (low, mid, high) and not low < mid < high:
            self.add_error(
                "good_min",
                _("The thresholds must rise from HT to HTT to HTXS, between 0 and 100 points."),
            )
        return data

    @classmethod
    def initial_for(cls, scheme) -> dict:
        return {name: getattr(scheme, name) for name in cls.FIELDS}


class QuotaRuleForm(StyledFormMixin, forms.Form):
    """At most `max_percent` % of those ranked `base_rank` (or of everyone) may be `rank`."""

    rank = forms.ChoiceField(label=_("Rank"), choices=[("", "—"), *Rank.choices], required=False)
    max_percent = forms.IntegerField(
        label=_("At most (%)"), min_value=0, max_value=100, required=False
    )
    base_rank = forms.ChoiceField(
        label=_("Of those ranked"),
        choices=[("", _("everyone evaluated")), *Rank.choices],
        required=False,
    )
    mode = forms.ChoiceField(label=_("When exceeded"), choices=QuotaMode.choices)

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        if data.get("rank") and data.get("max_percent") is None:
            self.add_error("max_percent", _("Give the percentage."))
        if data.get("max_percent") is not None and not data.get("rank"):
            self.add_error("rank", _("Choose the rank the quota limits."))
        if data.get("rank") and data.get("rank") == data.get("base_rank"):
            self.add_error("base_rank", _("Compare with another rank or with everyone."))
        return data

    def rule(self) -> dict | None:
        """The rule as keyword arguments for QuotaRule, or None for an empty or deleted row."""
        data = self.cleaned_data
        if data.get("DELETE") or not data.get("rank"):
            return None
        return {name: data[name] for name in ("rank", "max_percent", "base_rank", "mode")}


QuotaFormSet = forms.formset_factory(QuotaRuleForm, extra=2, can_delete=True, max_num=10)
