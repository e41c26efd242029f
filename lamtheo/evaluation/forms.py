"""Forms of the evaluation pages: they check the input's shape (numbers, choices); the scale of
the round's rules and the ranks they allow are the services' (a refusal lands on the form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import DateField, StyledFormMixin, TextAreaField, VersionField
from lamtheo.evaluation.models import ComplaintKind, Group, Period
from lamtheo.evaluation.rules import Discipline, Grade, Rank, Scoring

RANK_ERRORS = {
    "invalid_choice": _("Choose one of the four ranks."),
    "required": _("Choose a rank."),
}
PART_LABELS = {
    "strengths": _("I. Strengths and results (political quality, tasks, the commitments kept)"),
    "shortcomings": _("II. Shortcomings and their causes"),
    "fixes": _("III. Earlier shortcomings: fixed, being fixed, not fixed"),
    "explanations": _("IV. Points the level above raised (if any)"),
    "responsibility": _("V. Your part in the collective's shortcomings (if any)"),
    "direction": _("VI. Direction and measures"),
}


def _score(label, top: int):
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=top,
        max_digits=5,
        decimal_places=2,
        required=False,
        localize=True,  # "55,5" as Vietnamese write it
        error_messages={
            "max_value": _("The score must be between 0 and %(limit_value)s."),
            "min_value": _("A score cannot be below 0."),
        },
    )


class ScoresMixin(forms.Form):
    """The scores (or grades) and the task counts the rules read."""

    general_score = _score(_("Group I, general criteria (…/30)"), 30)
    results_score = _score(_("Group II, results of the tasks (…/70)"), 70)
    general_grade = forms.ChoiceField(
        label=_("General criteria"), choices=[("", "—"), *Grade.choices], required=False
    )
    results_grade = forms.ChoiceField(
        label=_("Results of the tasks"), choices=[("", "—"), *Grade.choices], required=False
    )
    tasks_total = forms.IntegerField(label=_("Tasks of the year"), min_value=0, max_value=999)
    tasks_done = forms.IntegerField(label=_("done"), min_value=0, max_value=999)
    tasks_on_time = forms.IntegerField(label=_("of which on time"), min_value=0, max_value=999)
    tasks_exceeded = forms.IntegerField(label=_("exceeded"), min_value=0, max_value=999)
    shortcomings_fixed = forms.BooleanField(
        label=_("Every earlier shortcoming fixed"), required=False
    )

    def for_rules(self, rule_set) -> None:
        """Keep the fields of the rule set's scale: points or grades."""
        drop = ("general_grade", "results_grade")
        if rule_set.scoring == Scoring.GRADES:
            drop = ("general_score", "results_score")
        for name in drop:
            self.fields.pop(name, None)


class SelfReviewForm(StyledFormMixin, ScoresMixin):
    version = VersionField()
    group = forms.ChoiceField(label=_("My group (which form)"), choices=Group.choices)
    strengths = TextAreaField(label=PART_LABELS["strengths"], rows=4, required=False)
    shortcomings = TextAreaField(label=PART_LABELS["shortcomings"], required=False)
    fixes = TextAreaField(label=PART_LABELS["fixes"], rows=2, required=False)
    explanations = TextAreaField(label=PART_LABELS["explanations"], rows=2, required=False)
    responsibility = TextAreaField(label=PART_LABELS["responsibility"], rows=2, required=False)
    direction = TextAreaField(label=PART_LABELS["direction"], rows=2, required=False)
    self_rank = forms.ChoiceField(
        label=_("The rank I propose"), choices=Rank.choices, error_messages=RANK_ERRORS
    )


class MeetingForm(StyledFormMixin, ScoresMixin):
    version = VersionField()
    comment = TextAreaField(label=_("The cell's comment"), rows=3, required=False)
    discipline = forms.ChoiceField(
        label=_("Discipline in the year"), choices=Discipline.choices, required=False
    )
    discipline_duty = forms.BooleanField(label=_("for a violation of duty"), required=False)
    discipline_self_found = forms.BooleanField(label=_("self-found and remedied"), required=False)
    degraded = forms.BooleanField(
        label=_("Degradation, or an act members must not do"), required=False
    )
    proposed_rank = forms.ChoiceField(
        label=_("Rank the cell proposes"), choices=Rank.choices, error_messages=RANK_ERRORS
    )


class DecideForm(StyledFormMixin, forms.Form):
    version = VersionField()
    rank = forms.ChoiceField(
        label=_("Rank decided"), choices=Rank.choices, error_messages=RANK_ERRORS
    )
    note = TextAreaField(label=_("Note"), rows=1, required=False)


class OrgReportForm(StyledFormMixin, ScoresMixin):
    version = VersionField()
    strengths = TextAreaField(label=_("I. Strengths and results"), rows=4, required=False)
    shortcomings = TextAreaField(label=_("II. Shortcomings and their causes"), required=False)
    fixes = TextAreaField(label=_("III. Earlier shortcomings fixed"), rows=2, required=False)
    responsibility = TextAreaField(
        label=_("IV. Responsibility of the collective and individuals"), rows=2, required=False
    )
    direction = TextAreaField(label=_("V. Direction and measures"), rows=2, required=False)
    subordinate_disciplined = forms.BooleanField(
        label=_("A subordinate unit or a member of the leadership was disciplined"),
        required=False,
    )
    proposed_rank = forms.ChoiceField(
        label=_("Rank proposed"), choices=Rank.choices, error_messages=RANK_ERRORS
    )


class RoundForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, initial=Period.YEAR)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4, required=False)
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    outstanding = forms.BooleanField(
        label=_("Outstanding unit: HTXS quota 25 % instead of 20 %"), required=False
    )
    closes_on = DateField(
        label=_("To finish by"),
        required=False,
        help_text=_(
            "Empty: before 31/12 for a year (HD 43), the quarter's last day for a quarter. "
            "Members are reminded a few days before."
        ),
    )


class ComplaintForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ComplaintKind.choices, initial=ComplaintKind.COMPLAINT
    )
    text = TextAreaField(label=_("What you complain about, and why"), rows=4, required=False)
    asked_rank = forms.ChoiceField(
        label=_("The rank you think is right (if any)"),
        choices=[("", "—"), *Rank.choices],
        required=False,
    )


class ComplaintAnswerForm(StyledFormMixin, forms.Form):
    version = VersionField()
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("0", _("Not accepted: the rank stands")), ("1", _("Accepted: rank again"))],
        coerce=lambda v: v == "1",
        initial="0",
    )
    new_rank = forms.ChoiceField(
        label=_("New rank (if accepted)"), choices=[("", "—"), *Rank.choices], required=False
    )
    answer = TextAreaField(label=_("Answer to the member"), rows=3, required=False)


def score_data(data: dict) -> dict:
    """The score fields of a valid form, for the services."""
    names = (
        "general_score",
        "results_score",
        "general_grade",
        "results_grade",
        "tasks_total",
        "tasks_done",
        "tasks_on_time",
        "tasks_exceeded",
        "shortcomings_fixed",
    )
    return {name: data[name] for name in names if name in data}
