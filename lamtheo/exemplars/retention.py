"""When people are anonymised (org.retention), their exemplars' search keys lose the name."""

from django.dispatch import receiver

from lamtheo.exemplars.models import Exemplar
from lamtheo.exemplars.services.exemplars import search_key_for
from lamtheo.org.retention import person_anonymised


@receiver(person_anonymised, dispatch_uid="exemplars-anonymised")
def forget_names(sender, person_ids, **kwargs):
    exemplars = list(
        Exemplar.objects.filter(person_id__in=person_ids)
        .select_related("person", "subject_unit", "unit")
        .prefetch_related("tags")
    )
    for exemplar in exemplars:
        exemplar.search_key = search_key_for(exemplar, [t.name for t in exemplar.tags.all()])
    Exemplar.objects.bulk_update(exemplars, ["search_key"], batch_size=500)
