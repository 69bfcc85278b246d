"""The layers of DESIGN.md hold: apps import only from the layers below them
(import-linter contracts in pyproject.toml), the list of known exceptions only
shrinks, and function-local first-party imports (which hide an app's
dependencies from the linter) do not grow."""

from __future__ import annotations

import ast
import os
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
APPS = ("casemgr", "access", "accounts", "clients", "cases", "deadlines", "documents")
# Ceilings: lower them when you remove an exception or a local import; never raise them.
KNOWN_UPWARD_IMPORTS = 17
FUNCTION_LOCAL_IMPORTS = 36


def test_the_import_linter_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True) == 0


def test_the_known_upward_imports_only_shrink():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = config["contracts"]
    known = [rule for rule in layers["ignore_imports"] if not rule.endswith("-> **")]
    assert len(known) <= KNOWN_UPWARD_IMPORTS, known


def _function_local_imports() -> list[str]:
    """First-party imports inside functions, counted once each."""
    found: list[str] = []

    class Visitor(ast.NodeVisitor):
        def __init__(self, path: Path) -> None:
            self.path, self.depth = path, 0

        def visit_FunctionDef(self, node: ast.AST) -> None:
            self.depth += 1
            self.generic_visit(node)
            self.depth -= 1

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Import(self, node: ast.Import) -> None:
            if self.depth and any(a.name.split(".")[0] in APPS for a in node.names):
                found.append(f"{self.path}:{node.lineno}")

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if self.depth and node.level == 0 and (node.module or "").split(".")[0] in APPS:
                found.append(f"{self.path}:{node.lineno}")

    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            Visitor(path.relative_to(ROOT)).visit(ast.parse(path.read_text()))
    return found


def test_function_local_first_party_imports_do_not_grow():
    local = _function_local_imports()
    print(f"{len(local)} function-local first-party imports", *local, sep=os.linesep)
    assert len(local) <= FUNCTION_LOCAL_IMPORTS, local
