"""The demo's programme: Kết luận 01-KL/TW, 2021–2026, with two years that tell a true story.

- 2023: registered, approved, self-assessed, evaluated and closed: most commitments met
  ("đạt"), some exceeded ("vượt"), a few met behind schedule, one or two not met; collective
  commitments of several cells. The members' and organisations' Party ranks of the year are
  the year-end evaluation's (devdata/demo_evaluation.py), not this story's.
- 2026, the current year (Quy định 366-QĐ/TW): registration closed on 31/03/2026 and the
  self-assessment window is open (November 2026 in the data's own terms). Most people are
  registered and approved, some still wait for approval, two were returned with a comment,
  some have assessed themselves, and a few members of three cells never registered.

`load_programs(admin)` writes it through `lamtheo.programs.services`, as people would: the
office (vanphong) and the secretary of the Tạp chí Nghề nghiệp và Cuộc sống cell (bithu)
register for their people and approve, the demo users with a person of their own register
themselves inside the windows, nobody approves their own registration and collective ones are
approved a level up. One exception, for speed: 2023 outside the demo users' two cells is
written in bulk with the rows the services would have written (`_write_in_bulk`); the
collective commitments and all of 2026 go through the services step by step.
Everything is decided by a fixed seed from the people in the database,
with fixed dates; the services stamp "now", so a last step dates every event back to the day
it happened in the story (submitted in February 2023, evaluated in December 2023 ...) and
puts 2023 records in the unit the person was in at the time. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.devdata.data.programs import (
    BASIS,
    COLLECTIVE_2023,
    COLLECTIVE_2026,
    EVALUATION_COMMENT,
    NNCS,
    PROGRAM_CREATED,
    PROGRAM_NAME,
    STEP_BY_STEP_2023,
    TERM_THEME,
    Y2023,
    Y2026,
    YearSpec,
)
from lamtheo.devdata.demo.common import update_rows
from lamtheo.devdata.demo.programs_plan import (
    Item,
    Plan,
    plan_collective,
    plan_year_2023,
    plan_year_2026,
    unit_sectors,
)
from lamtheo.org.models import Membership, Person, Unit
from lamtheo.programs import services
from lamtheo.programs.models import (
    Commitment,
    CommitmentEvent,
    CommitmentKind,
    CommitmentStatus,
    Program,
    ProgramYear,
    ProgressNote,
)

SEED = 20230314


# -- the plan --------------------------------------------------------------------------------


# -- writing it through the services ---------------------------------------------------------


@dataclass
class Result:
    programs: int = 0
    years: int = 0
    commitments: int = 0
    collective: int = 0
    progress_notes: int = 0
    by_status: dict = field(default_factory=dict)

    @property
    def created_anything(self) -> bool:
        return bool(self.programs or self.years or self.commitments)

    def summary(self) -> str:
        """One line for `load_demo` to print."""
        return _(
            "Programme: %(years)d years, %(commitments)d registrations (%(collective)d "
            "collective) and %(notes)d progress notes."
        ) % {
            "years": self.years,
            "commitments": self.commitments,
            "collective": self.collective,
            "notes": self.progress_notes,
        }


class _Actors:
    """Who does what: a person's own account inside the windows, otherwise the cell
    secretary (bithu, for the Nghề nghiệp và Cuộc sống cell) or the office; never the owner
    for an approval; a collective registration is approved a level up (the office)."""

    def __init__(self, admin):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
        self.admin = admin
        self.office = users.get("vanphong", admin)
        self.secretary = users.get("bithu")
        self.owners = {
            p.pk: p.user
            for p in Person.objects.filter(user__isnull=False, user__in=users.values())
            .select_related("user")
            .order_by("pk")
        }
        nncs = Unit.objects.filter(code=NNCS).first()
        self.nncs_path = nncs.path if nncs else None

    def _reviewer(self, unit: Unit):
        if self.secretary and self.nncs_path and unit.path.startswith(self.nncs_path):
            return self.secretary
        return self.office

    def register(self, item: Item):
        if item.owner is not None and item.owner.pk in self.owners:
            return self.owners[item.owner.pk]
        return self._reviewer(item.unit)

    def review(self, item: Item):
        if item.owner is None:
            return self.office  # a level up
        reviewer = self._reviewer(item.owner.unit)
        if self.owners.get(item.owner.pk) == reviewer:
            reviewer = self.office
        if self.owners.get(item.owner.pk) == reviewer:
            reviewer = self.admin
        return reviewer


USERNAMES = ("admin", "vanphong", "bithu", "kiemtra", "dangvien")


def _write(item: Item, year: ProgramYear, actors: _Actors, result: Result) -> None:
    """Take one commitment as far as the story says, through the services."""
    by = actors.register(item)
    fields = {k: item.fields[k] for k in services.COMMITMENT_FIELDS}
    target = {"person": item.owner} if item.owner is not None else {"unit": item.unit}
    commitment = services.commitment_create(
        by=by, year=year, submit=True, today=item.registered_on, **target, **fields
    )
    reviewer = actors.review(item)
    if item.status == "returned":
        commitment = services.commitment_return(
            by=reviewer, commitment=commitment, version=None, comment=item.return_comment
        )
    elif item.status != "submitted":
        commitment = services.commitment_approve(by=reviewer, commitment=commitment, version=None)
        if item.progress_on:
            services.progress_add(by=by, commitment=commitment, text=item.progress_text)
            result.progress_notes += 1
            commitment.version += 1  # as progress_add saved it
        if item.assessed_on:
            # A collective commitment has no owner: the level above records its assessment.
            commitment = services.commitment_self_assess(
                by=by if item.owner is not None else reviewer,
                commitment=commitment,
                version=commitment.version,
                text=item.fields["self_assessment"],
                proposed_outcome=item.proposed_outcome,
                today=item.assessed_on,
            )
    item.commitment = commitment
    result.commitments += 1
    result.collective += item.owner is None


def _evaluate(items: list[Item], year: ProgramYear, plan: Plan, actors: _Actors, result: Result):
    for item in items:
        if item.outcome:
            services.commitment_evaluate(
                by=actors.review(item),
                commitment=item.commitment,
                version=None,
                outcome=item.outcome,
                comment=EVALUATION_COMMENT[item.wording],
            )


def _write_in_bulk(
    items: list[Item], year: ProgramYear, plan: Plan, actors: _Actors, result: Result
) -> None:
    """The rest of 2023, written at once with the rows the services would have written
    (registered, approved, progress, self-assessed, evaluated with their outcome). Taking
    some 500 commitments through five transitions each would make the demo load take
    twenty seconds; the rules were checked when the plan was made (windows, who approves)."""
    S = CommitmentStatus
    commitments = []
    for item in items:
        versions = 6 if item.progress_on else 5  # created 1, then one per transition
        commitments.append(
            Commitment(
                year=year,
                kind=CommitmentKind.PERSONAL,
                person=item.owner,
                unit=item.unit,
                **{k: item.fields[k] for k in services.COMMITMENT_FIELDS},
                status=S.EVALUATED,
                version=versions,
                self_assessment=item.fields["self_assessment"],
                proposed_outcome=item.proposed_outcome,
                outcome=item.outcome,
                evaluation_comment=EVALUATION_COMMENT[item.wording],
                evaluated_by=actors.review(item),
            )
        )
    Commitment.objects.bulk_create(commitments, batch_size=500)
    events, notes = [], []
    for item, commitment in zip(items, commitments, strict=True):
        item.commitment = commitment
        by, reviewer = actors.register(item), actors.review(item)
        steps = [("created", S.DRAFT, by, ""), ("submitted", S.SUBMITTED, by, "")]
        steps.append(("approved", S.APPROVED, reviewer, ""))
        if item.progress_on:
            steps.append(("progress", S.APPROVED, by, item.progress_text))
            notes.append(ProgressNote(commitment=commitment, text=item.progress_text, author=by))
        steps.append(("self_assessed", S.SELF_ASSESSED, by, ""))
        steps.append(("evaluated", S.EVALUATED, reviewer, EVALUATION_COMMENT[item.wording]))
        events += [
            CommitmentEvent(
                commitment=commitment,
                action=a,
                from_state=steps[i - 1][1] if i else "",
                to_state=st,
                actor=u,
                reason=c,
            )
            for i, (a, st, u, c) in enumerate(steps)
        ]
    CommitmentEvent.objects.bulk_create(events, batch_size=500)
    ProgressNote.objects.bulk_create(notes, batch_size=500)
    result.commitments += len(commitments)
    result.progress_notes += len(notes)


def _create_year(spec: YearSpec, program: Program, actors: _Actors, result: Result):
    year = services.year_create(
        by=actors.office, program=program, year=spec.year, theme=spec.theme, **spec.windows
    )
    result.years += 1
    return services.year_advance(by=actors.office, year=year)


def load_programs(admin, seed: int = SEED) -> Result:
    """Write the demo programme and its two years; what already exists is left as it is."""
    result = Result()
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return result
    actors = _Actors(admin)
    program = Program.objects.filter(unit=root, name=PROGRAM_NAME).first()
    if program is None:
        program = services.program_create(
            by=actors.office,
            unit=root,
            name=PROGRAM_NAME,
            start_year=2021,
            end_year=2026,
            basis=BASIS,
            term_theme=TERM_THEME,
        )
        result.programs += 1
    if program.years.exists():
        return result  # the story has been written (or someone has written their own)

    sectors = unit_sectors()
    people = list(
        Person.objects.in_subtree(root)
        .current()
        .filter(unit__closed_on__isnull=True)
        .select_related("unit")
        .order_by("code", "pk")
    )
    units = {u.code: u for u in Unit.objects.subtree_of(root)}
    unit_then = _unit_on(people, units)
    users = actors.owners
    dangvien = next(
        (p for p in people if users.get(p.pk) and users[p.pk].username == "dangvien"), None
    )
    rng = random.Random(f"lamtheo-programs:{seed}")

    # 2023: opened, filled, under evaluation, evaluated, closed. The demo users' cells and the
    # collective commitments go through every service; the other cells are written in bulk.
    year = _create_year(Y2023, program, actors, result)
    plan = plan_year_2023(rng, people, sectors, unit_then, actors.owners)
    collective = plan_collective(rng, 2023, COLLECTIVE_2023, units, sectors, Y2023.windows)
    step_by_step = [*collective] + [
        i for i in plan.items if i.owner.unit.code.startswith(STEP_BY_STEP_2023)
    ]
    in_bulk = [i for i in plan.items if i not in step_by_step]
    for item in step_by_step:
        _write(item, year, actors, result)
    year = services.year_advance(by=actors.office, year=year)  # under evaluation
    _evaluate(step_by_step, year, plan, actors, result)
    _write_in_bulk(in_bulk, year, plan, actors, result)
    year_2023 = services.year_advance(by=actors.office, year=year)  # closed

    # 2026: open, registered, partly approved and self-assessed; some late.
    year = _create_year(Y2026, program, actors, result)
    plan_2026 = plan_year_2026(rng, people, sectors, actors.owners, dangvien)
    collective_2026 = plan_collective(rng, 2026, COLLECTIVE_2026, units, sectors, Y2026.windows)
    for item in [*collective_2026, *plan_2026.items]:
        _write(item, year, actors, result)

    _date_the_story(
        program,
        {year_2023.pk: Y2023, year.pk: Y2026},
        [*collective, *plan.items, *collective_2026, *plan_2026.items],
        unit_then,
        rng,
    )
    result.by_status = dict(
        Counter(Commitment.objects.filter(year__program=program).values_list("status", flat=True))
    )
    return result


def _unit_on(people: list[Person], units: dict[str, Unit]):
    """unit_then(person, day): the unit a person was in on `day` (past periods included)."""
    by_pk = {u.pk: u for u in units.values()}
    periods = defaultdict(list)
    for membership in Membership.objects.filter(person__in=people).order_by("ended_on", "pk"):
        periods[membership.person_id].append(membership)

    def unit_then(person: Person, day: dt.date) -> Unit:
        for membership in periods.get(person.pk, ()):
            started = membership.started_on or dt.date.min
            if started <= day < membership.ended_on and membership.unit_id in by_pk:
                return by_pk[membership.unit_id]
        return person.unit

    return unit_then


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=tz)


def _date_the_story(program, specs: dict[int, YearSpec], items: list[Item], unit_then, rng):
    """Stamp each record with the day it happened in the story (the services used "now"),
    and file 2023 records under the unit the person was in then."""
    program_at = _at(PROGRAM_CREATED, rng)
    Program.objects.filter(pk=program.pk).update(created_at=program_at, updated_at=program_at)
    for pk, spec in specs.items():
        last = spec.closed_on or spec.windows["registration_opens"]
        ProgramYear.objects.filter(pk=pk).update(
            created_at=_at(spec.created_on, rng), updated_at=_at(last, rng)
        )

    rows, moments = [], {}
    for item in sorted(items, key=lambda i: i.commitment.pk):
        commitment = item.commitment
        days = {
            "submitted": item.registered_on,
            "approved": item.approved_on,
            "returned": item.approved_on if item.status == "returned" else None,
            "progress": item.progress_on,
            "self_assessed": item.assessed_on,
            "evaluated": item.evaluated_on if item.outcome else None,
        }
        stamps = {action: _at(day, rng) for action, day in days.items() if day}
        if item.status in ("submitted", "returned"):
            stamps.pop("approved", None)
        stamps["created"] = stamps["submitted"] - dt.timedelta(minutes=rng.randint(5, 40))
        for action, moment in stamps.items():
            moments[(commitment.pk, action)] = moment
        rows.append(
            (
                stamps["created"],
                max(stamps.values()),
                stamps["submitted"],
                stamps.get("approved"),
                stamps.get("self_assessed"),
                stamps.get("evaluated"),
                item.unit.pk,  # 2023: where the person was then
                commitment.pk,
            )
        )
    update_rows(
        Commitment,
        [
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "self_assessed_at",
            "evaluated_at",
            "unit",
        ],
        rows,
    )
    ids = [item.commitment.pk for item in items]
    events = CommitmentEvent.objects.filter(commitment_id__in=ids).order_by("pk")
    update_rows(
        CommitmentEvent,
        ["at"],
        [
            (moments[(commitment_id, action)], pk)
            for pk, commitment_id, action in events.values_list("pk", "commitment_id", "action")
            if (commitment_id, action) in moments
        ],
    )
    notes = ProgressNote.objects.filter(commitment_id__in=ids).order_by("pk")
    update_rows(
        ProgressNote,
        ["created_at"],
        [(moments[(c, "progress")], pk) for pk, c in notes.values_list("pk", "commitment_id")],
    )
