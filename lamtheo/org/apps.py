from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "lamtheo.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from lamtheo.org import counts, history
        from lamtheo.org.models import Unit

        # Every unit added through treebeard gets its first dated period (org/history.py).
        post_save.connect(history.on_unit_saved, sender=Unit, dispatch_uid="org.unit_period")
        history.tree_changed.connect(counts.on_tree_changed, sender=Unit, dispatch_uid="org.tree")
