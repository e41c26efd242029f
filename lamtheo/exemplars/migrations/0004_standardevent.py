"""Standards join the workflow kit. Each version already adopted gets its "version_adopted"
event (by its created_by at its created_at); review statuses set before the kit stay in the
standard's history table (simple-history) only."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    db = schema_editor.connection.alias
    StandardVersion = apps.get_model("exemplars", "StandardVersion")
    StandardEvent = apps.get_model("exemplars", "StandardEvent")
    versions = StandardVersion.objects.using(db).order_by("standard_id", "number")
    StandardEvent.objects.using(db).bulk_create(
        [
            StandardEvent(
                standard_id=v.standard_id,
                action="version_adopted",
                from_state="" if v.number == 1 else "in_force",
                to_state="in_force",
                actor_id=v.created_by_id,
                at=v.created_at,
            )
            for v in versions.iterator(2000)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0003_workflow_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StandardEvent",
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
                    "standard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="exemplars.standard",
                    ),
                ),
            ],
            options={
                "ordering": ["at", "pk"],
                "abstract": False,
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
