"""When people are anonymised (org.retention), the addresses their messages went to and their
Zalo id go too; what was sent, and when, stays for the counts."""

from django.dispatch import receiver

from lamtheo.notify.models import Delivery, Preference
from lamtheo.org.retention import person_anonymised


@receiver(person_anonymised, dispatch_uid="notify-anonymised")
def forget_addresses(sender, person_ids, **kwargs):
    Delivery.objects.filter(person_id__in=person_ids).update(address="")
    Preference.objects.filter(person_id__in=person_ids).update(zalo_user_id="")
