"""Forms for units, people and offices. They validate input; services make the changes."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin
from lamtheo.core.text import clean_name, clean_text
from lamtheo.org import normalize
from lamtheo.org.models import (
    GalleryConsentStatus,
    Gender,
    PartyStatus,
    Person,
    PositionTitle,
    Unit,
    UnitKind,
)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked by its code, limited to the queryset the view passes (the user's scope)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "unit-codes"}))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("No open unit with this code is within your scope.")},
        )
        super().__init__(queryset=Unit.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


class UnitForm(StyledFormMixin, forms.Form):
    code = CleanCharField(label=_("Unit code"), max_length=40)
    name = CleanCharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    place = CleanCharField(
        label=_("Place of issue"),
        required=False,
        max_length=100,
        help_text=_("As documents write it: “Đống Đa, ngày …”. Empty: as the unit above."),
    )
    effective_on = DateField(
        label=_("Effective on"),
        initial=dt.date.today,
        help_text=_(
            "For a new unit, the date it was established; for a new name, the date it took effect."
        ),
    )
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


class UnitMoveForm(StyledFormMixin, forms.Form):
    new_parent = UnitChoiceField(label=_("Move under (unit code)"))
    effective_on = DateField(label=_("Effective on"), initial=dt.date.today)
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


class UnitMergeForm(StyledFormMixin, forms.Form):
    target = UnitChoiceField(label=_("Merge into (unit code)"))
    effective_on = DateField(label=_("Effective on"), initial=dt.date.today)
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


class TransferCellsForm(StyledFormMixin, forms.Form):
    """Cells of one committee to transfer to another (the view limits both querysets)."""

    cells = forms.ModelMultipleChoiceField(
        label=_("Units to transfer"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one unit to transfer.")},
    )
    target = UnitChoiceField(label=_("Transfer to (unit code)"))
    effective_on = DateField(label=_("Effective on"), initial=dt.date.today)
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


class InsertAboveForm(StyledFormMixin, forms.Form):
    code = CleanCharField(label=_("Unit code"), max_length=40)
    name = CleanCharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    effective_on = DateField(label=_("Effective on"), initial=dt.date.today)
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


class UnitCloseForm(StyledFormMixin, forms.Form):
    closed_on = DateField(label=_("Closed on"), initial=dt.date.today)
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


class PersonForm(StyledFormMixin, forms.Form):
    full_name = CleanCharField(label=_("Full name"), max_length=150)
    birth_date = DateField(label=_("Date of birth"), required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    party_status = forms.ChoiceField(label=_("Party status"), choices=PartyStatus.choices)
    party_card_number = CleanCharField(label=_("Party card number"), required=False, max_length=20)
    joined_on = DateField(label=_("Date joined the Party"), required=False)
    official_on = DateField(label=_("Date made official"), required=False)
    job_title = CleanCharField(label=_("Job title"), required=False, max_length=255)
    phone = CleanCharField(label=_("Phone"), required=False, max_length=20)
    email = forms.EmailField(label=_("Email"), required=False)
    code = CleanCharField(label=_("Personal code"), required=False, max_length=40)

    def clean_full_name(self):
        name = clean_name(self.cleaned_data["full_name"])
        if len(name.split(" ")) < 2:
            raise forms.ValidationError(_("Enter the full name: family name and given name."))
        return name

    def clean_phone(self):
        try:
            return normalize.phone(self.cleaned_data["phone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_party_card_number(self):
        try:
            return normalize.card_number(self.cleaned_data["party_card_number"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        try:
            normalize.check_person_dates(
                birth_date=data.get("birth_date"),
                joined_on=data.get("joined_on"),
                official_on=data.get("official_on"),
                party_status=data.get("party_status"),
            )
        except normalize.FieldError as exc:
            self.add_error(exc.field, str(exc))
        return data

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {name: getattr(person, name) for name in cls.base_fields}


class PersonNewForm(PersonForm):
    unit_since = DateField(label=_("In this unit since"), required=False, initial=dt.date.today)


class TransferForm(StyledFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("New unit (code)"))
    effective_on = DateField(label=_("Effective on"), initial=dt.date.today)
    reason = CleanCharField(label=_("Reason"), required=False, max_length=255)


class LeaveForm(StyledFormMixin, forms.Form):
    left_on = DateField(label=_("Left on"), initial=dt.date.today)
    reason = CleanCharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("For example: transferred out of the committee, deceased, removed."),
    )


class PositionForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("In unit"), queryset=Unit.objects.none())
    title = forms.ChoiceField(label=_("Office"), choices=PositionTitle.choices)
    started_on = DateField(label=_("Term starts"), required=False)
    note = CleanCharField(label=_("Note"), required=False, max_length=255)


class PositionEndForm(StyledFormMixin, forms.Form):
    ended_on = DateField(label=_("Term ends"), initial=dt.date.today)


class GalleryConsentForm(StyledFormMixin, forms.Form):
    """Whether the person agrees to appear by name and photo in the public gallery; for
    someone else, the date on their signed paper."""

    status = forms.ChoiceField(
        label=_("Appear by name and photo in the public gallery of exemplars"),
        choices=GalleryConsentStatus.choices,
        widget=forms.RadioSelect,
    )
    given_on = DateField(label=_("Date on the signed paper"), required=False, initial=dt.date.today)

    def __init__(self, *args, own: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if own:
            del self.fields["given_on"]
        else:
            self.fields["given_on"].required = True

    def clean_given_on(self):
        day = self.cleaned_data.get("given_on")
        if day and day > dt.date.today():
            raise forms.ValidationError(_("The date is in the future."))
        return day


class DissolveForm(StyledFormMixin, forms.Form):
    on = DateField(label=_("Dissolved on"), initial=dt.date.today)
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


def person_tokens(value: str) -> list[str]:
    return [t for t in (clean_text(x) for x in re.split(r"[\s,;]+", value or "")) if t]


class NewTermForm(StyledFormMixin, forms.Form):
    """The new term's office holders by personal code or party card number: its secretary,
    a deputy, the other committee members."""

    starts_on = DateField(label=_("The new term starts on"))
    secretary = CleanCharField(label=_("Secretary (code or card number)"), max_length=40)
    deputy = CleanCharField(
        label=_("Deputy secretary (code or card number)"), required=False, max_length=40
    )
    members = forms.CharField(
        label=_("Other committee members (codes or card numbers)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by spaces, commas or new lines."),
    )

    title_labels = PositionTitle.choices

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people = people

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        wanted = [
            (data["secretary"], PositionTitle.SECRETARY),
            *([(data["deputy"], PositionTitle.DEPUTY_SECRETARY)] if data.get("deputy") else []),
            *((t, PositionTitle.COMMITTEE_MEMBER) for t in person_tokens(data.get("members"))),
        ]
        keys = [key for key, _title in wanted]
        found = {}
        for person in self._people.filter(Q(code__in=keys) | Q(party_card_number__in=keys)):
            found.setdefault(person.code, person)
            found.setdefault(person.party_card_number, person)
        unknown = [key for key in keys if key not in found]
        if unknown:
            raise forms.ValidationError(
                _("Nobody in this unit has the code or card number %(keys)s.")
                % {"keys": ", ".join(unknown)}
            )
        holders = [(found[key], title) for key, title in wanted]
        if len({p.pk for p, _title in holders}) < len(holders):
            raise forms.ValidationError(_("Each person holds one office of the new term here."))
        data["holders"] = holders
        return data
