"""Rounds and nominations get their workflow event tables (core.workflow.WorkflowEvent): who
did what when. Rows made before keep what they already recorded: the opening of each round and
each nomination (who, when); later steps were not recorded and are not invented."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    Round = apps.get_model("awards", "Round")
    Nomination = apps.get_model("awards", "Nomination")
    RoundEvent = apps.get_model("awards", "RoundEvent")
    NominationEvent = apps.get_model("awards", "NominationEvent")
    RoundEvent.objects.bulk_create(
        RoundEvent(round_id=pk, action="opened", to_state="nominating", actor_id=by, at=at)
        for pk, by, at in Round.objects.values_list("pk", "opened_by_id", "opened_at")
    )
    NominationEvent.objects.bulk_create(
        NominationEvent(
            nomination_id=pk, action="nominated", to_state="nominated", actor_id=by, at=at
        )
        for pk, by, at in Nomination.objects.values_list("pk", "nominated_by_id", "nominated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NominationEvent",
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
                    "nomination",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="awards.nomination",
                    ),
                ),
            ],
            options={
                "ordering": ["at", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RoundEvent",
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
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="awards.round",
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
