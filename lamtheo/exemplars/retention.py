"""When people are anonymised (org.retention): the stories about them keep the practice and
lose the person. Their name goes from the title, the story, the reasons, captions and the
history of their exemplars (NAME_REMOVED in its place), the photos of them go (rows and files),
and the search keys are rebuilt without the name. The exemplar itself, its status, level,
figures and adoptions stay: they are counted and others learn from them.

Only the name is taken out of the story, not the story: it describes what was done, which is
the organisation's to keep; a story naming other people, or describing the person without
their name, is the reviewers' to keep free of that (docs/personal-data.md)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.exemplars.models import (
    Evidence,
    EvidenceKind,
    Exemplar,
    ExemplarEvent,
    ExemplarKind,
)
from lamtheo.exemplars.services.exemplars import search_key_for
from lamtheo.org.retention import without_names

TEXT = ("title", "problem", "actions", "results", "reason")


def _renamed(row, fields, names) -> bool:
    changed = False
    for field in fields:
        old = getattr(row, field)
        new = without_names(old, names)
        if new != old:
            setattr(row, field, new)
            changed = True
    return changed


def scrub(names: dict[int, str], *, apply: bool) -> list[tuple[str, int]]:
    exemplars = list(
        Exemplar.objects.filter(person_id__in=list(names))
        .select_related("person", "subject_unit", "unit")
        .prefetch_related("tags")
    )
    ids = [e.pk for e in exemplars]
    own = {e.pk: [names[e.person_id]] for e in exemplars}
    renamed = [e for e in exemplars if _renamed(e, TEXT, own[e.pk])]
    history = [h for h in Exemplar.history.filter(id__in=ids) if _renamed(h, TEXT, own[h.id])]
    events = [
        e
        for e in ExemplarEvent.objects.filter(exemplar_id__in=ids)
        if _renamed(e, ("reason",), own[e.exemplar_id])
    ]
    evidence = Evidence.objects.filter(exemplar_id__in=ids)
    photos = list(
        evidence.filter(kind=EvidenceKind.PHOTO, exemplar__kind=ExemplarKind.INDIVIDUAL).only(
            "pk", "file", "thumbnail"
        )
    )
    captions = [
        e
        for e in evidence.exclude(pk__in=[p.pk for p in photos]).only("pk", "caption", "exemplar")
        if _renamed(e, ("caption",), own[e.exemplar_id])
    ]
    if apply:
        for exemplar in exemplars:
            exemplar.search_key = search_key_for(exemplar, [t.name for t in exemplar.tags.all()])
        Exemplar.objects.bulk_update(exemplars, [*TEXT, "search_key"], batch_size=500)
        Exemplar.history.model.objects.bulk_update(history, list(TEXT), batch_size=500)
        ExemplarEvent.objects.bulk_update(events, ["reason"], batch_size=500)
        Evidence.objects.bulk_update(captions, ["caption"], batch_size=500)
        files = [f for p in photos for f in (p.file, p.thumbnail) if f]
        Evidence.objects.filter(pk__in=[p.pk for p in photos]).delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return [
        (_("exemplars naming them"), len({*(e.pk for e in renamed), *(h.id for h in history)})),
        (_("photos of them in exemplars"), len(photos)),
    ]
