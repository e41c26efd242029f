"""Stored figures per (round, unit): RoundUnitCount, kept in the writing transaction.

The round's overview (lamtheo.evaluation.queries.overview: members per step and rank, the
HTXS quota per group, organisations per rank, for each unit below and the whole subtree)
reads a subtree as a sum over its units' rows (4,211 at 100,000 people) instead of grouping
the round's reviews live (90,000 member reviews at 100,000 people: 180–300 ms of SQL alone on
a quiet machine, BENCHMARKS.md).

A unit's row is the round's reviews of that unit counted: the members whose chi bộ it is
(MemberReview.cell) per step and per (group, rank), and its own review (OrgReview.unit) per
step and rank. Rather than moving deltas, a write recounts the units it touched, as
lamtheo.programs.counts does: the row is made if missing and locked first (SELECT … FOR UPDATE
on PostgreSQL; SQLite has one writer), so the recount, a new statement, sees every
transaction that committed before; the (round, cell, status) index and the (round, unit)
unique key answer it from a chi bộ's few dozen reviews.

Who calls them: every service of lamtheo.evaluation.services that writes a review, in its
transaction: `refresh` for one review's unit (self-review, the cell's meeting, the decision, an
organisation's report and decision, a complaint that ranks again), `rebuild` of the round for
the writes in bulk (opening a round, announcing it). Reviews are never deleted one by one (the
history is kept); a round's rows go with it (CASCADE). Writes that bypass the services
(bulk_update, QuerySet.update, raw SQL: the demo, the benchmarks, tests) must call `rebuild`
afterwards; `manage.py rebuild_aggregates` does it for every round.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction

from lamtheo.core import counter_rows
from lamtheo.evaluation.models import Group, MemberReview, OrgReview, RoundUnitCount, Step
from lamtheo.evaluation.rules import ORDER

STEPS: tuple[str, ...] = tuple(Step.values)
RANKS: tuple[str, ...] = tuple(r.value for r in ORDER)
GROUPS: tuple[str, ...] = tuple(Group.values)
MEMBER_STEP_COLUMNS = {step: f"members_{step}" for step in STEPS}
MEMBER_RANK_COLUMNS = {(group, rank): f"{group}_{rank}" for group in GROUPS for rank in RANKS}
ORG_STEP_COLUMNS = {step: f"org_{step}" for step in STEPS}
ORG_RANK_COLUMNS = {rank: f"org_{rank}" for rank in RANKS}
MEMBER_COLUMNS = (*MEMBER_STEP_COLUMNS.values(), *MEMBER_RANK_COLUMNS.values())
ORG_COLUMNS = (*ORG_STEP_COLUMNS.values(), *ORG_RANK_COLUMNS.values())
COLUMNS: tuple[str, ...] = (*MEMBER_COLUMNS, *ORG_COLUMNS)

# Every step, rank and group has its column (a choice added without one fails here, at import).
for _column in COLUMNS:
    RoundUnitCount._meta.get_field(_column)


def _case(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def per_unit_sql(member_where: str, org_where: str) -> str:
    """SELECT round_id, unit_id, COLUMNS… over the member reviews matching `member_where` and
    the organisations' reviews matching `org_where` (SQL on their own columns), one row per
    (round, unit) with any."""
    members = [_case(f"status = '{step}'") for step in STEPS] + [
        _case(f"\"group\" = '{group}' AND rank = '{rank}'") for group, rank in MEMBER_RANK_COLUMNS
    ]
    orgs = [_case(f"status = '{step}'") for step in STEPS] + [
        _case(f"rank = '{rank}'") for rank in RANKS
    ]
    zeros_m = ["0"] * len(ORG_COLUMNS)
    zeros_o = ["0"] * len(MEMBER_COLUMNS)
    sums = ", ".join(f"SUM({column})" for column in COLUMNS)
    member_part = ", ".join(
        f"{sql} AS {column}" for sql, column in zip(members + zeros_m, COLUMNS, strict=True)
    )
    org_part = ", ".join(
        f"{sql} AS {column}" for sql, column in zip(zeros_o + orgs, COLUMNS, strict=True)
    )
    return (
        f"SELECT round_id, unit_id, {sums} FROM ("
        f"SELECT round_id, cell_id AS unit_id, {member_part} "
        f"FROM {MemberReview._meta.db_table} WHERE {member_where} "
        f"UNION ALL SELECT round_id, unit_id, {org_part} "
        f"FROM {OrgReview._meta.db_table} WHERE {org_where}"
        f") reviews GROUP BY round_id, unit_id"
    )


def _where(round_ids: Iterable[int] | None, unit_ids: Iterable[int] | None, unit_column: str):
    clauses, params = [], []
    if round_ids is not None:
        ids = list(round_ids)
        clauses.append(f"round_id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    if unit_ids is not None:
        ids = list(unit_ids)
        clauses.append(f"{unit_column} IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    return " AND ".join(clauses) or "1 = 1", params


def live_rows(
    round_ids: Iterable[int] | None = None,
    unit_ids: Iterable[int] | None = None,
    *,
    using: str | None = None,
) -> dict[tuple[int, int], dict[str, int]]:
    """{(round id, unit id): {column: n}} counted from the reviews (one statement), for the
    given rounds and units (all when None); units without reviews are left out."""
    using = using or router.db_for_read(MemberReview)
    if round_ids is not None:
        round_ids = list(round_ids)
        if not round_ids:
            return {}
    if unit_ids is not None:
        unit_ids = list(unit_ids)
        if not unit_ids:
            return {}
    member_where, member_params = _where(round_ids, unit_ids, "cell_id")
    org_where, org_params = _where(round_ids, unit_ids, "unit_id")
    with connections[using].cursor() as cursor:
        cursor.execute(per_unit_sql(member_where, org_where), member_params + org_params)
        return {
            (round_id, unit_id): dict(zip(COLUMNS, (int(v or 0) for v in values), strict=True))
            for round_id, unit_id, *values in cursor.fetchall()
            if any(values)
        }


def stored_rows(round_ids: Iterable[int] | None = None) -> dict[tuple[int, int], dict[str, int]]:
    """The stored rows in live_rows' shape (rows of all zeros left out)."""
    rows = RoundUnitCount.objects.all()
    if round_ids is not None:
        rows = rows.filter(round_id__in=list(round_ids))
    return {
        (round_id, unit_id): dict(zip(COLUMNS, values, strict=True))
        for round_id, unit_id, *values in rows.values_list("round_id", "unit_id", *COLUMNS)
        if any(values)
    }


def refresh(round_id: int, unit_ids: Iterable[int], *, using: str | None = None) -> None:
    """Recount the round's rows of the given units from the reviews, in the caller's
    transaction (core.counter_rows: rows made sure of, locked in unit order, written)."""

    def recount(batch):
        rows = live_rows([round_id], batch, using=using)
        return {unit_id: values for (_round, unit_id), values in rows.items()}

    counter_rows.refresh(
        RoundUnitCount, "round_id", round_id, unit_ids, COLUMNS, recount, using=using
    )


def refresh_review(review) -> None:
    """After a service changed one review (a member's or an organisation's): its unit's row."""
    unit_id = review.cell_id if isinstance(review, MemberReview) else review.unit_id
    refresh(review.round_id, [unit_id])


@transaction.atomic
def rebuild(rounds: Iterable | None = None) -> int:
    """Write the rows of the given rounds (all when None) again from the reviews: delete,
    then one INSERT … SELECT. For bulk writes (opening and announcing a round, the demo, the
    benchmarks) and repairs; returns the number of rows written."""
    rows = RoundUnitCount.objects.all()
    ids = None
    if rounds is not None:
        ids = [getattr(r, "pk", r) for r in rounds]
        if not ids:
            return 0
        rows = rows.filter(round_id__in=ids)
    rows.delete()
    member_where, member_params = _where(ids, None, "cell_id")
    org_where, org_params = _where(ids, None, "unit_id")
    using = router.db_for_write(RoundUnitCount)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RoundUnitCount._meta.db_table} (round_id, unit_id, "
            f"{', '.join(COLUMNS)}) " + per_unit_sql(member_where, org_where),
            member_params + org_params,
        )
        return cursor.rowcount
