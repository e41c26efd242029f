"""The database orders people exactly as Vietnamese readers expect, on SQLite and PostgreSQL."""

from lamtheo.core.text import vietnamese_sorted
from lamtheo.org.models import Person
from tests.factories import PersonFactory, UnitFactory

GIVEN = [
    "Đinh",
    "Dương",
    "Ánh",
    "An",
    "Bình",
    "Ấn",
    "Ân",
    "Ơn",
    "Ông",
    "Oanh",
    "Ưng",
    "Uyên",
    "Zung",
]


def test_order_by_sort_key_is_vietnamese(db):
    unit = UnitFactory()
    for i, given in enumerate(reversed(GIVEN)):
        PersonFactory(unit=unit, full_name=f"Trần Văn {given}", birth_date=None, code=f"P{i}")
    from_db = [p.given_name for p in Person.objects.order_by("sort_key")]
    assert from_db == [
        "An",
        "Ánh",
        "Ân",
        "Ấn",
        "Bình",
        "Dương",
        "Đinh",
        "Oanh",
        "Ông",
        "Ơn",
        "Uyên",
        "Ưng",
        "Zung",
    ]
    assert from_db == vietnamese_sorted(GIVEN)


def test_same_given_name_then_middle_then_family(db):
    unit = UnitFactory()
    for name in ["Trần Văn An", "Lê An", "Nguyễn Văn An", "Bùi Thị An", "Đặng Ân"]:
        PersonFactory(unit=unit, full_name=name)
    assert [p.full_name for p in Person.objects.order_by("sort_key")] == [
        "Lê An",
        "Bùi Thị An",
        "Nguyễn Văn An",
        "Trần Văn An",
        "Đặng Ân",
    ]
