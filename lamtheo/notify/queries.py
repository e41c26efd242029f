"""Reads for the pages, each a fixed number of queries whatever the row count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from lamtheo.core import tree
from lamtheo.notify.models import Delivery, DeliveryStatus, ReadCount, Receipt
from lamtheo.org.models import Unit


def inbox(person_id: int):
    """A person's messages, newest first (paginate it)."""
    return (
        Receipt.objects.filter(person_id=person_id)
        .select_related("message", "message__unit")
        .order_by("-message_id")
    )


def unread_count(person_id: int) -> int:
    return Receipt.objects.filter(person_id=person_id, read_at__isnull=True).count()


@dataclass
class UnitRate:
    unit_id: int
    name: str
    path: str
    depth: int
    total: int = 0
    read: int = 0
    has_children: bool = False

    @property
    def share(self) -> float:
        return self.read / self.total if self.total else 0.0


@dataclass
class ReadRates:
    under: Unit
    total: int = 0
    read: int = 0
    # The units just below `under` (their subtrees summed), in tree order; `under` itself
    # first when people of that unit received it.
    branches: list[UnitRate] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.read / self.total if self.total else 0.0


def read_rates(message, under: Unit | None = None) -> ReadRates:
    """Who read `message`, per unit the recipients were in when it was sent, summed per unit
    just below `under` (default: the message's unit). Two queries: the kept counts of the units
    in `under`'s subtree, and the names of the units below it."""
    under = under or message.unit
    low, high = tree.path_range(under.path)
    rows = (
        ReadCount.objects.filter(message=message, unit__path__gte=low, unit__path__lt=high)
        .values_list("unit__path", "total", "read")
        .order_by()
    )
    rates = ReadRates(under=under)
    branches: dict[str, UnitRate] = {}
    cut = len(under.path) + tree.STEPLEN
    for path, total, read in rows:
        key = path[:cut]
        branch = branches.setdefault(key, UnitRate(0, "", key, 0))
        branch.total += total
        branch.read += read
        rates.total += total
        rates.read += read
    units = Unit.objects.filter(path__in=list(branches)).only("name", "path", "depth", "numchild")
    for unit in units:
        branch = branches[unit.path]
        branch.unit_id, branch.name, branch.depth = unit.pk, unit.name, unit.depth
        branch.has_children = unit.path != under.path and unit.numchild > 0
    rates.branches = sorted(branches.values(), key=lambda b: b.path)
    return rates


def delivery_counts(message) -> dict[str, dict[str, int]]:
    """{channel: {status: count}} for the message's outside deliveries: one query."""
    counts: dict[str, dict[str, int]] = {}
    for row in (
        Delivery.objects.filter(message=message)
        .values("channel", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(row["channel"], {})[row["status"]] = row["n"]
    return counts


def problems(message, limit: int = 20):
    """Deliveries that failed or whose outcome is unknown, for the sender to follow up."""
    return (
        Delivery.objects.filter(message=message)
        .filter(Q(status=DeliveryStatus.FAILED) | Q(status=DeliveryStatus.UNCERTAIN))
        .select_related("person")
        .order_by("pk")[:limit]
    )
