"""A person's commendations, for their own-data download (org.own_data)."""

from __future__ import annotations

from lamtheo.awards.models import Award
from lamtheo.documents.text import short_date
from lamtheo.org.own_data import Section


def personal_data(person) -> Section:
    rows = [
        (
            a.nomination.get_form_display(),
            a.decision.document.symbol if a.decision.document_id else "",
            short_date(a.decision.document.issued_on) if a.decision.document_id else "",
            short_date(a.revoked_on) if a.revoked_on else "",
        )
        for a in Award.objects.filter(nomination__person=person)
        .select_related("nomination", "decision__document")
        .order_by("pk")
    ]
    columns = (("Hình thức", 40), ("Quyết định", 20), ("Ngày", 12), ("Thu hồi ngày", 14))
    return Section("commendations", "Khen thưởng", columns, rows)
