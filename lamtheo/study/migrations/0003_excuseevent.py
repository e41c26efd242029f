"""Excuses join the workflow kit. The excuses already there get their history from their own
row: asked for (at requested_at; who asked was not recorded) and, when decided, the decision
(by decided_by at decided_at, with its comment). Sessions published before the kit get their
"published" event at published_at (who published was not recorded); a cancellation before
the kit left no trace of when or by whom, so it gets none."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    db = schema_editor.connection.alias
    Excuse = apps.get_model("study", "Excuse")
    ExcuseEvent = apps.get_model("study", "ExcuseEvent")
    events = []
    for excuse in Excuse.objects.using(db).iterator(2000):
        events.append(
            ExcuseEvent(
                excuse_id=excuse.pk,
                action="requested",
                from_state="",
                to_state="pending",
                at=excuse.requested_at,
            )
        )
        if excuse.status != "pending":
            events.append(
                ExcuseEvent(
                    excuse_id=excuse.pk,
                    action=excuse.status,
                    from_state="pending",
                    to_state=excuse.status,
                    actor_id=excuse.decided_by_id,
                    at=excuse.decided_at or excuse.requested_at,
                    reason=excuse.comment,
                )
            )
    ExcuseEvent.objects.using(db).bulk_create(events, batch_size=1000)
    StudySession = apps.get_model("study", "StudySession")
    StudySessionEvent = apps.get_model("study", "StudySessionEvent")
    published = StudySession.objects.using(db).filter(published_at__isnull=False)
    published = published.exclude(pk__in=StudySessionEvent.objects.using(db).values("session_id"))
    StudySessionEvent.objects.using(db).bulk_create(
        [
            StudySessionEvent(
                session_id=pk,
                action="published",
                from_state="draft",
                to_state="published",
                at=at,
            )
            for pk, at in published.values_list("pk", "published_at").iterator(2000)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("study", "0002_studysessionevent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExcuseEvent",
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
                    "excuse",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="study.excuse",
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
