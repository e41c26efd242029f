"""A chi bộ's page in a round (issue 14: ≤ 100 ms with 50 members): nine queries whatever its
size, and each member's step, group, rank and discipline shown with their Vietnamese labels
(translated once for the page, not per row)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lamtheo.evaluation.models import MemberReview
from tests.factories import PersonFactory

# Session, user, grants, the user's person, the round, the cell, its reviews, its own review,
# the breadcrumbs.
QUERIES = 9


def test_fifty_members_in_nine_queries_with_their_labels(world, evaluation_round, login):
    people = [PersonFactory(unit=world.cell_b, full_name=f"Đảng viên {i:02}") for i in range(49)]
    MemberReview.objects.bulk_create(
        [
            MemberReview(
                round=evaluation_round,
                person=p,
                cell=world.cell_b,
                party_status="official",
                status=["pending", "decided", "cell_reviewed"][i % 3],
                group=["member", "leader", "outside"][i % 3],
                rank="htxs" if i % 3 == 1 else "",
                discipline="reprimand" if i == 4 else "",
            )
            for i, p in enumerate(people)
        ]
    )
    assert MemberReview.objects.filter(round=evaluation_round, cell=world.cell_b).count() == 50
    client = login(world.office)
    url = f"/evaluation/rounds/{evaluation_round.pk}/units/{world.cell_b.pk}/"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(ctx.captured_queries) == QUERIES, [q["sql"][:80] for q in ctx.captured_queries]
    body = response.content.decode()
    review = MemberReview.objects.get(round=evaluation_round, person=people[4])
    with translation.override("vi"):
        labels = [
            review.get_status_display(),
            review.get_group_display(),
            review.get_rank_display(),
            review.get_discipline_display(),
        ]
    for label in labels:
        assert label in body, label
    assert body.count(f"/evaluation/reviews/{review.pk}/") == 1
    assert all(p.full_name in body for p in people)
