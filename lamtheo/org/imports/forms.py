"""The upload form: kind, file (type and size checked by content) and a dry-run box."""

from __future__ import annotations

import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.core.forms import StyledFormMixin
from lamtheo.org.models import ImportJob, ImportKind

EXTENSIONS = (".xlsx", ".csv")


class ImportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file contains"), choices=ImportKind)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel (.xlsx) or CSV (UTF-8), with the template's column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file, write nothing"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s.")
                % {"max": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        upload.seek(0)
        head = upload.read(65536)
        upload.seek(0)
        is_zip = head.startswith(b"PK\x03\x04")
        if extension == ".xlsx":
            if not is_zip or not _is_workbook(upload):
                raise forms.ValidationError(
                    _("This file is not an Excel workbook (.xlsx), whatever its name says.")
                )
        elif is_zip or (b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))):
            raise forms.ValidationError(_("This file is not a CSV text file."))
        return upload

    def save(self, user) -> ImportJob:
        upload = self.cleaned_data["file"]
        return ImportJob.objects.create(
            kind=self.cleaned_data["kind"],
            file=upload,
            original_name=Path(upload.name).name[:255],
            dry_run=self.cleaned_data["dry_run"],
            created_by=user,
        )


def _is_workbook(upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
