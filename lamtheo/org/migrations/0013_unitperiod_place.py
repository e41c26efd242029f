from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    """Every period takes its unit's place of issue of today: a place changed before this
    migration left no dated trace (Unit.place was not dated), so earlier places are lost."""
    Unit = apps.get_model("org", "Unit")
    UnitPeriod = apps.get_model("org", "UnitPeriod")
    place = Unit.objects.filter(pk=OuterRef("unit_id")).values("place")[:1]
    UnitPeriod.objects.exclude(unit__place="").update(place=Subquery(place))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0012_document_register"),
    ]

    operations = [
        migrations.AddField(
            model_name="unitperiod",
            name="place",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
