"""Field rules shared by the edit forms and the importers, so both accept the same values.

Functions raise ValueError (or FieldError naming the field) with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from lamtheo.core.text import fold
from lamtheo.org.models import Gender, PartyStatus, UnitKind


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


_PHONE_JUNK = re.compile(r"[\s.\-()]")


def phone(value: str) -> str:
    """Vietnamese phone numbers, keeping the leading zero: "+84 912 345 678" -> "0912345678"."""
    value = _PHONE_JUNK.sub("", value or "")
    if not value:
        return ""
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) == 11:
        value = "0" + value[2:]
    if not value.isdigit():
        raise ValueError(_("A phone number has only digits, for example 0912345678."))
    if len(value) == 9 and value[0] in "235789":
        # A number typed into a numeric Excel cell loses its leading zero.
        value = "0" + value
    if not (10 <= len(value) <= 11) or value[0] != "0":
        raise ValueError(_("A phone number has 10 or 11 digits and starts with 0."))
    return value


def card_number(value: str) -> str:
    """Party card numbers are identifiers: digits (with optional dots) kept exactly as written."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return ""
    if not re.fullmatch(r"[0-9][0-9.]*[0-9]|[0-9]", value):
        raise ValueError(_("A party card number has only digits, for example 01234567."))
    return value


_GENDERS = {
    "nam": Gender.MALE,
    "m": Gender.MALE,
    "male": Gender.MALE,
    "nu": Gender.FEMALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
}


def gender(value: str) -> str:
    key = fold(value)
    if not key:
        return ""
    try:
        return _GENDERS[key]
    except KeyError:
        raise ValueError(_("Write “Nam” or “Nữ”.")) from None


_STATUSES = {
    "dang vien chinh thuc": PartyStatus.OFFICIAL,
    "chinh thuc": PartyStatus.OFFICIAL,
    "dvct": PartyStatus.OFFICIAL,
    "dang vien": PartyStatus.OFFICIAL,
    "dang vien du bi": PartyStatus.PROBATIONARY,
    "du bi": PartyStatus.PROBATIONARY,
    "dvdb": PartyStatus.PROBATIONARY,
    "quan chung uu tu": PartyStatus.ELITE_MASS,
    "qcut": PartyStatus.ELITE_MASS,
    "cam tinh dang": PartyStatus.ELITE_MASS,
    "quan chung": PartyStatus.MASS,
    "nguoi lao dong": PartyStatus.MASS,
    "qc": PartyStatus.MASS,
}
for _status in PartyStatus:
    _STATUSES[_status.value] = _status


def party_status(value: str) -> str:
    key = fold(value)
    if not key:
        return ""
    try:
        return _STATUSES[key]
    except KeyError:
        raise ValueError(
            _("Write one of: Đảng viên chính thức, Đảng viên dự bị, Quần chúng ưu tú, Quần chúng.")
        ) from None


_KINDS = {
    "dang bo": UnitKind.COMMITTEE,
    "dang uy": UnitKind.COMMITTEE,
    "dang bo co so": UnitKind.GRASSROOTS_COMMITTEE,
    "dbcs": UnitKind.GRASSROOTS_COMMITTEE,
    "dang bo bo phan": UnitKind.SUB_COMMITTEE,
    "dbbp": UnitKind.SUB_COMMITTEE,
    "chi bo co so": UnitKind.GRASSROOTS_CELL,
    "cbcs": UnitKind.GRASSROOTS_CELL,
    "chi bo": UnitKind.CELL,
    "chi bo truc thuoc": UnitKind.CELL,
    "to dang": UnitKind.GROUP,
}
for _kind in UnitKind:
    _KINDS[_kind.value] = _kind


def unit_kind(value: str) -> str:
    key = fold(value)
    try:
        return _KINDS[key]
    except KeyError:
        raise ValueError(
            _(
                "Write one of: Đảng bộ, Đảng bộ cơ sở, Đảng bộ bộ phận, Chi bộ cơ sở, Chi bộ, "
                "Tổ đảng."
            )
        ) from None


_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
# Excel's day 0 is 30/12/1899 (its 1900 leap-year bug shifts everything before March 1900).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def date(value) -> dt.date | None:
    """A date from an Excel date, an Excel serial number, dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(_("Not a date."))
    text = str(value).strip()
    if match := _DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(_("Write the date as dd/mm/yyyy, for example 14/03/2023."))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("%(value)s is not a real date (day/month/year).") % {"value": text}
        ) from None


def check_person_dates(
    *, birth_date, joined_on, official_on, party_status, today: dt.date | None = None
) -> None:
    """Dates that cannot all be true together are refused, naming the field at fault."""
    today = today or dt.date.today()
    if birth_date and birth_date > today:
        raise FieldError("birth_date", _("The date of birth is in the future."))
    if birth_date and birth_date.year < 1900:
        raise FieldError("birth_date", _("The date of birth is before 1900."))
    if joined_on and joined_on > today:
        raise FieldError("joined_on", _("The date of joining is in the future."))
    if official_on and official_on > today:
        raise FieldError("official_on", _("The date made official is in the future."))
    if birth_date and joined_on and joined_on < _add_years(birth_date, 16):
        raise FieldError("joined_on", _("The date of joining is before the person turned 16."))
    if joined_on and official_on and official_on < joined_on:
        raise FieldError("official_on", _("The date made official is before the date of joining."))
    if party_status == PartyStatus.OFFICIAL and not joined_on and official_on:
        raise FieldError("joined_on", _("Enter the date of joining as well."))
    if party_status in (PartyStatus.ELITE_MASS, PartyStatus.MASS) and (joined_on or official_on):
        raise FieldError(
            "party_status", _("A non-member has no date of joining the Party; check the status.")
        )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
