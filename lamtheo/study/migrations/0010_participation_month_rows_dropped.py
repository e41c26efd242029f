from django.db import migrations, models


class Migration(migrations.Migration):
    """The month rows, moved into the year rows' columns by 0009."""

    dependencies = [
        ("study", "0009_participation_pivot"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="unitparticipation",
            name="study_unit_participation_once",
        ),
        # A default, so that migrating back can add the column to the year rows (month 0).
        migrations.AlterField(
            model_name="unitparticipation",
            name="month",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RemoveField(
            model_name="unitparticipation",
            name="month",
        ),
        migrations.RemoveField(
            model_name="unitparticipation",
            name="people",
        ),
        migrations.RemoveField(
            model_name="unitparticipation",
            name="self_study",
        ),
        migrations.RemoveField(
            model_name="unitparticipation",
            name="self_study_only",
        ),
        migrations.RemoveField(
            model_name="unitparticipation",
            name="sessions",
        ),
        migrations.RemoveField(
            model_name="unitparticipation",
            name="took_part",
        ),
        migrations.AddConstraint(
            model_name="unitparticipation",
            constraint=models.UniqueConstraint(
                fields=("year", "members", "unit"), name="study_unit_participation_once"
            ),
        ),
    ]
