"""Study's card on the home page (listed in lamtheo.dashboard.registry)."""

from __future__ import annotations

from django.utils import timezone

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.cards import Card
from lamtheo.study.models import SessionStatus, StudySession
from lamtheo.study.queries import decidable_excuses, own_marks

HOME_UPCOMING = 3


def study_card(user) -> dict:
    """For templates/study/_home_card.html: a member's next sessions (with their own mark) and,
    for those who record attendance, the excuses waiting for them. Three queries at most."""
    scope = scope_of(user)
    upcoming = []
    if scope.person_id:
        upcoming = list(
            StudySession.objects.visible_to(user)
            .filter(
                invitations__person_id=scope.person_id,
                status=SessionStatus.PUBLISHED,
                ends_at__gte=timezone.now(),
            )
            .select_related("unit")
            .order_by("starts_at", "pk")[:HOME_UPCOMING]
        )
        marks = own_marks(scope.person_id, [s.pk for s in upcoming])
        for session in upcoming:
            session.mark = marks.get(session.pk)
    excuses = decidable_excuses(user).count() if scope.can("attendance.record") else 0
    return {"upcoming": upcoming, "excuses": excuses, "person": scope.person_id}


STUDY = Card(
    key="study_card",
    template="study/_home_card.html",
    context=study_card,
    shown_to=lambda scope: scope.person_id is not None or scope.can("attendance.record"),
)
