from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "lamtheo.exemplars"
    label = "exemplars"
    verbose_name = _("Exemplars and replication")
