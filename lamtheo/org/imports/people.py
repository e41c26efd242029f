"""Import people from XLSX/CSV: check every row, then write all of them or nothing.

A person is matched on re-import by `Mã cá nhân` (Person.code), else `Số thẻ đảng viên`, else
full name + date of birth, so running the same file again updates in place. The file is the
truth for the columns it has, except that an empty `Mã cá nhân` or `Số thẻ đảng viên` never
erases a stored one, and an empty `Đối tượng` keeps the stored status (a new person is then a
full member).

Speed: rows are checked in Python against dictionaries loaded with a few queries; new people
go in with COPY on PostgreSQL and bulk_create on SQLite; only people whose values changed are
updated (bulk_update with history rows saying "import"). Created people get no history row:
their ImportJob (imported_by) is their creation record.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.text import clean_name, clean_text
from lamtheo.org import normalize
from lamtheo.org.counts import refresh_unit_counts
from lamtheo.org.imports.common import (
    PROGRESS_EVERY,
    BaseImport,
    Progress,
    chunks,
    history_user,
    noop_progress,
)
from lamtheo.org.imports.reader import CellError, Column, ReadError, open_sheet
from lamtheo.org.imports.result import ImportResult
from lamtheo.org.models import (
    PERSON_FIELDS,
    ImportKind,
    ImportStatus,
    Membership,
    PartyStatus,
    Person,
    Unit,
)

COLUMNS = (
    Column("full_name", "Họ và tên", aliases=("Họ tên", "Họ và tên đảng viên", "Tên đảng viên")),
    Column("birth_date", "Ngày sinh", aliases=("Ngày tháng năm sinh",)),
    Column("gender", "Giới tính"),
    Column("unit_code", "Mã đơn vị", aliases=("Mã chi bộ",)),
    Column("party_card_number", "Số thẻ đảng viên", aliases=("Số thẻ", "Số thẻ Đảng", "Số thẻ ĐV")),
    Column("joined_on", "Ngày vào Đảng", aliases=("Ngày kết nạp", "Ngày kết nạp Đảng")),
    Column("official_on", "Ngày chính thức", aliases=("Ngày công nhận chính thức",)),
    Column("party_status", "Đối tượng"),
    Column("job_title", "Chức vụ"),
    Column("phone", "Điện thoại", aliases=("Số điện thoại", "SĐT", "ĐT")),
    Column("email", "Email", aliases=("E-mail", "Thư điện tử")),
    Column("code", "Mã cá nhân", required=False, aliases=("Mã đảng viên",)),
)
LABEL = {c.key: c.label for c in COLUMNS}
MAX_LENGTH = {
    f.name: f.max_length for f in Person._meta.concrete_fields if getattr(f, "max_length", None)
}
# Fields the file sets, compared to decide "updated" or "unchanged".
FILE_FIELDS = (*PERSON_FIELDS, "unit_id")
# What is loaded of an existing person: the file fields, then these.
_EXTRA = ("id", "left_on", "unit__path")


@dataclass(slots=True)
class Row:
    row: int
    full_name: str = ""
    birth_date: dt.date | None = None
    gender: str = ""
    unit_code: str = ""
    party_card_number: str = ""
    joined_on: dt.date | None = None
    official_on: dt.date | None = None
    party_status: str = ""
    job_title: str = ""
    phone: str = ""
    email: str = ""
    code: str = ""
    unit: Unit | None = None
    existing: tuple | None = None  # the matched person's stored values (FILE_FIELDS + _EXTRA)


class _Keys:
    """Stand-in for Person.fill_keys(): the name parts and keys of one full name."""

    __slots__ = ("full_name", "family_name", "middle_name", "given_name", "sort_key", "search_key")


def import_people(
    path, *, user=None, dry_run: bool = False, job=None, progress: Progress | None = None
) -> ImportResult:
    """Import the people in `path` (XLSX or CSV) as `user` (None: a system administrator).

    Returns an ImportResult: status DONE (written, or checked only with dry_run), INVALID
    (row errors, nothing written) or FAILED (unreadable file or missing columns).
    """
    started = time.monotonic()
    progress = progress or noop_progress
    result = ImportResult(kind=ImportKind.PEOPLE, dry_run=dry_run)
    try:
        sheet = open_sheet(path, COLUMNS)
    except ReadError as error:
        return result.fail(str(error))
    importer = _PeopleImport(sheet, result, user=user, job=job, progress=progress)
    importer.run(dry_run=dry_run, source_name=_source_name(path, job))
    result.seconds = time.monotonic() - started
    return result


def _source_name(path, job) -> str:
    if job is not None and job.original_name:
        return job.original_name
    return str(path).rsplit("/", 1)[-1]


class _PeopleImport(BaseImport):
    labels = LABEL

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.numeric_cards = 0

    # -- 1. parse every row -----------------------------------------------------------------
    def parse(self) -> list[Row]:
        sheet = self.sheet
        text = sheet.text
        date = sheet.date
        error = self.error
        total = sheet.total
        progress = self.progress
        has_code = sheet.has("code")
        choice_cache: dict[tuple, str] = {}
        clean_cache: dict[str, str] = {}

        def choice(kind, fn, value):
            key = (kind, value)
            if key not in choice_cache:
                choice_cache[key] = fn(clean_text(text(value)))
            return choice_cache[key]

        def clean(value) -> str:
            if type(value) is str:
                if value in clean_cache:
                    return clean_cache[value]
                out = clean_cache[value] = clean_text(text(value))
                return out
            return clean_text(text(value))

        rows: list[Row] = []
        for count, (number, values) in enumerate(sheet.rows(), start=1):
            (
                name_v,
                birth_v,
                gender_v,
                unit_v,
                card_v,
                joined_v,
                official_v,
                status_v,
                job_v,
                phone_v,
                email_v,
                code_v,
            ) = values
            r = Row(number)
            try:
                r.full_name = clean_name(text(name_v, name=True))
                if not r.full_name:
                    error(number, "full_name", _("a name is required"))
            except CellError as e:
                error(number, "full_name", str(e))
            try:
                r.unit_code = clean(unit_v)
                if not r.unit_code:
                    error(number, "unit_code", _("a unit code is required"))
            except CellError as e:
                error(number, "unit_code", str(e))
            for key, value in (
                ("birth_date", birth_v),
                ("joined_on", joined_v),
                ("official_on", official_v),
            ):
                if value is None or value == "":
                    continue
                try:
                    setattr(r, key, date(value))
                except CellError as e:
                    error(number, key, str(e))
            if gender_v is not None and gender_v != "":
                try:
                    r.gender = choice("g", normalize.gender, gender_v)
                except (CellError, ValueError) as e:
                    error(number, "gender", str(e))
            if status_v is not None and status_v != "":
                try:
                    r.party_status = choice("s", normalize.party_status, status_v)
                except (CellError, ValueError) as e:
                    error(number, "party_status", str(e))
            if card_v is not None and card_v != "":
                try:
                    r.party_card_number = normalize.card_number(text(card_v))
                    if type(card_v) is float or type(card_v) is int:
                        self.numeric_cards += 1
                except (CellError, ValueError) as e:
                    error(number, "party_card_number", str(e))
            if phone_v is not None and phone_v != "":
                try:
                    r.phone = normalize.phone(text(phone_v))
                except (CellError, ValueError) as e:
                    error(number, "phone", str(e))
            if job_v is not None and job_v != "":
                try:
                    r.job_title = clean(job_v)
                except CellError as e:
                    error(number, "job_title", str(e))
            if email_v is not None and email_v != "":
                try:
                    r.email = clean(email_v)
                    if r.email:
                        validate_email(r.email)
                except CellError as e:
                    error(number, "email", str(e))
                except ValidationError:
                    error(
                        number,
                        "email",
                        _("“%(value)s” is not an email address") % {"value": r.email},
                    )
            if has_code and code_v is not None and code_v != "":
                try:
                    r.code = clean(code_v)
                except CellError as e:
                    error(number, "code", str(e))
            for key in ("full_name", "party_card_number", "job_title", "phone", "email", "code"):
                value = getattr(r, key)
                if value and len(value) > MAX_LENGTH[key]:
                    error(
                        number,
                        key,
                        _("too long: at most %(max)s characters") % {"max": MAX_LENGTH[key]},
                    )
            rows.append(r)
            if count % PROGRESS_EVERY == 0:
                progress("read", number - sheet.header_row, total)
        progress("read", total, total)
        return rows

    # -- 2. duplicates inside the file --------------------------------------------------------
    def check_duplicates(self, rows: list[Row]) -> None:
        seen_card: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        seen_name: dict[tuple, Row] = {}
        for r in rows:
            if r.party_card_number:
                first = seen_card.setdefault(r.party_card_number, r.row)
                if first != r.row:
                    self.error(
                        r.row,
                        "party_card_number",
                        _("card number %(value)s is also on row %(first)s")
                        % {"value": r.party_card_number, "first": first},
                    )
            if r.code:
                first = seen_code.setdefault(r.code, r.row)
                if first != r.row:
                    self.error(
                        r.row,
                        "code",
                        _("personal code %(value)s is also on row %(first)s")
                        % {"value": r.code, "first": first},
                    )
            if r.full_name:
                key = (r.full_name, r.birth_date)
                other = seen_name.get(key)
                if other is None:
                    seen_name[key] = r
                elif not (r.code or r.party_card_number) or not (
                    other.code or other.party_card_number
                ):
                    # Without a code or card number, the two rows would be the same person.
                    self.error(
                        r.row,
                        "full_name",
                        _(
                            "same name and date of birth as row %(first)s; add a personal "
                            "code or card number if they are different people"
                        )
                        % {"first": other.row},
                    )

    # -- 3. units, scope and matching with the database ---------------------------------------
    def resolve(self, rows: list[Row]) -> None:
        units: dict[str, Unit] = {}
        codes = {r.unit_code for r in rows if r.unit_code}
        for batch in chunks(sorted(codes)):
            for unit in Unit.objects.filter(code__in=batch).only(
                "id", "code", "name", "path", "closed_on"
            ):
                units[unit.code] = unit
        allowed: dict[str, bool] = {}

        def may(path: str) -> bool:
            if path not in allowed:
                allowed[path] = self.scope.can("person.change", path)
            return allowed[path]

        by_code, by_card, by_name = self._existing(rows)
        by_name = _within_scope(by_name, may)
        matched: dict[int, int] = {}  # person id -> row
        for r in rows:
            unit = units.get(r.unit_code) if r.unit_code else None
            if r.unit_code and unit is None:
                self.error(
                    r.row, "unit_code", _("no unit has the code %(code)s") % {"code": r.unit_code}
                )
            elif unit is not None and not may(unit.path):
                self.error(
                    r.row,
                    "unit_code",
                    _("unit %(code)s is not within the units you manage") % {"code": unit.code},
                )
                unit = None
            r.unit = unit
            if self._held_outside_scope(r, by_code, by_card, may):
                continue
            person = self._match(r, by_code, by_card, by_name)
            if person is None:
                if unit is not None and unit.closed_on is not None:
                    self._closed(r, unit)
                continue
            pid = person[_I["id"]]
            first = matched.setdefault(pid, r.row)
            if first != r.row:
                self.error(
                    r.row,
                    "full_name",
                    _("this is the same person as on row %(first)s") % {"first": first},
                )
                continue
            if not may(person[_I["unit__path"]]):
                self.error(
                    r.row, "unit_code", _("this person belongs to a unit outside those you manage")
                )
                continue
            r.existing = person
            if not self._changes(r):
                continue
            left_on = person[_I["left_on"]]
            if left_on is not None:
                self.error(
                    r.row,
                    "full_name",
                    _("this person left on %(date)s; change their record on their page")
                    % {"date": left_on.strftime("%d/%m/%Y")},
                )
            elif unit is not None and unit.closed_on is not None:
                self._closed(r, unit)

    def _held_outside_scope(self, r: Row, by_code, by_card, may) -> bool:
        """A code or card number (unique) held by someone the importer may not change: say only
        what the person form says, never who holds it, where, or under which other code."""
        refused = False
        for column, key, index, message in (
            ("code", r.code, by_code, _("Another person already has this personal code.")),
            (
                "party_card_number",
                r.party_card_number,
                by_card,
                _("Another person already has this party card number."),
            ),
        ):
            holder = index.get(key) if key else None
            if holder is not None and not may(holder[_I["unit__path"]]):
                self.error(r.row, column, message)
                refused = True
        return refused

    def _closed(self, r: Row, unit: Unit) -> None:
        self.error(
            r.row,
            "unit_code",
            _("unit %(code)s was closed on %(date)s")
            % {"code": unit.code, "date": unit.closed_on.strftime("%d/%m/%Y")},
        )

    def _existing(self, rows: list[Row]):
        """Stored people that rows may match, as tuples, keyed by code, card and name."""
        fields = FILE_FIELDS + _EXTRA
        by_code: dict[str, tuple] = {}
        by_card: dict[str, tuple] = {}
        by_name: dict[tuple, list[tuple]] = {}
        total = Person.objects.count()
        if not total:
            return by_code, by_card, by_name

        def add(person):
            if person[_I["code"]]:
                by_code[person[_I["code"]]] = person
            if person[_I["party_card_number"]]:
                by_card[person[_I["party_card_number"]]] = person
            key = (person[_I["full_name"]], person[_I["birth_date"]])
            by_name.setdefault(key, []).append(person)

        if total <= 3 * len(rows):
            for person in Person.objects.values_list(*fields):
                add(person)
            return by_code, by_card, by_name
        queries = (
            ("code__in", {r.code for r in rows if r.code}),
            ("party_card_number__in", {r.party_card_number for r in rows if r.party_card_number}),
            ("full_name__in", {r.full_name for r in rows if r.full_name}),
        )
        seen: set[int] = set()
        for lookup, values in queries:
            for batch in chunks(sorted(values)):
                for person in Person.objects.filter(**{lookup: batch}).values_list(*fields):
                    if person[_I["id"]] not in seen:
                        seen.add(person[_I["id"]])
                        add(person)
        return by_code, by_card, by_name

    def _match(self, r: Row, by_code, by_card, by_name):
        person = by_code.get(r.code) if r.code else None
        if r.party_card_number:
            holder = by_card.get(r.party_card_number)
            if person is None:
                person = holder
                if (
                    person is not None
                    and r.code
                    and person[_I["code"]]
                    and person[_I["code"]] != r.code
                ):
                    self.error(
                        r.row,
                        "code",
                        _(
                            "the person with card number %(card)s has another personal "
                            "code, %(code)s"
                        )
                        % {"card": r.party_card_number, "code": person[_I["code"]]},
                    )
                    return None
            elif holder is not None and holder[_I["id"]] != person[_I["id"]]:
                self.error(
                    r.row,
                    "party_card_number",
                    _("card number %(card)s already belongs to another person")
                    % {"card": r.party_card_number},
                )
                return None
        if person is None and r.full_name:
            candidates = [
                p
                for p in by_name.get((r.full_name, r.birth_date), ())
                if (
                    not r.party_card_number
                    or not p[_I["party_card_number"]]
                    or p[_I["party_card_number"]] == r.party_card_number
                )
                and (not r.code or not p[_I["code"]] or p[_I["code"]] == r.code)
            ]
            if len(candidates) == 1:
                person = candidates[0]
            elif candidates:
                self.error(
                    r.row,
                    "full_name",
                    _(
                        "%(count)s people already have this name and date of birth; add "
                        "a personal code or card number to tell them apart"
                    )
                    % {"count": len(candidates)},
                )
                return None
        return person

    # -- 4. what changes ---------------------------------------------------------------------
    def _values(self, r: Row) -> dict:
        """The stored values after this row: the file's, with the keep-if-empty rules."""
        old = r.existing
        return {
            "code": r.code or (old[_I["code"]] if old else ""),
            "full_name": r.full_name,
            "birth_date": r.birth_date,
            "gender": r.gender,
            "party_status": r.party_status
            or (old[_I["party_status"]] if old else PartyStatus.OFFICIAL),
            "party_card_number": r.party_card_number
            or (old[_I["party_card_number"]] if old else ""),
            "joined_on": r.joined_on,
            "official_on": r.official_on,
            "job_title": r.job_title,
            "phone": r.phone,
            "email": r.email,
            "unit_id": r.unit.pk if r.unit is not None else (old[_I["unit_id"]] if old else None),
        }

    def _changes(self, r: Row) -> list[str]:
        values = self._values(r)
        old = r.existing
        return [f for f in FILE_FIELDS if values[f] != old[_I[f]]]

    def check_dates(self, rows: list[Row]) -> None:
        for r in rows:
            values = self._values(r)
            try:
                normalize.check_person_dates(
                    birth_date=values["birth_date"],
                    joined_on=values["joined_on"],
                    official_on=values["official_on"],
                    party_status=values["party_status"],
                    today=self.today,
                )
            except normalize.FieldError as e:
                self.error(r.row, e.field, str(e))

    # -- 5. run ------------------------------------------------------------------------------
    def run(self, *, dry_run: bool, source_name: str) -> None:
        result = self.result
        rows = self.parse()
        result.total_rows = len(rows)
        self.check_duplicates(rows)
        self.resolve(rows)
        self.check_dates(rows)
        result.notes.extend(self.sheet.notes)
        result.notes.extend(self.sheet.conversion_notes())
        if self.numeric_cards:
            result.notes.append(
                _(
                    "%(count)s card numbers were stored in Excel as numbers; a leading zero, if "
                    "any, is lost there. Format that column as Text in Excel."
                )
                % {"count": self.numeric_cards}
            )
        if not rows:
            result.notes.append(_("The file has no data rows."))
        if self.errors:
            result.status = ImportStatus.INVALID
            result.errors.sort(key=lambda e: (e.row or 0, _COLUMN_ORDER.get(e.column, 99)))
            return
        creates, updates = [], []
        for r in rows:
            if r.existing is None:
                creates.append(r)
            elif changes := self._changes(r):
                updates.append((r, changes))
            else:
                result.unchanged += 1
        result.created = len(creates)
        result.updated = len(updates)
        if dry_run:
            return
        try:
            with transaction.atomic():
                self.insert(creates)
                self.update(updates, source_name)
                refresh_unit_counts(self.touched_units(creates, updates))
        except IntegrityError:
            result.fail(
                _(
                    "The data changed while the file was being imported (another import or an "
                    "edit). Nothing was written; run the import again."
                )
            )

    def touched_units(self, creates: list[Row], updates: list[tuple[Row, list[str]]]) -> set:
        """Units whose stored people counts this import changes (org.counts)."""
        units = {r.unit.pk for r in creates}
        for r, _changes in updates:
            units.add(r.existing[_I["unit_id"]])
            units.add(self._values(r)["unit_id"])
        return units

    # -- 6. write ----------------------------------------------------------------------------
    def insert(self, rows: list[Row]) -> None:
        """New people in one go: COPY on PostgreSQL, executemany on SQLite.

        bulk_create spends ~10 s per 100k rows of this width compiling SQL in Python, more than
        the whole import budget; the rows here are already checked, so they go in raw. Their
        name parts and keys come from Person.fill_keys(), once per distinct name.
        """
        if not rows:
            return
        vendor = connection.vendor
        now = timezone.now()
        stamp = now if vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
        fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
        attnames = [f.attname for f in fields]
        defaults = {f.attname: f.get_default() for f in fields}
        defaults.update(
            created_at=stamp,
            updated_at=stamp,
            unit_since=self.today,
            imported_by_id=self.job.pk if self.job is not None else None,
        )
        keys: dict[str, _Keys] = {}
        total = len(rows)

        def records():
            for i, r in enumerate(rows, start=1):
                k = keys.get(r.full_name)
                if k is None:
                    k = keys[r.full_name] = _Keys()
                    k.full_name = r.full_name
                    Person.fill_keys(k)
                values = dict(defaults)
                values.update(self._values(r))
                values.update(
                    full_name=k.full_name,
                    family_name=k.family_name,
                    middle_name=k.middle_name,
                    given_name=k.given_name,
                    sort_key=k.sort_key,
                    search_key=k.search_key,
                )
                if i % PROGRESS_EVERY == 0:
                    self.progress("write", i, total)
                yield [values[a] for a in attnames]

        table = connection.ops.quote_name(Person._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        if vendor == "postgresql":
            connection.ensure_connection()
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
                for record in records():
                    copy.write_row(record)
        elif vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            with connection.cursor() as cursor:
                for batch in chunks(records(), 5000):
                    cursor.executemany(sql, batch)
        else:
            for batch in chunks(records(), 5000):
                Person.objects.bulk_create([Person(None, *r) for r in batch], batch_size=1000)
        self.progress("write", total, total)

    def update(self, updates: list[tuple[Row, list[str]]], source_name: str) -> None:
        if not updates:
            return
        now = timezone.now()
        by_id = {r.existing[_I["id"]]: (r, changes) for r, changes in updates}
        changed_fields: set[str] = {"updated_at"}
        people: list[Person] = []
        memberships: list[Membership] = []
        recorder = history_user(self.user, self.job)
        for batch in chunks(sorted(by_id)):
            for person in Person.objects.filter(pk__in=batch):
                r, changes = by_id[person.pk]
                values = self._values(r)
                if "unit_id" in changes:
                    memberships.append(
                        Membership(
                            person_id=person.pk,
                            unit_id=person.unit_id,
                            started_on=person.unit_since,
                            ended_on=self.today,
                            reason=_("Import of %(file)s") % {"file": source_name},
                            recorded_by=recorder,
                        )
                    )
                    person.unit_since = self.today
                    changed_fields.add("unit_since")
                for name in changes:
                    setattr(person, name, values[name])
                person.fill_keys()
                person.updated_at = now
                changed_fields.update(changes)
                people.append(person)
        if "full_name" in changed_fields:
            changed_fields.update(
                ("family_name", "middle_name", "given_name", "sort_key", "search_key")
            )
        # One UPDATE … WHERE id = %s per person, sent with executemany: Django's bulk_update
        # builds a CASE per field and row and costs milliseconds per row.
        fields = [Person._meta.get_field(name) for name in sorted(changed_fields)]
        quote = connection.ops.quote_name
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            quote(Person._meta.db_table),
            ", ".join(f"{quote(f.column)} = %s" for f in fields),
            quote(Person._meta.pk.column),
        )
        params = (
            [f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields] + [p.pk]
            for p in people
        )
        with connection.cursor() as cursor:
            for batch in chunks(params, 5000):
                cursor.executemany(sql, batch)
        # History rows saying "changed by import", in bulk (simple-history's own helper).
        Person.history.bulk_history_create(
            people,
            batch_size=1000,
            update=True,
            default_user=recorder,
            default_change_reason=_("Import of %(file)s") % {"file": source_name},
            default_date=now,
        )
        if memberships:
            Membership.objects.bulk_create(memberships, batch_size=1000)
        self.progress("write", len(people), len(people))


_I = {name: i for i, name in enumerate(FILE_FIELDS + _EXTRA)}
_COLUMN_ORDER = {c.label: i for i, c in enumerate(COLUMNS)}


def _within_scope(by_name: dict[tuple, list[tuple]], may) -> dict[tuple, list[tuple]]:
    """Name and birth date are not unique: people outside the importer's scope are not
    candidates at all, so a row neither matches them nor learns that they exist (issue 10 §6)."""
    return {
        key: kept
        for key, people in by_name.items()
        if (kept := [p for p in people if may(p[_I["unit__path"]])])
    }
