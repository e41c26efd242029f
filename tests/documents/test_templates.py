"""The kit's committed template is what its script builds, and the kit stays in the `core`
layer: it imports nothing of the domain, and no app reaches into another feature's
documents."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import pytest

import lamtheo
from lamtheo.documents.docx import build_templates
from lamtheo.documents.render import TEMPLATES

ROOT = Path(lamtheo.__file__).resolve().parent


@pytest.mark.parametrize("name", list(build_templates.BUILDERS))
def test_committed_template_is_what_the_script_builds(name):
    committed = zipfile.ZipFile(TEMPLATES / name)
    fresh = zipfile.ZipFile(io.BytesIO(build_templates.build(name)))
    for part in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
        assert committed.read(part) == fresh.read(part), (
            f"{part} of {name} differs: run python -m lamtheo.documents.docx.build_templates"
        )


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            # "from lamtheo.programs import exports" names lamtheo.programs.exports too.
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_kit_imports_only_core():
    for path in (ROOT / "documents").rglob("*.py"):
        for module in imports(path):
            if module.startswith("lamtheo."):
                assert module.startswith(("lamtheo.core", "lamtheo.documents")), (path, module)


def test_no_app_reaches_into_the_documents_of_programs():
    for path in ROOT.rglob("*.py"):
        if (ROOT / "programs") in path.parents:
            continue
        for module in imports(path):
            assert not module.startswith(("lamtheo.programs.exports", "lamtheo.programs.docx")), (
                path,
                module,
            )
