"""Inspection's forms: validated at the edge, Vietnamese messages."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.accounts.scoping import Action
from lamtheo.core.forms import (
    CleanCharField,
    DateField,
    StyledFormMixin,
    TextAreaField,
    VersionField,
)
from lamtheo.org.models import Person
from lamtheo.oversight.models import Content, Kind, Severity


class PlanForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    title = CleanCharField(label=gettext_lazy("Title"), max_length=255)
    purpose = TextAreaField(label=gettext_lazy("Purpose and requirements"), required=False)


class InspectionForm(StyledFormMixin, forms.Form):
    title = CleanCharField(label=gettext_lazy("Title"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices)
    content = forms.ChoiceField(label=gettext_lazy("Content"), choices=Content.choices)
    content_text = TextAreaField(label=gettext_lazy("Content in detail"), required=False)
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Units inspected"), queryset=None, required=False
    )
    people_codes = TextAreaField(
        label=gettext_lazy("People inspected (personal code or party card number, one a line)"),
        required=False,
        rows=2,
    )
    period_from = DateField(label=gettext_lazy("Period inspected from"))
    period_to = DateField(label=gettext_lazy("Period inspected to"))
    starts_on = DateField(label=gettext_lazy("Starts on"))
    ends_on = DateField(label=gettext_lazy("Ends on"))
    team = TextAreaField(
        label=gettext_lazy("Team, one member a line: name – role"), required=False, rows=3
    )

    def __init__(self, *args, user, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["units"].queryset = units
        self.fields["units"].widget.attrs["size"] = 6

    def clean(self):
        data = super().clean()
        codes = [c.strip() for c in (data.get("people_codes") or "").splitlines() if c.strip()]
        people = []
        if codes:
            found = list(
                Person.objects.visible_to(self.user, Action.INSPECTION_CHANGE)
                .filter(left_on__isnull=True)
                .filter(Q(code__in=codes) | Q(party_card_number__in=codes))
                .select_related("unit")
            )
            known = {p.code for p in found} | {p.party_card_number for p in found}
            missing = [c for c in codes if c not in known]
            if missing:
                self.add_error(
                    "people_codes",
                    _("No current person in your units has the code %(codes)s.")
                    % {"codes": ", ".join(missing)},
                )
            people = found
        data["people"] = people
        if not data.get("units") and not codes and not self.errors:
            raise forms.ValidationError(_("Name at least one unit or person to inspect."))
        return data


class NoticeForm(StyledFormMixin, forms.Form):
    issued_on = DateField(label=gettext_lazy("Date issued"))
    signer_name = CleanCharField(label=gettext_lazy("Signed by"), max_length=150, required=False)
    version = VersionField()


class FindingForm(StyledFormMixin, forms.Form):
    subject = forms.ChoiceField(label=gettext_lazy("Subject"), choices=())
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=Severity.choices)
    text = TextAreaField(label=gettext_lazy("Finding"))
    recommendation = TextAreaField(label=gettext_lazy("Recommendation"))
    deadline = DateField(label=gettext_lazy("Deadline"))

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [(s.pk, s.name) for s in subjects]
        self.subjects = {str(s.pk): s for s in subjects}


class ConclusionForm(StyledFormMixin, forms.Form):
    issued_on = DateField(label=gettext_lazy("Date issued"))
    text = TextAreaField(label=gettext_lazy("Conclusion"), rows=6)
    signer_name = CleanCharField(label=gettext_lazy("Signed by"), max_length=150, required=False)
    version = VersionField()


class RemedyForm(StyledFormMixin, forms.Form):
    text = TextAreaField(label=gettext_lazy("Remediation report"), rows=4)
    version = VersionField()


class VerifyForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Verification"),
        choices=[
            ("accept", gettext_lazy("Remedied: close the finding")),
            ("return", gettext_lazy("Not yet: send it back")),
        ],
    )
    comment = TextAreaField(label=gettext_lazy("Comment"), required=False, rows=2)
    version = VersionField()


class ReasonForm(StyledFormMixin, forms.Form):
    reason = CleanCharField(label=gettext_lazy("Reason"), max_length=500)
    version = VersionField()
