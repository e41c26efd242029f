"""The demo's exemplars, their replication, the emulation campaigns and the ethics standards.

What the article of 14/3/2023 tells, re-created in the committee of `lamtheo.devdata.demo.org`:

- **The conference of 14/3/2023** (sơ kết 02 năm thực hiện Kết luận 01-KL/TW): the committee
  commended 5 collectives and 5 individuals (COMMENDED). Each is proposed by its cell in
  February 2023, recognised at the committee's level on 14/3/2023 and published: Nguyễn Trung
  Chính, Bí thư Chi bộ Tạp chí Nghề nghiệp và Cuộc sống, four other office holders and members;
  the four units the article names in the campaign and the Kim Liên construction company.
- **Models and ways of working** (MODELS, 15): among them the committee's use of Zalo for
  propaganda ("phát huy lợi thế của mạng xã hội zalo"), a member's handbook on the phone,
  "Mỗi tuần một việc tốt", "Ngày thứ Bảy tình nguyện", a legal reading room. Most published;
  one recognised at the level of the Truyền hình Cáp sub-committee; one recognised and not yet
  published; two proposed and waiting for the office's review; one returned with a reason; a
  draft; one whose recognition was withdrawn (2025); one adapted from the Zalo model.
- **Replication** (ADOPTIONS, 34): 12 units record an adoption of the Zalo model over
  2023–2026, from planned to sustained (9 have taken it up, 7 verified by the office), one
  dropped with its reason; the other models by 1–5 units each, one more dropped; results
  against a baseline. Four cells adopt nothing (NOTHING), so the committee's overview has a
  list (with, by its definition, the party groups of cells that adopt as a whole).
- **Campaigns**: "thi đua lập thành tích chào mừng 10 năm Ngày thành lập Đảng bộ Khối"
  (01/06/2022–31/05/2023, hosted by the committee, summed up): the four units the article names
  and six more, with targets, activities of all six kinds the article lists (học tập, lao động
  sản xuất, thể dục thể thao, văn hóa văn nghệ, đền ơn đáp nghĩa, xây dựng Đảng và chính
  quyền), results and scores; two commended collectives are linked to it. The 2026 campaign is
  under way.
- **Standards**: each open unit's code of professional ethics and criteria for setting an
  example ("rà soát, bổ sung chuẩn mực đạo đức nghề nghiệp ... tiêu chí trách nhiệm, nêu
  gương"): version 1 in 2021 after Kết luận 01-KL/TW, version 2 in April–June 2023 after the
  conference, in six units version 3 of the ethics code in 2024 after Quy định 144-QĐ/TW
  (09/5/2024); three under review, three to be supplemented, two cells lacking one.

Written through the services of this app, as people would: the office (vanphong) for the
committee and the cells, the secretary of Nghề nghiệp và Cuộc sống (bithu) for that cell.
The services stamp "now", so a last step dates every record and event back to its day in the
story (nothing after DATA_TODAY, 25/11/2026); the history tables (simple_history) keep the
loading time. Dates are fixed; a seeded generator decides only the time of day and the
figures of adoptions and the numbers of participants. Running it again adds nothing: it does
nothing once the committee has an exemplar, a campaign or a standard.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from lamtheo.devdata.data.exemplars import (
    ADOPTIONS,
    CAMPAIGN_10Y,
    CAMPAIGNS,
    COMMENDED,
    ETHICS_V1,
    ETHICS_V2,
    ETHICS_V3,
    EXAMPLE_V1,
    EXAMPLE_V2,
    MEASURES,
    MODELS,
    NNCS,
    NOTE_V2_ETHICS,
    NOTE_V2_EXAMPLE,
    NOTE_V3,
    ROOT,
    SECTOR_ETHICS,
    SECTOR_EXAMPLE,
    STANDARD_CASES,
    TARGETS_10Y,
    USERNAMES,
    V3_ETHICS,
    VERIFICATION,
    A,
    AdoptionSpec,
    CampaignSpec,
    D,
    ExemplarSpec,
)
from lamtheo.devdata.data.org import UNITS
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
    StandardKind,
    StandardVersion,
)
from lamtheo.exemplars.services import adoptions as adoption_services
from lamtheo.exemplars.services import campaigns as campaign_services
from lamtheo.exemplars.services import exemplars as exemplar_services
from lamtheo.exemplars.services import standards as standard_services
from lamtheo.org.models import Person, Position, PositionTitle, Unit, UnitKind

SEED = 20230314


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


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _org(unit: Unit) -> str:
    """The unit's workplace: "Chi bộ Nhà xuất bản Văn Miếu" → "Nhà xuất bản Văn Miếu"."""
    name = unit.name
    for prefix in ("Chi bộ ", "Đảng bộ bộ phận "):
        name = name.removeprefix(prefix)
    return name


def _sectors() -> dict[str, str]:
    sectors = {}

    def walk(spec, inherited):
        sector = spec.sector if spec.sector != "enterprise" or not inherited else inherited
        sectors[spec.code] = sector
        for child in spec.children:
            walk(child, sector)

    walk(UNITS, None)
    sectors[UNITS.code] = "root"
    return sectors


class _Story:
    """Who acts, and the moment each write happened in the story."""

    def __init__(self, admin, units: dict[str, Unit], rng: random.Random, result: Result):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
        self.office = users.get("vanphong", admin)
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


def _people(units: dict[str, Unit]) -> dict[tuple[str, str], Person]:
    """Current holders of current offices, by (unit code, title); the first by code."""
    holders = {}
    positions = (
        Position.objects.filter(
            unit__in=list(units.values()), ended_on__isnull=True, person__left_on__isnull=True
        )
        .select_related("person", "unit")
        .order_by("unit__path", "title", "person__code", "pk")
    )
    for position in positions:
        holders.setdefault((position.unit.code, position.title), position.person)
    return holders


def _write_exemplar(spec: ExemplarSpec, story: _Story, holders, written, campaigns) -> Exemplar:
    unit = story.units[spec.unit]
    by = story.by(unit)
    office = story.office
    title = spec.title
    fields = {}
    if spec.person:
        person = holders[spec.person]
        fields["person"] = person
        title = title.format(name=person.full_name)
    else:
        fields["subject_unit"] = story.units[spec.subject or spec.unit]
    if spec.adapted_from:
        fields["adapted_from"] = written[spec.adapted_from]
    if spec.campaign:
        fields["campaign"] = campaigns[spec.campaign]
    exemplar = exemplar_services.exemplar_create(
        by=by,
        unit=unit,
        kind=spec.kind,
        title=_nfc(title),
        field=spec.field,
        problem=_nfc(spec.problem),
        actions=_nfc(spec.actions),
        results=_nfc(spec.results),
        tags=_nfc(spec.tags),
        figures=[
            {
                "label": _nfc(label),
                "before": None if before is None else Decimal(str(before)),
                "after": Decimal(str(after)),
                "measure": _nfc(measure),
            }
            for label, before, after, measure in spec.figures
        ],
        **fields,
    )
    key = ("exemplar", exemplar.pk)
    story.at(key, "created", spec.created)
    if spec.proposed:
        exemplar = exemplar_services.exemplar_propose(by=by, exemplar=exemplar, version=None)
        story.at(key, "proposed", spec.proposed)
    if spec.returned:
        day, reason = spec.returned
        exemplar = exemplar_services.exemplar_return(
            by=office, exemplar=exemplar, version=None, reason=_nfc(reason)
        )
        story.at(key, "returned", day)
    if spec.recognised:
        exemplar = exemplar_services.exemplar_recognise(
            by=office,
            exemplar=exemplar,
            version=None,
            level=story.units[spec.level],
            on=spec.recognised,
            comment=_nfc(spec.comment),
        )
        story.at(key, "recognised", spec.recognised)
    if spec.published:
        exemplar = exemplar_services.exemplar_publish(by=office, exemplar=exemplar, version=None)
        story.at(key, "published", spec.published)
    if spec.withdrawn:
        day, reason = spec.withdrawn
        exemplar = exemplar_services.exemplar_withdraw(
            by=office, exemplar=exemplar, version=None, reason=_nfc(reason)
        )
        story.at(key, "withdrawn", day)
    story.result.exemplars += 1
    return exemplar


def _figure(value: float) -> Decimal:
    return Decimal(str(round(value))) if value >= 10 else Decimal(str(round(value, 1)))


def _write_adoption(spec: AdoptionSpec, story: _Story, exemplars, leads) -> Adoption:
    unit = story.units[spec.unit]
    by = story.by(unit)
    measure = MEASURES[spec.exemplar]
    rng = story.rng
    baseline = _figure(rng.uniform(*measure.baseline))
    gain = rng.uniform(*measure.gain)
    result = _figure(float(baseline) + gain)
    if measure.measure == "%":
        result = min(result, Decimal(100))
    adoption = adoption_services.adoption_create(
        by=by,
        exemplar=exemplars[spec.exemplar],
        unit=unit,
        started_on=spec.started,
        lead=leads.get(spec.unit),
        adaptation=_nfc(spec.adaptation or measure.adaptation.format(org=_org(unit))),
        indicator=_nfc(measure.indicator),
        baseline=baseline,
        measure=_nfc(measure.measure),
        today=DATA_TODAY,
    )
    key = ("adoption", adoption.pk)
    # Planned ahead: recorded a few weeks before the start (or on it).
    story.at(key, "created", min(spec.started, DATA_TODAY - dt.timedelta(days=9)))

    def move(status, day, reason=""):
        nonlocal adoption
        adoption = adoption_services.adoption_move(
            by=by,
            adoption=adoption,
            status=status,
            version=None,
            on=day if status == A.ADOPTED else None,
            reason=_nfc(reason),
            today=DATA_TODAY,
        )
        story.at(key, status, day)

    if spec.status == A.PLANNED:
        return adoption
    piloting = spec.started + dt.timedelta(days=14)
    move(A.PILOTING, piloting)
    if spec.status == A.DROPPED:
        day, reason = spec.dropped
        move(A.DROPPED, day, reason)
        return adoption
    if spec.status == A.PILOTING:
        return adoption
    move(A.ADOPTED, spec.adopted)
    months = max(1, round((spec.adopted - spec.started).days / 30.44))
    adoption = adoption_services.adoption_results(
        by=by,
        adoption=adoption,
        version=None,
        result=result,
        results=_nfc(
            measure.results.format(b=baseline, r=result, m=measure.measure, months=months)
        ),
    )
    story.at(key, "results", spec.adopted + dt.timedelta(days=21))
    if spec.verified:
        adoption = adoption_services.adoption_verify(
            by=story.office,
            adoption=adoption,
            version=None,
            note=_nfc(VERIFICATION.format(day=spec.verified.strftime("%d/%m/%Y"))),
        )
        story.at(key, "verified", spec.verified)
    if spec.status == A.SUSTAINED:
        move(A.SUSTAINED, spec.sustained)
    return adoption


def _write_campaign(spec: CampaignSpec, story: _Story, sizes) -> Campaign:
    root = story.units[ROOT]
    office = story.office
    rng = story.rng
    campaign = campaign_services.campaign_create(
        by=office,
        unit=root,
        title=_nfc(spec.title),
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        goals=_nfc(spec.goals),
        criteria=_nfc(spec.criteria),
    )
    key = ("campaign", campaign.pk)
    story.at(key, "created", spec.created)
    campaign = campaign_services.campaign_open(by=office, campaign=campaign)
    story.at(key, "opened", spec.opened)
    story.result.campaigns += 1
    entries = []
    for index, (code, registered, targets, score, result, kinds) in enumerate(spec.entries):
        unit = story.units[code]
        by = story.by(unit)
        text = TARGETS_10Y.format(extra=targets) if spec.key == CAMPAIGN_10Y else targets
        entry = campaign_services.entry_register(
            by=by, campaign=campaign, unit=unit, targets=_nfc(text)
        )
        entry_key = ("entry", entry.pk)
        story.at(entry_key, "registered", registered)
        story.result.entries += 1
        for kind in kinds:
            options = spec.activities[kind]
            title, held_on = options[index % len(options)]
            size = sizes.get(unit.pk, 20)
            activity = campaign_services.activity_record(
                by=by,
                entry=entry,
                kind=kind,
                title=_nfc(title),
                held_on=held_on,
                participants=rng.randint(max(5, size // 2), max(6, size)),
            )
            story.at(("activity", activity.pk), "recorded", held_on + dt.timedelta(days=1))
            story.result.activities += 1
        entries.append((entry, score, result))
    if spec.assessed:
        for entry, score, result in entries:
            campaign_services.entry_assess(by=office, entry=entry, result=_nfc(result), score=score)
            story.at(("entry", entry.pk), "assessed", spec.assessed)
    if spec.closed:
        campaign = campaign_services.campaign_close(by=office, campaign=campaign)
        story.at(key, "closed", spec.closed)
    return campaign


def _version_text(kind: str, version: int, sector: str) -> str:
    if kind == StandardKind.ETHICS:
        lines = {1: ETHICS_V1, 2: ETHICS_V2, 3: ETHICS_V3}[version]
        s1, s2 = SECTOR_ETHICS[sector]
        return "\n".join(line.format(s1=s1, s2=s2) for line in lines)
    lines = {1: EXAMPLE_V1, 2: EXAMPLE_V2}[version]
    return "\n".join(line.format(s=SECTOR_EXAMPLE[sector]) for line in lines)


def _standard_title(kind: str, unit: Unit) -> str:
    if unit.code == ROOT:
        if kind == StandardKind.ETHICS:
            return f"Chuẩn mực đạo đức của cán bộ, đảng viên {unit.name}"
        return f"Tiêu chí trách nhiệm nêu gương của cấp ủy viên, đảng viên {unit.name}"
    if kind == StandardKind.ETHICS:
        org = _org(unit)
        if unit.kind == UnitKind.CELL:  # a cell of the Cable TV sub-committee
            org = f"{org}, Truyền hình Cáp Hà Nội"
        return f"Chuẩn mực đạo đức nghề nghiệp của cán bộ, đảng viên, người lao động {org}"
    return f"Tiêu chí trách nhiệm nêu gương của cấp ủy viên, đảng viên {unit.name}"


def _adopted_by(unit: Unit, day: dt.date) -> str:
    if unit.code == ROOT:
        return "Ban Thường vụ Đảng ủy Khối"
    if unit.kind == UnitKind.SUB_COMMITTEE:
        return f"Ban Chấp hành Đảng bộ bộ phận (phiên họp tháng {day.month}/{day.year})"
    return f"Hội nghị chi bộ thường kỳ tháng {day.month}/{day.year}"


def _write_standards(story: _Story, sectors: dict[str, str]) -> None:
    root = story.units[ROOT]
    units = [
        u
        for u in story.units.values()
        if u.is_active and u.kind != UnitKind.GROUP and u.path.startswith(root.path)
    ]
    units.sort(key=lambda u: u.path)
    for index, unit in enumerate(units):
        sector = sectors.get(unit.code, "enterprise")
        by = story.by(unit)
        cases = STANDARD_CASES.get(unit.code, {})
        v3 = 3 if unit.code in V3_ETHICS else 2
        for offset, kind in enumerate((StandardKind.ETHICS, StandardKind.EXAMPLE)):
            count, review, next_review = cases.get(
                kind, (v3 if kind == StandardKind.ETHICS else 2, None, None)
            )
            days = [
                D(2021, 7 + index % 4, 5 + (index * 3 + offset * 2) % 20),
                D(2023, 4 + index % 3, 3 + (index * 5 + offset * 2) % 22),
                D(2024, 6 + index % 4, 10 + (index * 7) % 15),
            ]
            if unit.code == "DD-DLQTG":  # the hotel's cell wrote its criteria only in 2022
                days[0] = D(2022, 3, 15)
            standard = None
            for number in range(1, count + 1):
                day = days[number - 1]
                note = ""
                if number == 2:
                    note = NOTE_V2_ETHICS if kind == StandardKind.ETHICS else NOTE_V2_EXAMPLE
                elif number == 3:
                    note = NOTE_V3
                    if unit.code == "DD-DTLH":
                        note += (
                            " Áp dụng cho cả người lao động của Công ty Cổ phần Thương mại Cát "
                            "Linh sáp nhập từ ngày 01/4/2024."
                        )
                version = standard_services.version_adopt(
                    by=by,
                    unit=unit,
                    kind=kind,
                    text=_nfc(_version_text(kind, number, sector)),
                    adopted_on=day,
                    adopted_by=_nfc(_adopted_by(unit, day)),
                    change_note=_nfc(note),
                    title=_nfc(_standard_title(kind, unit)) if number == 1 else "",
                )
                standard = version.standard
                moment = story.at(("standard", standard.pk), "version", day)
                story.moments[("version", version.pk)].append(("created", moment))
                story.result.versions += 1
            if standard is None:
                continue
            story.result.standards += 1
            if review:
                standard_services.review_set(
                    by=by, standard=standard, review_status=review, next_review_on=next_review
                )
                story.at(
                    ("standard", standard.pk), "review", D(2026, 11, 2) + dt.timedelta(days=index)
                )


@transaction.atomic
def load_exemplars(admin, seed: int = SEED) -> Result:
    """Write the demo's exemplars, adoptions, campaigns and standards; nothing if the committee
    has any already."""
    result = Result()
    root = Unit.objects.filter(code=ROOT).first()
    if root is None:
        return result
    in_tree = {"unit__path__startswith": root.path}
    if (
        Exemplar.objects.filter(**in_tree).exists()
        or Campaign.objects.filter(**in_tree).exists()
        or Standard.objects.filter(**in_tree).exists()
    ):
        return result
    units = {u.code: u for u in Unit.objects.subtree_of(root)}
    needed = {s.unit for s in [*COMMENDED, *MODELS]} | {a.unit for a in ADOPTIONS}
    if not needed <= set(units):
        return result  # not the demo's committee
    rng = random.Random(f"lamtheo-exemplars:{seed}")
    story = _Story(admin, units, rng, result)
    holders = _people(units)
    # An adoption is led by the cell's deputy secretary, or its secretary.
    leads = {}
    for code in units:
        person = holders.get((code, PositionTitle.DEPUTY_SECRETARY)) or holders.get(
            (code, PositionTitle.SECRETARY)
        )
        if person is not None:
            leads[code] = person
    # People in each unit's subtree (the stored counts are per unit), for participants.
    sizes = defaultdict(int)
    for unit in units.values():
        people = unit.official_count + unit.probationary_count
        people += unit.elite_mass_count + unit.mass_count
        for other in units.values():
            if unit.path.startswith(other.path):
                sizes[other.pk] += people

    campaigns = {spec.key: _write_campaign(spec, story, sizes) for spec in CAMPAIGNS}
    written: dict[str, Exemplar] = {}
    for spec in [*COMMENDED, *MODELS]:
        written[spec.key] = _write_exemplar(spec, story, holders, written, campaigns)
    for spec in ADOPTIONS:
        _write_adoption(spec, story, written, leads)
        result.adoptions += 1
    _write_standards(story, _sectors())
    _date_the_story(story)
    result.by_status = dict(
        Counter(
            Adoption.objects.filter(unit__path__startswith=root.path).values_list(
                "status", flat=True
            )
        )
    )
    return result


def _date_the_story(story: _Story) -> None:
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
