"""The exemplars about a person, for their own-data download (org.own_data)."""

from __future__ import annotations

from lamtheo.exemplars.models import Exemplar
from lamtheo.org.own_data import Section


def personal_data(person) -> Section:
    rows = [
        (e.title, e.get_kind_display(), e.get_status_display(), e.unit.name)
        for e in Exemplar.objects.filter(person=person).select_related("unit").order_by("pk")
    ]
    columns = (("Điển hình", 50), ("Loại", 16), ("Trạng thái", 18), ("Đơn vị đề xuất", 40))
    return Section("exemplars", "Điển hình", columns, rows)
