"""Forms of the exemplar pages. They validate input; the services make the changes and check
again who may and from which state."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import (
    CleanCharField,
    DateField,
    StyledFormMixin,
    TextAreaField,
    VersionField,
)
from lamtheo.core.text import clean_text
from lamtheo.core.uploads import EXTENSIONS
from lamtheo.exemplars.models import Campaign, Exemplar, ExemplarField, ExemplarKind
from lamtheo.exemplars.services import exemplars as services
from lamtheo.org.models import Person, Unit

# What the file picker offers; the service checks the real type (by its bytes) and size again.
EVIDENCE_ACCEPT = ",".join(sorted({*EXTENSIONS.values(), ".jpeg", *EXTENSIONS}))
STORY_CHARS = 10_000


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} – {obj.unit.name}"


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "· " * max(obj.depth - 1, 0) + obj.name


class ExemplarForm(StyledFormMixin, forms.Form):
    """An exemplar's content. The subject is a person (individual) or a unit (collective,
    model); the lists offer only the proposing unit's subtree."""

    version = VersionField()
    kind = forms.ChoiceField(label=_("Kind"), choices=ExemplarKind.choices)
    title = CleanCharField(
        label=_("Title"),
        max_length=255,
        help_text=_("For example: Mô hình “Mỗi tuần một việc tốt”."),
    )
    field = forms.ChoiceField(label=_("Field"), choices=ExemplarField.choices)
    person = PersonChoiceField(
        label=_("Person (for a good person, good deed)"),
        queryset=Person.objects.none(),
        required=False,
    )
    subject_unit = UnitChoice(
        label=_("Collective (for a collective or a model)"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Empty: the proposing unit itself."),
    )
    problem = TextAreaField(
        label=_("The problem it solved"), required=False, rows=3, max_length=STORY_CHARS
    )
    actions = TextAreaField(label=_("What was done"), rows=5, max_length=STORY_CHARS)
    results = TextAreaField(
        label=_("Results"),
        required=False,
        rows=3,
        max_length=STORY_CHARS,
        help_text=_("What changed, with figures where you have them (the table below)."),
    )
    tags = CleanCharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separated by commas, for example: chuyển đổi số, cải cách hành chính."),
    )
    campaign = forms.ModelChoiceField(
        label=_("Came out of the emulation campaign"),
        queryset=Campaign.objects.none(),
        required=False,
    )
    adapted_from = forms.ModelChoiceField(
        queryset=Exemplar.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, unit: Unit, figures=None, **kwargs):
        """`figures`: the page's FigureFormSet. When the form is sent to be proposed at once
        ("intent" = "propose"), it refuses what the proposal would refuse, figures counted."""
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.figures = figures
        self.proposing = self.is_bound and self.data.get("intent") == "propose"
        self.fields["person"].queryset = services.people_for(unit, user).select_related("unit")
        self.fields["subject_unit"].queryset = (
            Unit.objects.visible_to(user).subtree_of(unit).active().order_by("path")
        )
        self.fields["campaign"].queryset = (
            Campaign.objects.visible_to(user)
            .filter(unit__path__in=unit.ancestor_paths())
            .order_by("-starts_on", "pk")
        )
        self.fields["adapted_from"].queryset = Exemplar.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExemplarKind.INDIVIDUAL and not data.get("person"):
            self.add_error("person", _("Choose the person this exemplar is about."))
        if self.proposing:
            figures = self.figures is not None and self.figures.is_valid() and self.figures.lines()
            gaps = services.proposal_gaps(
                actions=data.get("actions", ""),
                results=data.get("results", ""),
                figures=bool(figures),
            )
            for field, message in gaps.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "kind",
                "title",
                "field",
                "person",
                "subject_unit",
                "problem",
                "actions",
                "results",
                "campaign",
                "adapted_from",
            )
        }


class FigureForm(StyledFormMixin, forms.Form):
    label = CleanCharField(label=_("Indicator"), required=False, max_length=255)
    before = forms.DecimalField(label=_("Before"), required=False, max_digits=14, decimal_places=2)
    after = forms.DecimalField(label=_("After"), required=False, max_digits=14, decimal_places=2)
    measure = CleanCharField(label=_("Unit of measure"), required=False, max_length=40)

    def clean(self):
        data = super().clean()
        filled = data.get("label") or data.get("before") is not None or data.get("measure")
        if (filled or data.get("after") is not None) and not data.get("label"):
            self.add_error("label", _("Name the indicator."))
        if filled and data.get("after") is None:
            self.add_error("after", _("Give the value after."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The table's headings name the columns on a wide screen; the inputs still need names.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class BaseFigureFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data]


FigureFormSet = forms.formset_factory(
    FigureForm, formset=BaseFigureFormSet, extra=2, max_num=services.MAX_FIGURES
)


class VersionForm(forms.Form):
    """A button: the version of the page it was pressed on."""

    version = VersionField()


class ReasonForm(StyledFormMixin, forms.Form):
    version = VersionField()
    reason = TextAreaField(label=_("Reason"), rows=2)


class RecogniseForm(StyledFormMixin, forms.Form):
    version = VersionField()
    level = UnitChoice(
        label=_("Recognised at the level of"), queryset=Unit.objects.none(), empty_label=None
    )
    on = DateField(label=_("Recognised on"))
    comment = TextAreaField(label=_("Comment"), required=False, rows=2)

    def __init__(self, *args, levels: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Unit.objects.filter(pk__in=[u.pk for u in levels])
        self.fields["level"].choices = [(u.pk, u.name) for u in levels]


class EvidenceForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Photo or document"),
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("Photos (JPEG, PNG, WebP) or PDF, Word, Excel, PowerPoint; at most 15 MB."),
    )
    caption = CleanCharField(label=_("Caption"), required=False, max_length=255)
    public = forms.BooleanField(
        label=_("Show this photo in the public gallery"),
        required=False,
        help_text=_("Only photos; no identity papers, phone numbers or addresses in them."),
    )

    def clean_caption(self):
        return clean_text(self.cleaned_data["caption"])
