"""When people are anonymised (org.retention): what they wrote in their commitments and what
reviewers wrote about them go — the contents, comments, self-assessments, progress notes and
their attached files, the reasons and edits in the commitments' histories. The commitments
themselves, their content areas, statuses and outcomes stay: the year's figures count them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.org.retention import clear_text
from lamtheo.programs.models import Commitment, CommitmentEvent, Evidence, ProgressNote

TEXT = (
    "action",
    "expected_result",
    "shortcoming",
    "review_comment",
    "self_assessment",
    "evaluation_comment",
)
REQUIRED = ("action", "expected_result")


def scrub(names: dict[int, str], *, apply: bool) -> list[tuple[str, int]]:
    commitments = Commitment.objects.filter(person_id__in=list(names))
    rows = clear_text(commitments, TEXT, apply=apply, required=REQUIRED)
    notes = ProgressNote.objects.filter(commitment__in=commitments)
    note_count = clear_text(notes, ["text"], apply=apply, required=["text"])
    events = CommitmentEvent.objects.filter(commitment__in=commitments)
    event_count = events.exclude(reason="", changes={}).count()
    evidence = list(Evidence.objects.filter(note__commitment__in=commitments).only("pk", "file"))
    if apply:
        if event_count:
            events.update(reason="", changes={})
        files = [e.file for e in evidence if e.file]
        Evidence.objects.filter(pk__in=[e.pk for e in evidence]).delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return [
        (_("commitments' contents and comments"), rows),
        (_("progress notes"), note_count),
        (_("files attached to progress notes"), len(evidence)),
        (_("reasons and edits in commitments' histories"), event_count),
    ]
