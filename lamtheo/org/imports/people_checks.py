"""Steps 1–4 of a people import: parse every row, find duplicates inside the file, resolve
units, scope and the matching person, and decide what changes. Nothing is written here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from lamtheo.core.text import clean_name, clean_text
from lamtheo.org import normalize
from lamtheo.org.imports.common import PROGRESS_EVERY, chunks
from lamtheo.org.imports.people_columns import EXTRA, FILE_FIELDS, INDEX, MAX_LENGTH, Row
from lamtheo.org.imports.reader import CellError
from lamtheo.org.models import PartyStatus, Person, Unit


class PeopleChecks:
    """Mixed into the people import (lamtheo.org.imports.people) before BaseImport."""

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
            pid = person[INDEX["id"]]
            first = matched.setdefault(pid, r.row)
            if first != r.row:
                self.error(
                    r.row,
                    "full_name",
                    _("this is the same person as on row %(first)s") % {"first": first},
                )
                continue
            if not may(person[INDEX["unit__path"]]):
                self.error(
                    r.row, "unit_code", _("this person belongs to a unit outside those you manage")
                )
                continue
            r.existing = person
            if not self._changes(r):
                continue
            left_on = person[INDEX["left_on"]]
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
            if holder is not None and not may(holder[INDEX["unit__path"]]):
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
        fields = FILE_FIELDS + EXTRA
        by_code: dict[str, tuple] = {}
        by_card: dict[str, tuple] = {}
        by_name: dict[tuple, list[tuple]] = {}
        total = Person.objects.count()
        if not total:
            return by_code, by_card, by_name

        def add(person):
            if person[INDEX["code"]]:
                by_code[person[INDEX["code"]]] = person
            if person[INDEX["party_card_number"]]:
                by_card[person[INDEX["party_card_number"]]] = person
            key = (person[INDEX["full_name"]], person[INDEX["birth_date"]])
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
                    if person[INDEX["id"]] not in seen:
                        seen.add(person[INDEX["id"]])
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
                    and person[INDEX["code"]]
                    and person[INDEX["code"]] != r.code
                ):
                    self.error(
                        r.row,
                        "code",
                        _(
                            "the person with card number %(card)s has another personal "
                            "code, %(code)s"
                        )
                        % {"card": r.party_card_number, "code": person[INDEX["code"]]},
                    )
                    return None
            elif holder is not None and holder[INDEX["id"]] != person[INDEX["id"]]:
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
                    or not p[INDEX["party_card_number"]]
                    or p[INDEX["party_card_number"]] == r.party_card_number
                )
                and (not r.code or not p[INDEX["code"]] or p[INDEX["code"]] == r.code)
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
            "code": r.code or (old[INDEX["code"]] if old else ""),
            "full_name": r.full_name,
            "birth_date": r.birth_date,
            "gender": r.gender,
            "party_status": r.party_status
            or (old[INDEX["party_status"]] if old else PartyStatus.OFFICIAL),
            "party_card_number": r.party_card_number
            or (old[INDEX["party_card_number"]] if old else ""),
            "joined_on": r.joined_on,
            "official_on": r.official_on,
            "job_title": r.job_title,
            "phone": r.phone,
            "email": r.email,
            "unit_id": r.unit.pk
            if r.unit is not None
            else (old[INDEX["unit_id"]] if old else None),
        }

    def _changes(self, r: Row) -> list[str]:
        values = self._values(r)
        old = r.existing
        return [f for f in FILE_FIELDS if values[f] != old[INDEX[f]]]

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


def _within_scope(by_name: dict[tuple, list[tuple]], may) -> dict[tuple, list[tuple]]:
    """Name and birth date are not unique: people outside the importer's scope are not
    candidates at all, so a row neither matches them nor learns that they exist (issue 10 §6)."""
    return {
        key: kept
        for key, people in by_name.items()
        if (kept := [p for p in people if may(p[INDEX["unit__path"]])])
    }
