from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "lamtheo.study"
    label = "study"
    verbose_name = _("Study")

    def ready(self):
        from lamtheo.study import participation_counts, unit_counts

        participation_counts.connect()
        unit_counts.connect()
