"""Each award keeps what its public verification page shows (`Award.public`), written when the
decision is signed; the awards made before get it here from their decision and nomination
(the awarding committee under its name today: the names on the day are not recomputed)."""

from django.db import migrations, models

from lamtheo.org.kinds import committee_name


def backfill(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    awards = list(
        Award.objects.filter(decision__document__isnull=False).select_related(
            "nomination__person",
            "nomination__unit",
            "decision__document",
            "decision__round__unit",
        )
    )
    for award in awards:
        nomination, document = award.nomination, award.decision.document
        committee = award.decision.round.unit
        award.public = {
            "recipient": (
                nomination.person.full_name if nomination.person_id else nomination.unit.name
            ),
            "form": nomination.form,
            "number": document.symbol,
            "issued_on": document.issued_on.isoformat(),
            "body": committee_name(committee.name, committee.kind) or committee.name,
        }
    Award.objects.bulk_update(awards, ["public"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_workflow_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="public",
            field=models.JSONField(default=dict, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
