"""The demo's exemplars, their replication, the emulation campaigns and the ethics standards.

What the article of 14/3/2023 tells, re-created in the committee of `lamtheo.devdata.demo.org`:

- **The conference of 14/3/2023** (sơ kết 02 năm thực hiện Kết luận 01-KL/TW): the committee
  commended 5 collectives and 5 individuals (COMMENDED). Each is proposed by its cell in
  February 2023, recognised at the committee's level on 14/3/2023 and published: Nguyễn Trung
  Chính, Bí thư Chi bộ Tạp chí Nghề nghiệp và Cuộc sống, four other office holders and members;
  the four units the article names in the campaign and the Kim Liên construction company.
- **Models and ways of working** (MODELS, 17, proposed in each year 2021–2026): among them
  the committee's use of Zalo for propaganda ("phát huy lợi thế của mạng xã hội zalo"), a
  member's handbook on the phone, "Mỗi tuần một việc tốt", "Ngày thứ Bảy tình nguyện", a legal
  reading room. Most published; one recognised at the level of the Truyền hình Cáp
  sub-committee; one recognised and not yet published (in 2026, by the ward committee of Kim
  Liên that took its cell); two proposed and waiting for review; one returned with a reason;
  a draft; one whose recognition was withdrawn (2025); one adapted from the Zalo model.
- **After the reform**: what the cells began from 01/7/2025 (five models of 2026 and the 2026
  campaign) is written by `load_exemplars_after_reform`, after the reform step, under the
  committees that took the cells; the rest is written while the bloc is open.
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

Who acts, the moments of the story and the dating step are in `exemplars_story`; the standards
in `exemplars_standards`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction

from lamtheo.devdata.data.exemplars import (
    ADOPTIONS,
    CAMPAIGN_10Y,
    CAMPAIGNS,
    COMMENDED,
    MEASURES,
    MODELS,
    ROOT,
    TARGETS_10Y,
    VERIFICATION,
    A,
    AdoptionSpec,
    CampaignSpec,
    ExemplarSpec,
)
from lamtheo.devdata.data.reform import DN_WARD, TRANSFERRED_ON, WARDS
from lamtheo.devdata.demo.common import DATA_TODAY
from lamtheo.devdata.demo.exemplars_standards import unit_sectors, write_standards
from lamtheo.devdata.demo.exemplars_story import Result, Story, date_the_story, nfc, workplace
from lamtheo.exemplars.models import Adoption, Campaign, Exemplar, Standard
from lamtheo.exemplars.services import adoptions as adoption_services
from lamtheo.exemplars.services import campaigns as campaign_services
from lamtheo.exemplars.services import exemplars as exemplar_services
from lamtheo.org import consent
from lamtheo.org.models import GalleryConsentStatus, Person, Position, PositionTitle, Unit

SEED = 20230314
WARD_CODES = [code for code, _name, _formed_from in WARDS]


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


def _write_exemplar(
    spec: ExemplarSpec, story: Story, holders, written, campaigns, level: Unit | None = None
) -> Exemplar:
    unit = story.units[spec.unit]
    by = story.by(unit)
    office = story.reviewer(unit)
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
        title=nfc(title),
        field=spec.field,
        problem=nfc(spec.problem),
        actions=nfc(spec.actions),
        results=nfc(spec.results),
        tags=nfc(spec.tags),
        figures=[
            {
                "label": nfc(label),
                "before": None if before is None else Decimal(str(before)),
                "after": Decimal(str(after)),
                "measure": nfc(measure),
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
            by=office, exemplar=exemplar, version=None, reason=nfc(reason)
        )
        story.at(key, "returned", day)
    if spec.recognised:
        exemplar = exemplar_services.exemplar_recognise(
            by=office,
            exemplar=exemplar,
            version=None,
            level=level or story.units[spec.level],
            on=spec.recognised,
            comment=nfc(spec.comment),
        )
        story.at(key, "recognised", spec.recognised)
    if spec.published:
        exemplar = exemplar_services.exemplar_publish(by=office, exemplar=exemplar, version=None)
        story.at(key, "published", spec.published)
        if exemplar.person_id:
            # The people the article names agreed, on paper, to appear by name (org.consent).
            consent.record(
                by=office,
                person=exemplar.person,
                status=GalleryConsentStatus.GIVEN,
                given_on=spec.recognised or spec.published,
            )
    if spec.withdrawn:
        day, reason = spec.withdrawn
        exemplar = exemplar_services.exemplar_withdraw(
            by=office, exemplar=exemplar, version=None, reason=nfc(reason)
        )
        story.at(key, "withdrawn", day)
    story.result.exemplars += 1
    return exemplar


def _figure(value: float) -> Decimal:
    return Decimal(str(round(value))) if value >= 10 else Decimal(str(round(value, 1)))


def _write_adoption(spec: AdoptionSpec, story: Story, exemplars, leads) -> Adoption:
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
        adaptation=nfc(spec.adaptation or measure.adaptation.format(org=workplace(unit))),
        indicator=nfc(measure.indicator),
        baseline=baseline,
        measure=nfc(measure.measure),
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
            reason=nfc(reason),
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
        results=nfc(measure.results.format(b=baseline, r=result, m=measure.measure, months=months)),
    )
    story.at(key, "results", spec.adopted + dt.timedelta(days=21))
    if spec.verified:
        adoption = adoption_services.adoption_verify(
            by=story.office,
            adoption=adoption,
            version=None,
            note=nfc(VERIFICATION.format(day=spec.verified.strftime("%d/%m/%Y"))),
        )
        story.at(key, "verified", spec.verified)
    if spec.status == A.SUSTAINED:
        move(A.SUSTAINED, spec.sustained)
    return adoption


def _write_campaign(spec: CampaignSpec, story: Story, sizes, root: Unit) -> Campaign:
    office = story.reviewer(root)
    rng = story.rng
    campaign = campaign_services.campaign_create(
        by=office,
        unit=root,
        title=nfc(spec.title),
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        goals=nfc(spec.goals),
        criteria=nfc(spec.criteria),
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
            by=by, campaign=campaign, unit=unit, targets=nfc(text)
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
                title=nfc(title),
                held_on=held_on,
                participants=rng.randint(max(5, size // 2), max(6, size)),
            )
            story.at(("activity", activity.pk), "recorded", held_on + dt.timedelta(days=1))
            story.result.activities += 1
        entries.append((entry, score, result))
    if spec.assessed:
        for entry, score, result in entries:
            campaign_services.entry_assess(by=office, entry=entry, result=nfc(result), score=score)
            story.at(("entry", entry.pk), "assessed", spec.assessed)
    if spec.closed:
        campaign = campaign_services.campaign_close(by=office, campaign=campaign)
        story.at(key, "closed", spec.closed)
    return campaign


def _sizes(units: dict[str, Unit]) -> dict[int, int]:
    """People in each unit's subtree (the stored counts are per unit), for participants."""
    sizes = defaultdict(int)
    for unit in units.values():
        people = unit.official_count + unit.probationary_count
        people += unit.elite_mass_count + unit.mass_count
        for other in units.values():
            if unit.path.startswith(other.path):
                sizes[other.pk] += people
    return sizes


def _after_reform(day: dt.date) -> bool:
    return day >= TRANSFERRED_ON


@transaction.atomic
def load_exemplars(admin, seed: int = SEED) -> Result:
    """Write what the bloc's years hold (everything begun before the reform): exemplars,
    adoptions, the 10-year campaign and the standards; nothing if the committee has any
    already. Run while the bloc is open (the story's step of 2025)."""
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
    story = Story(admin, units, rng, result)
    holders = _people(units)
    # An adoption is led by the cell's deputy secretary, or its secretary.
    leads = {}
    for code in units:
        person = holders.get((code, PositionTitle.DEPUTY_SECRETARY)) or holders.get(
            (code, PositionTitle.SECRETARY)
        )
        if person is not None:
            leads[code] = person
    sizes = _sizes(units)
    campaigns = {
        spec.key: _write_campaign(spec, story, sizes, root)
        for spec in CAMPAIGNS
        if not _after_reform(spec.created)
    }
    written: dict[str, Exemplar] = {}
    for spec in [*COMMENDED, *MODELS]:
        if not _after_reform(spec.created):
            written[spec.key] = _write_exemplar(spec, story, holders, written, campaigns)
    for spec in ADOPTIONS:
        _write_adoption(spec, story, written, leads)
        result.adoptions += 1
    write_standards(story, unit_sectors())
    date_the_story(story)
    result.by_status = dict(
        Counter(
            Adoption.objects.filter(unit__path__startswith=root.path).values_list(
                "status", flat=True
            )
        )
    )
    return result


def _committee_of(unit: Unit, committees: dict[str, Unit]) -> Unit:
    """The ward committee (or the enterprise committee) that holds `unit` since the reform."""
    above = [c for c in committees.values() if unit.path.startswith(c.path) and c.pk != unit.pk]
    return max(above, key=lambda c: len(c.path))


@transaction.atomic
def load_exemplars_after_reform(admin, seed: int = SEED) -> Result:
    """What the cells began after the reform (2026): the enterprise ward committee's campaign,
    and the exemplars proposed to (and one recognised at the level of) the committee that took
    each cell. Nothing if the campaign or one of these exemplars is there already."""
    result = Result()
    host = Unit.objects.filter(code=DN_WARD[0]).first()
    specs = [s for s in [*COMMENDED, *MODELS] if _after_reform(s.created)]
    later = [c for c in CAMPAIGNS if _after_reform(c.created)]
    if host is None:
        return result
    titles = [nfc(s.title) for s in specs if not s.person]
    if (
        Campaign.objects.filter(unit=host).exists()
        or Exemplar.objects.filter(
            unit__code__in={s.unit for s in specs}, title__in=titles
        ).exists()
    ):
        return result
    committees = {u.code: u for u in Unit.objects.filter(code__in=[DN_WARD[0], *WARD_CODES])}
    units = {u.code: u for u in Unit.objects.subtree_of(host)}
    units.update({u.code: u for u in Unit.objects.filter(code__in={s.unit for s in specs})})
    rng = random.Random(f"lamtheo-exemplars-2026:{seed}")
    story = Story(admin, units, rng, result, office_over=host)
    campaigns = {c.key: _write_campaign(c, story, _sizes(units), host) for c in later}
    for spec in specs:
        level = None
        if spec.recognised:
            level = _committee_of(story.units[spec.unit], committees)
        _write_exemplar(spec, story, {}, {}, campaigns, level=level)
    date_the_story(story)
    return result
