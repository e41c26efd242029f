"""The demo's reminders: one run on the story's morning, dated that morning, never twice."""

from __future__ import annotations

from lamtheo.devdata import demo_reminders
from lamtheo.notify.models import Message, Receipt
from lamtheo.programs import services as programs
from tests.programs.conftest import commit, program, year  # noqa: F401


def test_the_morning_run_is_dated_that_morning_and_not_repeated(world, year, commit):  # noqa: F811
    commitment = commit()
    programs.commitment_approve(by=world.secretary, commitment=commitment, version=None)
    assert demo_reminders.load_reminders() == 1
    message = Message.objects.get(kind="reminder")
    assert message.dedup_key == f"year:{year.pk}:self-assessment-opens"
    assert message.created_at == demo_reminders.MORNING
    assert set(Receipt.objects.values_list("person_id", flat=True)) == {world.person_a.pk}
    assert demo_reminders.load_reminders() == 0
