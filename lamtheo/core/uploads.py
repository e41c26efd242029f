"""What an uploaded file really is, known by its first bytes: the browser's declared type and
the file name are whatever the sender says, so they decide nothing."""

from __future__ import annotations

import zipfile

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

IMAGES = frozenset({JPEG, PNG, WEBP})
# The extension a file of each type is stored with.
EXTENSIONS = {
    PDF: ".pdf",
    JPEG: ".jpg",
    PNG: ".png",
    WEBP: ".webp",
    DOCX: ".docx",
    XLSX: ".xlsx",
    PPTX: ".pptx",
}
# The part of an Office Open XML package that tells which application made it.
_OFFICE_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)


def sniff(upload) -> str | None:
    """The content type the file's bytes show, among EXTENSIONS; None for anything else.
    Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        for part, content_type in _OFFICE_PARTS:
            if part in names:
                return content_type
    return None


def stored_name(upload, content_type: str, default: str = "file") -> str:
    """The upload's own name without any folder, with the extension of what it really is."""
    stem = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    return f"{stem or default}{EXTENSIONS[content_type]}"
