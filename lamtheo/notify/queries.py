"""Reads for the pages, each a fixed number of queries whatever the row count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from lamtheo.core import tree
from lamtheo.notify.models import Delivery, DeliveryStatus, Receipt
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

    @property
    def share(self) -> float:
        return self.read / self.total if self.total else 0.0


@dataclass
class ReadRates:
    total: int = 0
    read: int = 0
    # The units just below the message's unit (their subtrees summed), then each unit with
    # recipients, in tree order.
    branches: list[UnitRate] = field(default_factory=list)
    units: list[UnitRate] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.read / self.total if self.total else 0.0


def read_rates(message) -> ReadRates:
    """Who read `message`, per unit the recipients were in when it was sent. One query for
    the counts per unit, one for the branch units' names."""
    rows = (
        Receipt.objects.filter(message=message)
        .values("unit_id", "unit__name", "unit__path", "unit__depth")
        .annotate(total=Count("pk"), read=Count("read_at"))
        .order_by("unit__path")
    )
    rates = ReadRates()
    base = message.unit.path
    branches: dict[str, UnitRate] = {}
    for row in rows:
        rate = UnitRate(
            row["unit_id"], row["unit__name"], row["unit__path"], row["unit__depth"],
            row["total"], row["read"],
        )  # fmt: skip
        rates.units.append(rate)
        rates.total += rate.total
        rates.read += rate.read
        if rate.path.startswith(base) and len(rate.path) > len(base):
            key = rate.path[: len(base) + tree.STEPLEN]
        else:
            key = rate.path
        branch = branches.setdefault(key, UnitRate(0, "", key, 0))
        branch.total += rate.total
        branch.read += rate.read
    names = {
        u.path: u
        for u in Unit.objects.filter(path__in=list(branches)).only("name", "path", "depth")
    }
    for key, branch in branches.items():
        unit = names.get(key)
        if unit is not None:
            branch.unit_id, branch.name, branch.depth = unit.pk, unit.name, unit.depth
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
