"""A new term of office (`reorganise.new_term`) and the document register's term are one
record from now on: the service opens the register's term itself. The new terms made before
left only their offices behind; this gives each such unit its register terms from them.

A day is a new term's first day when an office of the unit ended the day before and no
office runs across it (every office running the day before ended then): the trace
`new_term` leaves. The term before the first such day starts with the earliest office that
ended then. Units that already have a register term are left alone (their terms were
recorded by hand or inferred when a number was given, and documents may hang on them);
units with no new term keep the register's inference. The abbreviation is the default (the
unit's code in capitals), as `register.default_symbol` gives; the office corrects it.
"""

import datetime as dt

from django.db import migrations

DAY = dt.timedelta(days=1)


def new_term_starts(offices):
    """offices: [(started_on, ended_on)] of one unit, started_on set."""
    starts = []
    for start in sorted({s for s, _e in offices}):
        ended_before = any(e == start - DAY for _s, e in offices)
        spans = any(s < start and (e is None or e >= start) for s, e in offices)
        if ended_before and not spans:
            starts.append(start)
    return starts


def backfill(apps, schema_editor):
    Position = apps.get_model("org", "Position")
    Term = apps.get_model("org", "Term")
    Unit = apps.get_model("org", "Unit")
    with_terms = set(Term.objects.values_list("unit_id", flat=True))
    by_unit = {}
    for unit_id, start, end in Position.objects.filter(started_on__isnull=False).values_list(
        "unit_id", "started_on", "ended_on"
    ):
        if unit_id not in with_terms:
            by_unit.setdefault(unit_id, []).append((start, end))
    codes = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "code"))
    rows = []
    for unit_id, offices in by_unit.items():
        starts = new_term_starts(offices)
        if not starts:
            continue
        first = min(s for s, e in offices if e == starts[0] - DAY)
        days = [first, *starts]
        for i, start in enumerate(days):
            ends = days[i + 1] - DAY if i + 1 < len(days) else None
            rows.append(
                Term(
                    unit_id=unit_id,
                    starts_on=start,
                    ends_on=ends,
                    symbol=(codes[unit_id] or "").upper()[:20],
                )
            )
    Term.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0013_unitperiod_place"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
