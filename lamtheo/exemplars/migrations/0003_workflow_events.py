"""Exemplar and adoption events join the workflow kit (core.workflow.WorkflowEvent): `by`
becomes `actor`, `comment` becomes `reason`, and `from_state`/`to_state` are filled from the
history itself; campaigns get their event table (opened, summed up). No row is lost.

Before the kit the events named the step, not the state. An exemplar's steps are its states
(created: draft; edited and the like keep the state). An adoption's steps are its states too,
but for "created" (planned: the only state an adoption is created in) and "resumed" (out of
dropped, back to planned or piloting, which was not recorded: the one the next step can start
from; where both can, the state before the drop; with no step after it, the adoption's state
now). An adoption dropped from planned or piloting comes back where it was in practice; where
that guess is wrong the history says "planned" for "piloting", never loses a row."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

EXEMPLAR_STEPS = {
    "created": "draft",
    "proposed": "proposed",
    "returned": "returned",
    "rejected": "rejected",
    "recognised": "recognised",
    "published": "published",
    "withdrawn": "withdrawn",
}
ADOPTION_STATES = ("planned", "piloting", "adopted", "sustained", "dropped")
# The states each adoption state can be reached from (services.adoptions.FLOW, reversed).
ADOPTION_FROM = {
    "piloting": ("planned", "dropped"),
    "adopted": ("planned", "piloting"),
    "sustained": ("adopted",),
    "dropped": ("planned", "piloting", "adopted", "sustained"),
    "planned": ("dropped",),
}


def _save(model, db, events):
    model.objects.using(db).bulk_update(events, ["from_state", "to_state"], batch_size=1000)


def fill_exemplar_events(apps, schema_editor):
    Event = apps.get_model("exemplars", "ExemplarEvent")
    db = schema_editor.connection.alias
    state: dict[int, str] = {}
    events = []
    for event in Event.objects.using(db).order_by("exemplar_id", "at", "id").iterator(2000):
        before = state.get(event.exemplar_id, "")
        event.from_state = before
        event.to_state = EXEMPLAR_STEPS.get(event.action, before)
        state[event.exemplar_id] = event.to_state
        events.append(event)
    _save(Event, db, events)


def _adoption_states(events, now: str) -> None:
    """Set from/to on one adoption's events (oldest first)."""
    state = ""
    last_drop_from = ""
    for index, event in enumerate(events):
        event.from_state = state
        if event.action == "created":
            event.to_state = "planned"  # the model's default; adoption_create sets no other
        elif event.action in ADOPTION_STATES:
            event.to_state = event.action
        elif event.action == "resumed":
            event.to_state = _resumed_to(events[index + 1 :], last_drop_from, now)
        else:
            event.to_state = state
        if event.action == "dropped":
            last_drop_from = state
        state = event.to_state


def _resumed_to(later, before_drop: str, now: str) -> str:
    """Out of dropped, back to planned or piloting: the state the next step can start from;
    if both (or no step follows), the state before the drop; else the adoption's state now."""
    options = ("planned", "piloting")
    step = next((e for e in later if e.action in ADOPTION_STATES or e.action == "resumed"), None)
    if step is not None and step.action in ADOPTION_FROM:
        options = tuple(s for s in options if s in ADOPTION_FROM[step.action]) or options
    elif step is None and now in options:
        return now
    if before_drop in options:
        return before_drop
    return options[0]


def fill_adoption_events(apps, schema_editor):
    Event = apps.get_model("exemplars", "AdoptionEvent")
    Adoption = apps.get_model("exemplars", "Adoption")
    db = schema_editor.connection.alias
    now = dict(Adoption.objects.using(db).values_list("pk", "status"))
    by_adoption: dict[int, list] = {}
    for event in Event.objects.using(db).order_by("adoption_id", "at", "id").iterator(2000):
        by_adoption.setdefault(event.adoption_id, []).append(event)
    events = []
    for adoption_id, rows in by_adoption.items():
        _adoption_states(rows, now.get(adoption_id, "planned"))
        events += rows
    _save(Event, db, events)


def _kit_fields(model_name):
    return [
        migrations.RenameField(model_name, "by", "actor"),
        migrations.RenameField(model_name, "comment", "reason"),
        migrations.AlterField(
            model_name=model_name, name="action", field=models.CharField(max_length=32)
        ),
        migrations.AddField(
            model_name=model_name,
            name="from_state",
            field=models.CharField(blank=True, max_length=24),
        ),
        migrations.AddField(
            model_name=model_name,
            name="to_state",
            field=models.CharField(blank=True, max_length=24),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0002_adoption_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *_kit_fields("exemplarevent"),
        *_kit_fields("adoptionevent"),
        migrations.CreateModel(
            name="CampaignEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("action", models.CharField(max_length=32)),
                ("from_state", models.CharField(blank=True, max_length=24)),
                ("to_state", models.CharField(blank=True, max_length=24)),
                ("reason", models.TextField(blank=True)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="exemplars.campaign",
                    ),
                ),
            ],
            options={"ordering": ["at", "pk"], "abstract": False},
        ),
        migrations.RunPython(fill_exemplar_events, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(fill_adoption_events, migrations.RunPython.noop, elidable=False),
    ]
