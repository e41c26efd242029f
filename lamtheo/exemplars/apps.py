from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "lamtheo.exemplars"
    label = "exemplars"
    verbose_name = _("Exemplars and replication")

    def ready(self):
        from lamtheo.exemplars import counts, subtree_counts
        from lamtheo.org import history
        from lamtheo.org.models import Unit

        history.tree_changed.connect(
            subtree_counts.on_tree_changed, sender=Unit, dispatch_uid="exemplars-subtree-tree"
        )
        history.tree_changed.connect(
            counts.on_tree_changed, sender=Unit, dispatch_uid="exemplars-counts-tree"
        )
