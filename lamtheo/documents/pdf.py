"""DOCX to PDF with LibreOffice headless (Debian: libreoffice-writer-nogui).

One LibreOffice profile per process, and one conversion at a time per profile: LibreOffice
refuses to run twice on one profile, and a fresh profile costs a slower first start. Each
start costs 1–2 s, so convert several files in one call where you can, and never in a request:
run it in a task (issue 17's reports) or in the tests.

The PDF uses the fonts the DOCX names: "Times New Roman" becomes its metric twin Liberation
Serif (fonts-liberation2; the 1.x package lacks the Vietnamese letters such as "ệ").
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

_LOCK = threading.Lock()
_PROFILE: Path | None = None


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed or gave no PDF."""


def default_profile() -> Path:
    """This process's LibreOffice profile: a private temporary folder, removed at exit."""
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = Path(tempfile.mkdtemp(prefix="lamtheo-libreoffice-"))
        atexit.register(shutil.rmtree, _PROFILE, ignore_errors=True)
    return _PROFILE


def convert_many(files: dict[str, bytes], profile: Path | None = None, timeout: int = 180):
    """{"name.docx": bytes} -> {"name.docx": PDF bytes}, with one start of LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError(
            "LibreOffice is not installed (Debian: apt-get install libreoffice-writer-nogui; "
            "`make system-deps` does it)."
        )
    with _LOCK, tempfile.TemporaryDirectory(prefix="lamtheo-pdf-") as folder:
        work = Path(folder)
        sources = []
        for name, content in files.items():
            if Path(name).name != name or not name.endswith(".docx"):
                raise ValueError(f"not a plain .docx file name: {name!r}")
            (work / name).write_bytes(content)
            sources.append(str(work / name))
        profile = profile or default_profile()
        command = [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            *sources,
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise ConversionError(f"LibreOffice took more than {timeout} s") from error
        result = {}
        for name in files:
            pdf = work / "out" / (name.removesuffix(".docx") + ".pdf")
            if not pdf.exists():
                output = (done.stdout + done.stderr).decode(errors="replace").strip()
                raise ConversionError(f"LibreOffice gave no PDF for {name} ({output})")
            result[name] = pdf.read_bytes()
        return result


def docx_to_pdf(content: bytes, profile: Path | None = None) -> bytes:
    return convert_many({"document.docx": content}, profile)["document.docx"]
