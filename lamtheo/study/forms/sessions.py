"""Forms of the study session pages. They validate input; lamtheo.study.services writes.

Units and people are typed, not picked from a list: a committee's scope can hold thousands of
units and a city's hundreds of thousands of people. The view passes the querysets the user may
choose from (their scope), so a code outside it reads as unknown.
"""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import (
    CleanCharField,
    DateField,
    StyledFormMixin,
    TextAreaField,
    check_date_range,
)
from lamtheo.core.text import clean_text
from lamtheo.core.views import as_id
from lamtheo.org.privacy import CARD
from lamtheo.study.models import SessionFormat, SessionKind
from lamtheo.study.services import MATERIAL_MAX_BYTES, MATERIAL_TYPES, SESSION_FIELDS

DATETIME_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
# What the file picker offers; the service checks the real type (first bytes) and size again.
MATERIAL_ACCEPT = ",".join(
    [".pdf", ".docx", ".pptx", ".jpg", ".jpeg", ".png", ".webp", *sorted(MATERIAL_TYPES)]
)
_SEPARATORS = re.compile(r"[\s,;]+")


class DateTimeField(forms.DateTimeField):
    """A time typed as dd/mm/yyyy hh:mm, in Viet Nam's time zone."""

    widget = forms.DateTimeInput(
        format="%d/%m/%Y %H:%M", attrs={"placeholder": _("dd/mm/yyyy hh:mm"), "autocomplete": "off"}
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Enter a time as dd/mm/yyyy hh:mm, for example 14/03/2023 08:00.")},
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        check_date_range(value.date() if value else None)


class ProgramYearChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.year} – {obj.program.name}"
        if obj.theme:
            theme = obj.theme if len(obj.theme) <= 90 else f"{obj.theme[:89]}…"
            label = f"{label}: {theme}"
        return label


def tokens(value: str) -> list[str]:
    """Codes typed with spaces, commas, semicolons or new lines between them, each once."""
    seen: dict[str, None] = {}
    for token in _SEPARATORS.split(value or ""):
        token = clean_text(token)
        if token:
            seen.setdefault(token, None)
    return list(seen)


class SessionForm(StyledFormMixin, forms.Form):
    title = CleanCharField(
        label=_("Title"),
        max_length=255,
        help_text=_("For example: Conference of key cadres on Conclusion 01-KL/TW."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices)
    program_year = ProgramYearChoiceField(
        label=_("Theme of the year"),
        queryset=None,
        required=False,
        empty_label=_("Not tied to a programme year"),
        help_text=_("The programme year whose theme this session studies, if any."),
    )
    topic = TextAreaField(label=_("Topic"), rows=2, required=False, max_length=5000)
    starts_at = DateTimeField(label=_("Starts at"))
    ends_at = DateTimeField(label=_("Ends at"))
    place = CleanCharField(label=_("Place"), required=False, max_length=255)
    online_link = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=200,
        help_text=_("For an online or hybrid session: the meeting link."),
    )
    agenda = TextAreaField(label=_("Agenda"), rows=4, required=False, max_length=5000)
    counts_for_participation = forms.BooleanField(
        label=_("Counts towards the participation rate"), required=False, initial=True
    )
    points = TextAreaField(
        label=_("Connection points"),
        rows=3,
        required=False,
        max_length=5000,
        help_text=_(
            "One per line. To tie a point to a unit, start the line with the unit's code and a "
            "colon, for example: CBA: Hall of cell A. Invitees of that unit follow from there."
        ),
    )
    audience_units = forms.CharField(
        label=_("Units invited (codes)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Unit codes separated by spaces or commas; each brings everyone in its subtree."
        ),
    )
    members_only = forms.BooleanField(
        label=_("Party members only (not workers and the masses)"), required=False
    )
    extra_people = forms.CharField(
        label=_("Other people invited"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Party card numbers or personal codes, separated by spaces or commas; #number "
            "refers to a record by its number."
        ),
    )

    def __init__(self, *args, years, units, people, point_units, reader, **kwargs):
        """`years`: the programme years one may link; `units`: the units one may invite;
        `people`: the people one may invite; `point_units`: units points may be tied to;
        `reader`: whose card numbers the planner sees (org.privacy)."""
        super().__init__(*args, **kwargs)
        self.fields["program_year"].queryset = years
        self._units, self._people, self._point_units = units, people, point_units
        self._reader = reader

    def clean_audience_units(self):
        codes = tokens(self.cleaned_data["audience_units"])
        if not codes:
            return []
        found = {u.code: u for u in self._units.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("No open unit with these codes is within your scope: %(codes)s")
                % {"codes": ", ".join(unknown)}
            )
        return [found[code] for code in codes]

    def clean_extra_people(self):
        wanted = tokens(self.cleaned_data["extra_people"])
        if not wanted:
            return []
        ids = [pk for t in wanted if t.startswith("#") and (pk := as_id(t[1:])) is not None]
        keys = [t for t in wanted if not t.startswith("#")]
        # A card number finds only people whose card the planner sees in full: otherwise
        # trying numbers would be a way to read them (as in the people search).
        by_card = Q(party_card_number__in=keys) & self._reader.full_q(CARD)
        people = list(
            self._people.filter(Q(pk__in=ids) | by_card | Q(code__in=keys)).select_related("unit")
        )
        known = set()
        for person in people:
            known.update({f"#{person.pk}", person.code})
            if self._reader.sees(person, CARD):
                known.add(person.party_card_number)
        known.discard("")
        unknown = [t for t in wanted if t not in known]
        if unknown:
            raise forms.ValidationError(
                _("Nobody in your scope has these card numbers or codes: %(codes)s")
                % {"codes": ", ".join(unknown)}
            )
        return people

    def clean_points(self):
        """[(name, unit or None)]: "CODE: name" ties the point to the unit with that code."""
        lines = [line for line in self.cleaned_data["points"].splitlines() if line.strip()]
        prefixes = {line.split(":", 1)[0].strip() for line in lines if ":" in line}
        units = {u.code: u for u in self._point_units.filter(code__in=prefixes)} if prefixes else {}
        points = []
        for line in lines:
            code, sep, rest = line.partition(":")
            if sep and code.strip() in units and rest.strip():
                points.append((rest.strip(), units[code.strip()]))
            else:
                points.append((line.strip(), None))
        if len(points) > 200:
            raise forms.ValidationError(_("At most 200 connection points."))
        return points

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session ends before it starts."))
        return data

    def session_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}

    @classmethod
    def initial_for(cls, session, audience, extra_people, points, reader) -> dict:
        """The form as saved; each invited person by the card number if `reader` sees it in
        full (org.privacy), else by their personal code, else by record number."""
        initial = {name: getattr(session, name) for name in SESSION_FIELDS}
        initial["program_year"] = session.program_year_id
        initial["audience_units"] = " ".join(a.unit.code for a in audience)
        initial["members_only"] = any(a.members_only for a in audience)
        initial["extra_people"] = " ".join(
            (p.party_card_number if reader.sees(p, CARD) else "") or p.code or f"#{p.pk}"
            for p in extra_people
        )
        initial["points"] = "\n".join(
            f"{p.unit.code}: {p.name}" if p.unit_id else p.name for p in points
        )
        return initial


class MaterialForm(StyledFormMixin, forms.Form):
    title = CleanCharField(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the file name."),
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": MATERIAL_ACCEPT}),
        help_text=_("PDF, Word, PowerPoint or an image, up to 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MATERIAL_MAX_BYTES:
            raise forms.ValidationError(_("%(name)s is larger than 20 MB.") % {"name": upload.name})
        return upload


class ExcuseForm(StyledFormMixin, forms.Form):
    reason = TextAreaField(
        label=_("Reason"),
        rows=2,
        required=True,
        max_length=1000,
        help_text=_("For example: on a business trip to Hai Phong that day."),
    )


class ExcuseDecideForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Do not approve"))],
        widget=forms.HiddenInput,  # the two submit buttons carry the value
    )
    comment = CleanCharField(label=_("Comment"), required=False, max_length=255)


class SelfStudyForm(StyledFormMixin, forms.Form):
    studied_on = DateField(label=_("Date"))
    material = CleanCharField(
        label=_("Document studied"),
        max_length=255,
        help_text=_("For example: the 2026 thematic document, chapter 2."),
    )
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=1440)
    note = TextAreaField(label=_("What I took from it"), rows=3, required=False)
