"""Who in the demo commits to what, decided from the seed before anything is written.

Each person gets one or two commitments fitting their job and their workplace's sector; a few
are vague (and returned), a few late; cells register collective commitments.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from lamtheo.devdata.data.org import UNITS
from lamtheo.devdata.data.programs import (
    ANY,
    COLLECTIVE_BY_SECTOR,
    COLLECTIVE_DEFAULT,
    CUSTOMER,
    EDITORIAL,
    LATE_CELLS,
    LEADER,
    MANAGER,
    MEDIA,
    MEDICAL,
    NNCS,
    OFFICE,
    PARTY,
    PROGRESS,
    RETIRED,
    SELF_ASSESSMENT,
    TECHNICAL,
    TEMPLATES,
    VAGUE,
    WORKER,
    WORKPLACE,
    Y2023,
    Y2026,
    D,
    Template,
)
from lamtheo.devdata.demo.common import DATA_TODAY
from lamtheo.org.models import Person, Unit, UnitKind
from lamtheo.programs.models import (
    Commitment,
)


def category(job_title: str) -> str:
    """The kind of work a job title names, to pick commitments that fit it."""
    title = job_title.lower()

    def has(*words):
        return any(word in title for word in words)

    if has("hưu trí"):
        return RETIRED
    if has("đảng ủy", "ban tổ chức", "ủy ban kiểm tra", "ban tuyên giáo"):
        return LEADER if has("bí thư") else PARTY
    if (
        title.startswith(("giám đốc", "phó giám đốc", "tổng", "phó tổng", "chủ nhiệm", "phó chủ"))
        and "xí nghiệp" not in title
    ):
        return LEADER
    if has("phóng viên", "biên tập viên", "họa sĩ", "quay phim", "thư ký tòa soạn"):
        return EDITORIAL
    if has("trưởng", "chánh", "giám đốc xí nghiệp", "kiểm soát viên"):
        return MANAGER
    if has("bác sĩ", "điều dưỡng", "hộ sinh", "dược sĩ", "xét nghiệm", "chẩn đoán"):
        return MEDICAL
    if has("kỹ sư", "kỹ thuật", "kiểm nghiệm", "giám sát thi công"):
        return TECHNICAL
    if has("kinh doanh", "khách hàng", "giao dịch", "trình dược", "lễ tân", "du lịch", "tour"):
        return CUSTOMER
    if has("nhà hàng", "buồng phòng", "phát hành"):
        return CUSTOMER
    if has("lái xe", "công nhân", "thợ"):
        return WORKER
    return OFFICE


def unit_sectors() -> dict[str, str]:
    """Unit code -> sector of the demo's workplaces (party groups take their cell's)."""
    sectors = {}

    def walk(spec, inherited):
        sector = inherited if spec.kind == UnitKind.GROUP else spec.sector
        sectors[spec.code] = sector
        for child in spec.children:
            walk(child, sector)

    walk(UNITS, "enterprise")
    return sectors


def fill(template: Template, year: int, sector: str) -> dict:
    values = {
        "year": year,
        "prev": year - 1,
        "media": MEDIA.get(sector, "trên trang thông tin của đơn vị"),
        "workplace": WORKPLACE.get(sector, "Công ty"),
    }
    return {
        "content_area": template.area,
        "action": template.action.format(**values),
        "expected_result": template.result.format(**values),
        "shortcoming": template.shortcoming.format(**values),
        "due_on": D(year, *template.due) if template.due else None,
    }


@dataclass
class Item:
    """One commitment in the story and the days it moves on."""

    owner: Person | None  # None: collective
    unit: Unit
    fields: dict
    status: str  # where it ends: submitted, returned, approved, self_assessed, evaluated
    registered_on: dt.date
    approved_on: dt.date | None = None
    progress_on: dt.date | None = None
    progress_text: str = ""
    assessed_on: dt.date | None = None
    proposed_outcome: str = ""
    outcome: str = ""
    # The text keys of SELF_ASSESSMENT / EVALUATION_COMMENT: the outcome, or "late" for a
    # commitment met behind its schedule.
    wording: str = ""
    evaluated_on: dt.date | None = None
    return_comment: str = ""
    commitment: Commitment | None = None


@dataclass
class Plan:
    items: list[Item] = field(default_factory=list)


def day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))


def choose(rng, person_category: str, sector: str, count: int) -> list[Template]:
    """`count` distinct templates: one for the person's work, then general ones."""

    def fits(t: Template, cats) -> bool:
        return any(c in t.categories for c in cats) and (not t.sectors or sector in t.sectors)

    own = [t for t in TEMPLATES if fits(t, (person_category,))]
    general = [t for t in TEMPLATES if fits(t, (ANY,))]
    first = rng.choice(own or general)
    chosen = [first]
    while len(chosen) < count:
        pick = rng.choice(general)
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def plan_year_2023(rng, people, sectors, unit_then, owners) -> Plan:
    spec = Y2023.windows
    plan = Plan()
    not_met_left = 2
    for person in people:
        if not rng.random() < (0.97 if person.is_member else 0.9):
            continue
        registered_on = day(rng, spec["registration_opens"], D(2023, 3, 24))
        unit = unit_then(person, registered_on)
        sector = sectors.get(unit.code, "enterprise")
        count = 2 if rng.random() < 0.45 else 1
        draw = rng.random()
        if draw < 0.015 and not_met_left:
            wording = "not_met"
            not_met_left -= 1
        elif draw < 0.13:
            wording = "late"
        elif draw < 0.3:
            wording = "exceeded"
        else:
            wording = "met"
        items = []
        for template in choose(rng, category(person.job_title), sector, count):
            approved = registered_on + dt.timedelta(days=rng.randint(2, 9))
            items.append(
                Item(
                    owner=person,
                    unit=unit,
                    fields=fill(template, 2023, sector),
                    status="evaluated",
                    registered_on=registered_on,
                    approved_on=approved,
                    progress_on=day(rng, D(2023, 7, 3), D(2023, 7, 20))
                    if rng.random() < 0.3
                    else None,
                    progress_text=rng.choice(PROGRESS).format(pct=rng.choice((45, 50, 55, 60))),
                    assessed_on=day(rng, spec["self_assessment_opens"], D(2023, 12, 5)),
                    evaluated_on=day(rng, D(2023, 12, 11), spec["evaluation_deadline"]),
                )
            )
        # The cell's word on each commitment; a second one is at least met.
        for n, item in enumerate(items):
            item.wording = wording if n == 0 or wording in ("exceeded", "met") else "met"
            item.outcome = "met" if item.wording == "late" else item.wording
            item.proposed_outcome = "met" if item.outcome == "not_met" else item.outcome
            result = item.fields["expected_result"]
            item.fields["self_assessment"] = SELF_ASSESSMENT[item.wording].format(
                result_lower=result[:1].lower() + result[1:]
            )
        plan.items.extend(items)
    plan.items.sort(key=lambda item: (item.registered_on, item.owner.code))
    return plan


def plan_year_2026(rng, people, sectors, owners, dangvien) -> Plan:
    spec = Y2026.windows
    plan = Plan()
    me = getattr(dangvien, "pk", None)

    def in_cell(person, code):
        return person.unit.code == code or person.unit.code.startswith(code + "-")

    plain_people = [p for p in people if p.pk not in owners and p.pk != me]
    # Members of three cells who never registered (the last few of each, by code).
    skipped = set()
    for code, n in LATE_CELLS.items():
        members = [p for p in plain_people if in_cell(p, code) and p.is_member]
        skipped.update(p.pk for p in members[-n:])
    nncs = [p for p in plain_people if in_cell(p, NNCS) and p.pk not in skipped]
    waiting = {p.pk for p in rng.sample(nncs, min(4, len(nncs)))}
    others = [p for p in plain_people if not in_cell(p, NNCS) and p.pk not in skipped]
    returned = dict(
        zip(
            [rng.choice([p for p in nncs if p.pk not in waiting]).pk, rng.choice(others).pk],
            VAGUE,
            strict=True,
        )
    )
    for person in people:
        if person.pk in skipped:
            continue
        registered_on = day(rng, spec["registration_opens"], D(2026, 3, 27))
        sector = sectors.get(person.unit.code, "enterprise")
        count = 1 if person.pk == me else 2 if rng.random() < 0.35 else 1
        templates = choose(rng, category(person.job_title), sector, count)
        for n, template in enumerate(templates):
            item = Item(
                owner=person,
                unit=person.unit,
                fields=fill(template, 2026, sector),
                status="approved",
                registered_on=registered_on,
            )
            if n == 0 and person.pk in waiting:
                item.status = "submitted"  # bithu's queue
                item.registered_on = day(rng, D(2026, 3, 16), D(2026, 3, 31))
            elif n == 0 and person.pk in returned:
                template, comment = returned[person.pk]
                item.fields = fill(template, 2026, sector)
                item.status = "returned"
                item.return_comment = comment
                item.approved_on = item.registered_on + dt.timedelta(days=rng.randint(2, 6))
            elif person.pk != me and rng.random() < 0.03:
                item.status = "submitted"  # the office's queue
            if item.status == "approved":
                item.approved_on = item.registered_on + dt.timedelta(days=rng.randint(2, 10))
                if rng.random() < 0.35:
                    item.progress_on = day(rng, D(2026, 7, 6), D(2026, 7, 24))
                    item.progress_text = rng.choice(PROGRESS).format(
                        pct=rng.choice((45, 50, 55, 60, 65))
                    )
                if person.pk != me and rng.random() < 0.35:
                    item.status = "self_assessed"
                    item.assessed_on = day(rng, spec["self_assessment_opens"], DATA_TODAY)
                    wording = rng.choices(("exceeded", "met", "late"), (2, 7, 1))[0]
                    item.proposed_outcome = "met" if wording == "late" else wording
                    result = item.fields["expected_result"]
                    item.fields["self_assessment"] = SELF_ASSESSMENT[wording].format(
                        result_lower=result[:1].lower() + result[1:]
                    )
            plan.items.append(item)
    plan.items.sort(key=lambda item: (item.registered_on, item.owner.code))
    return plan


def plan_collective(rng, year: int, codes, units, sectors, spec) -> list[Item]:
    items = []
    for code in codes:
        unit = units.get(code)
        if unit is None:
            continue
        template = COLLECTIVE_BY_SECTOR.get(sectors.get(code, ""), COLLECTIVE_DEFAULT)
        registered_on = day(rng, spec["registration_opens"], D(year, 3, 20))
        item = Item(
            owner=None,
            unit=unit,
            fields=fill(template, year, sectors.get(code, "enterprise")),
            status="evaluated" if year == 2023 else "approved",
            registered_on=registered_on,
            approved_on=registered_on + dt.timedelta(days=rng.randint(3, 12)),
        )
        if year == 2023:
            item.outcome = item.wording = rng.choices(("exceeded", "met"), (1, 3))[0]
            item.assessed_on = day(rng, spec["self_assessment_opens"], D(2023, 12, 5))
            item.evaluated_on = day(rng, D(2023, 12, 11), spec["evaluation_deadline"])
            result = item.fields["expected_result"]
            item.fields["self_assessment"] = SELF_ASSESSMENT[item.wording].format(
                result_lower=result[:1].lower() + result[1:]
            )
            item.proposed_outcome = item.outcome
        elif code == NNCS:
            item.status = "submitted"  # the office's queue: a cell's own registration
            item.approved_on = None
        items.append(item)
    return items
