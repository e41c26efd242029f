"""Commendation's forms: validated at the edge, Vietnamese messages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.awards.models import AwardForm, RoundKind
from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin, TextAreaField
from lamtheo.core.views import as_id
from lamtheo.org.models import Person


class RoundForm(StyledFormMixin, forms.Form):
    title = CleanCharField(label=gettext_lazy("Title"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("Occasion"), choices=RoundKind.choices)
    first_year = forms.IntegerField(label=gettext_lazy("From year"), min_value=2000, max_value=2100)
    year = forms.IntegerField(label=gettext_lazy("To year"), min_value=2000, max_value=2100)
    threshold_percent = forms.IntegerField(
        label=gettext_lazy("Votes needed: more than this percentage of the council"),
        initial=50,
        min_value=0,
        max_value=99,
    )
    min_participation = forms.IntegerField(
        label=gettext_lazy("Study participation expected (%)"),
        initial=80,
        min_value=0,
        max_value=100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = dt.date.today().year
        self.fields["year"].initial = self.fields["first_year"].initial = year
        for value, label in AwardForm.choices:
            self.fields[f"quota_{value}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=10000,
                initial=0,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def quota_fields(self):
        return [self[f"quota_{v}"] for v in AwardForm.values]

    def quotas(self) -> dict[str, int]:
        return {v: self.cleaned_data.get(f"quota_{v}") or 0 for v in AwardForm.values}

    def clean(self):
        data = super().clean()
        if data.get("first_year") and data.get("year") and data["first_year"] > data["year"]:
            raise forms.ValidationError(_("The period cannot start after its last year."))
        return data


class NominationForm(StyledFormMixin, forms.Form):
    form = forms.ChoiceField(label=gettext_lazy("Form of commendation"), choices=())
    # The person chosen from the name search (the page's search box); the code field is the
    # other way in.
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    person_code = CleanCharField(
        label=gettext_lazy("Person (personal code or party card number)"),
        max_length=40,
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Or a collective"), queryset=None, required=False
    )
    achievement = TextAreaField(label=gettext_lazy("Report of achievements"), rows=5)

    def __init__(self, *args, round_, user, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        offered = set(round_.quotas.values_list("form", flat=True))
        self.fields["form"].choices = [c for c in AwardForm.choices if c[0] in offered]
        self.fields["unit"].queryset = units
        self.round = round_

    def nominable(self):
        """The people this user may nominate into the round: current, under its committee."""
        return (
            Person.objects.visible_to(self.user, "award.nominate")
            .current()
            .in_subtree(self.round.unit)
        )

    def chosen(self):
        """The person picked from the search (bound or initial), or None."""
        raw = self["person_id"].value()
        pk = None if raw is None else as_id(str(raw))
        if pk is None:
            return None
        return self.nominable().select_related("unit").filter(pk=pk).first()

    def clean(self):
        data = super().clean()
        code, unit, picked = data.get("person_code"), data.get("unit"), data.get("person_id")
        if sum(bool(x) for x in (code, unit, picked)) != 1:
            raise forms.ValidationError(
                _("Choose one person (found by name or by code) or one collective.")
            )
        data["person"] = None
        if picked:
            person = self.nominable().filter(pk=picked).first()
            if person is None:
                raise forms.ValidationError(_("You cannot nominate this person in this round."))
            data["person"] = person
        if code:
            person = self.nominable().filter(Q(code=code) | Q(party_card_number=code)).first()
            if person is None:
                self.add_error("person_code", _("No current person in your units has this code."))
            data["person"] = person
        return data


class CouncilForm(StyledFormMixin, forms.Form):
    members = TextAreaField(
        label=gettext_lazy("Members, one a line: name – office in the council"), rows=6
    )

    def lines(self) -> list[tuple[str, str]]:
        out = []
        for line in self.cleaned_data["members"].splitlines():
            name, _dash, office = line.replace(" - ", " – ").partition(" – ")
            if name.strip():
                out.append((name.strip(), office.strip()))
        return out


class SignForm(StyledFormMixin, forms.Form):
    signed_on = DateField(label=gettext_lazy("Date signed"))
    signer_name = CleanCharField(label=gettext_lazy("Signed by"), max_length=150)
    signer_title = CleanCharField(
        label=gettext_lazy("Signer's office"), max_length=150, initial="Bí thư"
    )
    place = CleanCharField(label=gettext_lazy("Place"), max_length=60, required=False)


class SubmitForm(StyledFormMixin, forms.Form):
    submitted_on = DateField(label=gettext_lazy("Date of the submission"))


class RevokeForm(StyledFormMixin, forms.Form):
    revoked_on = DateField(label=gettext_lazy("Date of the revocation decision"))
    reason = CleanCharField(label=gettext_lazy("Reason"), max_length=500)
    signer_name = CleanCharField(label=gettext_lazy("Signed by"), max_length=150, required=False)
