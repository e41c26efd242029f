"""The demo's exemplars as a story (lamtheo.devdata.demo.exemplars): who acts, the moment of
each write in the story, and, once everything is written through the services (which stamp
"now"), the last step that dates every record and event back to its day.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model

from lamtheo.devdata.data.exemplars import NNCS, USERNAMES
from lamtheo.devdata.demo.common import DATA_TODAY, update_rows
from lamtheo.exemplars.models import (
    Activity,
    Adoption,
    AdoptionEvent,
    Campaign,
    CampaignEntry,
    Exemplar,
    ExemplarEvent,
    Standard,
    StandardVersion,
)
from lamtheo.org.models import Unit


@dataclass
class Result:
    exemplars: int = 0
    adoptions: int = 0
    campaigns: int = 0
    entries: int = 0
    activities: int = 0
    standards: int = 0
    versions: int = 0
    by_status: dict = field(default_factory=dict)

    @property
    def created_anything(self) -> bool:
        return bool(self.exemplars or self.adoptions or self.campaigns or self.standards)


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def workplace(unit: Unit) -> str:
    """The unit's workplace: "Chi bộ Nhà xuất bản Văn Miếu" → "Nhà xuất bản Văn Miếu"."""
    name = unit.name
    for prefix in ("Chi bộ ", "Đảng bộ bộ phận "):
        name = name.removeprefix(prefix)
    return name


class Story:
    """Who acts, and the moment each write happened in the story."""

    def __init__(
        self,
        admin,
        units: dict[str, Unit],
        rng: random.Random,
        result: Result,
        office_over: Unit | None = None,
    ):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
        self.admin = admin
        self.office = users.get("vanphong", admin)
        # After the reform the office serves one ward committee; the cells the other wards
        # took are acted on by the administrator (the demo has no office there).
        self.office_path = office_over.path if office_over else None
        self.secretary = users.get("bithu")
        self.units = units
        self.rng = rng
        self.result = result
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        nncs = units.get(NNCS)
        self.nncs_path = nncs.path if nncs else None
        # (model label, pk) -> [(step, moment)] in the order the writes were made
        self.moments: dict[tuple[str, int], list[tuple[str, dt.datetime]]] = defaultdict(list)

    def by(self, unit: Unit):
        """The cell's own user: bithu for Nghề nghiệp và Cuộc sống, the office for the rest."""
        if self.secretary and self.nncs_path and unit.path.startswith(self.nncs_path):
            return self.secretary
        return self.reviewer(unit)

    def reviewer(self, unit: Unit):
        """The office above `unit`: the demo's office, or the administrator where it has none."""
        if self.office_path and not unit.path.startswith(self.office_path):
            return self.admin
        return self.office

    def at(self, key: tuple[str, int], step: str, day: dt.date) -> dt.datetime:
        """A working-hours moment on `day`, after the object's previous one."""
        day = min(day, DATA_TODAY)
        moment = dt.datetime.combine(
            day, dt.time(self.rng.randint(8, 16), self.rng.randint(0, 59)), tzinfo=self.tz
        )
        steps = self.moments[key]
        if steps and moment <= steps[-1][1]:
            moment = steps[-1][1] + dt.timedelta(minutes=self.rng.randint(5, 40))
        steps.append((step, moment))
        return moment


def date_the_story(story: Story) -> None:
    """Stamp records and events with their moments in the story (the services used "now")."""
    moments = story.moments

    def rows_of(label):
        return {
            pk: dict(steps) | {"first": steps[0][1], "last": steps[-1][1]}
            for (kind, pk), steps in moments.items()
            if kind == label
        }

    exemplars = rows_of("exemplar")
    update_rows(
        Exemplar,
        ["created_at", "updated_at", "proposed_at", "published_at"],
        [
            (s["first"], s["last"], s.get("proposed"), s.get("published"), pk)
            for pk, s in sorted(exemplars.items())
        ],
    )
    _events(ExemplarEvent, "exemplar_id", moments, "exemplar")
    adoptions = rows_of("adoption")
    update_rows(
        Adoption,
        ["created_at", "updated_at", "verified_at"],
        [(s["first"], s["last"], s.get("verified"), pk) for pk, s in sorted(adoptions.items())],
    )
    _events(AdoptionEvent, "adoption_id", moments, "adoption")
    campaigns = rows_of("campaign")
    update_rows(
        Campaign,
        ["created_at", "updated_at"],
        [(s["first"], s["last"], pk) for pk, s in sorted(campaigns.items())],
    )
    entries = rows_of("entry")
    update_rows(
        CampaignEntry,
        ["created_at", "updated_at", "assessed_at"],
        [(s["first"], s["last"], s.get("assessed"), pk) for pk, s in sorted(entries.items())],
    )
    update_rows(
        Activity,
        ["recorded_at"],
        [(s["recorded"], pk) for pk, s in sorted(rows_of("activity").items())],
    )
    standards = rows_of("standard")
    update_rows(
        Standard,
        ["created_at", "updated_at"],
        [(s["first"], s["last"], pk) for pk, s in sorted(standards.items())],
    )
    update_rows(
        StandardVersion,
        ["created_at"],
        [(s["created"], pk) for pk, s in sorted(rows_of("version").items())],
    )


def _events(model, column: str, moments, label: str) -> None:
    """Each object's events, in the order written, get the moments of its steps in order."""
    ids = [pk for (kind, pk) in moments if kind == label]
    by_object = defaultdict(list)
    for pk, owner in (
        model.objects.filter(**{f"{column}__in": ids}).order_by("pk").values_list("pk", column)
    ):
        by_object[owner].append(pk)
    rows = []
    for owner, pks in sorted(by_object.items()):
        steps = moments[(label, owner)]
        for pk, (_step, moment) in zip(pks, steps, strict=True):
            rows.append((moment, pk))
    update_rows(model, ["at"], rows)
