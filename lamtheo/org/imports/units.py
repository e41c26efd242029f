"""Import units from XLSX/CSV: check every row, then create or update all of them or none.

Units are matched by `Mã đơn vị` (Unit.code). A row may name as parent a unit already stored or
another row of the same file, in any order: new units are created parents first, and a loop of
parents is reported. Renames and changes of kind are applied (and recorded as organisational
changes effective today); moving a unit to another parent is not done by an import, because a
move has an effective date and history: the row is refused with a pointer to the move page.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from lamtheo.core.text import clean_text
from lamtheo.org import history, kinds, normalize
from lamtheo.org.imports.common import (
    PROGRESS_EVERY,
    BaseImport,
    Progress,
    history_user,
    noop_progress,
)
from lamtheo.org.imports.reader import CellError, Column, ReadError, open_sheet
from lamtheo.org.imports.result import ImportResult
from lamtheo.org.models import ImportKind, ImportStatus, Unit, UnitChange, UnitChangeKind

COLUMNS = (
    Column("code", "Mã đơn vị"),
    Column("name", "Tên đơn vị"),
    Column("kind", "Loại", aliases=("Loại đơn vị", "Loại hình tổ chức")),
    Column("parent_code", "Mã đơn vị cấp trên", aliases=("Mã cấp trên", "Mã đơn vị cha")),
)
LABEL = {c.key: c.label for c in COLUMNS}
_COLUMN_ORDER = {c.label: i for i, c in enumerate(COLUMNS)}
MAX_CODE = Unit._meta.get_field("code").max_length
MAX_NAME = Unit._meta.get_field("name").max_length


@dataclass(slots=True)
class Row:
    row: int
    code: str = ""
    name: str = ""
    kind: str = ""
    parent_code: str = ""
    existing: Unit | None = None
    depth: int = 0  # for new units: levels below the nearest stored unit (1 = its child)


def import_units(
    path, *, user=None, dry_run: bool = False, job=None, progress: Progress | None = None
) -> ImportResult:
    """Import the units in `path` (XLSX or CSV) as `user` (None: a system administrator)."""
    started = time.monotonic()
    progress = progress or noop_progress
    result = ImportResult(kind=ImportKind.UNITS, dry_run=dry_run)
    try:
        sheet = open_sheet(path, COLUMNS)
    except ReadError as error:
        return result.fail(str(error))
    _UnitImport(sheet, result, user=user, job=job, progress=progress).run(
        dry_run=dry_run,
        source_name=job.original_name if job is not None else str(path).rsplit("/", 1)[-1],
    )
    result.seconds = time.monotonic() - started
    return result


class _UnitImport(BaseImport):
    labels = LABEL

    def parse(self) -> list[Row]:
        sheet, text = self.sheet, self.sheet.text
        rows = []
        for count, (number, (code_v, name_v, kind_v, parent_v)) in enumerate(sheet.rows(), start=1):
            r = Row(number)
            try:
                r.code = clean_text(text(code_v))
                if not r.code:
                    self.error(number, "code", _("a unit code is required"))
                elif len(r.code) > MAX_CODE:
                    self.error(
                        number,
                        "code",
                        _("too long: at most %(max)s characters") % {"max": MAX_CODE},
                    )
            except CellError as e:
                self.error(number, "code", str(e))
            try:
                r.name = clean_text(text(name_v))
                if not r.name:
                    self.error(number, "name", _("a unit name is required"))
                elif len(r.name) > MAX_NAME:
                    self.error(
                        number,
                        "name",
                        _("too long: at most %(max)s characters") % {"max": MAX_NAME},
                    )
            except CellError as e:
                self.error(number, "name", str(e))
            try:
                r.kind = normalize.unit_kind(clean_text(text(kind_v)))
            except (CellError, ValueError) as e:
                self.error(number, "kind", str(e))
            try:
                r.parent_code = clean_text(text(parent_v))
            except CellError as e:
                self.error(number, "parent_code", str(e))
            if r.code and r.parent_code == r.code:
                self.error(number, "parent_code", _("a unit cannot be its own parent"))
                r.parent_code = ""
            rows.append(r)
            if count % PROGRESS_EVERY == 0:
                self.progress("read", number - sheet.header_row, sheet.total)
        self.progress("read", sheet.total, sheet.total)
        return rows

    def run(self, *, dry_run: bool, source_name: str) -> None:
        result = self.result
        rows = self.parse()
        result.total_rows = len(rows)
        result.notes.extend(self.sheet.notes)
        result.notes.extend(self.sheet.conversion_notes())
        if not rows:
            result.notes.append(_("The file has no data rows."))

        in_file: dict[str, Row] = {}
        for r in rows:
            if not r.code:
                continue
            first = in_file.setdefault(r.code, r)
            if first is not r:
                self.error(
                    r.row,
                    "code",
                    _("unit code %(code)s is also on row %(first)s")
                    % {"code": r.code, "first": first.row},
                )

        stored = {
            u.code: u
            for u in Unit.objects.only(
                "id", "code", "name", "kind", "path", "depth", "numchild", "closed_on"
            )
        }
        by_path = {u.path: u for u in stored.values()}
        for r in in_file.values():
            r.existing = stored.get(r.code)

        creates = [r for r in in_file.values() if r.existing is None]
        updates = []
        for r in in_file.values():
            if r.existing is not None:
                self._check_existing(r, by_path, updates)
        self._place_new(creates, in_file, stored)
        if not self.errors:
            self._check_kinds(in_file, stored, by_path)

        if self.errors:
            result.status = ImportStatus.INVALID
            result.errors.sort(key=lambda e: (e.row or 0, _COLUMN_ORDER.get(e.column, 99)))
            return
        result.created = len(creates)
        result.updated = len(updates)
        result.unchanged = len(in_file) - len(creates) - len(updates)
        if dry_run:
            return
        try:
            with transaction.atomic():
                self.write(creates, updates, stored, by_path, source_name)
        except IntegrityError:
            result.fail(
                _(
                    "The data changed while the file was being imported (another import or an "
                    "edit). Nothing was written; run the import again."
                )
            )

    def _check_existing(self, r: Row, by_path, updates) -> None:
        unit = r.existing
        parent = by_path.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None
        parent_code = parent.code if parent is not None else ""
        changed = r.name != unit.name or r.kind != unit.kind
        if r.parent_code != parent_code:
            self.error(
                r.row,
                "parent_code",
                _(
                    "unit %(code)s is under %(current)s; an import does not move units, use "
                    "“Move” on the unit's page"
                )
                % {"code": r.code, "current": parent_code or _("(top level)")},
            )
            return
        if not changed:
            return
        if not self.scope.can("unit.change", unit.path):
            self.error(
                r.row,
                "code",
                _("unit %(code)s is not within the units you manage") % {"code": r.code},
            )
        elif unit.closed_on is not None:
            self.error(
                r.row,
                "code",
                _("unit %(code)s was closed on %(date)s")
                % {"code": r.code, "date": unit.closed_on.strftime("%d/%m/%Y")},
            )
        else:
            updates.append(r)

    def _check_kinds(self, in_file: dict[str, Row], stored, by_path) -> None:
        """Every row under its parent, and every stored unit under a row whose kind changes,
        as the Party Charter allows (org.kinds), with the kinds the file gives."""
        kind_of = {code: u.kind for code, u in stored.items()}
        kind_of.update({code: r.kind for code, r in in_file.items() if r.kind})
        name_of = {code: u.name for code, u in stored.items()}
        name_of.update({code: r.name for code, r in in_file.items() if r.name})
        for r in in_file.values():
            parent_kind = kind_of.get(r.parent_code) if r.parent_code else None
            if r.kind and parent_kind and not kinds.allowed(r.kind, parent_kind):
                message = kinds.place_error(r.name, r.kind, name_of[r.parent_code], parent_kind)
                self.error(r.row, "kind", message)
        changed = {
            r.existing.path: r
            for r in in_file.values()
            if r.existing is not None and r.kind and r.kind != r.existing.kind
        }
        if not changed:
            return
        for unit in stored.values():
            r = changed.get(unit.path[: -Unit.steplen])
            if r is None or unit.code in in_file or unit.closed_on is not None:
                continue
            if not kinds.allowed(unit.kind, r.kind):
                self.error(r.row, "kind", kinds.place_error(unit.name, unit.kind, r.name, r.kind))

    def _place_new(self, creates: list[Row], in_file: dict[str, Row], stored) -> None:
        """Resolve each new unit's parent chain: depth, loops, scope of the stored ancestor."""
        state: dict[str, str] = {}  # code -> "visiting" | "done"
        anchor: dict[str, Unit | None] = {}  # code -> nearest stored ancestor (None: root)
        broken: set[str] = set()
        new_codes = {r.code for r in creates}
        for start in creates:
            # Walk up through rows of the file until a stored unit, a root or a known row.
            chain: list[Row] = []
            r = start
            while r.code not in state:
                state[r.code] = "visiting"
                chain.append(r)
                if r.parent_code in new_codes:
                    r = in_file[r.parent_code]
                    continue
                break
            else:
                if state[r.code] == "visiting":
                    loop = chain[chain.index(r) :]
                    path = " → ".join([x.code for x in loop] + [r.code])
                    for x in loop:
                        self.error(
                            x.row,
                            "parent_code",
                            _("the parents form a loop: %(path)s") % {"path": path},
                        )
                        broken.add(x.code)
            for x in reversed(chain):
                state[x.code] = "done"
                if x.code in broken:
                    continue
                if not x.parent_code:
                    x.depth, anchor[x.code] = 1, None
                elif x.parent_code in stored:
                    x.depth, anchor[x.code] = 1, stored[x.parent_code]
                elif x.parent_code in new_codes:
                    parent = in_file[x.parent_code]
                    if parent.code in broken or parent.code not in anchor:
                        broken.add(x.code)
                    else:
                        x.depth = parent.depth + 1
                        anchor[x.code] = anchor[parent.code]
                else:
                    self.error(
                        x.row,
                        "parent_code",
                        _("no unit has the code %(code)s, neither stored nor in this file")
                        % {"code": x.parent_code},
                    )
                    broken.add(x.code)
        for r in creates:
            if r.code in broken or r.code not in anchor:
                continue
            top = anchor[r.code]
            if top is None:
                if not self.scope.can("admin"):
                    self.error(
                        r.row, "parent_code", _("only an administrator can add a top-level unit")
                    )
            elif not self.scope.can("unit.change", top.path):
                self.error(
                    r.row,
                    "parent_code",
                    _("unit %(code)s is not within the units you manage") % {"code": top.code},
                )
            elif top.closed_on is not None and r.parent_code not in new_codes:
                self.error(
                    r.row,
                    "parent_code",
                    _("unit %(code)s was closed on %(date)s")
                    % {"code": top.code, "date": top.closed_on.strftime("%d/%m/%Y")},
                )

    def write(
        self, creates: list[Row], updates: list[Row], stored, by_path, source_name: str
    ) -> None:
        now = timezone.now()
        recorder = history_user(self.user, self.job)
        reason = _("Import of %(file)s") % {"file": source_name}
        # Next free step under every parent path ("" for the roots).
        last_step: dict[str, int] = {}
        for path in by_path:
            parent_path = path[: -Unit.steplen]
            step = Unit._str2int(path[-Unit.steplen :])
            if step > last_step.get(parent_path, 0):
                last_step[parent_path] = step
        paths: dict[str, str] = {}
        new_children: Counter[str] = Counter()  # parent path -> new children
        units: list[Unit] = []
        for r in sorted(creates, key=lambda r: r.depth):
            if not r.parent_code:
                parent_path = ""
            elif r.parent_code in paths:
                parent_path = paths[r.parent_code]
            else:
                parent_path = stored[r.parent_code].path
            step = last_step.get(parent_path, 0) + 1
            last_step[parent_path] = step
            depth = len(parent_path) // Unit.steplen + 1
            path = Unit._get_path(parent_path, depth, step)
            paths[r.code] = path
            new_children[parent_path] += 1
            unit = Unit(
                code=r.code,
                name=r.name,
                kind=r.kind,
                path=path,
                depth=depth,
                numchild=0,
                created_at=now,
                updated_at=now,
            )
            unit.fill_keys()
            units.append(unit)
        for unit in units:
            unit.numchild = new_children.get(unit.path, 0)
        if units:
            Unit.objects.bulk_create(units, batch_size=500)
            history.fill_missing([u.pk for u in units])
            Unit.history.bulk_history_create(
                units, default_user=recorder, default_change_reason=reason
            )
            UnitChange.objects.bulk_create(
                [
                    UnitChange(
                        unit=u,
                        kind=UnitChangeKind.CREATED,
                        effective_on=self.today,
                        new_value=u.name,
                        note=reason,
                        recorded_by=recorder,
                    )
                    for u in units
                ],
                batch_size=500,
            )
        new_paths = set(paths.values())
        grown: dict[int, list[int]] = {}
        for parent_path, count in new_children.items():
            if parent_path and parent_path not in new_paths:
                grown.setdefault(count, []).append(by_path[parent_path].pk)
        for count, ids in grown.items():
            Unit.objects.filter(pk__in=ids).update(numchild=F("numchild") + count)

        if updates:
            changed, renames = [], []
            full = Unit.objects.in_bulk([r.existing.pk for r in updates])
            for r in updates:
                unit = full[r.existing.pk]
                if r.name != unit.name:
                    renames.append(
                        UnitChange(
                            unit=unit,
                            kind=UnitChangeKind.RENAMED,
                            effective_on=self.today,
                            old_value=unit.name,
                            new_value=r.name,
                            note=reason,
                            recorded_by=recorder,
                        )
                    )
                unit.name, unit.kind, unit.updated_at = r.name, r.kind, now
                unit.fill_keys()
                changed.append(unit)
            bulk_update_with_history(
                changed,
                Unit,
                ["name", "kind", "sort_key", "search_key", "updated_at"],
                batch_size=500,
                default_user=recorder,
                default_change_reason=reason,
            )
            UnitChange.objects.bulk_create(renames, batch_size=500)
            history.reshape(changed, self.today)
        self.progress("write", len(creates) + len(updates), len(creates) + len(updates))
