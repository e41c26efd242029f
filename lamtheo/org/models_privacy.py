"""The records of the personal-data duties (issue 11 §5, docs/personal-data.md): the access
log (who opened or exported whose record; it only grows) and consent to the public gallery.
Imported by org.models, so that they are org's models like the others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.org.models import Person, Unit


class AccessKind(models.TextChoices):
    VIEW = "view", _("opened the record")
    EXPORT = "export", _("downloaded the data")


class AppendOnly(Exception):
    """A row of the access log was to be changed or deleted: the log only grows."""


class AppendOnlyQuerySet(ScopedQuerySet):
    """No bulk update or delete through the ORM: the access log only grows (retention keeps
    its rows too, pointing at the anonymised record)."""

    def update(self, **kwargs):
        raise AppendOnly(self.model._meta.label)

    def delete(self):
        raise AppendOnly(self.model._meta.label)


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(self._meta.label)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(self._meta.label)


class PersonExportQuerySet(AppendOnlyQuerySet):
    # Seen by the office over the exported unit, and by the one who exported.
    unit_paths = ("unit",)
    user_path = "user"


class PersonExport(AppendOnlyModel):
    """One download of a file carrying people's records (a list, a form, slips): who, when,
    what, of which unit and how many people. Each person in it has a PersonAccess row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    what = models.CharField(_("document"), max_length=120)
    # SET_NULL: a unit is deleted only when an insertion above is undone before its day; the
    # log keeps the row.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    count = models.PositiveIntegerField(_("people"), default=0)

    objects = PersonExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export of personal records")
        verbose_name_plural = _("exports of personal records")

    def __str__(self) -> str:
        return f"{self.user_id} {self.what} {self.unit_id} ({self.count}) {self.at:%d/%m/%Y %H:%M}"


class PersonAccessQuerySet(AppendOnlyQuerySet):
    # The person reads who looked at their record; the office reads its subtree's log.
    unit_paths = ("person__unit",)
    person_path = "person"


class PersonAccess(AppendOnlyModel):
    """Who opened or downloaded whose personal record, and when (Nghị định 13/2023/NĐ-CP:
    a record of processing). Written by the pages and exports, never changed: the models
    refuse updates and deletes, the admin shows it read-only. The person sees it on their
    own page."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=AccessKind, default=AccessKind.VIEW)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    export = models.ForeignKey(
        PersonExport, null=True, blank=True, on_delete=models.PROTECT, related_name="accesses"
    )

    objects = PersonAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to a personal record")
        verbose_name_plural = _("accesses to personal records")
        indexes = [models.Index(fields=["person", "-at"], name="org_access_person_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.person_id} {self.at:%d/%m/%Y %H:%M}"


class GalleryConsentStatus(models.TextChoices):
    GIVEN = "given", _("Agrees to appear by name and photo")
    REFUSED = "refused", _("Does not agree to appear by name and photo")


class GalleryConsentQuerySet(ScopedQuerySet):
    unit_paths = ("person__unit",)
    person_path = "person"


class GalleryConsent(models.Model):
    """A person's consent, or refusal, to appear by name and photo in the public gallery of
    exemplars (Nghị định 13/2023/NĐ-CP, art. 11: consent is explicit and can be withdrawn).
    No row: never asked, which the gallery treats as a refusal. Given by the person on their
    page, or recorded from a signed paper by someone who manages their record."""

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="gallery_consent"
    )
    status = models.CharField(_("consent"), max_length=8, choices=GalleryConsentStatus)
    # The day the person said so (the date on the paper, when recorded for them).
    given_on = models.DateField(_("date"))
    on_paper = models.BooleanField(_("recorded from a signed paper"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    history = HistoricalRecords()
    objects = GalleryConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to the public gallery")
        verbose_name_plural = _("consents to the public gallery")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.status} {self.given_on:%d/%m/%Y}"

    @property
    def given(self) -> bool:
        return self.status == GalleryConsentStatus.GIVEN
