"""factory_boy factories for the organisation. Units are created through treebeard's manager."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from lamtheo.accounts.models import Grant
from lamtheo.org.counts import refresh_unit_counts
from lamtheo.org.models import PartyStatus, Person, Position, Unit, UnitKind

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Thanh", "Quốc", "Ngọc"]
GIVEN = ["An", "Ánh", "Bình", "Chính", "Dương", "Đinh", "Hà", "Hùng", "Lan", "Quang", "Yến"]


class UnitFactory(factory.django.DjangoModelFactory):
    """UnitFactory(parent=some_unit) adds a child; without parent, a root."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    kind = UnitKind.CELL

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(kwargs)
        return model_class.objects.add_child(parent, kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    full_name = factory.Sequence(
        lambda n: f"{FAMILY[n % len(FAMILY)]} {MIDDLE[n % len(MIDDLE)]} {GIVEN[n % len(GIVEN)]}"
    )
    birth_date = factory.Sequence(lambda n: dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28))
    party_status = PartyStatus.OFFICIAL
    unit = factory.SubFactory(UnitFactory)
    unit_since = dt.date(2020, 1, 1)

    @factory.post_generation
    def counts(obj, create, extracted, **kwargs):
        # Services keep the stored unit counts; a factory writes directly, so it must too.
        if create:
            refresh_unit_counts([obj.unit_id])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("demo12345")


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "office"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    unit = factory.SelfAttribute("person.unit")
    title = "secretary"
    started_on = dt.date(2020, 10, 1)


def png_bytes(size=(2, 2)) -> bytes:
    """A real PNG: stored pictures are decoded (and re-encoded without metadata)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()
