"""No module imports a _private name from another app (import-linter cannot say this)."""

from __future__ import annotations

import ast
from pathlib import Path

import lamtheo

ROOT = Path(lamtheo.__file__).parent

# (module, imported module, name) allowed for now, each with the reason it will go; empty when
# nothing is pending.
PENDING: set[tuple[str, str, str]] = set()


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_imports(tree: ast.Module, module: str):
    """(imported module, name) for every `from lamtheo.<other app>... import _name` and every
    import of a _private module of another app in `tree`, the module `module`."""
    app = (module.split(".") + [""])[1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported, names = node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            imported, names = None, [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            target = f"{imported}.{name}" if imported else name
            parts = target.split(".")
            if parts[0] != "lamtheo" or len(parts) < 3 or parts[1] == app:
                continue
            if any(_private(part) for part in parts[2:]):
                yield imported or ".".join(parts[:-1]), parts[-1]


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_no_module_imports_a_private_name_of_another_app():
    found = {
        (module, imported, name)
        for module, tree in modules()
        for imported, name in private_imports(tree, module)
    }
    assert found - PENDING == set()
    # An exception that no longer exists is removed from PENDING.
    assert found >= PENDING


def test_the_check_sees_each_kind_of_private_import():
    source = (
        "from lamtheo.programs.views.member import _own_person, year_cards\n"
        "from lamtheo.programs import _helpers\n"
        "import lamtheo.org._tree\n"
        "from lamtheo.study.views import _mine\n"  # the module's own app: allowed
        "def f():\n"
        "    from lamtheo.org.models import _hidden\n"  # inside a function too
    )
    found = set(private_imports(ast.parse(source), "lamtheo.study.cards"))
    assert found == {
        ("lamtheo.programs.views.member", "_own_person"),
        ("lamtheo.programs", "_helpers"),
        ("lamtheo.org", "_tree"),
        ("lamtheo.org.models", "_hidden"),
    }
