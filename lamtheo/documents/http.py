"""The download response of a document or a spreadsheet."""

from __future__ import annotations

from django.http import HttpResponse


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A private download: never cached by a shared cache, saved under `filename` (ASCII)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
