# The sessions in progress read by the end, checking the start in the index (issue 13).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("study", "0014_subtree_double_counts"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="studysession",
            name="study_session_ends",
        ),
        migrations.AddIndex(
            model_name="studysession",
            index=models.Index(fields=["ends_at", "starts_at"], name="study_session_ending"),
        ),
    ]
