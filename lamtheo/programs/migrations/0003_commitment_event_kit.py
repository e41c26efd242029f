"""CommitmentEvent joins the workflow kit (core.workflow.WorkflowEvent): `status` becomes
`to_state`, `comment` becomes `reason`, and `from_state` is filled from the history itself
(each event starts where the one before it on the same commitment ended). No row is lost."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fill_from_states(apps, schema_editor):
    CommitmentEvent = apps.get_model("programs", "CommitmentEvent")
    db = schema_editor.connection.alias
    previous: dict[int, str] = {}
    changed = []
    rows = CommitmentEvent.objects.using(db).order_by("commitment_id", "at", "id")
    for event in rows.only("pk", "commitment_id", "to_state").iterator(chunk_size=2000):
        event.from_state = previous.get(event.commitment_id, "")
        previous[event.commitment_id] = event.to_state
        changed.append(event)
        if len(changed) >= 2000:
            CommitmentEvent.objects.using(db).bulk_update(changed, ["from_state"])
            changed = []
    CommitmentEvent.objects.using(db).bulk_update(changed, ["from_state"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_rollup_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("commitmentevent", "status", "to_state"),
        migrations.RenameField("commitmentevent", "comment", "reason"),
        migrations.AlterField(
            model_name="commitmentevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=24),
        ),
        migrations.AddField(
            model_name="commitmentevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=24),
        ),
        migrations.AlterField(
            model_name="commitmentevent",
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
            model_name="commitmentevent",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(fill_from_states, migrations.RunPython.noop, elidable=False),
    ]
