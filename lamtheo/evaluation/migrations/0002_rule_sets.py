"""The rule sets (QĐ 132/HD 21, QĐ 124/HD 25, QĐ 366/HD 43) as data."""

from django.db import migrations

from lamtheo.evaluation.rulesets import sync_rule_sets


def forwards(apps, schema_editor):
    sync_rule_sets(apps.get_model("evaluation", "RuleSet"))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
